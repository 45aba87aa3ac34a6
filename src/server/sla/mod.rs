//! The SLA clock's server side: the coordinator's rules, and warnings and breaches
//! recorded once and notified.

pub mod alerts;
pub mod policy;
