//! Data-change requests (FAQ 9): N2 or the coordinator sends the estimate; the customer
//! approves or refuses it. Both answer the page as the caller now sees it.

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrences::OccurrenceView;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// Records the estimate (hours and R$ typed the Brazilian way, and what it covers).
#[server(endpoint = "orcar")]
pub async fn estimate_occurrence(
    number: String,
    hours: String,
    cost: String,
    description: String,
) -> Result<OccurrenceView, AppError> {
    use crate::domain::occurrences::estimate::EstimateInput;
    use crate::server::occurrences::{access, estimate};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let input = EstimateInput::parse(&hours, &cost, &description).map_err(AppError::invalid)?;
    let state = super::state()?;
    estimate::record(&state.db, &caller, &super::actor(&caller), &number, &input).await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}

/// The customer's decision: `aprovar`, or `recusar` with the reason.
#[server(endpoint = "decidir-orcamento")]
pub async fn decide_estimate(
    number: String,
    decision: String,
    reason: Option<String>,
) -> Result<OccurrenceView, AppError> {
    use crate::server::occurrences::{access, estimate};
    let caller = super::require(&[Role::Customer]).await?;
    let approved = match decision.as_str() {
        "aprovar" => true,
        "recusar" => false,
        other => {
            return Err(AppError::invalid(format!(
                "Decisão desconhecida: \"{other}\" (aprovar ou recusar)."
            )));
        }
    };
    let state = super::state()?;
    let reason = reason.unwrap_or_default();
    let actor = super::actor(&caller);
    estimate::decide_estimate(&state.db, &caller, &actor, &number, approved, &reason).await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}
