//! Who has an occurrence: reassigning one (the coordinator, or the owner handing over),
//! the analysts it may go to, and an analyst's open cases reassigned in one step when they
//! leave or are away.

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrences::{OccurrenceNumber, OccurrenceView};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// An analyst a case may be given to.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Assignee {
    pub id: String,
    pub name: String,
    pub level: u8,
    pub available: bool,
}

/// The active analysts, by name (support only).
#[server(endpoint = "responsaveis")]
pub async fn assignees() -> Result<Vec<Assignee>, AppError> {
    super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::accounts::people::analysts(&state.db)
        .await?
        .into_iter()
        .filter(|a| a.active)
        .map(|a| Assignee {
            id: a.id,
            name: a.name,
            level: a.level,
            available: a.available,
        })
        .collect())
}

/// Gives occurrence `number` to analyst `to`, with the reason support reads. Returns the
/// page as the caller now sees it.
#[server(endpoint = "reatribuir")]
pub async fn reassign_occurrence(
    number: String,
    to: String,
    reason: String,
) -> Result<OccurrenceView, AppError> {
    use crate::server::occurrences::{access, reassign};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    reassign::reassign(&state.db, &caller, &actor, &number, &to, &reason).await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}

/// The open cases an analyst owns (the coordinator, before deactivating them or while
/// they are away).
#[server(endpoint = "casos-abertos")]
pub async fn open_cases(person_id: String) -> Result<Vec<OccurrenceNumber>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::occurrences::reassign::open_cases_of(&state.db, &person_id).await?)
}

/// What a reassignment of several cases did: the ones moved, and those that had moved on
/// meanwhile (closed, or reassigned by someone else) with why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reassigned {
    pub moved: Vec<OccurrenceNumber>,
    pub refused: Vec<(OccurrenceNumber, String)>,
}

/// Every open case of analyst `from` goes to `to`, with one reason: each is its own
/// guarded, audited change, so one that moved on meanwhile is reported, not forced.
#[server(endpoint = "reatribuir-todas")]
pub async fn reassign_all(
    from: String,
    to: String,
    reason: String,
) -> Result<Reassigned, AppError> {
    use crate::server::occurrences::reassign;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    if from.trim() == to.trim() {
        return Err(AppError::invalid(
            "Escolha outro analista para receber as ocorrências.",
        ));
    }
    let mut done = Reassigned {
        moved: Vec::new(),
        refused: Vec::new(),
    };
    for number in reassign::open_cases_of(&state.db, &from).await? {
        let path = number.path_part();
        match reassign::reassign(&state.db, &caller, &actor, &path, &to, &reason).await {
            Ok(_) => done.moved.push(number),
            // Bad input (no reason, inactive analyst) is the same for every case: say it once.
            Err(e @ AppError::Invalid(_)) => return Err(e),
            Err(e) => done.refused.push((number, e.to_string())),
        }
    }
    Ok(done)
}
