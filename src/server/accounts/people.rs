//! People: accounts of customer contacts, analysts and coordinators.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::password::PasswordHash;
use crate::domain::accounts::views::AnalystView;
use crate::domain::accounts::{ContactRole, Email, Role};
use crate::server::db::{Change, Db, IdRow, first, rows};

/// What is needed to create an account.
pub struct NewPerson {
    pub email: Email,
    pub name: String,
    pub password: PasswordHash,
    pub roles: Vec<Role>,
    pub company_id: Option<String>,
    pub contact_role: Option<ContactRole>,
    pub modules: Vec<String>,
    pub segments: Vec<String>,
}

#[derive(Serialize)]
struct PersonRecord<'a> {
    email: &'a str,
    name: &'a str,
    password_hash: &'a str,
    roles: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_role: Option<&'static str>,
    modules: &'a [String],
    segments: &'a [String],
    must_change_password: bool,
}

/// How long a temporary password (given by the coordination) may be used.
pub const TEMPORARY_PASSWORD_HOURS: i64 = 72;

/// A new record key, chosen here so one transaction can create a record and refer to it.
pub fn new_id() -> Result<String> {
    let mut bytes = [0u8; 10];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("sem entropia: {e}"))?;
    Ok(hex::encode(bytes))
}

/// Adds the creation of the account to `change`; returns the new person's id. A taken
/// e-mail makes the whole change fail on the UNIQUE index (see `db::is_unique_violation`),
/// so two concurrent creations cannot both succeed, nor half of one.
pub fn create(
    change: Change,
    p: &NewPerson,
    must_change_password: bool,
) -> Result<(Change, String)> {
    let id = new_id()?;
    let record = PersonRecord {
        email: p.email.as_str(),
        name: p.name.trim(),
        password_hash: p.password.as_phc(),
        roles: p.roles.iter().map(|r| r.slug()).collect(),
        contact_role: p.contact_role.map(|c| c.slug()),
        modules: &p.modules,
        segments: &p.segments,
        must_change_password,
    };
    let change = change
        .statement(
            "CREATE type::record('person', $person_id) CONTENT $person_record;
             IF $person_record.must_change_password THEN (UPDATE type::record('person', $person_id)
                 SET temporary_password_at = time::now()) END;
             IF $person_company THEN (UPDATE type::record('person', $person_id)
                 SET company = type::record('company', $person_company)) END",
        )
        .bind("person_id", id.clone())
        .bind("person_record", serde_json::to_value(&record)?)
        .bind("person_company", p.company_id.clone());
    Ok((change, id))
}

pub async fn find_id(db: &Db, email: &str) -> Result<Option<String>> {
    let mut res = db
        .query("SELECT record::id(id) AS id FROM person WHERE email = $email")
        .bind(("email", email.to_owned()))
        .await?;
    Ok(first::<IdRow>(&mut res, 0)?.map(|i| i.id))
}

/// What sign-in needs of an active account.
pub struct Credentials {
    pub id: String,
    pub name: String,
    pub hash: PasswordHash,
    pub roles: Vec<Role>,
    /// A temporary password older than [`TEMPORARY_PASSWORD_HOURS`] is in place.
    pub temporary_expired: bool,
}

/// The credentials of the active account with this e-mail, for sign-in.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        password_hash: String,
        roles: Vec<Role>,
        temporary_expired: bool,
    }
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, name, password_hash, roles,
                 (must_change_password ?? false) AND temporary_password_at != NONE
                     AND temporary_password_at < time::now() - <duration> $valid AS temporary_expired
             FROM person WHERE email = $email AND active = true",
        )
        .bind(("email", email.to_owned()))
        .bind(("valid", format!("{TEMPORARY_PASSWORD_HOURS}h")))
        .await?;
    Ok(first::<Row>(&mut res, 0)?.map(|r| Credentials {
        id: r.id,
        name: r.name,
        hash: PasswordHash::from_phc(r.password_hash),
        roles: r.roles,
        temporary_expired: r.temporary_expired,
    }))
}

pub async fn password_hash(db: &Db, person_id: &str) -> Result<Option<PasswordHash>> {
    #[derive(Deserialize)]
    struct Row {
        password_hash: String,
    }
    let mut res = db
        .query("SELECT password_hash FROM type::record('person', $id)")
        .bind(("id", person_id.to_owned()))
        .await?;
    Ok(first::<Row>(&mut res, 0)?.map(|r| PasswordHash::from_phc(r.password_hash)))
}

