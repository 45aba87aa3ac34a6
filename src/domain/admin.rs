//! What the browser is shown about companies, contacts, analysts and the audit log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    account::ContactRole,
    company::{Prerequisites, Step},
    sla::SlaPlan,
};

pub const EMAIL_TAKEN: &str = "Já existe uma conta com este e-mail.";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyView {
    pub id: String,
    pub name: String,
    /// Formatted `00.000.000/0000-00`.
    pub cnpj: String,
    pub segment: String,
    pub modules: Vec<String>,
    pub plan: SlaPlan,
    /// The monthly fee penalties are a share of (cents), when configured.
    pub monthly_fee_cents: Option<i64>,
    pub prerequisites: Prerequisites,
    pub contacts: Vec<ContactView>,
}

impl CompanyView {
    pub fn missing_steps(&self) -> Vec<Step> {
        self.prerequisites.missing(self.plan)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: ContactRole,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalystView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub level: u8,
    pub modules: Vec<String>,
    pub segments: Vec<String>,
    pub available: bool,
    /// Deactivated accounts cannot sign in.
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// The client address the change came from (none for the system itself).
    pub ip: Option<String>,
    pub action: String,
    pub entity: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An account just created: the temporary password is shown once, to the coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedAccount {
    pub email: String,
    pub temporary_password: String,
}
