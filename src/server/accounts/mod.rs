//! Accounts: people, their passwords, sessions and cookies, sign-in throttling, the
//! customer companies and their contacts, and who may call what. Secrets here are never
//! `Serialize`.

pub mod admission;
pub mod analyst_admin;
pub mod companies;
pub mod company_admin;
pub mod cookie;
pub mod password;
pub mod people;
pub mod sessions;
pub mod signing;
pub mod throttle;
pub mod token;
