//! Level 0 content: the demo corpus shipped in the repository, and its storage.

pub mod changes;
pub mod deflection;
pub mod demo;
pub mod draft;
pub mod edit;
pub mod import;
pub mod store;
