//! Pure domain logic shared by the server and the browser: no I/O, no server-only crates.

pub mod accounts;
pub mod attachment;
pub mod attachment_quota;
pub mod audit;
pub mod calls;
pub mod chart;
pub mod content;
pub mod csv;
pub mod dashboard;
pub mod editor;
pub mod error;
pub mod knowledge;
pub mod notification;
pub mod occurrences;
pub mod rule;
pub mod search;
pub mod sla;
pub mod time;
pub mod versions;
