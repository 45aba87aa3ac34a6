//! Database connection (embedded SurrealKV, in-memory or a remote server, chosen by
//! `DATABASE_URL` alone) and small helpers to read query results into serde types.

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use surrealdb::{Surreal, engine::any::Any, opt::auth::Root};

use super::{config::DatabaseConfig, migrations};

pub mod change;
pub use change::{Actor, Change, checked};

/// One handle for every engine; cheap to clone, shared by all requests.
pub type Db = Surreal<Any>;

/// Connects, selects namespace and database, and applies pending migrations.
pub async fn connect(cfg: &DatabaseConfig) -> Result<Db> {
    let endpoint = cfg.url.endpoint();
    let db = surrealdb::engine::any::connect(endpoint.as_str())
        .await
        .with_context(|| format!("não foi possível abrir o banco em DATABASE_URL={endpoint}"))?;
    if let Some(c) = &cfg.credentials {
        db.signin(Root {
            username: c.user.clone(),
            password: c.pass.clone(),
        })
        .await
        .context("o banco recusou DATABASE_USER/DATABASE_PASS")?;
    }
    db.use_ns(&cfg.namespace).use_db(&cfg.database).await?;
    migrations::apply(&db).await?;
    Ok(db)
}

/// A fresh in-memory database with the schema applied: for tests and benchmarks.
pub async fn memory() -> Result<Db> {
    connect(&DatabaseConfig {
        url: super::config::DatabaseUrl::Memory,
        namespace: "test".into(),
        database: "test".into(),
        credentials: None,
    })
    .await
}

/// Takes statement `index` of a response as rows of `T`.
pub fn rows<T: DeserializeOwned>(
    response: &mut surrealdb::IndexedResults,
    index: usize,
) -> Result<Vec<T>> {
    let values: Vec<serde_json::Value> = response.take(index)?;
    values
        .into_iter()
        .map(|v| serde_json::from_value(v).context("resposta do banco em formato inesperado"))
        .collect()
}

/// Takes statement `index` of a response as at most one row of `T`.
pub fn first<T: DeserializeOwned>(
    response: &mut surrealdb::IndexedResults,
    index: usize,
) -> Result<Option<T>> {
    Ok(rows(response, index)?.into_iter().next())
}

/// A record's key, as queries return it with `record::id(id) AS id`.
#[derive(serde::Deserialize)]
pub struct IdRow {
    pub id: String,
}

/// True when `e` is a write refused by a UNIQUE index.
///
/// SurrealDB 3.3 reports this (`IndexExists`) as an *internal* error with no structured
/// details, so its message is the only signal; `tests/database.rs` pins that message, so a
/// driver upgrade that changes it fails a test instead of turning conflicts into 500s.
pub fn is_unique_violation(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<surrealdb::Error>().is_some_and(|db| {
            db.is_already_exists()
                || (db.is_internal() && db.message().contains("already contains"))
        })
    })
}
