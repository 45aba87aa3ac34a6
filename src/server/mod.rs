//! Server-only code (feature `ssr`): configuration, database, content, search, HTTP.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod bootstrap;
pub mod calls;
pub mod config;
pub mod content;
pub mod dashboard;
pub mod db;
pub mod health;
pub mod http;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod markdown;
pub mod memory;
pub mod migrations;
pub mod notifications;
pub mod occurrences;
pub mod search;
pub mod sla;
pub mod state;
pub mod versions;
