//! Server functions: the only door from the browser to the server. Each one parses its
//! input into domain types, checks who may call it, and delegates to `server`.
//!
//! Level 0 (self-service) is public by design (`DOMAIN.md`: anyone, no login), so the
//! functions in `content` and `search` admit anonymous callers and only ever return
//! published content.

pub mod admin;
pub mod auth;
pub mod company;
pub mod content;
pub mod editor;
pub mod search;

/// Shown when a function needs a signed-in person.
pub const NOT_SIGNED_IN: &str = "Entre com a sua conta para continuar.";
/// Shown when the current role may not use a function.
pub const FORBIDDEN: &str = "O seu papel atual não tem acesso a esta função.";

/// The shared server state, or an error when a function runs outside a request.
#[cfg(feature = "ssr")]
pub(crate) fn state() -> Result<crate::server::state::AppState, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<crate::server::state::AppState>()
        .ok_or_else(|| leptos::prelude::ServerFnError::new("estado do servidor indisponível"))
}

/// Logs the cause on the server and tells the browser only that something failed.
#[cfg(feature = "ssr")]
pub(crate) fn internal(e: anyhow::Error) -> leptos::prelude::ServerFnError {
    tracing::error!(error = %format!("{e:#}"), "server function failed");
    leptos::prelude::ServerFnError::new("Erro interno no servidor. Tente novamente em instantes.")
}

/// A message for the person, answered with HTTP `status` (the default would be 500).
#[cfg(feature = "ssr")]
pub(crate) fn fail(
    status: axum::http::StatusCode,
    message: impl std::fmt::Display,
) -> leptos::prelude::ServerFnError {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    leptos::prelude::ServerFnError::new(message.to_string())
}

/// A user-facing message for bad input (HTTP 400).
#[cfg(feature = "ssr")]
pub(crate) fn invalid(message: impl std::fmt::Display) -> leptos::prelude::ServerFnError {
    fail(axum::http::StatusCode::BAD_REQUEST, message)
}

/// The person behind the request's session cookie, if the session is valid.
#[cfg(feature = "ssr")]
pub(crate) async fn caller()
-> Result<Option<crate::server::auth::sessions::Caller>, leptos::prelude::ServerFnError> {
    use crate::server::auth::{cookie, sessions};
    let state = state()?;
    let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() else {
        return Ok(None);
    };
    let Some(token) = cookie::read(&parts.headers) else {
        return Ok(None);
    };
    sessions::lookup(&state.db, &token).await.map_err(internal)
}

/// The caller, if signed in and currently acting as one of `allowed`.
#[cfg(feature = "ssr")]
pub(crate) async fn require(
    allowed: &[crate::domain::account::Role],
) -> Result<crate::server::auth::sessions::Caller, leptos::prelude::ServerFnError> {
    use axum::http::StatusCode;
    match caller().await? {
        None => Err(fail(StatusCode::UNAUTHORIZED, NOT_SIGNED_IN)),
        Some(c) if c.active_role.is_some_and(|r| allowed.contains(&r)) => Ok(c),
        Some(_) => Err(fail(StatusCode::FORBIDDEN, FORBIDDEN)),
    }
}
