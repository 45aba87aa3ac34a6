//! The coordinator's changes to people: analysts and their profile, accounts switched off
//! and on, passwords reset; and an analyst's own availability. Each change is audited and
//! committed with its audit row in one transaction.

use serde_json::json;

use super::{password, people, sessions};
use crate::domain::{
    accounts::{
        Email, Role,
        forms::AnalystProfile,
        views::{AnalystView, CreatedAccount},
    },
    error::AppError,
    rule::Rule,
};
use crate::server::db::{self, Actor, Change, Db};

/// The analyst with `id`, or `NotFound`.
pub async fn analyst(db: &Db, id: &str) -> Result<AnalystView, AppError> {
    people::analyst(db, id)
        .await?
        .ok_or_else(|| AppError::not_found("Analista não encontrado."))
}

/// A new analyst's account: name and e-mail as typed, already parsed.
pub struct NewAnalyst {
    pub name: String,
    pub email: Email,
}

/// Changes an analyst's level, specialities and availability (their other roles stay).
pub async fn update_analyst(
    db: &Db,
    actor: &Actor,
    id: &str,
    profile: &AnalystProfile,
) -> Result<(), AppError> {
    let before = analyst(db, id).await?;
    let mut roles: Vec<Role> = people::roles_of(db, id)
        .await?
        .into_iter()
        .filter(|r| !r.is_analyst())
        .collect();
    roles.push(profile.level);
    people::set_analyst_profile(
        Change::new(),
        id,
        &roles,
        &profile.modules,
        &profile.segments,
        profile.available,
    )
    .audit(
        actor,
        "analista alterado",
        &format!("pessoa:{id}"),
        Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?),
        Some(json!({
            "nivel": profile.level_number(), "modulos": profile.modules,
            "segmentos": profile.segments, "disponivel": profile.available,
        })),
    )
    .commit(db)
    .await?;
    Ok(())
}

/// Creates an analyst's account; returns the one-time password.
pub async fn create_analyst(
    db: &Db,
    actor: &Actor,
    new: NewAnalyst,
    profile: &AnalystProfile,
) -> Result<CreatedAccount, AppError> {
    let NewAnalyst { name, email } = new;
    if people::find_id(db, email.as_str()).await?.is_some() {
        return Err(Rule::EmailTaken.into());
    }
    let (temporary, password) = password::temporary().await?;
    let person = people::NewPerson {
        email: email.clone(),
        name: name.clone(),
        password,
        roles: vec![profile.level],
        company_id: None,
        contact_role: None,
        modules: profile.modules.clone(),
        segments: profile.segments.clone(),
    };
    let (change, id) = people::create(Change::new(), &person, true)?;
    let change = change.audit(
        actor,
        "analista criado",
        &format!("pessoa:{id}"),
        None,
        Some(json!({
            "nome": name, "email": email.as_str(), "nivel": profile.level_number(),
            "modulos": profile.modules,
        })),
    );
    db::commit_or(db, change, Rule::EmailTaken).await?;
    Ok(CreatedAccount {
        email: email.as_str().to_owned(),
        temporary_password: temporary,
    })
}

fn summary_missing() -> AppError {
    AppError::not_found("Pessoa não encontrada.")
}

/// Deactivates (ending every session at once) or reactivates a person's account.
pub async fn set_person_active(
    db: &Db,
    actor: &Actor,
    person_id: &str,
    active: bool,
) -> Result<(), AppError> {
    let person = people::summary(db, person_id)
        .await?
        .ok_or_else(summary_missing)?;
    people::set_active(Change::new(), person_id, active)
        .audit(
            actor,
            if active {
                "conta reativada"
            } else {
                "conta desativada"
            },
            &format!("pessoa:{person_id}"),
            Some(json!({ "email": person.email, "ativa": person.active })),
            Some(json!({ "email": person.email, "ativa": active })),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// Gives a person a new one-time password, ending their sessions.
pub async fn reset_password(
    db: &Db,
    actor: &Actor,
    person_id: &str,
) -> Result<CreatedAccount, AppError> {
    let person = people::summary(db, person_id)
        .await?
        .ok_or_else(summary_missing)?;
    let (temporary, hash) = password::temporary().await?;
    people::set_password(Change::new(), person_id, &hash, true)
        .statement(sessions::END_ALL)
        .bind("person", person_id.to_owned())
        .audit(
            actor,
            "senha redefinida",
            &format!("pessoa:{person_id}"),
            None,
            Some(json!({ "email": person.email })),
        )
        .commit(db)
        .await?;
    Ok(CreatedAccount {
        email: person.email,
        temporary_password: temporary,
    })
}

/// An analyst's own availability for new occurrences (e.g. away, in training).
pub async fn set_available(
    db: &Db,
    actor: &Actor,
    person_id: &str,
    available: bool,
) -> Result<(), AppError> {
    people::set_available(Change::new(), person_id, available)
        .audit(
            actor,
            "disponibilidade",
            &format!("pessoa:{person_id}"),
            Some(json!({ "disponivel": !available })),
            Some(json!({ "disponivel": available })),
        )
        .commit(db)
        .await?;
    Ok(())
}
