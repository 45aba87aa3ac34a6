//! The coordinator's dashboard from the database, every read bounded: open cases counted
//! per state and the ten oldest (state index; the backlog is small next to the history),
//! the SLA report's lines of the 12-week window (opening index), and "isto resolveu" per
//! month for six months (month index). No aggregate is kept on write: the window's lines
//! are kept current per process ([`window`]), the rest is small and read per refresh.

pub mod cache;
pub mod export;
pub mod window;

use anyhow::Result;
use chrono::{DateTime, Datelike, Months, Utc};
use serde::Deserialize;

use crate::domain::dashboard::{Dashboard, OldCase, backlog_states};
use crate::domain::occurrences::{OccurrenceNumber, State};
use crate::server::db::{Db, rows};

/// Months of "isto resolveu" shown.
const DEFLECTION_MONTHS: u32 = 6;

#[derive(Deserialize)]
struct StateCount {
    state: State,
    n: i64,
}

#[derive(Deserialize)]
struct OldRow {
    year: i32,
    seq: i64,
    title: String,
    company_name: String,
    state: State,
    opened_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct MonthCount {
    month: String,
    n: i64,
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The last `DEFLECTION_MONTHS` month keys (`aaaa-mm`, Brasília), oldest first.
fn months(now: DateTime<Utc>) -> Vec<String> {
    let local = crate::domain::time::to_local(now);
    let mut keys: Vec<String> = (0..DEFLECTION_MONTHS)
        .filter_map(|back| local.with_day(1)?.checked_sub_months(Months::new(back)))
        .map(|d| d.format("%Y-%m").to_string())
        .collect();
    keys.reverse();
    keys
}

/// The dashboard read whole (the window's lines included).
pub async fn load(db: &Db, now: DateTime<Utc>) -> Result<Dashboard> {
    let window = window::Window::read(db, now).await?;
    build(db, now, &window).await
}

/// The dashboard with the window's lines as given and the rest (backlog, oldest cases,
/// "isto resolveu") read now.
pub async fn build(db: &Db, now: DateTime<Utc>, window: &window::Window) -> Result<Dashboard> {
    let states: Vec<serde_json::Value> = backlog_states()
        .into_iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    let months = months(now);
    let mut res = db
        .query(
            // The open cases by the state index, then sorted here: `ORDER BY opened_at`
            // on the table walks the opening index through the whole history instead.
            "LET $open = (SELECT id, state, opened_at FROM occurrence WHERE state IN $states);
             SELECT state, count() AS n FROM $open GROUP BY state;
             LET $old = (SELECT id, opened_at FROM $open ORDER BY opened_at LIMIT $oldest).id;
             SELECT year, seq, title, company.name AS company_name, state, opened_at
                 FROM $old ORDER BY opened_at;
             SELECT month, count() AS n FROM deflection_vote WHERE month IN $months GROUP BY month;",
        )
        .bind(("states", states))
        .bind(("oldest", crate::domain::dashboard::OLDEST as i64))
        .bind(("months", months.clone()))
        .await?;
    let backlog = rows::<StateCount>(&mut res, 1)?
        .into_iter()
        .map(|c| (c.state, count(c.n)))
        .collect();
    let oldest = rows::<OldRow>(&mut res, 3)?
        .into_iter()
        .map(|r| {
            Ok(OldCase {
                number: OccurrenceNumber::new(r.year, r.seq)
                    .map_err(anyhow::Error::msg)?
                    .to_string(),
                title: r.title,
                company_name: r.company_name,
                state: r.state,
                opened_at: r.opened_at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let counted = rows::<MonthCount>(&mut res, 4)?;
    let deflections = months
        .into_iter()
        .map(|m| {
            let n = counted
                .iter()
                .find(|c| c.month == m)
                .map_or(0, |c| count(c.n));
            (m, n)
        })
        .collect();
    Ok(Dashboard::build(
        now,
        backlog,
        oldest,
        window.lines(),
        deflections,
    ))
}
