//! The full record behind an occurrence's page (without the timeline): its summary, the
//! customer's words, who opened it, and what support keeps on it (N1's escalation record,
//! the simulation record, the estimate, the survivor of a merge).

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::read::{SUMMARY_FIELDS, SummaryRow, summary_of};
use crate::domain::occurrences::{
    OccurrenceKind, OccurrenceNumber, OccurrenceSummary, State, autoclose, estimate::EstimateView,
    simulation::SimulationFields,
};
use crate::domain::versions::FixVersion;
use crate::server::db::{Db, first};
use crate::server::sla::policy;

/// The full record behind a page, without the timeline.
pub struct Detail {
    pub summary: OccurrenceSummary,
    pub kind: OccurrenceKind,
    pub description: String,
    pub steps: String,
    pub opened_by_name: String,
    /// Resolved: when it closes by itself if nobody answers.
    pub closes_at: Option<DateTime<Utc>>,
    /// Support only: N1's last escalation record and the record sent to Desenvolvimento.
    pub escalation_record: Option<String>,
    pub simulation: Option<SimulationFields>,
    pub estimate: Option<EstimateView>,
    pub merged_into: Option<OccurrenceNumber>,
    /// The version that carries the fix (awaited, or published).
    pub fix_version: Option<FixVersion>,
    /// The FAQ draft made from it (support only).
    pub faq: Option<String>,
}

pub async fn detail(db: &Db, id: &str) -> Result<Option<Detail>> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        summary: SummaryRow,
        kind: OccurrenceKind,
        description: String,
        steps: String,
        opened_by_name: String,
        escalation_record: Option<String>,
        simulation: Option<SimulationFields>,
        estimate: Option<EstimateView>,
        merged_year: Option<i32>,
        merged_seq: Option<i64>,
        fix_version: Option<FixVersion>,
        faq: Option<String>,
    }
    let mut res = db
        .query(format!(
            "SELECT {SUMMARY_FIELDS}, kind, description, steps,
                 -- A caller without Extranet access is named with their phone.
                 IF caller_name THEN string::concat(caller_name, ' (telefone ', caller_phone ?? '',
                     ', sem acesso à Extranet)') ELSE opened_by.name END AS opened_by_name,
                 escalation_record, simulation,
                 IF estimate THEN estimate.{{ hundredths_of_hour, cost_cents, description, by_name,
                     at, decision, decided_by_name, decided_at, reason }} END AS estimate,
                 merged_into.year AS merged_year, merged_into.seq AS merged_seq,
                 IF fix_version THEN type::record('erp_version', fix_version).{{ number, planned,
                     published_at }} END AS fix_version, faq
             FROM type::record('occurrence', $id)"
        ))
        .bind(("id", id.to_owned()))
        .await?;
    let policy = policy::load(db).await?;
    let found = first::<Row>(&mut res, 0)?;
    found
        .map(|r| {
            let summary = summary_of(r.summary, &policy)?;
            let closes_at = (summary.state == State::Resolvida)
                .then_some(summary.sla.stopped_at)
                .flatten()
                .map(|at| autoclose::closes_at(at, summary.sla.calendar()));
            Ok(Detail {
                summary,
                kind: r.kind,
                description: r.description,
                steps: r.steps,
                opened_by_name: r.opened_by_name,
                closes_at,
                escalation_record: r.escalation_record,
                simulation: r.simulation,
                estimate: r.estimate,
                merged_into: r
                    .merged_year
                    .zip(r.merged_seq)
                    .and_then(|(y, s)| OccurrenceNumber::new(y, s).ok()),
                fix_version: r.fix_version,
                faq: r.faq,
            })
        })
        .transpose()
}
