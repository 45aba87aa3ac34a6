//! Out of scope → another area: the table of categories and areas (support reads it to
//! forward; the coordinator edits it) and the forward itself.

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrences::{OccurrenceView, forwarding::Forwarding};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// The categories and areas in force (support only: the areas' addresses are internal).
#[server(endpoint = "encaminhamentos")]
pub async fn forwarding_table() -> Result<Forwarding, AppError> {
    super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::occurrences::forward::load(&state.db).await?)
}

/// The coordinator's form, filled with the table in force.
#[server(endpoint = "configuracao-encaminhamentos")]
pub async fn forwarding_settings() -> Result<HashMap<String, String>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::occurrences::forward::load(&state.db)
        .await?
        .to_fields())
}

/// Saves the coordinator's table: all of it or, with any problem, nothing (every problem
/// listed).
#[server(endpoint = "salvar-encaminhamentos")]
pub async fn save_forwarding_settings(fields: HashMap<String, String>) -> Result<(), AppError> {
    let caller = super::require(&[Role::Coordinator]).await?;
    if fields.len() > 400 || fields.values().any(|v| v.len() > 1_000) {
        return Err(AppError::invalid("Formulário grande demais."));
    }
    let new = Forwarding::from_fields(&fields).map_err(AppError::invalid)?;
    let state = super::state()?;
    crate::server::occurrences::forward::save_audited(&state.db, &super::actor(&caller), &new).await
}

/// Forwards occurrence `number` to an area: the category (key), the area (key; empty =
/// the category's own) and the reason the customer reads. Returns the page as the caller
/// now sees it.
#[server(endpoint = "encaminhar")]
pub async fn forward_occurrence(
    number: String,
    category: String,
    area: String,
    reason: String,
) -> Result<OccurrenceView, AppError> {
    use crate::server::occurrences::{access, forward};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    let form = forward::ForwardForm {
        category: &category,
        area: &area,
        reason: &reason,
    };
    forward::forward(&state.db, &caller, &actor, &number, &form).await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}
