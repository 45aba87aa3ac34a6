//! What the content editor exchanges with the server.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::content::{ContentKind, ErpModule};

/// One line of the editor's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentRow {
    pub kind: ContentKind,
    pub slug: String,
    pub title: String,
    pub module: Option<ErpModule>,
    pub published: bool,
    pub origin: String,
    pub updated_at: DateTime<Utc>,
    /// How many times it answered someone about to open an occurrence ("isto resolveu").
    #[serde(default)]
    pub solved: i64,
}

/// The editable fields of an item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentForm {
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub module: String,
    pub body_md: String,
    pub popular: bool,
    pub position: i64,
    pub duration_minutes: String,
    pub course_url: String,
    pub published: bool,
}
