//! UNO's offices: the coordinator registers them, edits each one's calendar and says
//! which office serves each company (the default, S.O.E., keeps its calendar in the SLA
//! rules).

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
use crate::domain::sla::office::Office;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;
#[cfg(feature = "ssr")]
use crate::server::sla::offices;

/// The offices besides the default, with how many companies each serves.
#[server(endpoint = "escritorios")]
pub async fn list_offices() -> Result<Vec<Office>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(offices::list(&state.db).await?)
}

/// One office and its calendar form, with the São Paulo state holiday offered.
#[server(endpoint = "escritorio")]
pub async fn office_settings(id: String) -> Result<(Office, HashMap<String, String>), AppError> {
    use crate::domain::sla::{calendar_spec::sao_paulo_suggestions, office::calendar_fields};
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let office = offices::get(&state.db, &id)
        .await?
        .ok_or_else(|| AppError::not_found("Escritório não encontrado."))?;
    let mut fields = calendar_fields(&office.calendar);
    let today = super::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive();
    let suggestion = sao_paulo_suggestions(today)
        .into_iter()
        .filter(|h| !office.calendar.holidays().iter().any(|o| o.date == h.date))
        .map(|h| format!("{} {}", h.date.format("%d/%m/%Y"), h.name))
        .collect::<Vec<_>>()
        .join("\n");
    fields.insert("sugestao_feriados".into(), suggestion);
    Ok((office, fields))
}

/// Registers an office; its calendar starts as a copy of the default office's. Returns
/// its id.
#[server(endpoint = "cadastrar-escritorio")]
pub async fn create_office(name: String) -> Result<String, AppError> {
    use crate::domain::sla::office::OfficeName;
    let caller = super::require(&[Role::Coordinator]).await?;
    let name = OfficeName::parse(&name).map_err(AppError::invalid)?;
    let state = super::state()?;
    let calendar = crate::server::sla::policy::load(&state.db)
        .await?
        .calendar_spec();
    offices::create(&state.db, &super::actor(&caller), &name, &calendar).await
}

/// Saves an office's calendar: all of it or, with any problem, nothing (each problem
/// named). With `recalcular=on`, the open occurrences of its companies move to it.
#[server(endpoint = "salvar-escritorio")]
pub async fn save_office(id: String, fields: HashMap<String, String>) -> Result<(), AppError> {
    use crate::domain::sla::office::calendar_from_fields;
    let caller = super::require(&[Role::Coordinator]).await?;
    if fields.len() > 50 || fields.values().any(|v| v.len() > 10_000) {
        return Err(AppError::invalid("Formulário grande demais."));
    }
    let calendar = calendar_from_fields(&fields).map_err(AppError::invalid)?;
    let retime = fields.get("recalcular").is_some_and(|v| v == "on");
    let state = super::state()?;
    offices::save_calendar(&state.db, &super::actor(&caller), &id, &calendar, retime).await
}

/// Which office serves a company (empty: the default, S.O.E.).
#[server(endpoint = "escritorio-da-empresa")]
pub async fn set_company_office(company_id: String, office_id: String) -> Result<(), AppError> {
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let office = Some(office_id.trim()).filter(|o| !o.is_empty());
    offices::set_company_office(&state.db, &super::actor(&caller), &company_id, office).await
}
