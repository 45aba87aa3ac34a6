//! HTTP middleware shared by every route: who the client is, their session, the
//! cross-site guard, security headers, and the status of server-function errors.
//! The router that joins these with the pages lives in the entry (`crate::app`).

pub mod asset_cache;
pub mod body_deadline;
pub mod client;
pub mod content_type;
pub mod csrf;
pub mod errors;
pub mod headers;
pub mod page_cache;
pub mod per_client;
pub mod reactive_isolation;
pub mod request_id;
pub mod serve;
pub mod session;
pub mod test_clock;
