//! What the browser is shown about companies, contacts and analysts.

use serde::{Deserialize, Serialize};

use super::{
    ContactRole,
    company::{Prerequisites, Step},
};
use crate::domain::sla::SlaPlan;

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
    /// What its contacts' files take, and its quota.
    #[serde(default)]
    pub attachment_space: crate::domain::attachment_quota::AttachmentSpace,
    pub prerequisites: Prerequisites,
    pub contacts: Vec<ContactView>,
    /// The office that serves it when not the default (S.O.E.): its deadlines count in
    /// that office's calendar.
    #[serde(default)]
    pub office: Option<crate::domain::sla::office::Office>,
}

impl CompanyView {
    pub fn missing_steps(&self) -> Vec<Step> {
        self.prerequisites.missing(self.plan)
    }
}

/// A company as a choice in a filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyName {
    pub id: String,
    pub name: String,
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

/// An account just created: the temporary password is shown once, to the coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedAccount {
    pub email: String,
    pub temporary_password: String,
}
