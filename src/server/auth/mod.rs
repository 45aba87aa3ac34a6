//! Authentication: password hashes, session tokens and cookies, sign-in throttling,
//! and the cross-site request check. Secrets here are never `Serialize`.

pub mod cookie;
pub mod csrf;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod token;
