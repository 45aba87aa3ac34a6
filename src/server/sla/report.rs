//! The SLA report's data: every occurrence opened since a date, with its clock under the
//! rules in force (the caller's, read once per report), its company's monthly fee and its channel.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::sla::{
    policy::SlaPolicy,
    report::{ReportInput, ReportLine, Subject, judge_all},
};
use crate::server::db::{Db, rows};
use crate::server::occurrences::read::{self, SummaryRow};

#[derive(Deserialize)]
struct Row {
    #[serde(flatten)]
    summary: SummaryRow,
    company_id: String,
    channel: String,
    monthly_fee_cents: Option<i64>,
}

/// The occurrences opened since `since`, judged as of `now`, oldest first.
pub async fn lines(
    db: &Db,
    policy: &SlaPolicy,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<ReportLine>> {
    let mut res = db
        .query(format!(
            "SELECT {}, record::id(company) AS company_id, channel,
                 company.monthly_fee_cents AS monthly_fee_cents
             FROM occurrence WHERE opened_at >= <datetime> $since ORDER BY opened_at",
            read::SUMMARY_FIELDS
        ))
        .bind(("since", since.to_rfc3339()))
        .await?;
    let mut inputs = Vec::new();
    for r in rows::<Row>(&mut res, 0)? {
        let plan = r.summary.plan;
        let s = read::summary_of(r.summary, policy)?;
        inputs.push(ReportInput {
            about: Subject {
                number: s.number.to_string(),
                title: s.title,
                company_id: r.company_id,
                company_name: s.company_name,
                plan,
                criticality: s.criticality,
                analyst: s.owner_name,
                phone: r.channel == "telefone",
                monthly_fee_cents: r.monthly_fee_cents,
            },
            clock: s.sla,
        });
    }
    Ok(judge_all(inputs, now))
}
