//! One dashboard per app process, shared by every coordinator. Reading it whole costs
//! seconds at a million occurrences (BENCHMARKS.md), so the window's lines are kept and
//! brought up to date ([`Window::refresh`]), and the rest is read once per change:
//! a request after any occurrence changed (the live feed's count moved) reads it again,
//! requests meanwhile wait for that one read, and every other request gets the copy.
//! "Isto resolveu" is not an occurrence change: the process that records one says so
//! ([`DashboardCache::invalidate`]; other processes see it within [`MAX_AGE`]). Time moves
//! the numbers too (ages, the week and month windows), so an older copy is read again.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use anyhow::Result;
use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::Mutex;

use super::window::Window;
use crate::domain::dashboard::Dashboard;
use crate::server::db::Db;

/// The oldest copy a coordinator is shown.
pub const MAX_AGE: TimeDelta = TimeDelta::seconds(30);

#[derive(Default)]
struct Slot {
    copy: Option<Copy>,
    /// The 12 weeks' SLA lines, brought up to date at each read.
    window: Option<Window>,
}

struct Copy {
    /// The live feed's count and this cache's own when the read started.
    seen: (u64, u64),
    at: DateTime<Utc>,
    dashboard: Arc<Dashboard>,
}

#[derive(Default)]
pub struct DashboardCache {
    slot: Mutex<Slot>,
    /// Changes the live feed does not carry ("isto resolveu"), made through this process.
    bumped: AtomicU64,
}

impl DashboardCache {
    /// Something the dashboard shows changed outside occurrences: the next request reads
    /// it again (without waiting for a read in progress).
    pub fn invalidate(&self) {
        self.bumped.fetch_add(1, Ordering::SeqCst);
    }

    /// The dashboard as of `now`, given the live feed's count of changes `seen`.
    pub async fn get(&self, db: &Db, seen: u64, now: DateTime<Utc>) -> Result<Arc<Dashboard>> {
        let seen = (seen, self.bumped.load(Ordering::SeqCst));
        let mut slot = self.slot.lock().await;
        if let Some(copy) = slot.copy.as_ref()
            && copy.seen == seen
            && now >= copy.at
            && now - copy.at < MAX_AGE
        {
            return Ok(copy.dashboard.clone());
        }
        // Taken out while refreshed: a failed read leaves none, and the next reads it whole.
        let window = match slot.window.take() {
            Some(w) => w.refresh(db, now).await?,
            None => Window::read(db, now).await?,
        };
        let dashboard = Arc::new(super::build(db, now, &window).await?);
        slot.window = Some(window);
        slot.copy = Some(Copy {
            seen,
            at: now,
            dashboard: dashboard.clone(),
        });
        Ok(dashboard)
    }
}
