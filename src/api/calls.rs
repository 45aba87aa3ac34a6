//! The phone (DOMAIN: "Phone"; issue 18 item 7): support logs every call — from a contact
//! or from someone without Extranet access — with what came of it (nothing, an existing
//! occurrence, a new one with channel `telefone`); leaves call-back messages for a named
//! analyst; and asks a customer to call. Support only: no prerequisites gate the phone.

use leptos::prelude::*;

use super::AppError;
use crate::domain::calls::{CallForm, CallView, CallbackView};
use crate::domain::occurrences::{OccurrenceNumber, OccurrenceView};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

#[cfg(feature = "ssr")]
const SUPPORT: &[Role] = &[Role::AnalystN1, Role::AnalystN2, Role::Coordinator];

/// Logs a call; returns the occurrence it was linked to or opened, if any. Every problem of
/// the form is listed at once and nothing is written.
#[server(endpoint = "registrar-ligacao")]
pub async fn log_call(form: CallForm) -> Result<Option<OccurrenceNumber>, AppError> {
    use crate::domain::calls::CallLog;
    let caller = super::require(SUPPORT).await?;
    let log = CallLog::parse(&form).map_err(AppError::invalid)?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    crate::server::calls::log::log_call(&state.db, &caller, &actor, &log).await
}

/// The latest 50 calls, newest first.
#[server(endpoint = "ligacoes")]
pub async fn recent_calls() -> Result<Vec<CallView>, AppError> {
    super::require(SUPPORT).await?;
    let state = super::state()?;
    Ok(crate::server::calls::log::recent(&state.db, 50).await?)
}

/// Leaves a call-back message for analyst `analyst_id`: it waits in their queue, with an
/// in-app notice, until they mark it done.
#[server(endpoint = "deixar-recado")]
pub async fn leave_callback(
    analyst_id: String,
    caller_name: String,
    caller_phone: String,
    company_id: String,
    message: String,
) -> Result<(), AppError> {
    use crate::domain::calls::CallbackNote;
    let caller = super::require(SUPPORT).await?;
    let note = CallbackNote::parse(
        &analyst_id,
        &caller_name,
        &caller_phone,
        &company_id,
        &message,
    )
    .map_err(AppError::invalid)?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    crate::server::calls::callbacks::leave(&state.db, &caller, &actor, &note).await
}

/// The caller's call-backs still to return, oldest first.
#[server(endpoint = "meus-recados")]
pub async fn my_callbacks() -> Result<Vec<CallbackView>, AppError> {
    let caller = super::require(SUPPORT).await?;
    let state = super::state()?;
    Ok(crate::server::calls::callbacks::pending_for(&state.db, &caller.person_id).await?)
}

/// Marks call-back `id` returned (its analyst, or the coordinator).
#[server(endpoint = "recado-retornado")]
pub async fn callback_done(id: String) -> Result<(), AppError> {
    let caller = super::require(SUPPORT).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    crate::server::calls::callbacks::done(&state.db, &caller, &actor, id.trim()).await
}

/// "Solicitar ligação": asks the customer of occurrence `number` to call support — a public
/// question naming support's phone and, if given, when to call — and the case waits for
/// the customer (the clock paused), as any question does.
#[server(endpoint = "solicitar-ligacao")]
pub async fn request_call(
    number: String,
    window: Option<String>,
    note: Option<String>,
) -> Result<OccurrenceView, AppError> {
    use crate::domain::calls::call_request_text;
    use crate::server::occurrences::{access, work};
    let caller = super::require(SUPPORT).await?;
    let state = super::state()?;
    let text = call_request_text(
        &state.support.phone,
        window.as_deref().unwrap_or_default(),
        note.as_deref().unwrap_or_default(),
    )
    .map_err(AppError::invalid)?;
    let actor = super::actor(&caller);
    let said = work::Said {
        text: &text,
        public_message: "",
        attachments: None,
        simulation: None,
    };
    let now = super::now();
    work::act(
        &state.db,
        &caller,
        &actor,
        &number,
        "ask_customer",
        &said,
        now,
    )
    .await?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::view_for(&state.db, &caller, &found, now).await
}
