//! Versioned schema migrations, applied in order at start-up and recorded in the
//! `migration` table. Each file runs in one transaction; statements use `IF NOT EXISTS`
//! so that two app servers starting together cannot break each other.

use anyhow::{Context, Result};
use serde::Deserialize;

use super::db::{Db, rows};

/// (version, file text). Append only: never edit a migration that has shipped.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_content",
        include_str!("migrations/0001_content.surql"),
    ),
    (
        "0002_accounts",
        include_str!("migrations/0002_accounts.surql"),
    ),
    (
        "0003_content_popular",
        include_str!("migrations/0003_content_popular.surql"),
    ),
    (
        "0004_hardening",
        include_str!("migrations/0004_hardening.surql"),
    ),
    (
        "0005_occurrences",
        include_str!("migrations/0005_occurrences.surql"),
    ),
    (
        "0006_outbox_attachments",
        include_str!("migrations/0006_outbox_attachments.surql"),
    ),
    (
        "0007_sla_alerts",
        include_str!("migrations/0007_sla_alerts.surql"),
    ),
    (
        "0008_plan_entries",
        include_str!("migrations/0008_plan_entries.surql"),
    ),
    (
        "0009_sla_policy",
        include_str!("migrations/0009_sla_policy.surql"),
    ),
    (
        "0010_notifications",
        include_str!("migrations/0010_notifications.surql"),
    ),
    (
        "0011_search_leaves_the_database",
        include_str!("migrations/0011_search_leaves_the_database.surql"),
    ),
    (
        "0012_forwarding",
        include_str!("migrations/0012_forwarding.surql"),
    ),
    (
        "0013_simulation",
        include_str!("migrations/0013_simulation.surql"),
    ),
    (
        "0014_estimates",
        include_str!("migrations/0014_estimates.surql"),
    ),
    ("0015_calls", include_str!("migrations/0015_calls.surql")),
    ("0016_merge", include_str!("migrations/0016_merge.surql")),
    (
        "0017_versions_knowledge_sla",
        include_str!("migrations/0017_versions_knowledge_sla.surql"),
    ),
    (
        "0018_offices",
        include_str!("migrations/0018_offices.surql"),
    ),
    (
        "0019_sign_in_hardening",
        include_str!("migrations/0019_sign_in_hardening.surql"),
    ),
    (
        "0020_volume_and_uploads",
        include_str!("migrations/0020_volume_and_uploads.surql"),
    ),
    (
        "0021_occurrence_updated_at",
        include_str!("migrations/0021_occurrence_updated_at.surql"),
    ),
    (
        "0022_attachment_quota",
        include_str!("migrations/0022_attachment_quota.surql"),
    ),
    (
        "0023_live_change_feed",
        include_str!("migrations/0023_live_change_feed.surql"),
    ),
    (
        "0024_feed_sessions_content",
        include_str!("migrations/0024_feed_sessions_content.surql"),
    ),
    (
        "0025_activity_rank",
        include_str!("migrations/0025_activity_rank.surql"),
    ),
    (
        "0026_state_changes",
        include_str!("migrations/0026_state_changes.surql"),
    ),
];

#[derive(Deserialize)]
struct Applied {
    version: String,
}

pub async fn apply(db: &Db) -> Result<()> {
    db.query(
        "DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
         DEFINE FIELD IF NOT EXISTS version ON migration TYPE string;
         DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime;
         DEFINE INDEX IF NOT EXISTS migration_version ON migration FIELDS version UNIQUE;",
    )
    .await?
    .check()?;
    let mut res = db.query("SELECT version FROM migration").await?;
    let applied: Vec<String> = rows::<Applied>(&mut res, 0)?
        .into_iter()
        .map(|a| a.version)
        .collect();
    for (version, text) in MIGRATIONS {
        if applied.iter().any(|a| a == version) {
            continue;
        }
        tracing::info!(version, "aplicando migração");
        let sql = format!(
            "BEGIN TRANSACTION;\n{text}\n;CREATE migration SET version = $version, applied_at = time::now();\nCOMMIT TRANSACTION;"
        );
        db.query(sql)
            .bind(("version", version.to_string()))
            .await
            .and_then(|r| r.check())
            .with_context(|| format!("a migração {version} falhou"))?;
    }
    Ok(())
}

/// Versions recorded as applied, in order.
pub async fn applied(db: &Db) -> Result<Vec<String>> {
    let mut res = db
        .query("SELECT version FROM migration ORDER BY version")
        .await?;
    Ok(rows::<Applied>(&mut res, 0)?
        .into_iter()
        .map(|a| a.version)
        .collect())
}
