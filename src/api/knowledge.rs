//! The knowledge loop: a solved occurrence becomes a FAQ draft; the coordinator sees
//! which Level 0 items answered people or were pointed to most.

use leptos::prelude::*;

use super::AppError;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// "Transformar em FAQ": makes (once) the FAQ draft of a resolved occurrence; returns its
/// address in the content editor.
#[server(endpoint = "ocorrencia-para-faq")]
pub async fn occurrence_to_faq(number: String) -> Result<String, AppError> {
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    crate::server::content::from_occurrence::to_faq(&state, &caller, &actor, &number).await
}

/// The last six months of the knowledge loop (coordinator).
#[server(endpoint = "conhecimento")]
pub async fn knowledge_report() -> Result<crate::domain::knowledge::KnowledgeReport, AppError> {
    use chrono::{Datelike, Months};
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let now = crate::domain::time::to_local(super::now());
    let months: Vec<String> = (0..6)
        .filter_map(|back| now.with_day(1)?.checked_sub_months(Months::new(back)))
        .map(|d| d.format("%Y-%m").to_string())
        .collect();
    Ok(crate::server::content::knowledge_report::report(&state.db, &months).await?)
}
