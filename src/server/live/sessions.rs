//! Sessions that ended or changed role, as the database reports them (a `LIVE SELECT` on
//! the session table per app server): a live stream opened with a session closes as soon
//! as that session is signed out, revoked, ended by a deactivation or a password change,
//! or switched to another role — whichever app server did it.

use futures::StreamExt;
use std::time::Duration;
use surrealdb::Notification;
use surrealdb::types::Action;
use tokio::sync::broadcast;

use crate::server::db::Db;

/// A session is gone, or now acts as another role (`role`, its slug).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionChanged {
    pub session_id: String,
    /// `None`: the session ended.
    pub role: Option<Option<String>>,
}

impl SessionChanged {
    /// From a session record as the database reports it (`id` as it renders the record
    /// id; `record` holds `active_role`), or from its removal (`ended`). Shared by the
    /// `LIVE SELECT` below and the change feed (server/live/relay.rs).
    pub(super) fn from_record(
        id: &serde_json::Value,
        record: &serde_json::Value,
        ended: bool,
    ) -> Option<Self> {
        let role = (!ended).then(|| {
            record
                .get("active_role")
                .and_then(|r| r.as_str())
                .map(str::to_owned)
        });
        Some(Self {
            session_id: key_of(id)?,
            role,
        })
    }
}

/// Watches the session table for as long as the process lives (re-subscribing if the
/// subscription ends).
pub fn start(db: Db) -> broadcast::Sender<SessionChanged> {
    let (tx, _) = broadcast::channel(1024);
    let sender = tx.clone();
    tokio::spawn(async move {
        loop {
            if let Err(e) = watch(&db, &tx).await {
                tracing::warn!(error = %format!("{e:#}"), "session feed interrupted; subscribing again");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    sender
}

/// The key of a record id as the database renders it in JSON (`session:abc` or `abc`).
pub(super) fn key_of(v: &serde_json::Value) -> Option<String> {
    let s = v.as_str()?;
    let key = s.split_once(':').map_or(s, |(_, k)| k);
    Some(
        key.trim_matches(|c| c == '⟨' || c == '⟩' || c == '`')
            .to_owned(),
    )
}

async fn watch(db: &Db, tx: &broadcast::Sender<SessionChanged>) -> anyhow::Result<()> {
    let mut response = db
        .query("LIVE SELECT record::id(id) AS sid, active_role FROM session")
        .await?;
    let mut stream = response.stream::<Notification<serde_json::Value>>(0)?;
    while let Some(item) = stream.next().await {
        let n = item?;
        let ended = match n.action {
            Action::Delete => true,
            Action::Update => false,
            _ => continue,
        };
        let id = n.data.get("sid").or_else(|| n.data.get("id"));
        if let Some(change) = id.and_then(|id| SessionChanged::from_record(id, &n.data, ended)) {
            let _ = tx.send(change);
        }
    }
    Ok(())
}
