//! The SLA lines of the dashboard's 12-week window, kept current in the process instead of
//! read whole on every change (seconds at UNO's volume, BENCHMARKS.md): one full read of
//! the window, then per refresh only the occurrences written since the last read (the
//! `updated_at` index), and a pending line judged again once its deadline passed (time
//! alone breaches it). A changed SLA policy, or a window that moved back, reads the window whole again.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;

use crate::domain::dashboard::window_start;
use crate::domain::sla::policy::SlaPolicy;
use crate::domain::sla::report::{Outcome, ReportInput, ReportLine, judge_input};
use crate::server::db::{Db, first};
use crate::server::sla::report::{self, ReadInput};

/// A transaction that took its `time::now()` before a read began may commit after it:
/// reading again from this much earlier catches it (rows read twice change nothing; the
/// app's transactions last milliseconds, a retry takes a new `time::now()`).
const MARGIN: TimeDelta = TimeDelta::seconds(5);

struct Case {
    line: ReportLine,
    /// The clock, kept while a deadline is pending, to judge it again once one is due.
    pending: Option<ReportInput>,
}

impl Case {
    /// Whether time alone may have changed the line: a pending deadline has passed. (While
    /// a pause holds a deadline it has none, and only a change to the case moves it.)
    fn due(&self, now: DateTime<Utc>) -> bool {
        [self.line.first_response, self.line.solution]
            .iter()
            .any(|v| v.outcome == Outcome::Pending && v.deadline.is_some_and(|d| d <= now))
    }
}

pub struct Window {
    policy: SlaPolicy,
    start: DateTime<Utc>,
    /// Database time when the last read began.
    read_at: DateTime<Utc>,
    cases: HashMap<String, Case>,
}

#[derive(Deserialize)]
struct Clock {
    now: DateTime<Utc>,
}

/// The database's clock (the one `updated_at` is written with; the app's may be a test clock).
async fn db_now(db: &Db) -> Result<DateTime<Utc>> {
    let mut res = db.query("RETURN { now: time::now() }").await?;
    first::<Clock>(&mut res, 0)?
        .map(|c| c.now)
        .ok_or_else(|| anyhow::anyhow!("o banco não informou a hora"))
}

impl Window {
    /// The window as of `now`, read whole.
    pub async fn read(db: &Db, now: DateTime<Utc>) -> Result<Self> {
        let policy = crate::server::sla::policy::load(db).await?;
        let read_at = db_now(db).await?;
        let start = window_start(now);
        let mut window = Self {
            start,
            read_at,
            cases: HashMap::new(),
            policy: policy.clone(),
        };
        for r in report::opened_since(db, &policy, start).await? {
            window.put(r, now);
        }
        Ok(window)
    }

    /// Brings the window to `now`: reads what changed since the last read, or everything
    /// again when the rules changed or the window moved back.
    pub async fn refresh(mut self, db: &Db, now: DateTime<Utc>) -> Result<Self> {
        let policy = crate::server::sla::policy::load(db).await?;
        let start = window_start(now);
        if policy != self.policy || start < self.start {
            return Self::read(db, now).await;
        }
        let read_at = db_now(db).await?;
        for r in report::changed_since(db, &policy, self.read_at - MARGIN).await? {
            self.put(r, now);
        }
        self.start = start;
        self.read_at = read_at;
        self.cases.retain(|_, c| c.line.opened_at >= start);
        for case in self.cases.values_mut() {
            if case.due(now)
                && let Some(input) = case.pending.take()
            {
                *case = judged(input, now);
            }
        }
        Ok(self)
    }

    fn put(&mut self, r: ReadInput, now: DateTime<Utc>) {
        if r.merged || r.input.clock.opened_at < self.start {
            self.cases.remove(&r.key);
        } else {
            self.cases.insert(r.key, judged(r.input, now));
        }
    }

    pub fn lines(&self) -> impl Iterator<Item = &ReportLine> {
        self.cases.values().map(|c| &c.line)
    }
}

fn judged(input: ReportInput, now: DateTime<Utc>) -> Case {
    let line = judge_input(input.clone(), now);
    let pending = (!line.settled()).then_some(input);
    Case { line, pending }
}