/// Sets a new password hash (`$pw_person`, `$pw_hash`, `$pw_temporary`).
pub fn set_password(
    change: Change,
    person_id: &str,
    hash: &PasswordHash,
    temporary: bool,
) -> Change {
    change
        .statement(
            "UPDATE type::record('person', $pw_person) SET password_hash = $pw_hash,
                 must_change_password = $pw_temporary,
                 temporary_password_at = IF $pw_temporary THEN time::now() END",
        )
        .bind("pw_person", person_id.to_owned())
        .bind("pw_hash", hash.as_phc().to_owned())
        .bind("pw_temporary", temporary)
}

/// Whether `person_id` exists, with their name, e-mail and active flag.
pub async fn summary(db: &Db, person_id: &str) -> Result<Option<PersonSummary>> {
    let mut res = db
        .query("SELECT record::id(id) AS id, name, email, active, roles FROM type::record('person', $id)")
        .bind(("id", person_id.to_owned()))
        .await?;
    first(&mut res, 0)
}

#[derive(Clone, Debug, Deserialize)]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    pub active: bool,
    pub roles: Vec<Role>,
}

pub async fn count_with_role(db: &Db, role: Role) -> Result<i64> {
    #[derive(Deserialize)]
    struct Row {
        n: i64,
    }
    let mut res = db
        .query("SELECT count() AS n FROM person WHERE $role IN roles GROUP ALL")
        .bind(("role", role.slug().to_owned()))
        .await?;
    Ok(first::<Row>(&mut res, 0)?.map_or(0, |r| r.n))
}

#[derive(Deserialize)]
struct AnalystRow {
    id: String,
    name: String,
    email: String,
    roles: Vec<Role>,
    modules: Vec<String>,
    segments: Vec<String>,
    available: bool,
    active: bool,
}

pub async fn analysts(db: &Db) -> Result<Vec<AnalystView>> {
    analysts_where(db, None).await
}

async fn analysts_where(db: &Db, only: Option<&str>) -> Result<Vec<AnalystView>> {
    // One analyst is read by key: `$only = NONE OR id = …` is not planned, and read every
    // person (each contact of every company) on each queue page.
    let from = if only.is_some() {
        "type::record('person', $only)"
    } else {
        "person"
    };
    let mut res = db
        .query(format!(
            "SELECT record::id(id) AS id, name, email, roles, modules, segments, available, active FROM {from}
             WHERE ('analyst_n1' IN roles OR 'analyst_n2' IN roles) ORDER BY name"
        ))
        .bind(("only", only.map(str::to_owned)))
        .await?;
    Ok(rows::<AnalystRow>(&mut res, 0)?
        .into_iter()
        .map(|r| AnalystView {
            level: if r.roles.contains(&Role::AnalystN2) {
                2
            } else {
                1
            },
            id: r.id,
            name: r.name,
            email: r.email,
            modules: r.modules,
            segments: r.segments,
            available: r.available,
            active: r.active,
        })
        .collect())
}

pub fn set_analyst_profile(
    change: Change,
    person_id: &str,
    roles: &[Role],
    modules: &[String],
    segments: &[String],
    available: bool,
) -> Change {
    change
        .statement(
            "UPDATE type::record('person', $an_id) SET roles = $an_roles, modules = $an_modules,
                 segments = $an_segments, available = $an_available",
        )
        .bind("an_id", person_id.to_owned())
        .bind(
            "an_roles",
            roles
                .iter()
                .map(|r| r.slug().to_owned())
                .collect::<Vec<_>>(),
        )
        .bind("an_modules", modules.to_vec())
        .bind("an_segments", segments.to_vec())
        .bind("an_available", available)
}

pub async fn roles_of(db: &Db, person_id: &str) -> Result<Vec<Role>> {
    #[derive(Deserialize)]
    struct Row {
        roles: Vec<Role>,
    }
    let mut res = db
        .query("SELECT roles FROM type::record('person', $id)")
        .bind(("id", person_id.to_owned()))
        .await?;
    Ok(first::<Row>(&mut res, 0)?
        .map(|r| r.roles)
        .unwrap_or_default())
}

pub fn set_available(change: Change, person_id: &str, available: bool) -> Change {
    change
        .statement("UPDATE type::record('person', $av_id) SET available = $av_available")
        .bind("av_id", person_id.to_owned())
        .bind("av_available", available)
}

/// Activates or deactivates an account; deactivation ends every session at once.
pub fn set_active(change: Change, person_id: &str, active: bool) -> Change {
    let change = change
        .statement("UPDATE type::record('person', $act_id) SET active = $act_active")
        .bind("act_id", person_id.to_owned())
        .bind("act_active", active);
    if active {
        change
    } else {
        change.statement("DELETE session WHERE person = type::record('person', $act_id)")
    }
}

/// One analyst, for the analyst's own availability.
pub async fn analyst(db: &Db, person_id: &str) -> Result<Option<AnalystView>> {
    Ok(analysts_where(db, Some(person_id))
        .await?
        .into_iter()
        .next())
}
