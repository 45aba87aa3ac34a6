//! The SLA clock's server side: the coordinator's rules, warnings and breaches recorded
//! once and notified, and the report with its charts.

pub mod alerts;
pub mod export;
pub mod offices;
pub mod policy;
pub mod report;
