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
        let id = n
            .data
            .get("sid")
            .and_then(key_of)
            .or_else(|| n.data.get("id").and_then(key_of));
        let Some(session_id) = id else { continue };
        let role = match n.action {
            Action::Delete => None,
            Action::Update => Some(
                n.data
                    .get("active_role")
                    .and_then(|r| r.as_str())
                    .map(str::to_owned),
            ),
            _ => continue,
        };
        let _ = tx.send(SessionChanged { session_id, role });
    }
    Ok(())
}
