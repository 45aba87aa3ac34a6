//! Opening an occurrence by a customer contact in the Extranet (once the company meets
//! the prerequisites, optionally directed to an analyst). The phone's openings come from
//! a logged call (`server::calls::log`): no prerequisites there.

use super::create::{self, Channel, Opening};
use crate::domain::{
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
        call: None,
    };
    Ok(create::create(db, &opening).await?)
}
