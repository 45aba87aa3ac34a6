//! The content feed of one app server: its own `LIVE SELECT` on `content`, so an edit made
//! through any server reaches all of them within a moment. Each change is applied to the
//! server's search index first, then moves the content revision (cached pages are keyed
//! by it), so a page rendered after the move already searches the new text.

use std::collections::HashMap;
use std::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicU64, Ordering},
};
use std::time::Duration;

use anyhow::{Context, Result};
use futures::{FutureExt, StreamExt};
use surrealdb::{Notification, types::Action};
use tokio::sync::oneshot;

use crate::domain::content::ContentKind;
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

/// Applies content changes to this server's search index, whoever reports them: the
/// `LIVE SELECT` below, and the change feed (server/live/tail.rs), which on a SurrealDB
/// cluster also hears the edits made through other nodes. Both report most edits, so an
/// upsert whose text is the one last applied for its item is dropped (one index commit
/// and one revision move per edit, not two).
#[derive(Clone)]
pub struct FeedSink {
    db: Db,
    index: SearchIndex,
    revision: ContentRevision,
    applied: Applied,
    /// One apply at a time: an upsert dropped as already applied must find that apply
    /// finished (the editing server's next search relies on it).
    applying: Arc<tokio::sync::Mutex<()>>,
}

impl FeedSink {
    fn new(db: Db, index: SearchIndex) -> Self {
        Self {
            db,
            index,
            revision: ContentRevision::default(),
            applied: Applied::default(),
            applying: Arc::default(),
        }
    }

    /// Moves each time the index has changed.
    pub fn revision(&self) -> &ContentRevision {
        &self.revision
    }

    /// Applies an edit made through this server at once, read back from the database, so
    /// its author's next search finds it without waiting for the feeds (whose reports
    /// of it are then dropped).
    pub async fn refresh_item(&self, kind: ContentKind, slug: &str) -> Result<()> {
        let change = SearchIndex::read_item(&self.db, kind, slug).await?;
        self.apply(Some(vec![change])).await
    }

    /// Applies `updates`, or rebuilds the index when `None` (a removal the feed cannot
    /// name item by item); then moves the revision, unless nothing was new.
    pub async fn apply(&self, updates: Option<Vec<IndexUpdate>>) -> Result<()> {
        let _one_at_a_time = self.applying.lock().await;
        let rebuild = updates.is_none();
        let outcome = match updates {
            Some(updates) => {
                let fresh = self.applied.unseen(updates);
                if fresh.is_empty() {
                    return Ok(());
                }
                let index = self.index.clone();
                match tokio::task::spawn_blocking(move || index.apply(&fresh)).await {
                    Ok(applied) => applied,
                    Err(e) => Err(e.into()),
                }
            }
            None => self.index.rebuild(&self.db).await,
        };
        if rebuild || outcome.is_err() {
            // The index now holds what the database held (or is in doubt): what was
            // applied before says nothing about it any more.
            self.applied.forget();
        }
        outcome?;
        self.revision.bump();
        Ok(())
    }
}

/// Per item key, the fingerprint of the text last applied to the index.
#[derive(Clone, Default)]
struct Applied(Arc<Mutex<HashMap<String, u64>>>);

impl Applied {
    /// Drops the upserts whose text was the last applied for their item, and records
    /// the rest as applied.
    fn unseen(&self, updates: Vec<IndexUpdate>) -> Vec<IndexUpdate> {
        let mut applied = self.lock();
        updates
            .into_iter()
            .filter(|update| match update {
                IndexUpdate::Upsert(item) => {
                    let print = item.fingerprint();
                    applied.insert(item.key(), print) != Some(print)
                }
                IndexUpdate::Remove(key) => {
                    applied.remove(key);
                    true
                }
            })
            .collect()
    }

    fn forget(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Starts following the content table: subscribes, (re)builds `index` from the database,
/// then applies every change. Resolves once the first build is done (or failed, e.g. the
/// database refused the subscription) with the sink the change feed hands its news to;
/// afterwards it re-subscribes and rebuilds by itself after any interruption, since
/// whatever changed meanwhile was missed.
///
/// Without `live_select` (`SUPORTE_LIVE_SELECT=off`) it builds once and leaves the rest to
/// the change feed.
pub async fn follow(db: Db, index: SearchIndex, live_select: bool) -> Result<FeedSink> {
    let sink = FeedSink::new(db, index);
    if !live_select {
        sink.apply(None).await?;
        return Ok(sink);
    }
    let (ready, first) = oneshot::channel();
    let watching = sink.clone();
    tokio::spawn(async move {
        let mut ready = Some(ready);
        loop {
            let outcome = watch(&watching, &mut ready).await;
            if let Err(e) = &outcome {
                tracing::warn!(error = %format!("{e:#}"), "content feed interrupted; subscribing again");
            }
            if let Some(tx) = ready.take() {
                let _ = tx.send(outcome);
                return;
            }
            watching.revision.bump();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    first
        .await
        .context("the content feed stopped before its first build")??;
    Ok(sink)
}

async fn watch(sink: &FeedSink, ready: &mut Option<oneshot::Sender<Result<()>>>) -> Result<()> {
    let mut response = sink
        .db
        .query(format!(
            "LIVE SELECT {} FROM content",
            IndexedContent::COLUMNS
        ))
        .await?;
    let mut stream = response.stream::<Notification<serde_json::Value>>(0)?;
    // Subscribed first, built second: nothing falls between the two.
    sink.apply(None).await?;
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
        // `None`, something the feed cannot read item by item: start over from the database.
        sink.apply(changes(batch)).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn upsert(slug: &str, title: &str) -> IndexUpdate {
        IndexUpdate::Upsert(IndexedContent {
            kind: ContentKind::Faq,
            slug: slug.into(),
            title: title.into(),
            summary: "Resumo".into(),
            module: None,
            body_text: "Texto".into(),
            published: true,
        })
    }

    #[test]
    fn an_edit_reported_twice_is_applied_once() {
        let applied = Applied::default();
        assert_eq!(applied.unseen(vec![upsert("a", "Um")]).len(), 1);
        // The change feed reports what the LIVE SELECT already did.
        assert!(applied.unseen(vec![upsert("a", "Um")]).is_empty());
        // Another text, another item: both new.
        assert_eq!(
            applied
                .unseen(vec![upsert("a", "Dois"), upsert("b", "Um")])
                .len(),
            2
        );
        // Edited back within one batch: every step is applied in order.
        assert_eq!(
            applied
                .unseen(vec![upsert("a", "Um"), upsert("a", "Dois")])
                .len(),
            2
        );
        // A removal, then the same text again: it must be indexed again.
        let removed = applied.unseen(vec![IndexUpdate::Remove("faq/a".into())]);
        assert_eq!(removed.len(), 1);
        assert_eq!(applied.unseen(vec![upsert("a", "Dois")]).len(), 1);
        // After a rebuild nothing is taken as applied.
        applied.forget();
        assert_eq!(applied.unseen(vec![upsert("b", "Um")]).len(), 1);
    }
}
