//! SLA rules: what anyone may read of the plans (the public plans page, "Minha empresa"),
//! and the coordinator's settings form.

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
use crate::domain::sla::policy::PlanRules;

#[cfg(feature = "ssr")]
use crate::domain::account::Role;

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
    Ok(crate::server::sla::policy::load(&state.db)
        .await?
        .to_fields())
}

/// Saves the coordinator's form: all of it or, with any problem, nothing (every problem
/// listed). Open occurrences whose targets change get them at once, with a timeline entry.
#[server(endpoint = "salvar-configuracao-sla")]
pub async fn save_sla_settings(fields: HashMap<String, String>) -> Result<(), AppError> {
    use crate::domain::sla::policy::SlaPolicy;
    use crate::server::{db::Change, sla::policy};
    let caller = super::require(&[Role::Coordinator]).await?;
    if fields.len() > 200 || fields.values().any(|v| v.len() > 10_000) {
        return Err(AppError::invalid("Formulário grande demais."));
    }
    let new = SlaPolicy::from_fields(&fields).map_err(AppError::invalid)?;
    let state = super::state()?;
    let before = policy::load(&state.db).await?;
    let actor = super::actor(&caller);
    policy::save(Change::new(), &new, &actor.name)
        .audit(
            &actor,
            "regras de SLA alteradas",
            "sla_policy:current",
            Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?),
            Some(serde_json::to_value(&new).map_err(anyhow::Error::from)?),
        )
        .commit(&state.db)
        .await?;
    Ok(())
}

/// The report page: the figures, a chart per figure (SVG), and the window it covers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportPage {
    pub months: u32,
    pub since: chrono::DateTime<chrono::Utc>,
    pub report: crate::domain::sla::report::SlaReport,
    pub month_chart: String,
    pub plan_chart: String,
    pub channel_chart: String,
}

/// Months a report may cover (the form's choices; anything else is refused).
pub const REPORT_MONTHS: [u32; 4] = [1, 3, 6, 12];

/// The start of a window of `months` whole months ending with the current one (Brasília).
pub fn report_since(
    months: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<chrono::DateTime<chrono::Utc>, String> {
    use chrono::{Datelike, NaiveDate};
    if !REPORT_MONTHS.contains(&months) {
        return Err(format!(
            "Período inválido: {months} meses. Use 1, 3, 6 ou 12."
        ));
    }
    let local = crate::domain::time::to_local(now);
    let index = local.year() * 12 + local.month0() as i32 - (months as i32 - 1);
    let first = NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .expect("first of a month");
    Ok(first
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(crate::domain::time::sao_paulo())
        .single()
        .expect("fixed offset")
        .to_utc())
}

/// The coordinator's SLA report over the last `months` (default 12).
#[server(endpoint = "relatorio-sla")]
pub async fn sla_report(months: Option<u32>) -> Result<ReportPage, AppError> {
    use crate::domain::sla::report::summarize;
    use crate::server::sla::{charts, policy, report};
    super::require(&[Role::Coordinator]).await?;
    let months = months.unwrap_or(12);
    let now = super::now();
    let since = report_since(months, now).map_err(AppError::invalid)?;
    let state = super::state()?;
    let policy = policy::load(&state.db).await?;
    let lines = report::lines(&state.db, &policy, since, now).await?;
    let report = summarize(&lines, &policy);
    let compliance = |t: &[crate::domain::sla::report::Tally]| -> Vec<(String, f64)> {
        t.iter()
            .map(|t| (t.label.clone(), t.compliance().unwrap_or(0.0)))
            .collect()
    };
    let hours: Vec<(String, f64)> = report
        .first_response
        .iter()
        .map(|c| (c.channel.clone(), c.mean_minutes as f64 / 60.0))
        .collect();
    let max_hours = hours.iter().map(|(_, h)| *h).fold(1.0, f64::max) * 1.2;
    Ok(ReportPage {
        months,
        since,
        month_chart: charts::bars(&compliance(&report.by_month), 100.0, "% cumpridos"),
        plan_chart: charts::bars(&compliance(&report.by_plan), 100.0, "% cumpridos"),
        channel_chart: charts::bars(&hours, max_hours, "horas úteis (média)"),
        report,
    })
}
