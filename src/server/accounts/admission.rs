//! Who may call what: a resolved caller is admitted when done with any temporary password
//! and acting in one of the allowed roles. Server functions and plain HTTP routes (file
//! downloads, the CSV export) ask the same question here.

use super::sessions::Caller;
use crate::domain::{accounts::Role, error::AppError};

pub fn admit(c: Caller, allowed: &[Role]) -> Result<Caller, AppError> {
    if c.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    match c.active_role {
        Some(r) if allowed.contains(&r) => Ok(c),
        _ => Err(AppError::Forbidden),
    }
}
