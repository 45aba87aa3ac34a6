//! The change feed behind the live feed. A `LIVE SELECT` hears only the writes taken by the
//! SurrealDB node it is registered on: on a cluster, a change made through another node
//! never reaches it. The occurrence table keeps a change feed (written in each write's own
//! transaction, readable from every node); every app process reads it each second and
//! reports what its `LIVE SELECT` did not. The `LIVE SELECT` stays for speed (milliseconds
//! instead of up to a second).
//!
//! A versionstamp is taken just before its commit, so a write can land with a stamp lower
//! than one already read: each read goes back three reads, and [`Reported`] remembers what
//! was told, so nothing is told twice. The cursor lives in memory: a process that starts
//! has no open page to catch up (every browser loads afresh when it connects).
//!
//! Canary: each process writes a heartbeat every 10 s into a table with a change feed. No
//! heartbeat (its own or a peer's) through the feed for 30 s means the feed does not work
//! here: an error is logged, and `updated_at` is polled until heartbeats come back.

use serde::Deserialize;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::relay::{Extra, Relay};
use super::sessions::key_of;
use crate::server::db::Db;

/// Most change sets read per query (SurrealDB caps it at 1 000).
const PAGE: usize = 1000;
/// How many past reads each read goes back over (a late commit is still caught).
const LOOKBACK_READS: usize = 3;
/// How far back the first read starts (what was written while the process started).
const START_BACK_MS: u64 = 5_000;
/// How long a reported change is remembered (well past the look-back).
const REMEMBER: Duration = Duration::from_secs(60);

/// How the live feed listens.
#[derive(Clone, Debug)]
pub struct FeedOptions {
    /// Whether to register a `LIVE SELECT` (off: the change feed alone, as a process on
    /// another SurrealDB node of a cluster would see it; `SUPORTE_LIVE_SELECT=off`).
    pub live_select: bool,
    /// Between two reads of the change feed.
    pub every: Duration,
    /// Between two heartbeats of this process.
    pub heartbeat_every: Duration,
    /// No heartbeat through the feed for this long: poll `updated_at` instead.
    pub silence: Duration,
}

impl Default for FeedOptions {
    fn default() -> Self {
        Self {
            live_select: true,
            every: Duration::from_secs(1),
            heartbeat_every: Duration::from_secs(10),
            silence: Duration::from_secs(30),
        }
    }
}

impl FeedOptions {
    pub fn from_env() -> Self {
        let live_select = std::env::var("SUPORTE_LIVE_SELECT")
            .map(|v| !matches!(v.trim(), "off" | "0" | "false"))
            .unwrap_or(true);
        Self {
            live_select,
            ..Self::default()
        }
    }
}

/// What LIVE SELECT and the polling fallback read of an occurrence: the fields of [`Changed`].
pub const CHANGED_FIELDS: &str = "year, seq, record::id(company) AS company_id, updated_at";

/// A change to report: which occurrence, whose, and when it was written.
#[derive(Clone, Debug, Deserialize)]
pub struct Changed {
    pub year: i32,
    pub seq: i64,
    pub company_id: String,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A write: the occurrence's year and sequence, and its `updated_at` in nanoseconds.
type Write = (i32, i64, i64);

/// What was already told to browsers, so that the `LIVE SELECT` and the change feed
/// (or the polling) each report a write once.
#[derive(Clone, Default)]
pub struct Reported(Arc<Mutex<HashMap<Write, Instant>>>);

impl Reported {
    /// Whether this write of this occurrence is news (and remembers it).
    pub fn first_time(&self, change: &Changed) -> bool {
        let Some(at) = change.updated_at.and_then(|t| t.timestamp_nanos_opt()) else {
            return true;
        };
        let mut told = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if told.len() >= 4096 {
            told.retain(|_, when| when.elapsed() < REMEMBER);
        }
        told.insert((change.year, change.seq, at), Instant::now())
            .is_none()
    }
}

/// What one read of the feed found.
#[derive(Default)]
struct Found {
    changes: Vec<Changed>,
    /// Sessions and content, for the [`Relay`].
    extra: Extra,
    /// The latest versionstamp holding a heartbeat (reads overlap: only a higher one is news).
    heartbeat: Option<u64>,
}

/// Where the next read starts: the highest versionstamp seen after each recent read.
struct Cursor {
    frontiers: VecDeque<u64>,
}

impl Cursor {
    fn since(&self) -> u64 {
        self.frontiers.front().copied().unwrap_or(0)
    }

