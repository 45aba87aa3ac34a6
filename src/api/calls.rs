//! Occurrences told on the phone: the analyst who answers registers it for the caller, a
//! registered contact of the company (DOMAIN: "or by an analyst from a phone call"). No
//! prerequisites gate here: the phone is open to every customer.
// Eight fields, and the `#[server]` macro generates code an item attribute cannot reach.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrence::OccurrenceNumber;

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
    use crate::domain::account::Role;
    use crate::domain::occurrence::{NewOccurrence, OccurrenceForm};
    use crate::server::occurrences::create::{self, Channel, Opening};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    let company = super::admin::company(&state.db, company_id.trim()).await?;
    let contact = company
        .contacts
        .iter()
        .find(|c| c.id == contact_id.trim() && c.active)
        .ok_or_else(|| {
            AppError::invalid("Escolha quem ligou entre os contatos ativos da empresa.")
        })?;
    let new = NewOccurrence::parse(&OccurrenceForm {
        module,
        kind,
        criticality,
        title,
        description,
        steps,
        analyst_id: String::new(),
    })
    .map_err(AppError::invalid)?;
    let role = caller.active_role.ok_or(AppError::Forbidden)?.slug();
    Ok(create::create(
        &state.db,
        &Opening {
            company_id: &company.id,
            plan: company.plan,
            person_id: &contact.id,
            channel: Channel::Phone {
                analyst_id: &caller.person_id,
                analyst_role: role,
            },
            actor: &super::actor(&caller),
            occurrence: &new,
            attachments: &[],
        },
    )
    .await?)
}
