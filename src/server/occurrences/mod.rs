//! Occurrences in the database: opening with a gapless number, reading with the right
//! visibility, and applying the lifecycle's moves. Every write goes through one
//! transaction with its timeline entry and audit row.

pub mod access;
pub mod act;
mod area_copy;
pub mod autoclose;
pub mod create;
pub mod criticality;
pub mod detail;
pub mod estimate;
pub mod estimates_csv;
pub mod forward;
mod links;
pub mod merge;
pub mod notice;
pub mod open;
pub mod queue;
pub mod read;
pub mod reassign;
pub mod replan;
pub mod timeline;
pub mod volume;
pub mod work;