    fn advance(&mut self, frontier: u64) {
        self.frontiers.push_back(frontier);
        while self.frontiers.len() > LOOKBACK_READS {
            self.frontiers.pop_front();
        }
    }
}

/// Reads the change feed for as long as the process lives, giving each occurrence change
/// to `report` and the rest to `relay`.
pub async fn run(
    db: Db,
    options: FeedOptions,
    report: impl Fn(Changed) + Send + 'static,
    mut relay: Relay,
    fed: tokio::sync::watch::Sender<bool>,
) {
    let me = format!("{:016x}", rand::random::<u64>());
    let mut cursor = loop {
        match start(&db).await {
            Ok(cursor) => break cursor,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "change feed: no starting point yet");
                tokio::time::sleep(options.every).await;
            }
        }
    };
    let mut tick = tokio::time::interval(options.every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut beaten: Option<Instant> = None;
    let mut heard = Instant::now();
    let mut last_beat = 0;
    let mut polling: Option<DateTime<Utc>> = None;
    let mut reads = 0usize;
    loop {
        tick.tick().await;
        if beaten.is_none_or(|b| b.elapsed() >= options.heartbeat_every) {
            match beat(&db, &me).await {
                Ok(()) => beaten = Some(Instant::now()),
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "heartbeat not written"),
            }
        }
        match read(&db, &mut cursor).await {
            Ok(found) => {
                if let Some(stamp) = found.heartbeat.filter(|s| *s > last_beat) {
                    last_beat = stamp;
                    heard = Instant::now();
                }
                found.changes.into_iter().for_each(&report);
                relay.relay(found.extra, cursor.since()).await;
                reads += 1;
                // Past the look-back: the start-up's writes are no longer read again.
                if reads > LOOKBACK_READS {
                    fed.send_replace(true);
                }
            }
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "change feed not read"),
        }
        let silent = heard.elapsed() >= options.silence;
        match (silent, polling) {
            (true, None) => {
                tracing::error!(
                    silent_for = ?heard.elapsed(),
                    "no heartbeat through the change feed: changes made through other database nodes may go unreported; polling updated_at instead"
                );
                polling = Some(Utc::now() - options.silence);
            }
            (false, Some(_)) => {
                tracing::info!("heartbeats through the change feed again; polling stopped");
                polling = None;
            }
            _ => {}
        }
        if let Some(since) = polling {
            match poll(&db, since).await {
                Ok((changes, now)) => {
                    changes.into_iter().for_each(&report);
                    // Writes stamp `updated_at` before they commit: look back a little.
                    polling = Some(now - chrono::Duration::seconds(3));
                }
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "polling updated_at failed"),
            }
            relay.poll(&db).await;
        }
    }
}

/// The feed's position a few seconds ago (what was written while this process started is
/// told too). SurrealKV and memory stamp `milliseconds << 16 | counter`; a backend with
/// other stamps (TiKV's) gets a lower number, so its first read reaches further back than
/// needed, never less far.
async fn start(db: &Db) -> anyhow::Result<Cursor> {
    let mut res = db.query("RETURN time::now()").await?;
    let now: Option<DateTime<Utc>> = res.take(0)?;
    let ms = now.map_or(0, |t| t.timestamp_millis().max(0) as u64);
    let ms = ms.saturating_sub(START_BACK_MS);
    let mut cursor = Cursor {
        frontiers: VecDeque::new(),
    };
    cursor.advance(ms << 16);
    Ok(cursor)
}

async fn beat(db: &Db, me: &str) -> anyhow::Result<()> {
    db.query(
        "UPSERT type::record('live_heartbeat', $me) SET at = time::now();
         DELETE live_heartbeat WHERE at < time::now() - 1d;",
    )
    .bind(("me", me.to_owned()))
    .await?
    .check()?;
    Ok(())
}

#[derive(Deserialize)]
struct ChangeSet {
    versionstamp: u64,
    changes: Vec<serde_json::Value>,
}

async fn read(db: &Db, cursor: &mut Cursor) -> anyhow::Result<Found> {
    let mut found = Found::default();
    let mut since = cursor.since();
    let mut frontier = since;
    loop {
        let mut res = db
            .query(format!(
                "SHOW CHANGES FOR DATABASE SINCE {since} LIMIT {PAGE}"
            ))
            .await?;
        let sets: Vec<ChangeSet> = crate::server::db::rows(&mut res, 0)?;
        let full = sets.len() >= PAGE;
        for set in &sets {
            frontier = frontier.max(set.versionstamp);
            since = set.versionstamp.saturating_add(1);
            for change in &set.changes {
                if take(change, set.versionstamp, &mut found) {
                    found.heartbeat = Some(set.versionstamp);
                }
            }
        }
        if !full {
            break;
        }
    }
    cursor.advance(frontier);
    Ok(found)
}

