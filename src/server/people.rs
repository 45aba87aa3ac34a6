//! People: accounts of customer contacts, analysts and coordinators.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::auth::password::PasswordHash;
use super::db::{Db, IdRow, first, rows};
use crate::domain::account::{ContactRole, Email, Role};
use crate::domain::admin::AnalystView;

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
}

/// Creates the account; fails with a clear message when the e-mail is taken.
pub async fn create(db: &Db, p: &NewPerson) -> Result<String> {
    if find_id(db, p.email.as_str()).await?.is_some() {
        anyhow::bail!(crate::domain::admin::EMAIL_TAKEN);
    }
    let record = PersonRecord {
        email: p.email.as_str(),
        name: p.name.trim(),
        password_hash: p.password.as_phc(),
        roles: p.roles.iter().map(|r| r.slug()).collect(),
        contact_role: p.contact_role.map(|c| c.slug()),
        modules: &p.modules,
        segments: &p.segments,
    };
    let mut res = db
        .query(
            "CREATE person CONTENT $record RETURN record::id(id) AS id;
             IF $company THEN (UPDATE person SET company = type::record('company', $company) WHERE email = $email) END;",
        )
        .bind(("record", serde_json::to_value(&record)?))
        .bind(("company", p.company_id.clone()))
        .bind(("email", p.email.as_str().to_owned()))
        .await?;
    let id = first::<IdRow>(&mut res, 0)?
        .map(|i| i.id)
        .ok_or_else(|| anyhow::anyhow!("pessoa não criada"))?;
    res.check()?;
    Ok(id)
}

pub async fn find_id(db: &Db, email: &str) -> Result<Option<String>> {
    let mut res = db
        .query("SELECT record::id(id) AS id FROM person WHERE email = $email")
        .bind(("email", email.to_owned()))
        .await?;
    Ok(first::<IdRow>(&mut res, 0)?.map(|i| i.id))
}

/// Id, password hash and default role of an active account, for sign-in.
pub async fn credentials(
    db: &Db,
    email: &str,
) -> Result<Option<(String, PasswordHash, Vec<Role>)>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        password_hash: String,
        roles: Vec<Role>,
    }
    let mut res = db
        .query("SELECT record::id(id) AS id, password_hash, roles FROM person WHERE email = $email AND active = true")
        .bind(("email", email.to_owned()))
        .await?;
    Ok(
        first::<Row>(&mut res, 0)?
            .map(|r| (r.id, PasswordHash::from_phc(r.password_hash), r.roles)),
    )
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

pub async fn set_password(db: &Db, person_id: &str, hash: &PasswordHash) -> Result<()> {
    db.query("UPDATE type::record('person', $id) SET password_hash = $hash")
        .bind(("id", person_id.to_owned()))
        .bind(("hash", hash.as_phc().to_owned()))
        .await?
        .check()?;
    Ok(())
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
}

pub async fn analysts(db: &Db) -> Result<Vec<AnalystView>> {
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, name, email, roles, modules, segments, available FROM person
             WHERE 'analyst_n1' IN roles OR 'analyst_n2' IN roles ORDER BY name",
        )
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
        })
        .collect())
}

pub async fn set_analyst_profile(
    db: &Db,
    person_id: &str,
    roles: &[Role],
    modules: &[String],
    segments: &[String],
    available: bool,
) -> Result<()> {
    db.query(
        "UPDATE type::record('person', $id) SET roles = $roles, modules = $modules, segments = $segments,
             available = $available",
    )
    .bind(("id", person_id.to_owned()))
    .bind(("roles", roles.iter().map(|r| r.slug().to_owned()).collect::<Vec<_>>()))
    .bind(("modules", modules.to_vec()))
    .bind(("segments", segments.to_vec()))
    .bind(("available", available))
    .await?
    .check()?;
    Ok(())
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

pub async fn set_available(db: &Db, person_id: &str, available: bool) -> Result<()> {
    db.query("UPDATE type::record('person', $id) SET available = $available")
        .bind(("id", person_id.to_owned()))
        .bind(("available", available))
        .await?
        .check()?;
    Ok(())
}
