//! Analysts: the coordinator creates and edits them, switches accounts off and on and
//! resets passwords; an analyst sets their own availability.

use leptos::prelude::*;

use crate::api::AppError;
use crate::domain::accounts::views::{AnalystView, CreatedAccount};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;
#[cfg(feature = "ssr")]
use crate::server::accounts::analyst_admin;

#[server(endpoint = "analistas")]
pub async fn list_analysts() -> Result<Vec<AnalystView>, AppError> {
    crate::api::require(&[Role::Coordinator]).await?;
    let state = crate::api::state()?;
    Ok(crate::server::accounts::people::analysts(&state.db).await?)
}

/// Creates (no `id`) or updates an analyst. A new account gets a one-time password.
#[server(endpoint = "salvar-analista")]
pub async fn save_analyst(
    id: Option<String>,
    name: String,
    email: String,
    level: u8,
    modules: String,
    segments: String,
    available: bool,
) -> Result<Option<CreatedAccount>, AppError> {
    use crate::domain::accounts::{Email, forms::AnalystProfile, parse_person_name};
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let profile =
        AnalystProfile::parse(level, &modules, &segments, available).map_err(AppError::invalid)?;
    let state = crate::api::state()?;
    let actor = crate::api::actor(&caller);
    match id.filter(|i| !i.is_empty()) {
        Some(id) => {
            analyst_admin::update_analyst(&state.db, &actor, &id, &profile).await?;
            Ok(None)
        }
        None => {
            let new = analyst_admin::NewAnalyst {
                email: Email::parse(&email).map_err(AppError::invalid)?,
                name: parse_person_name(&name).map_err(AppError::invalid)?,
            };
            let created = analyst_admin::create_analyst(&state.db, &actor, new, &profile).await?;
            Ok(Some(created))
        }
    }
}

/// Deactivates (ending every session at once) or reactivates a person's account.
#[server(endpoint = "ativar-pessoa")]
pub async fn set_person_active(person_id: String, active: bool) -> Result<(), AppError> {
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    if person_id == caller.person_id && !active {
        return Err(AppError::invalid(
            "Você não pode desativar a própria conta.",
        ));
    }
    let state = crate::api::state()?;
    let actor = crate::api::actor(&caller);
    analyst_admin::set_person_active(&state.db, &actor, &person_id, active).await
}

/// Gives a person a new one-time password (shown once to the coordinator), ending their
/// sessions; they must choose their own at the next sign-in.
#[server(endpoint = "redefinir-senha")]
pub async fn reset_password(person_id: String) -> Result<CreatedAccount, AppError> {
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let state = crate::api::state()?;
    analyst_admin::reset_password(&state.db, &crate::api::actor(&caller), &person_id).await
}

/// An analyst's own availability for new occurrences (e.g. away, in training).
#[server(endpoint = "minha-disponibilidade")]
pub async fn my_availability() -> Result<bool, AppError> {
    let caller = crate::api::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = crate::api::state()?;
    Ok(analyst_admin::analyst(&state.db, &caller.person_id)
        .await?
        .available)
}

#[server(endpoint = "definir-disponibilidade")]
pub async fn set_my_availability(available: bool) -> Result<bool, AppError> {
    let caller = crate::api::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = crate::api::state()?;
    let actor = crate::api::actor(&caller);
    analyst_admin::set_available(&state.db, &actor, &caller.person_id, available).await?;
    Ok(available)
}
