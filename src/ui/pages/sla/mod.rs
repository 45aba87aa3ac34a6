//! SLA pages: the public plans page, the customer's "Meu SLA", the coordinator's rules
//! and the SLA report.

pub mod calendar_fields;
pub mod mine;
pub mod offices;
pub mod plans;
pub mod report;
pub mod settings;
