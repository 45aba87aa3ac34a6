//! Database connection (embedded SurrealKV, in-memory or a remote server, chosen by
//! `DATABASE_URL` alone) and small helpers to read query results into serde types.

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use surrealdb::{
    Surreal,
    engine::any::Any,
    opt::auth::{Database, Root},
};

use super::{config::DatabaseConfig, migrations};

pub mod change;
mod failure;
pub mod serial;
pub use change::{Actor, Change, checked};
pub use failure::commit_or;

/// One handle for every engine; cheap to clone, shared by all requests.
pub type Db = Surreal<Any>;

/// Connects, selects namespace and database, and applies pending migrations.
pub async fn connect(cfg: &DatabaseConfig) -> Result<Db> {
    let endpoint = cfg.url.endpoint();
    let db = surrealdb::engine::any::connect(endpoint.as_str())
        .await
        .with_context(|| format!("não foi possível abrir o banco em DATABASE_URL={endpoint}"))?;
    if let Some(c) = &cfg.credentials {
        sign_in(&db, cfg, c).await?;
    }
    db.use_ns(&cfg.namespace).use_db(&cfg.database).await?;
    migrations::apply(&db).await?;
    Ok(db)
}

/// Signs in as the app's database-level user: it can read, write and define tables in
/// its own database only (role EDITOR), never touch users or other databases.
pub async fn sign_in(
    db: &Db,
    cfg: &DatabaseConfig,
    c: &super::config::DatabaseCredentials,
) -> Result<()> {
    db.signin(Database {
        namespace: cfg.namespace.clone(),
        database: cfg.database.clone(),
        username: c.user.clone(),
        password: c.pass.clone(),
    })
    .await
    .context(
        "o banco recusou DATABASE_USER/DATABASE_PASS (usuário do banco; crie-o com `suporte create-db-user`)",
    )?;
    Ok(())
}

/// Creates (or gives a new password to) the app's database-level user, signed in as root
/// with `root`. Used once per installation: `suporte create-db-user`.
pub async fn create_app_user(
    cfg: &DatabaseConfig,
    root: Option<&super::config::DatabaseCredentials>,
    user: &str,
    password: &str,
) -> Result<()> {
    let valid_name = !user.is_empty()
        && user.len() <= 64
        && user
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    anyhow::ensure!(valid_name, "nome de usuário inválido: use a-z, 0-9 e _");
    anyhow::ensure!(
        password.chars().count() >= 16,
        "a senha do usuário do banco precisa ter pelo menos 16 caracteres"
    );
    let db = surrealdb::engine::any::connect(cfg.url.endpoint().as_str()).await?;
    if let Some(r) = root {
        db.signin(Root {
            username: r.user.clone(),
            password: r.pass.clone(),
        })
        .await
        .context("o banco recusou DATABASE_ROOT_USER/DATABASE_ROOT_PASS")?;
    }
    define_app_user(&db, cfg, user, password).await
}

/// The statements behind [`create_app_user`], on an open root connection.
pub async fn define_app_user(
    db: &Db,
    cfg: &DatabaseConfig,
    user: &str,
    password: &str,
) -> Result<()> {
    db.query(format!(
        "DEFINE NAMESPACE IF NOT EXISTS {ns}; USE NS {ns}; DEFINE DATABASE IF NOT EXISTS {dbname};",
        ns = ident(&cfg.namespace)?,
        dbname = ident(&cfg.database)?,
    ))
    .await?
    .check()?;
    db.use_ns(&cfg.namespace).use_db(&cfg.database).await?;
    // The password goes in as a JSON string literal (SurrealQL reads the same escapes).
    db.query(format!(
        "DEFINE USER OVERWRITE {user} ON DATABASE PASSWORD {} ROLES EDITOR",
        serde_json::to_string(password)?
    ))
    .await?
    .check()?;
    Ok(())
}

/// A namespace or database name safe to splice into a statement.
fn ident(name: &str) -> Result<&str> {
    anyhow::ensure!(
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "nome inválido para namespace/banco: \"{name}\""
    );
    Ok(name)
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

/// The rule a `THROW` in our own statements reported (its code, `Rule::code`), if that is
/// what failed.
pub fn thrown_rule(e: &anyhow::Error) -> Option<crate::domain::rule::Rule> {
    e.chain().find_map(|cause| {
        cause
            .downcast_ref::<surrealdb::Error>()
            .filter(|db| db.is_thrown())
            .and_then(|db| {
                crate::domain::rule::Rule::from_code(
                    db.message().trim_start_matches("An error occurred: "),
                )
            })
    })
}

/// The statement that aborts a transaction with `rule` (read back by [`thrown_rule`]).
pub fn throw(rule: &crate::domain::rule::Rule) -> String {
    format!("THROW '{}'", rule.code())
}

/// A coordinator's settings record (`table:current`, its `data` the serialized value), or
/// the shipped defaults when it was never saved.
pub async fn setting<T: DeserializeOwned + Default>(db: &Db, table: &'static str) -> Result<T> {
    let mut res = db
        .query(format!("SELECT VALUE data FROM ONLY {table}:current"))
        .await?;
    let stored: Option<serde_json::Value> = res.take(0)?;
    match stored {
        Some(v) if !v.is_null() => Ok(serde_json::from_value(v)?),
        _ => Ok(T::default()),
    }
}

/// Runs `op` again when the database reports a write conflict with a concurrent
/// transaction (optimistic concurrency: the loser of a race on the same record), a few
/// times with a short growing wait. Each attempt is a whole transaction, so a retry never
/// leaves half of one behind.
pub async fn retry_on_conflict<T, F, Fut>(mut op: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut wait_ms: u64 = 2;
    for _ in 0..40 {
        match op().await {
            Err(e) if is_conflict(&e) => {
                // Jitter, so the losers of one race do not meet again in the next.
                let mut r = [0u8; 1];
                let _ = getrandom::getrandom(&mut r);
                let jitter = wait_ms * u64::from(r[0]) / 255;
                tokio::time::sleep(std::time::Duration::from_millis(wait_ms / 2 + jitter)).await;
                wait_ms = (wait_ms * 2).min(200);
            }
            other => return other,
        }
    }
    op().await
}

/// True when `e` is a transaction that lost a race and can be retried.
pub fn is_conflict(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<surrealdb::Error>().is_some_and(|db| {
            matches!(
                db.query_details(),
                Some(surrealdb::types::QueryError::TransactionConflict)
            )
        })
    })
}
