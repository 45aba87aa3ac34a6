//! Opening an occurrence: by a customer contact in the Extranet (once the company meets
//! the prerequisites, optionally directed to an analyst), or registered by the analyst
//! who took a phone call for a contact of the company (the phone is open to every
//! customer: no prerequisites there).

use super::create::{self, Channel, Opening};
use crate::domain::{
    accounts::Role,
    attachment::upload_ids,
    error::AppError,
    occurrences::{NewOccurrence, OccurrenceForm, OccurrenceNumber},
};
use crate::server::{
    accounts::{company_admin::company, people, sessions::Caller},
    db::{Actor, Db},
};

/// Opens the occurrence of `form` for the calling contact's company, with the contact's
/// unused uploads (`attachments`: their ids, comma-separated).
pub async fn in_extranet(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    form: &OccurrenceForm,
    attachments: Option<&str>,
) -> Result<OccurrenceNumber, AppError> {
    let company_id = caller.company_id.clone().ok_or(AppError::Forbidden)?;
    let company = company(db, &company_id).await?;
    let missing = company.missing_steps();
    if !missing.is_empty() {
        let steps: Vec<&str> = missing.iter().map(|s| s.title()).collect();
        return Err(AppError::invalid(format!(
            "Antes de abrir ocorrências, conclua: {}.",
            steps.join("; ")
        )));
    }
    let new = NewOccurrence::parse(form).map_err(AppError::invalid)?;
    if let Some(id) = &new.analyst_id {
        let analyst = people::analyst(db, id).await?;
        if !analyst.is_some_and(|a| a.active) {
            return Err(AppError::invalid(
                "O analista escolhido não foi encontrado.",
            ));
        }
    }
    let opening = Opening {
        company_id: &company_id,
        plan: company.plan,
        person_id: &caller.person_id,
        channel: Channel::Extranet,
        actor,
        occurrence: &new,
        attachments: &upload_ids(attachments)?,
    };
    Ok(create::create(db, &opening).await?)
}

/// Registers the occurrence of `form`, told on the phone by `contact_id` of `company_id`,
/// for the analyst (or coordinator) who answered.
pub async fn by_phone(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    company_id: &str,
    contact_id: &str,
    form: &OccurrenceForm,
) -> Result<OccurrenceNumber, AppError> {
    let company = company(db, company_id).await?;
    let contact = company
        .contacts
        .iter()
        .find(|c| c.id == contact_id && c.active)
        .ok_or_else(|| {
            AppError::invalid("Escolha quem ligou entre os contatos ativos da empresa.")
        })?;
    let new = NewOccurrence::parse(form).map_err(AppError::invalid)?;
    let role: Role = caller.active_role.ok_or(AppError::Forbidden)?;
    let opening = Opening {
        company_id: &company.id,
        plan: company.plan,
        person_id: &contact.id,
        channel: Channel::Phone {
            analyst_id: &caller.person_id,
            analyst_role: role.slug(),
        },
        actor,
        occurrence: &new,
        attachments: &[],
    };
    Ok(create::create(db, &opening).await?)
}
