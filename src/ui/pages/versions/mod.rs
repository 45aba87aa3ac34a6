//! Weekly ERP versions: the public list (`/versoes`) and the coordinator's register
//! (`/coordenacao/versoes`).

pub mod admin;
pub mod public;
