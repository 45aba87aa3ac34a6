//! Files sent with occurrences: the bytes in an object store ([`store`]), the rows that
//! say whose they are ([`records`]), and the HTTP upload and download ([`routes`]).

pub mod config;
pub mod records;
pub mod routes;
pub mod store;
pub mod sweep;
