//! Merging a duplicate into the case where the conversation goes on (same company, still
//! open), with the reason the customer reads.

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrences::OccurrenceView;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// Merges occurrence `number` into `into` (`2026/000123`). Returns the merged case's page
/// as the caller now sees it (closed, pointing to the survivor).
#[server(endpoint = "unificar")]
pub async fn merge_occurrence(
    number: String,
    into: String,
    reason: String,
) -> Result<OccurrenceView, AppError> {
    use crate::server::occurrences::{access, merge};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    merge::merge(&state.db, &caller, &actor, &number, &into, &reason).await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}
