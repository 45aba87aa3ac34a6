//! SLA rules: what anyone may read of the plans (the public plans page, "Minha empresa"),
//! and the coordinator's settings form.

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
use crate::domain::sla::{policy::PlanRules, report::ReportPage};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// Every plan's table and the rules the clock follows (public: Level 0 shows the plans).
#[server(endpoint = "regras-sla")]
pub async fn sla_plans() -> Result<Vec<PlanRules>, AppError> {
    use crate::domain::sla::SlaPlan;
    let state = super::state()?;
    let policy = crate::server::sla::policy::load(&state.db).await?;
    Ok(SlaPlan::ALL.into_iter().map(|p| policy.rules(p)).collect())
}

/// The coordinator's form, filled with the rules in force.
#[server(endpoint = "configuracao-sla")]
pub async fn sla_settings() -> Result<HashMap<String, String>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let mut fields = crate::server::sla::policy::load(&state.db)
        .await?
        .to_fields();
    // Offered, never imposed: the next São Paulo state holiday, ready to paste.
    let today = super::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive();
    let suggestion = crate::domain::sla::calendar_spec::sao_paulo_suggestions(today)
        .into_iter()
        .map(|h| format!("{} {}", h.date.format("%d/%m/%Y"), h.name))
        .collect::<Vec<_>>()
        .join("\n");
    fields.insert("sugestao_feriados".into(), suggestion);
    Ok(fields)
}

/// Saves the coordinator's form: all of it or, with any problem, nothing (every problem
/// listed). Open occurrences whose targets change get them at once, with a timeline entry.
#[server(endpoint = "salvar-configuracao-sla")]
pub async fn save_sla_settings(fields: HashMap<String, String>) -> Result<(), AppError> {
    use crate::domain::sla::policy::SlaPolicy;
    let caller = super::require(&[Role::Coordinator]).await?;
    if fields.len() > 200 || fields.values().any(|v| v.len() > 10_000) {
        return Err(AppError::invalid("Formulário grande demais."));
    }
    let new = SlaPolicy::from_fields(&fields).map_err(AppError::invalid)?;
    let state = super::state()?;
    // Re-timing open occurrences on an edited calendar is the coordinator's explicit choice.
    let retime = fields.get("recalcular").is_some_and(|v| v == "on");
    crate::server::sla::policy::save_audited(&state.db, &super::actor(&caller), &new, retime)
        .await?;
    // Cached Level 0 pages quote the hours (the article on hours, the plans): render anew.
    state.pages.revision().bump();
    Ok(())
}

/// The coordinator's SLA report over the last `months` (default 12).
#[server(endpoint = "relatorio-sla")]
pub async fn sla_report(months: Option<u32>) -> Result<ReportPage, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    crate::server::sla::report::page(&state.db, months.unwrap_or(12), super::now()).await
}

/// "Meu SLA": the caller's company's occurrences opened in `month` (`aaaa-mm`, default the
/// current one; the last 12 only), judged, with the
/// credit its breaches give (priced by the rule each was opened under).
#[server(endpoint = "meu-sla")]
pub async fn my_sla(
    month: Option<String>,
) -> Result<crate::domain::sla::report::customer::MySla, AppError> {
    use crate::domain::sla::report::{customer, month_window};
    let caller = super::require(&[Role::Customer]).await?;
    let company_id = caller.company_id.clone().ok_or(AppError::Forbidden)?;
    let state = super::state()?;
    let now = super::now();
    let (since, until, label) =
        month_window(month.as_deref().unwrap_or_default(), now).map_err(AppError::invalid)?;
    let policy = crate::server::sla::policy::load(&state.db).await?;
    let lines = crate::server::sla::report::company_lines(
        &state.db,
        &policy,
        &company_id,
        (since, until),
        now,
    )
    .await?;
    Ok(customer::my_sla(&lines, &policy, &label))
}
