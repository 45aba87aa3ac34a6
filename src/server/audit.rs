//! Audit log: who, when, from where, what, before and after. Rows are written only with
//! the change they describe, through `db::Change::audit`.

use anyhow::Result;
use serde::Deserialize;

use super::db::{Db, rows};
use crate::domain::audit::AuditEntry;

#[derive(Deserialize)]
struct Row {
    at: chrono::DateTime<chrono::Utc>,
    actor_name: String,
    ip: Option<String>,
    action: String,
    entity: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

pub async fn latest(db: &Db, limit: i64) -> Result<Vec<AuditEntry>> {
    let mut res = db
        .query("SELECT at, actor_name, ip, action, entity, before, after FROM audit ORDER BY at DESC LIMIT $limit")
        .bind(("limit", limit))
        .await?;
    Ok(rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| AuditEntry {
            at: r.at,
            actor: r.actor_name,
            ip: r.ip,
            action: r.action,
            entity: r.entity,
            before: r.before.map(|v| v.to_string()),
            after: r.after.map(|v| v.to_string()),
        })
        .collect())
}
