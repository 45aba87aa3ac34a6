//! Pure domain logic shared by the server and the browser: no I/O, no server-only crates.

pub mod content;
pub mod search;
pub mod time;
