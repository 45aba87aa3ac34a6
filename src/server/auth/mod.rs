//! Authentication: password hashes, session tokens and cookies, sign-in throttling.
//! Secrets here are never `Serialize`.

pub mod cookie;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod token;
