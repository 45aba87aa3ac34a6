//! Sessions stored in SurrealDB, so any app server can serve any request.
//!
//! A session ends 12 h after sign-in, after the configured idle time without use, at
//! sign-out, when its owner ends it from "Minha conta", when the password changes, or
//! when the coordinator deactivates the person.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::token::SessionToken;
use crate::domain::accounts::{ContactRole, Role, SessionView};
use crate::server::db::{Db, first, rows};

/// A session ends this long after sign-in.
pub const LIFETIME_SECS: i64 = 12 * 3600;
/// `last_seen_at` is written at most this often (not on every request).
const TOUCH_EVERY_SECS: i64 = 60;

/// Where a request came from, for sessions and the audit log.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

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
    /// A temporary password is in use: nothing but changing it is allowed.
    pub must_change_password: bool,
    pub session_id: String,
}

#[derive(Deserialize)]
struct CallerRow {
    session_id: String,
    person_id: String,
    name: String,
    email: String,
    roles: Vec<Role>,
    active_role: Option<Role>,
    company_id: Option<String>,
    company_name: Option<String>,
    contact_role: Option<ContactRole>,
    must_change_password: bool,
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    /// The database's clock (the app's may differ from it).
    now: DateTime<Utc>,
}

impl CallerRow {
    /// Neither expired nor idle for longer than `idle_secs`.
    fn usable(&self, idle_secs: i64) -> bool {
        self.expires_at > self.now
            && self.last_seen_at > self.now - chrono::Duration::seconds(idle_secs)
    }
}

fn clip(s: Option<&str>, max: usize) -> Option<String> {
    s.map(|s| s.chars().take(max).collect())
}

/// The statement that opens a session, for a [`crate::server::db::Change`] that also
/// writes the audit row. Binds `$session_*`.
pub fn create_statement(
    change: crate::server::db::Change,
    token: &SessionToken,
    person_id: &str,
    active_role: Option<Role>,
    client: &Client,
) -> crate::server::db::Change {
    change
        .statement(
            "DELETE session WHERE expires_at < time::now()",
        )
        .statement(
            "CREATE session SET token_hash = $session_hash, person = type::record('person', $session_person),
                 active_role = $session_role, expires_at = time::now() + <duration> $session_ttl,
                 last_seen_at = time::now(), ip = $session_ip, user_agent = $session_agent",
        )
        .bind("session_hash", token.hash())
        .bind("session_person", person_id.to_owned())
        .bind("session_role", active_role.map(|r| r.slug().to_owned()))
        .bind("session_ttl", format!("{LIFETIME_SECS}s"))
        .bind("session_ip", client.ip.clone())
        .bind("session_agent", clip(client.user_agent.as_deref(), 300))
}

/// Opens a session (tests and tools; sign-in audits it through [`create_statement`]).
pub async fn create(db: &Db, person_id: &str, active_role: Option<Role>) -> Result<SessionToken> {
    let token = SessionToken::generate()?;
    create_statement(
        crate::server::db::Change::new(),
        &token,
        person_id,
        active_role,
        &Client::default(),
    )
    .commit(db)
    .await?;
    Ok(token)
}

/// The caller behind a token, if the session exists, is neither expired nor idle for
/// longer than `idle_secs`, and the person is active. Marks the session as used (at most
/// once a minute).
///
/// One read by the token's hash alone, checked here against the database's clock: with the
/// time conditions in its WHERE, the planner also walked the expiry index (every live
/// session) on each request, and the unconditional touch was a second statement.
pub async fn lookup(db: &Db, token: &SessionToken, idle_secs: i64) -> Result<Option<Caller>> {
    let hash = token.hash();
    let mut res = db
        .query(
            "SELECT record::id(id) AS session_id, record::id(person) AS person_id,
                    person.name AS name, person.email AS email,
                    person.roles AS roles, active_role,
                    IF person.company THEN record::id(person.company) END AS company_id,
                    person.company.name AS company_name, person.contact_role AS contact_role,
                    person.must_change_password ?? false AS must_change_password,
                    expires_at, last_seen_at, time::now() AS now
             FROM session WHERE token_hash = $hash AND person.active = true LIMIT 1",
        )
        .bind(("hash", hash))
        .await?;
    let Some(r) = first::<CallerRow>(&mut res, 0)? else {
        return Ok(None);
    };
    if !r.usable(idle_secs) {
        return Ok(None);
    }
    if r.last_seen_at < r.now - chrono::Duration::seconds(TOUCH_EVERY_SECS) {
        // Best effort: a page's parallel calls (or several tabs) find it due at once, and
        // all their writes but one conflict; any one marks the session used.
        let touched = db
            .query("UPDATE type::record('session', $sess) SET last_seen_at = time::now()")
            .bind(("sess", r.session_id.clone()))
            .await
            .and_then(|res| res.check());
        if let Err(error) = touched {
            tracing::debug!(%error, "session already being marked used");
        }
    }
    Ok(Some(Caller {
        session_id: r.session_id,
        person_id: r.person_id,
        name: r.name,
        email: r.email,
        // A role removed since sign-in can no longer be acted as.
        active_role: r.active_role.filter(|a| r.roles.contains(a)),
        roles: r.roles,
        company_id: r.company_id,
        company_name: r.company_name,
        contact_role: r.contact_role,
        must_change_password: r.must_change_password,
    }))
}

/// The statement that sets the acting role (`$role`, `$sess`).
pub const SET_ROLE: &str = "UPDATE type::record('session', $sess) SET active_role = $role";

/// The statement that ends one session of a person (`$person`, `$sess`).
pub const END_ONE: &str = "DELETE session WHERE id = type::record('session', $sess)
     AND person = type::record('person', $person)";

/// The statement that ends every session of a person but one (`$person`, `$keep`).
pub const END_OTHERS: &str = "DELETE session WHERE person = type::record('person', $person)
     AND id != type::record('session', $keep)";

/// The statement that ends every session of a person (`$person`).
pub const END_ALL: &str = "DELETE session WHERE person = type::record('person', $person)";

#[derive(Deserialize)]
struct SessionRow {
    id: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    ip: Option<String>,
    user_agent: Option<String>,
}

/// The person's open sessions, most recently used first.
pub async fn list(db: &Db, caller: &Caller, idle_secs: i64) -> Result<Vec<SessionView>> {
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, created_at, last_seen_at, ip, user_agent FROM session
             WHERE person = type::record('person', $person) AND expires_at > time::now()
               AND last_seen_at > time::now() - <duration> $idle
             ORDER BY last_seen_at DESC",
        )
        .bind(("person", caller.person_id.clone()))
        .bind(("idle", format!("{idle_secs}s")))
        .await?;
    Ok(rows::<SessionRow>(&mut res, 0)?
        .into_iter()
        .map(|r| SessionView {
            current: r.id == caller.session_id,
            id: r.id,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            ip: r.ip,
            user_agent: r.user_agent,
        })
        .collect())
}
