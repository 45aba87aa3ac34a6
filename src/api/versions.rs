//! Weekly versions: the public list of published ones, the coordinator's register and
//! publish, and the analyst's "aguardar versão" on a fixed case.

use leptos::prelude::*;

use super::AppError;
use crate::domain::{occurrences::OccurrenceView, versions::VersionView};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;
#[cfg(feature = "ssr")]
use crate::server::versions::{self, Listing};

#[cfg(feature = "ssr")]
const SUPPORT: &[Role] = &[Role::AnalystN1, Role::AnalystN2, Role::Coordinator];

/// Published versions with their notes, newest first (public, like Level 0).
#[server(endpoint = "versoes")]
pub async fn published_versions() -> Result<Vec<VersionView>, AppError> {
    let state = super::state()?;
    Ok(versions::list(&state.db, Listing::Published).await?)
}

/// Every version with the cases waiting on each (support).
#[server(endpoint = "versoes-todas")]
pub async fn all_versions() -> Result<Vec<VersionView>, AppError> {
    super::require(SUPPORT).await?;
    let state = super::state()?;
    Ok(versions::list(&state.db, Listing::All).await?)
}

/// The versions a fixed case may wait on (registered, not yet published).
#[server(endpoint = "versoes-abertas")]
pub async fn open_versions() -> Result<Vec<VersionView>, AppError> {
    super::require(SUPPORT).await?;
    let state = super::state()?;
    Ok(versions::list(&state.db, Listing::Open).await?)
}

/// The coordinator registers a version: number (2026.49), planned date, notes (Markdown).
#[server(endpoint = "cadastrar-versao")]
pub async fn create_version(
    number: String,
    planned: String,
    notes: String,
) -> Result<(), AppError> {
    use crate::domain::versions::NewVersion;
    let caller = super::require(&[Role::Coordinator]).await?;
    if notes.len() > 200_000 {
        return Err(AppError::invalid("As notas da versão são grandes demais."));
    }
    let new = NewVersion::parse(&number, &planned, &notes).map_err(AppError::invalid)?;
    let state = super::state()?;
    versions::create(&state.db, &super::actor(&caller), &new).await
}

/// Publishes a version (once): the cases waiting on it are resolved now; the release
/// mail to every contact is written in the background. Returns how many cases it resolved.
#[server(endpoint = "publicar-versao")]
pub async fn publish_version(number: String) -> Result<u32, AppError> {
    use crate::domain::versions::VersionNumber;
    let caller = super::require(&[Role::Coordinator]).await?;
    let number = VersionNumber::parse(&number).map_err(AppError::invalid)?;
    let state = super::state()?;
    let published = versions::publish::publish(&state.db, &super::actor(&caller), number).await?;
    let db = state.db.clone();
    tokio::spawn(async move {
        // The periodic job finishes whatever this does not (a crash, a conflict).
        if let Err(e) = versions::release_mail::drain(&db).await {
            tracing::warn!(error = %format!("{e:#}"), "e-mail da versão: continua na próxima rodada");
        }
    });
    Ok(u32::try_from(published.resolved).unwrap_or(u32::MAX))
}

/// An analyst puts a fixed case to wait on `version`, with optional public words.
#[server(endpoint = "aguardar-versao")]
pub async fn await_version(
    number: String,
    version: String,
    message: String,
) -> Result<OccurrenceView, AppError> {
    use crate::server::occurrences::access;
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    versions::await_fix::await_version(&state.db, &caller, &actor, &number, &version, &message)
        .await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}
