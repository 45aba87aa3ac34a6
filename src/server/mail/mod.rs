//! E-mail copies of public occurrence updates: written to the outbox with the update
//! ([`outbox::notify`]), delivered by a background worker through SMTP ([`worker`]).

pub mod config;
pub mod outbox;
pub mod render;
pub mod smtp;
pub mod worker;
