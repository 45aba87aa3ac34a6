//! The SLA report's data: every occurrence opened since a date, with its clock under the
//! rules in force (the caller's, read once per report), its company's monthly fee and its channel.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::sla::report::ReportPage;
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
    owner_key: Option<String>,
    channel: String,
    sla_penalty: Option<crate::domain::sla::policy::Penalty>,
    #[serde(default)]
    merged: bool,
}

/// A company or an analyst as the report names it (read once per report: a record link
/// per row would be four reads per occurrence, a year of them a hundred thousand rows).
#[derive(Deserialize)]
struct Named {
    id: String,
    name: String,
    #[serde(default)]
    monthly_fee_cents: Option<i64>,
}

/// The occurrences opened since `since`, judged as of `now`, oldest first. A merged
/// duplicate is not a demand of its own: its survivor carries the SLA.
pub async fn lines(
    db: &Db,
    policy: &SlaPolicy,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<ReportLine>> {
    query_lines(db, policy, since, now, None).await
}

/// [`lines`] of one company opened in `[since, until)` (its "Meu SLA").
pub async fn company_lines(
    db: &Db,
    policy: &SlaPolicy,
    company_id: &str,
    (since, until): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<Vec<ReportLine>> {
    let mut lines = query_lines(db, policy, since, now, Some(company_id)).await?;
    lines.retain(|l| l.opened_at < until);
    Ok(lines)
}

async fn query_lines(
    db: &Db,
    policy: &SlaPolicy,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    company: Option<&str>,
) -> Result<Vec<ReportLine>> {
    let read = read_inputs(db, policy, Which::Opened { since, company }).await?;
    Ok(judge_all(read.into_iter().map(|r| r.input).collect(), now))
}

/// Which occurrences to read.
enum Which<'a> {
    /// Opened since an instant (of one company), merged duplicates left out.
    Opened {
        since: DateTime<Utc>,
        company: Option<&'a str>,
    },
    /// Written since an instant (the `updated_at` index), merged ones included and so marked.
    ChangedSince(DateTime<Utc>),
}

/// One occurrence as read for the report, with its record key.
pub struct ReadInput {
    pub key: String,
    /// Merged into another (not a demand of its own).
    pub merged: bool,
    pub input: ReportInput,
}

/// The occurrences written since `since` (database time), with their clocks: what an
/// incremental copy of the report's lines reads again.
pub async fn changed_since(
    db: &Db,
    policy: &SlaPolicy,
    since: DateTime<Utc>,
) -> Result<Vec<ReadInput>> {
    read_inputs(db, policy, Which::ChangedSince(since)).await
}

/// The occurrences opened since `since`, with their clocks, oldest first.
pub async fn opened_since(
    db: &Db,
    policy: &SlaPolicy,
    since: DateTime<Utc>,
) -> Result<Vec<ReadInput>> {
    read_inputs(
        db,
        policy,
        Which::Opened {
            since,
            company: None,
        },
    )
    .await
}

/// Days of occurrences read per query: a year of a busy support centre at once (~100 000
/// rows) would not fit in one WebSocket message to a SurrealDB server (64 MiB).
const WINDOW_DAYS: i64 = 30;

async fn read_inputs(db: &Db, policy: &SlaPolicy, which: Which<'_>) -> Result<Vec<ReadInput>> {
    let (field, filter, since, company) = match which {
        Which::Opened { since, company } => (
            "opened_at",
            if company.is_some() {
                "merged_into = NONE AND company = type::record('company', $company)"
            } else {
                "merged_into = NONE"
            },
            since,
            company.unwrap_or_default(),
        ),
        Which::ChangedSince(at) => ("updated_at", "true", at, ""),
    };
    let mut found = Vec::new();
    let mut from = since;
    // Window after window; the last one is open-ended (whatever the clocks say).
    loop {
        let to = from + chrono::Duration::days(WINDOW_DAYS);
        let last = to > chrono::Utc::now();
        let upper = if last {
            String::new()
        } else {
            format!("AND {field} < $to")
        };
        let mut res = db
            .query(format!(
                // The instants are cast before the SELECT: a cast inside the condition is
                // not planned on the index (a table scan, or the whole index read).
                "LET $from = <datetime> $since; LET $to = <datetime> $until;
                 SELECT {}, record::id(company) AS company_id,
                     IF owner THEN record::id(owner) END AS owner_key, channel, sla_penalty,
                     merged_into != NONE AS merged
                 FROM occurrence WHERE {field} >= $from {upper} AND {filter}
                 ORDER BY opened_at",
                read::CLOCK_FIELDS,
            ))
            .bind(("since", from.to_rfc3339()))
            .bind(("until", to.to_rfc3339()))
            .bind(("company", company.to_owned()))
            .await?;
        let mut window = rows::<Row>(&mut res, 2)?;
        found.append(&mut window);
        if last {
            break;
        }
        from = to;
    }
    let owners: Vec<String> = found
        .iter()
        .filter_map(|r| r.owner_key.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, name, monthly_fee_cents FROM company;
             SELECT record::id(id) AS id, name
             FROM array::map($owners, |$k| type::record('person', $k));",
        )
        .bind(("owners", owners))
        .await?;
    let by_id = |named: Vec<Named>| -> HashMap<String, Named> {
        named.into_iter().map(|n| (n.id.clone(), n)).collect()
    };
    let companies = by_id(rows(&mut res, 0)?);
    let people = by_id(rows(&mut res, 1)?);
    let mut read = Vec::with_capacity(found.len());
    for r in found {
        let plan = r.summary.plan;
        let key = r.summary.key().to_owned();
        let s = read::summary_of(r.summary, policy)?;
        let company = companies.get(&r.company_id);
        read.push(ReadInput {
            key,
            merged: r.merged,
            input: ReportInput {
                about: Subject {
                    number: s.number.to_string(),
                    title: s.title,
                    company_id: r.company_id,
                    company_name: company.map(|c| c.name.clone()).unwrap_or_default(),
                    plan,
                    criticality: s.criticality,
                    module: s.module,
                    analyst: r
                        .owner_key
                        .and_then(|k| people.get(&k))
                        .map(|p| p.name.clone()),
                    phone: r.channel == "telefone",
                    monthly_fee_cents: company.and_then(|c| c.monthly_fee_cents),
                    penalty: r.sla_penalty,
                },
                clock: s.sla,
            },
        });
    }
    Ok(read)
}

/// The coordinator's report page over the `months` ending with the current one: the
/// figures and a chart (SVG) per figure.
pub async fn page(
    db: &Db,
    months: u32,
    now: DateTime<Utc>,
) -> Result<ReportPage, crate::domain::error::AppError> {
    use crate::domain::chart::{Bar, BarChart, percent_text};
    use crate::domain::error::AppError;
    use crate::domain::sla::report::{Tally, report_since, summarize};
    use crate::server::sla::policy;
    let since = report_since(months, now).map_err(AppError::invalid)?;
    let policy = policy::load(db).await?;
    let lines = lines(db, &policy, since, now).await?;
    // A year is ~100 000 lines at a busy centre: summed off the async workers.
    let (report, totals) = tokio::task::spawn_blocking(move || {
        let mut report = summarize(&lines, &policy);
        let totals = crate::domain::sla::report::listed::trim(&mut report);
        drop(lines);
        crate::server::memory::release_free();
        (report, totals)
    })
    .await
    .map_err(anyhow::Error::from)?;
    // Only decided deadlines have a share: a row with none yet draws no bar.
    let compliance = |series: &str, t: &[Tally]| {
        let bars = t
            .iter()
            .filter_map(|t| {
                t.compliance().map(|c| Bar {
                    label: t.label.clone(),
                    value: c,
                    text: percent_text(c),
                })
            })
            .collect();
        BarChart::fitted(series, "% de prazos cumpridos", 100.0, bars)
    };
    let hours = report
        .first_response
        .iter()
        .map(|c| Bar {
            label: c.channel.clone(),
            value: c.mean_minutes as f64 / 60.0,
            text: crate::domain::sla::report::minutes_text(c.mean_minutes),
        })
        .collect();
    Ok(ReportPage {
        months,
        since,
        month_chart: compliance("cumprimento-por-mes", &report.by_month),
        plan_chart: compliance("cumprimento-por-plano", &report.by_plan),
        channel_chart: BarChart::fitted(
            "primeira-resposta-por-canal",
            "horas úteis (média)",
            1.0,
            hours,
        ),
        report,
        totals,
    })
}
