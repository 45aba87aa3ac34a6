//! The analysts' queues: the open cases of a view (new, mine, escalated; every one for the
//! coordinator), narrowed by filters, a page at a time. The matching cases are read as
//! keys only (by deadline: with their clocks, without names); only the page's rows are
//! read whole — a name is a record read per row, and at a million occurrences a view holds
//! hundreds of open cases.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::read::{CLOCK_FIELDS, SUMMARY_FIELDS, SummaryRow, summary_of};
use crate::domain::{
    content::ErpModule,
    occurrences::{OccurrenceSummary, State},
    sla::Criticality,
};
use crate::server::db::{Db, rows};
use crate::server::sla::policy;

/// Rows a queue shows at first, and what "ver mais" adds each time.
pub const QUEUE_PAGE: u32 = 50;
/// The most one queue page shows (past it, the filters narrow).
pub const QUEUE_MAX: u32 = 500;

/// The analysts' queue views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueView {
    /// Nobody has taken them.
    New,
    /// Owned by the caller.
    Mine,
    /// Escalated to N2 (or in development, which N2 follows).
    Escalated,
    /// Every case (the coordinator's view): the open ones unless a state is asked for.
    All,
}

/// How a queue is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueOrder {
    /// The longest waiting (oldest activity) first.
    Activity,
    /// Breached ones first (their deadline is the earliest), then the nearest.
    Deadline,
}

/// Narrowing of a queue (all optional).
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub module: Option<ErpModule>,
    pub company_id: Option<String>,
    pub criticality: Option<Criticality>,
    pub plan: Option<crate::domain::sla::SlaPlan>,
    /// An owner's id, or [`NOBODY`] for the cases nobody has taken.
    pub owner: Option<String>,
    pub state: Option<State>,
}

/// The owner filter's value for "nobody has it".
pub const NOBODY: &str = "ninguem";

/// The first `shown` cases of a queue and how many match.
pub struct QueuePage {
    pub items: Vec<OccurrenceSummary>,
    pub total: u32,
}

/// A row as the deadline order reads it: the clock, and whether it goes after the others.
#[derive(Deserialize)]
struct ClockRow {
    #[serde(flatten)]
    summary: SummaryRow,
    later: bool,
}

/// The first `shown` (at most [`QUEUE_MAX`]) open occurrences of a queue view in `order`
/// as of `now`. In "mine", what a customer directed to me and nobody took comes first.
pub async fn queue(
    db: &Db,
    view: QueueView,
    me: &str,
    f: &QueueFilter,
    order: QueueOrder,
    shown: u32,
    now: DateTime<Utc>,
) -> Result<QueuePage> {
    let shown = shown.clamp(1, QUEUE_MAX);
    // Every view names its states: the `state` index then reads only those (an owner's
    // cases, or "not closed", would read years of closed ones).
    let not_closed: Vec<&str> = State::ALL
        .into_iter()
        .filter(|s| *s != State::Encerrada)
        .map(State::slug)
        .collect();
    let (states, filter) = match view {
        QueueView::New => (vec!["aberta"], "true"),
        // Mine: what I own (a forwarded one until I close it: the customer may still
        // write), and what a customer directed to me that nobody took yet.
        QueueView::Mine => (
            not_closed,
            "owner = type::record('person', $me)
             OR (directed_to = type::record('person', $me) AND state = 'aberta')",
        ),
        QueueView::Escalated => (vec!["escalada_n2", "em_desenvolvimento"], "true"),
        QueueView::All => match f.state {
            Some(s) => (vec![s.slug()], "true"),
            None => (not_closed, "true"),
        },
    };
    let later = if view == QueueView::Mine {
        "state != 'aberta'"
    } else {
        "false"
    };
    let matching = format!(
        "FROM occurrence WHERE state IN $states AND ({filter})
           AND ($module = NONE OR module = $module)
           AND ($company = NONE OR company = type::record('company', $company))
           AND ($criticality = NONE OR criticality = $criticality)
           AND ($plan = NONE OR plan = $plan)
           AND ($state = NONE OR state = $state)
           AND ($owner = NONE OR (IF $owner = $nobody THEN owner = NONE
                ELSE owner = type::record('person', $owner) END))"
    );
    let sql = match order {
        QueueOrder::Activity => format!(
            "LET $all = (SELECT id, last_activity_at, {later} AS later {matching}
                 ORDER BY later, last_activity_at ASC);
             RETURN array::len($all);
             SELECT {SUMMARY_FIELDS}, {later} AS later
             FROM array::slice($all.id, 0, $shown) ORDER BY later, last_activity_at ASC;"
        ),
        QueueOrder::Deadline => format!("SELECT {CLOCK_FIELDS}, {later} AS later {matching}"),
    };
    let mut res = db
        .query(sql)
        .bind(("me", me.to_owned()))
        .bind((
            "states",
            states.into_iter().map(str::to_owned).collect::<Vec<_>>(),
        ))
        .bind(("module", f.module.map(|m| m.slug().to_owned())))
        .bind(("company", f.company_id.clone()))
        .bind(("criticality", f.criticality.map(|c| c.slug().to_owned())))
        .bind(("plan", f.plan.map(|p| p.slug().to_owned())))
        .bind(("state", f.state.map(|s| s.slug().to_owned())))
        .bind(("owner", f.owner.clone()))
        .bind(("nobody", NOBODY))
        .bind(("shown", i64::from(shown)))
        .await?;
    let policy = policy::load(db).await?;
    let (keys, total) = match order {
        QueueOrder::Activity => {
            let total: Option<u64> = res.take(1)?;
            let items = rows::<SummaryRow>(&mut res, 2)?
                .into_iter()
                .map(|r| summary_of(r, &policy))
                .collect::<Result<Vec<_>>>()?;
            let total = total.unwrap_or_default().min(u64::from(u32::MAX)) as u32;
            return Ok(QueuePage { items, total });
        }
        QueueOrder::Deadline => {
            let mut ranked = Vec::new();
            for r in rows::<ClockRow>(&mut res, 0)? {
                let key = r.summary.key().to_owned();
                let s = summary_of(r.summary, &policy)?;
                ranked.push(((r.later, s.sla.urgency(s.sla.calendar(), now)), key));
            }
            // Stable: equal urgencies keep the database's order.
            ranked.sort_by_key(|a| a.0);
            let total = ranked.len() as u32;
            let keys: Vec<String> = ranked
                .into_iter()
                .take(shown as usize)
                .map(|(_, k)| k)
                .collect();
            (keys, total)
        }
    };
    // The page's rows whole, put back in the order found.
    let mut res = db
        .query(format!(
            "SELECT {SUMMARY_FIELDS}
             FROM array::map($keys, |$k| type::record('occurrence', $k))"
        ))
        .bind(("keys", keys.clone()))
        .await?;
    let mut found: std::collections::HashMap<String, SummaryRow> = rows::<SummaryRow>(&mut res, 0)?
        .into_iter()
        .map(|r| (r.key().to_owned(), r))
        .collect();
    let items = keys
        .iter()
        .filter_map(|k| found.remove(k))
        .map(|r| summary_of(r, &policy))
        .collect::<Result<Vec<_>>>()?;
    Ok(QueuePage { items, total })
}
