//! Sessions stored in SurrealDB, so any app server can serve any request.

use anyhow::Result;
use serde::Deserialize;

use super::token::SessionToken;
use crate::domain::account::{ContactRole, Role};
use crate::server::db::{Db, first};

/// A session ends this long after sign-in.
pub const LIFETIME_SECS: i64 = 12 * 3600;

/// Who is calling, as loaded from a valid session. Server-side only.
#[derive(Clone, Debug)]
pub struct Caller {
    pub person_id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub active_role: Option<Role>,
    pub company_id: Option<String>,
    pub company_name: Option<String>,
    pub contact_role: Option<ContactRole>,
    pub(crate) token_hash: String,
}

#[derive(Deserialize)]
struct CallerRow {
    person_id: String,
    name: String,
    email: String,
    roles: Vec<Role>,
    active_role: Option<Role>,
    company_id: Option<String>,
    company_name: Option<String>,
    contact_role: Option<ContactRole>,
}

pub async fn create(db: &Db, person_id: &str, active_role: Option<Role>) -> Result<SessionToken> {
    let token = SessionToken::generate()?;
    // Expired sessions are useless; sign-ins are a cheap moment to sweep them away.
    db.query(
        "DELETE session WHERE expires_at < time::now();
         CREATE session SET token_hash = $hash, person = type::record('person', $person),
             active_role = $role, expires_at = time::now() + <duration> $ttl",
    )
    .bind(("hash", token.hash()))
    .bind(("person", person_id.to_owned()))
    .bind(("role", active_role.map(|r| r.slug().to_owned())))
    .bind(("ttl", format!("{LIFETIME_SECS}s")))
    .await?
    .check()?;
    Ok(token)
}

/// The caller behind a token, if the session exists, has not expired and the person is active.
pub async fn lookup(db: &Db, token: &SessionToken) -> Result<Option<Caller>> {
    let hash = token.hash();
    let mut res = db
        .query(
            "SELECT record::id(person) AS person_id, person.name AS name, person.email AS email,
                    person.roles AS roles, active_role,
                    IF person.company THEN record::id(person.company) END AS company_id,
                    person.company.name AS company_name, person.contact_role AS contact_role
             FROM session
             WHERE token_hash = $hash AND expires_at > time::now() AND person.active = true
             LIMIT 1",
        )
        .bind(("hash", hash.clone()))
        .await?;
    Ok(first::<CallerRow>(&mut res, 0)?.map(|r| Caller {
        person_id: r.person_id,
        name: r.name,
        email: r.email,
        // A role removed since sign-in can no longer be acted as.
        active_role: r.active_role.filter(|a| r.roles.contains(a)),
        roles: r.roles,
        company_id: r.company_id,
        company_name: r.company_name,
        contact_role: r.contact_role,
        token_hash: hash,
    }))
}

pub async fn set_active_role(db: &Db, caller: &Caller, role: Option<Role>) -> Result<()> {
    db.query("UPDATE session SET active_role = $role WHERE token_hash = $hash")
        .bind(("role", role.map(|r| r.slug().to_owned())))
        .bind(("hash", caller.token_hash.clone()))
        .await?
        .check()?;
    Ok(())
}

pub async fn destroy(db: &Db, token_hash: &str) -> Result<()> {
    db.query("DELETE session WHERE token_hash = $hash")
        .bind(("hash", token_hash.to_owned()))
        .await?
        .check()?;
    Ok(())
}

/// Ends every other session of a person (after a password change).
pub async fn destroy_others(db: &Db, caller: &Caller) -> Result<()> {
    db.query(
        "DELETE session WHERE person = type::record('person', $person) AND token_hash != $hash",
    )
    .bind(("person", caller.person_id.clone()))
    .bind(("hash", caller.token_hash.clone()))
    .await?
    .check()?;
    Ok(())
}
