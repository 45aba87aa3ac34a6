//! One change to the data and its audit row, committed together or not at all.
//!
//! Every write that matters goes through [`Change`]: statements are collected, an audit
//! row is appended, and the whole batch runs inside `BEGIN … COMMIT`, so no change is
//! ever stored without its audit row (nor an audit row without its change). Later
//! features add their side effects (e.g. a mail in the outbox) to the same batch.

use anyhow::{Context, Result};
use surrealdb::types::{SurrealValue, Variables};

use super::Db;

/// Who acted, as the audit log records it: a person, or an anonymous client (e.g. a failed
/// sign-in), with the client's address and browser.
#[derive(Clone, Debug, Default)]
pub struct Actor {
    pub person_id: Option<String>,
    pub name: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A batch of statements committed in one transaction.
#[must_use = "a Change does nothing until committed"]
#[derive(Default)]
pub struct Change {
    statements: Vec<String>,
    vars: Variables,
    audits: usize,
}

impl Change {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one SurrealQL statement (without the trailing `;`).
    pub fn statement(mut self, sql: impl Into<String>) -> Self {
        self.statements.push(sql.into());
        self
    }

    /// Binds `$name` for the statements of this change. Names must be unique in the batch.
    pub fn bind(mut self, name: &str, value: impl SurrealValue) -> Self {
        debug_assert!(
            self.vars.get(name).is_none(),
            "variable ${name} bound twice in one change"
        );
        self.vars.insert(name, value);
        self
    }

    /// Appends the audit row: who did `action` to `entity`, with the state before and after.
    pub fn audit(
        mut self,
        actor: &Actor,
        action: &str,
        entity: &str,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Self {
        let n = self.audits;
        self.audits += 1;
        self.statements.push(format!(
            "CREATE audit SET actor = IF $audit{n}_actor THEN type::record('person', $audit{n}_actor) END,
                 actor_name = $audit{n}_name, action = $audit{n}_action, entity = $audit{n}_entity,
                 before = $audit{n}_before, after = $audit{n}_after,
                 ip = $audit{n}_ip, user_agent = $audit{n}_agent"
        ));
        let agent = actor
            .user_agent
            .as_deref()
            .map(|a| a.chars().take(300).collect::<String>());
        self.bind(&format!("audit{n}_actor"), actor.person_id.clone())
            .bind(&format!("audit{n}_name"), actor.name.clone())
            .bind(&format!("audit{n}_action"), action.to_owned())
            .bind(&format!("audit{n}_entity"), entity.to_owned())
            .bind(&format!("audit{n}_before"), before)
            .bind(&format!("audit{n}_after"), after)
            .bind(&format!("audit{n}_ip"), actor.ip.clone())
            .bind(&format!("audit{n}_agent"), agent)
    }

    /// Runs the batch in one transaction. On failure nothing of it is stored and the
    /// error is the statement's own (not the "transaction cancelled" of its neighbours).
    pub async fn commit(self, db: &Db) -> Result<()> {
        let sql = format!(
            "BEGIN TRANSACTION;\n{};\nCOMMIT TRANSACTION;",
            self.statements.join(";\n")
        );
        let response = db.query(sql).bind(self.vars).await?;
        checked(response)?;
        Ok(())
    }
}

/// The response, or the error of the statement that failed: in a transaction the others
/// report only "not executed", which hides the cause (e.g. a write conflict to retry).
pub fn checked(mut response: surrealdb::IndexedResults) -> Result<surrealdb::IndexedResults> {
    let mut errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
    errors.sort_by_key(|(i, _)| *i);
    let root = errors
        .iter()
        .position(|(_, e)| !is_not_executed(e))
        .unwrap_or(0);
    match errors.into_iter().nth(root) {
        None => Ok(response),
        Some((i, e)) => {
            Err(anyhow::Error::from(e)).with_context(|| format!("statement {i} failed"))
        }
    }
}

fn is_not_executed(e: &surrealdb::Error) -> bool {
    matches!(
        e.query_details(),
        Some(surrealdb::types::QueryError::NotExecuted)
    )
}
