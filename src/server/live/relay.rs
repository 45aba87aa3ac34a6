//! The change feed's other news: sessions that ended or changed role (their live streams
//! close) and content edits (the search index). Each also has a `LIVE SELECT`, which on a
//! SurrealDB cluster hears only its own node; the feed hears every node. Both act idempotently
//! (a stream already closed, an upsert repeated), and each change set is relayed once.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use super::sessions::SessionChanged;
use crate::server::content::changes::FeedSink;
use crate::server::db::Db;
use crate::server::search::{IndexUpdate, document::IndexedContent};

/// What one read of the feed found besides occurrences, by versionstamp.
#[derive(Default)]
pub struct Extra {
    sessions: Vec<(u64, SessionChanged)>,
    /// `None`: a removal (the index is rebuilt) or a record that could not be read.
    content: Vec<(u64, Option<IndexedContent>)>,
}

impl Extra {
    /// Keeps `record` (written, or removed if `removed`) if it is a session or content.
    pub fn take(&mut self, stamp: u64, record: &serde_json::Value, removed: bool) {
        let Some(id) = record.get("id").and_then(|v| v.as_str()) else {
            return;
        };
        if id.starts_with("session:") {
            let id = serde_json::Value::from(id);
            if let Some(change) = SessionChanged::from_record(&id, record, removed) {
                self.sessions.push((stamp, change));
            }
        } else if id.starts_with("content:") {
            let item = (!removed)
                .then(|| serde_json::from_value::<IndexedContent>(record.clone()).ok())
                .flatten();
            self.content.push((stamp, item));
        }
    }
}

/// While the feed is silent, content is compared this often: the comparison reads the
/// whole table (bodies included), and a search a few seconds behind is the lesser harm.
const CONTENT_POLL_EVERY: Duration = Duration::from_secs(10);

/// Hands sessions and content found in the feed to their listeners.
pub struct Relay {
    sessions: broadcast::Sender<SessionChanged>,
    content: Option<FeedSink>,
    /// Versionstamps relayed (reads overlap); pruned below the cursor.
    done: HashSet<u64>,
    /// The content's count and latest `updated_at` at the last poll (`None`: not polled).
    fingerprint: Option<Option<serde_json::Value>>,
    polled: Option<Instant>,
}

impl Relay {
    pub fn new(sessions: broadcast::Sender<SessionChanged>, content: Option<FeedSink>) -> Self {
        Self {
            sessions,
            content,
            done: HashSet::new(),
            fingerprint: None,
            polled: None,
        }
    }

    /// Relays what is news in `extra`; `oldest` is the earliest stamp a later read can hold.
    pub async fn relay(&mut self, extra: Extra, oldest: u64) {
        let mut told = Vec::new();
        for (stamp, change) in extra.sessions {
            if !self.done.contains(&stamp) {
                // No stream open on this server is not an error.
                let _ = self.sessions.send(change);
                told.push(stamp);
            }
        }
        let fresh: Vec<_> = extra
            .content
            .into_iter()
            .filter(|(stamp, _)| !self.done.contains(stamp))
            .collect();
        if let (Some(sink), false) = (&self.content, fresh.is_empty()) {
            let updates: Option<Vec<IndexUpdate>> = fresh
                .iter()
                .map(|(_, item)| item.clone().map(IndexUpdate::Upsert))
                .collect();
            if let Err(e) = sink.apply(updates).await {
                tracing::warn!(error = %format!("{e:#}"), "content change from the feed not applied");
            }
        }
        self.done.extend(told);
        self.done.extend(fresh.iter().map(|(stamp, _)| *stamp));
        self.done.retain(|stamp| *stamp >= oldest);
    }

    /// While the feed is silent: rebuilds the search index when the content's count or
    /// latest `updated_at` moved (and once on the first call: anything may have changed),
    /// at most every [`CONTENT_POLL_EVERY`].
    pub async fn poll(&mut self, db: &Db) {
        let Some(sink) = &self.content else { return };
        if self
            .polled
            .is_some_and(|at| at.elapsed() < CONTENT_POLL_EVERY)
        {
            return;
        }
        self.polled = Some(Instant::now());
        let read = async {
            let mut res = db
                .query("SELECT count() AS n, math::max(updated_at) AS last FROM content GROUP ALL")
                .await?;
            let rows: Vec<serde_json::Value> = crate::server::db::rows(&mut res, 0)?;
            anyhow::Ok(rows.into_iter().next())
        };
        match read.await {
            Ok(now) if self.fingerprint.as_ref() != Some(&now) => {
                if let Err(e) = sink.apply(None).await {
                    tracing::warn!(error = %format!("{e:#}"), "search index not rebuilt");
                    return;
                }
                self.fingerprint = Some(now);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "polling content failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sessions_and_content_are_read_from_the_feeds_records() {
        let mut extra = Extra::default();
        extra.take(
            1,
            &json!({"id": "session:abc", "active_role": "customer"}),
            false,
        );
        extra.take(2, &json!({"id": "session:⟨x-y⟩"}), true);
        let article = json!({"id": "content:['faq', 'a']", "kind": "faq", "slug": "a",
            "title": "T", "summary": "S", "body_text": "B", "published": true, "origin": "repo"});
        extra.take(3, &article, false);
        extra.take(4, &json!({"id": "content:['faq', 'a']"}), true);
        extra.take(5, &json!({"id": "occurrence:o1", "year": 2026}), false);
        let sessions: Vec<_> = extra
            .sessions
            .iter()
            .map(|(s, c)| (*s, c.clone()))
            .collect();
        assert_eq!(
            sessions,
            vec![
                (
                    1,
                    SessionChanged {
                        session_id: "abc".into(),
                        role: Some(Some("customer".into()))
                    }
                ),
                (
                    2,
                    SessionChanged {
                        session_id: "x-y".into(),
                        role: None
                    }
                ),
            ]
        );
        let content: Vec<_> = extra
            .content
            .iter()
            .map(|(s, c)| (*s, c.as_ref().map(|c| c.key())))
            .collect();
        assert_eq!(content.len(), 2);
        assert_eq!(content[0].0, 3);
        assert!(content[0].1.is_some(), "the written article is read whole");
        assert_eq!(content[1], (4, None), "a removal asks for a rebuild");
    }

    #[tokio::test]
    async fn each_change_set_is_relayed_once_across_overlapping_reads() {
        let (tx, mut rx) = broadcast::channel(16);
        let mut relay = Relay::new(tx, None);
        let read = || {
            let mut extra = Extra::default();
            extra.take(7, &json!({"id": "session:s1"}), true);
            extra
        };
        relay.relay(read(), 0).await;
        relay.relay(read(), 0).await;
        assert_eq!(
            rx.try_recv().map(|c| c.session_id).ok(),
            Some("s1".to_owned())
        );
        assert!(rx.try_recv().is_err(), "the overlapping read told it again");
        // Once the cursor has passed it, it is forgotten (a later read cannot hold it).
        relay.relay(Extra::default(), 8).await;
        assert!(relay.done.is_empty());
    }
}
