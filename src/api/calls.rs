//! Occurrences told on the phone: the analyst who answers registers it for the caller, a
//! registered contact of the company (DOMAIN: "or by an analyst from a phone call"). No
//! prerequisites gate here: the phone is open to every customer.
// Eight fields, and the `#[server]` macro generates code an item attribute cannot reach.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrences::OccurrenceNumber;

#[server(endpoint = "registrar-ligacao")]
pub async fn register_call(
    company_id: String,
    contact_id: String,
    module: String,
    kind: String,
    criticality: String,
    title: String,
    description: String,
    steps: String,
) -> Result<OccurrenceNumber, AppError> {
    use crate::domain::{accounts::Role, occurrences::OccurrenceForm};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    let form = OccurrenceForm {
        module,
        kind,
        criticality,
        title,
        description,
        steps,
        analyst_id: String::new(),
    };
    let actor = super::actor(&caller);
    crate::server::occurrences::open::by_phone(
        &state.db,
        &caller,
        &actor,
        company_id.trim(),
        contact_id.trim(),
        &form,
    )
    .await
}
