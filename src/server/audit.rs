//! Audit log of administrative changes: who, when, what, before and after.

use anyhow::Result;
use serde::Deserialize;

use super::auth::sessions::Caller;
use super::db::{Db, rows};
use crate::domain::admin::AuditEntry;

pub async fn record(
    db: &Db,
    actor: &Caller,
    action: &str,
    entity: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    db.query(
        "CREATE audit SET actor = type::record('person', $actor), actor_name = $name, action = $action,
             entity = $entity, before = $before, after = $after",
    )
    .bind(("actor", actor.person_id.clone()))
    .bind(("name", actor.name.clone()))
    .bind(("action", action.to_owned()))
    .bind(("entity", entity.to_owned()))
    .bind(("before", before))
    .bind(("after", after))
    .await?
    .check()?;
    Ok(())
}

#[derive(Deserialize)]
struct Row {
    at: chrono::DateTime<chrono::Utc>,
    actor_name: String,
    action: String,
    entity: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

pub async fn latest(db: &Db, limit: i64) -> Result<Vec<AuditEntry>> {
    let mut res = db
        .query("SELECT at, actor_name, action, entity, before, after FROM audit ORDER BY at DESC LIMIT $limit")
        .bind(("limit", limit))
        .await?;
    Ok(rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| AuditEntry {
            at: r.at,
            actor: r.actor_name,
            action: r.action,
            entity: r.entity,
            before: r.before.map(|v| v.to_string()),
            after: r.after.map(|v| v.to_string()),
        })
        .collect())
}
