//! Occurrence pages, for both sides of the same app: the customer's list and form, the
//! occurrence page (customers and analysts), and the parts they share.

pub mod await_version;
pub mod development;
pub mod draft;
pub mod estimate;
pub mod forward;
pub mod forwarding_settings;
pub mod handover;
pub mod knowledge;
pub mod list;
pub mod merge;
pub mod new;
pub mod page;
pub mod reassign;
pub mod request_call;
pub mod rows;
pub mod timeline;
