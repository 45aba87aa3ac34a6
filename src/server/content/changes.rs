//! The content feed of one app server: its own `LIVE SELECT` on `content`, so an edit made
//! through any server reaches all of them within a moment. Each change is applied to the
//! server's search index first, then moves the content revision (cached pages are keyed
//! by it), so a page rendered after the move already searches the new text.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};
use std::time::Duration;

use anyhow::{Context, Result};
use futures::{FutureExt, StreamExt};
use surrealdb::{Notification, types::Action};
use tokio::sync::oneshot;

use crate::server::{
    db::Db,
    search::{IndexUpdate, SearchIndex, document::IndexedContent},
};

/// Changes applied in one index commit at most (an import arrives as a burst).
const MAX_BATCH: usize = 2_000;

#[derive(Clone, Debug, Default)]
pub struct ContentRevision(Arc<AtomicU64>);

impl ContentRevision {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// Where the change feed (server/live/tail.rs) hands content changes: on a SurrealDB
/// cluster, the edits made through other nodes, which this process's `LIVE SELECT` never
/// hears. Applying a change twice is harmless (an upsert, a removal).
#[derive(Clone)]
pub struct FeedSink {
    db: Db,
    index: SearchIndex,
    revision: ContentRevision,
}

impl FeedSink {
    pub fn new(db: Db, index: SearchIndex, revision: ContentRevision) -> Self {
        Self {
            db,
            index,
            revision,
        }
    }

    /// Applies `updates`, or rebuilds the index when `None` (a removal the feed cannot
    /// name item by item); then moves the revision.
    pub async fn apply(&self, updates: Option<Vec<IndexUpdate>>) -> Result<()> {
        match updates {
            Some(updates) if updates.is_empty() => return Ok(()),
            Some(updates) => {
                let index = self.index.clone();
                tokio::task::spawn_blocking(move || index.apply(&updates)).await??;
            }
            None => self.index.rebuild(&self.db).await?,
        }
        self.revision.bump();
        Ok(())
    }
}

/// Starts following the content table: subscribes, (re)builds `index` from the database,
/// then applies every change. Resolves once the first build is done (or failed, e.g. the
/// database refused the subscription); afterwards it re-subscribes and rebuilds by itself
/// after any interruption, since whatever changed meanwhile was missed.
///
/// Without `live_select` (`SUPORTE_LIVE_SELECT=off`) it builds once and leaves the rest to
/// the change feed, through [`FeedSink`].
pub async fn follow(db: Db, index: SearchIndex, live_select: bool) -> Result<ContentRevision> {
    let revision = ContentRevision::default();
    if !live_select {
        index.rebuild(&db).await?;
        revision.bump();
        return Ok(revision);
    }
    let counter = revision.clone();
    let (ready, first) = oneshot::channel();
    tokio::spawn(async move {
        let mut ready = Some(ready);
        loop {
            let outcome = watch(&db, &index, &counter, &mut ready).await;
            if let Err(e) = &outcome {
                tracing::warn!(error = %format!("{e:#}"), "content feed interrupted; subscribing again");
            }
            if let Some(tx) = ready.take() {
                let _ = tx.send(outcome);
                return;
            }
            counter.bump();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    first
        .await
        .context("the content feed stopped before its first build")??;
    Ok(revision)
}

async fn watch(
    db: &Db,
    index: &SearchIndex,
    revision: &ContentRevision,
    ready: &mut Option<oneshot::Sender<Result<()>>>,
) -> Result<()> {
    let mut response = db
        .query(format!(
            "LIVE SELECT {} FROM content",
            IndexedContent::COLUMNS
        ))
        .await?;
    let mut stream = response.stream::<Notification<serde_json::Value>>(0)?;
    // Subscribed first, built second: nothing falls between the two.
    index.rebuild(db).await?;
    revision.bump();
    if let Some(tx) = ready.take() {
        let _ = tx.send(Ok(()));
    }
    while let Some(item) = stream.next().await {
        let mut batch = vec![item?];
        while batch.len() < MAX_BATCH {
            match stream.next().now_or_never() {
                Some(Some(item)) => batch.push(item?),
                _ => break,
            }
        }
        match changes(batch) {
            Some(changes) => {
                let index = index.clone();
                tokio::task::spawn_blocking(move || index.apply(&changes)).await??;
            }
            // Something the feed cannot read item by item: start over from the database.
            None => index.rebuild(db).await?,
        }
        revision.bump();
    }
    Ok(())
}

/// The index changes a batch of notifications asks for, or `None` when one of them
/// cannot be read (then the whole index is rebuilt instead).
fn changes(batch: Vec<Notification<serde_json::Value>>) -> Option<Vec<IndexUpdate>> {
    batch
        .into_iter()
        .filter(|n| !matches!(n.action, Action::Killed))
        .map(|n| {
            let item: IndexedContent = serde_json::from_value(n.data).ok()?;
            Some(match n.action {
                Action::Delete => IndexUpdate::Remove(item.key()),
                _ => IndexUpdate::Upsert(item),
            })
        })
        .collect()
}
