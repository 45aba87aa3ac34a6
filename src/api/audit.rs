//! The audit log, for the coordinator: every change with who, when, from where, before
//! and after.

use leptos::prelude::*;

use super::AppError;
use crate::domain::audit::AuditEntry;

#[server(endpoint = "auditoria")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    super::require(&[crate::domain::accounts::Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::audit::latest(&state.db, 200).await?)
}
