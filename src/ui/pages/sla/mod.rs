//! SLA pages: the public plans page, the coordinator's rules and the SLA report.

pub mod plans;
pub mod report;
pub mod settings;
