//! The SLA clock's server side: warnings and breaches recorded once and notified.

pub mod alerts;
