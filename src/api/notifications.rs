//! The caller's in-app notifications: the list, the unread count the header shows, and
//! "mark all read". Each person only ever reads their own.

use leptos::prelude::*;

use super::AppError;
use crate::domain::notification::Inbox;

/// The latest 50 notifications of the caller.
#[server(endpoint = "notificacoes")]
pub async fn my_notifications() -> Result<Inbox, AppError> {
    let caller = super::signed_in().await?;
    let state = super::state()?;
    Ok(crate::server::notifications::inbox(&state.db, &caller.person_id, 50).await?)
}

/// How many unread notifications the caller has (0 when signed out: the header asks on
/// every page).
#[server(endpoint = "notificacoes-nao-lidas")]
pub async fn unread_notifications() -> Result<u32, AppError> {
    let Some(caller) = super::caller().await? else {
        return Ok(0);
    };
    let state = super::state()?;
    Ok(crate::server::notifications::unread(&state.db, &caller.person_id).await?)
}

#[server(endpoint = "marcar-notificacoes-lidas")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    let caller = super::signed_in().await?;
    let state = super::state()?;
    crate::server::notifications::mark_all_read(&state.db, &caller.person_id).await?;
    Ok(())
}
