//! Level 0 content: the demo corpus shipped in the repository, and its storage.

pub mod changes;
pub mod deflection;
pub mod demo;
pub mod draft;
pub mod edit;
pub mod from_occurrence;
pub mod import;
pub mod knowledge_report;
pub mod linked;
pub mod store;
