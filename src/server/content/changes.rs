//! The content revision: a counter every app server moves when the `content` table changes
//! (its own `LIVE SELECT`, so an edit made through any server reaches all of them within a
//! moment). Cached pages are keyed by it.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};
use std::time::Duration;

use futures::StreamExt;
use surrealdb::Notification;

use crate::server::db::Db;

#[derive(Clone, Debug, Default)]
pub struct ContentRevision(Arc<AtomicU64>);

impl ContentRevision {
    /// Starts watching (re-subscribing after an interruption, and counting one change then:
    /// whatever happened while unsubscribed must not be served from the cache).
    pub fn start(db: Db) -> Self {
        let revision = Self::default();
        let counter = revision.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = watch(&db, &counter).await {
                    tracing::warn!(error = %format!("{e:#}"), "content feed interrupted; subscribing again");
                }
                counter.bump();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        revision
    }

    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

async fn watch(db: &Db, revision: &ContentRevision) -> anyhow::Result<()> {
    let mut response = db.query("LIVE SELECT id FROM content").await?;
    let mut stream = response.stream::<Notification<serde_json::Value>>(0)?;
    // Subscribed: anything changed before this instant is behind us.
    revision.bump();
    while let Some(item) = stream.next().await {
        item?;
        revision.bump();
    }
    Ok(())
}
