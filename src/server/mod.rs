//! Server-only code (feature `ssr`): configuration, database, content, search, HTTP.

pub mod app;
pub mod bench;
pub mod config;
pub mod content;
pub mod db;
pub mod health;
pub mod markdown;
pub mod migrations;
pub mod search;
pub mod state;
