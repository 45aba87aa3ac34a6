//! In-app notifications as a person's list shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: String,
    pub at: DateTime<Utc>,
    pub text: String,
    /// The occurrence's page ("/ocorrencias/2026/000001"), if it is about one.
    pub link: Option<String>,
    pub read: bool,
}

/// A person's latest notifications and how many are unread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<NotificationView>,
    pub unread: u32,
}
