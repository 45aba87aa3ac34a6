//! The phone: logging calls (with or without an occurrence, opening one with channel
//! `telefone`) and call-back messages for a named analyst.

pub mod callbacks;
pub mod log;
