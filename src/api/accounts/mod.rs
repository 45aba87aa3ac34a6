//! Accounts: signing in and the session, companies and their contacts, analysts.

pub mod analysts;
pub mod companies;
pub mod session;