/// One change of a change set: an occurrence written, a session or content written or
/// removed (kept in `found`), or a heartbeat (true).
fn take(change: &serde_json::Value, stamp: u64, found: &mut Found) -> bool {
    let (record, removed) = match (change.get("update"), change.get("delete")) {
        (Some(record), _) => (record, false),
        (None, Some(record)) => (record, true),
        _ => return false,
    };
    let Some(id) = record.get("id").and_then(|v| v.as_str()) else {
        return false;
    };
    if id.starts_with("live_heartbeat:") {
        return true;
    }
    found.extra.take(stamp, record, removed);
    if id.starts_with("occurrence:") && !removed {
        let field = |name: &str| record.get(name).and_then(serde_json::Value::as_i64);
        let (Some(year), Some(seq), Some(company_id)) = (
            field("year").and_then(|y| i32::try_from(y).ok()),
            field("seq"),
            record.get("company").and_then(key_of),
        ) else {
            return false;
        };
        let updated_at = record
            .get("updated_at")
            .and_then(|v| v.as_str())
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc));
        found.changes.push(Changed {
            year,
            seq,
            company_id,
            updated_at,
        });
    }
    false
}

/// The fallback: what was written since `since`, and the database's time now.
async fn poll(db: &Db, since: DateTime<Utc>) -> anyhow::Result<(Vec<Changed>, DateTime<Utc>)> {
    let mut res = db
        .query(format!(
            "LET $now = time::now();
             SELECT {CHANGED_FIELDS} FROM occurrence WHERE updated_at > <datetime> $since;
             RETURN $now;"
        ))
        .bind(("since", since))
        .await?;
    let changes: Vec<Changed> = crate::server::db::rows(&mut res, 1)?;
    let now: Option<DateTime<Utc>> = res.take(2)?;
    Ok((changes, now.unwrap_or(since)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(seq: i64, at: Option<&str>) -> Changed {
        Changed {
            year: 2026,
            seq,
            company_id: "c".into(),
            updated_at: at.map(|s| s.parse().unwrap()),
        }
    }

    #[test]
    fn a_write_is_reported_once_however_it_is_heard() {
        let reported = Reported::default();
        let a = changed(1, Some("2026-12-07T10:00:00.000000001Z"));
        assert!(reported.first_time(&a));
        assert!(!reported.first_time(&a));
        // The next write of the same occurrence is news.
        assert!(reported.first_time(&changed(1, Some("2026-12-07T10:00:00.000000002Z"))));
        // Without a time it cannot be told apart: always reported.
        assert!(reported.first_time(&changed(2, None)));
        assert!(reported.first_time(&changed(2, None)));
    }

    #[test]
    fn reads_go_back_over_the_last_three() {
        let mut cursor = Cursor {
            frontiers: VecDeque::new(),
        };
        for f in [10, 20, 30, 40] {
            cursor.advance(f);
        }
        assert_eq!(cursor.since(), 20);
    }

    #[test]
    fn an_occurrence_and_a_heartbeat_are_read_from_a_change_set() {
        let mut found = Found::default();
        let mut beats = 0;
        let set = serde_json::json!([
            {"update": {"id": "occurrence:x1", "year": 2026, "seq": 7, "company": "company:⟨a-b⟩",
                        "updated_at": "2026-12-07T11:55:33.850256963Z", "title": "t"}},
            {"update": {"id": "live_heartbeat:p1", "at": "2026-12-07T11:55:33Z"}},
            {"delete": {"id": "occurrence:x2"}},
            {"define_table": {"name": "occurrence"}}
        ]);
        for change in set.as_array().unwrap() {
            beats += usize::from(take(change, 1, &mut found));
        }
        assert_eq!(beats, 1);
        assert_eq!(found.changes.len(), 1);
        let c = &found.changes[0];
        assert_eq!((c.year, c.seq, c.company_id.as_str()), (2026, 7, "a-b"));
        assert_eq!(
            c.updated_at.unwrap().timestamp_nanos_opt(),
            "2026-12-07T11:55:33.850256963Z"
                .parse::<DateTime<Utc>>()
                .unwrap()
                .timestamp_nanos_opt()
        );
    }
}
