//! The hand-over to Desenvolvimento: the case goes with its complete simulation record
//! (internal), internal files if any, and an optional public message for the customer.

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrences::{OccurrenceView, simulation::SimulationFields};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// Hands occurrence `number` to Desenvolvimento. `record` must be complete (every problem
/// listed otherwise, nothing written); `attachments` are upload ids, comma-separated.
#[server(endpoint = "encaminhar-desenvolvimento")]
pub async fn hand_to_development(
    number: String,
    record: SimulationFields,
    public_message: Option<String>,
    attachments: Option<String>,
) -> Result<OccurrenceView, AppError> {
    use crate::domain::occurrences::simulation::SimulationRecord;
    use crate::server::occurrences::{access, work};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let record = SimulationRecord::parse(&record).map_err(AppError::invalid)?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    let text = record.to_text();
    let said = work::Said {
        text: &text,
        public_message: public_message.as_deref().unwrap_or_default(),
        attachments: attachments.as_deref(),
        simulation: Some(&record),
    };
    work::hand_to_development(&state.db, &caller, &actor, &number, &said, super::now()).await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}
