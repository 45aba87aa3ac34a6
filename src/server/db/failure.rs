//! How a failed database call reaches the caller: a rule a transaction checked (`THROW`
//! with a rule's code) or a UNIQUE index it hit becomes that [`Rule`]; anything else is
//! logged in full here and reported as `Internal`.

use crate::domain::{error::AppError, rule::Rule};

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        if let Some(rule) = super::thrown_rule(&e) {
            return Self::Rule(rule);
        }
        if super::is_unique_violation(&e) {
            return Self::Rule(Rule::Duplicate);
        }
        tracing::error!(error = %format!("{e:#}"), "server function failed");
        Self::Internal
    }
}

impl From<surrealdb::Error> for AppError {
    fn from(e: surrealdb::Error) -> Self {
        anyhow::Error::from(e).into()
    }
}

/// Commits `change`; a UNIQUE index it hits is the rule `taken` (an e-mail or CNPJ already
/// in use), a rule the transaction threw is that rule.
pub async fn commit_or(db: &super::Db, change: super::Change, taken: Rule) -> Result<(), AppError> {
    change.commit(db).await.map_err(|e| {
        if super::thrown_rule(&e).is_none() && super::is_unique_violation(&e) {
            AppError::Rule(taken)
        } else {
            e.into()
        }
    })
}
