//! What the coordinator is shown of the audit log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One row of the audit log: who changed what, from where, before and after.
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
