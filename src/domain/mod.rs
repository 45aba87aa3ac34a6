//! Pure domain logic shared by the server and the browser: no I/O, no server-only crates.

pub mod account;
pub mod admin;
pub mod attachment;
pub mod cnpj;
pub mod company;
pub mod content;
pub mod editor;
pub mod notification;
pub mod occurrence;
pub mod search;
pub mod sla;
pub mod time;
