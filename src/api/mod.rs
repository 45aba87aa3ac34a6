//! Server functions: the only door from the browser to the server. Each one parses its
//! input into domain types, checks who may call it, and delegates to `server`. Every one
//! returns [`AppError`], whose kind decides the HTTP status.
//!
//! Level 0 (self-service) is public by design (`DOMAIN.md`: anyone, no login), so the
//! functions in `content` and `search` admit anonymous callers and only ever return
//! published content.

pub mod accounts;
pub mod audit;
pub mod calls;
pub mod content;
pub mod dashboard;
pub mod development;
pub mod editor;
pub mod estimates;
pub mod forwarding;
pub mod knowledge;
pub mod merge;
pub mod notifications;
pub mod occurrences;
pub mod offices;
pub mod ownership;
pub mod search;
pub mod sla;
pub mod versions;

pub use crate::domain::error::AppError;

#[cfg(feature = "ssr")]
use crate::server::{accounts::sessions::Caller, db::Actor, state::AppState};

/// An optional form value: trimmed, and `None` when empty ("any").
#[cfg(feature = "ssr")]
pub(crate) fn present(v: Option<String>) -> Option<String> {
    v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The shared server state (always present inside a request).
#[cfg(feature = "ssr")]
pub(crate) fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("server function called without the app state in context");
        AppError::Internal
    })
}

#[cfg(feature = "ssr")]
fn parts() -> Option<axum::http::request::Parts> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
}

/// Where the request came from (address as resolved by the proxy policy, browser).
#[cfg(feature = "ssr")]
pub(crate) fn client() -> crate::server::accounts::sessions::Client {
    parts()
        .and_then(|p| {
            p.extensions
                .get::<crate::server::http::client::ClientInfo>()
                .cloned()
        })
        .map(|c| c.0)
        .unwrap_or_default()
}

/// The person behind the request's session cookie, if the session is valid. Resolved once
/// per request by the session middleware; resolved here only outside the HTTP stack.
#[cfg(feature = "ssr")]
pub(crate) async fn caller() -> Result<Option<Caller>, AppError> {
    use crate::server::{accounts::cookie, accounts::sessions, http::session::Resolved};
    let Some(parts) = parts() else {
        return Ok(None);
    };
    if let Some(Resolved(caller)) = parts.extensions.get::<Resolved>() {
        return Ok(caller.clone());
    }
    let state = state()?;
    let policy = cookie::policy(&state.security, &parts.headers);
    let Some(token) = cookie::read(policy, &parts.headers) else {
        return Ok(None);
    };
    Ok(sessions::lookup(&state.db, &token, state.security.idle_timeout_secs).await?)
}

/// The signed-in caller, whatever role they act as (even with a temporary password).
#[cfg(feature = "ssr")]
pub(crate) async fn signed_in() -> Result<Caller, AppError> {
    caller().await?.ok_or(AppError::Unauthenticated)
}

/// The caller, if signed in, done with any temporary password, and currently acting as
/// one of `allowed`.
#[cfg(feature = "ssr")]
pub(crate) async fn require(allowed: &[crate::domain::accounts::Role]) -> Result<Caller, AppError> {
    crate::server::accounts::admission::admit(signed_in().await?, allowed)
}

/// The instant pages are told it is: now, or — on a test server with the test clock on —
/// the instant the browser test asked for (`server::http::test_clock`).
#[cfg(feature = "ssr")]
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    if let Some(t) = parts().and_then(|p| {
        p.extensions
            .get::<crate::server::http::test_clock::TestNow>()
            .copied()
    }) {
        return t.0;
    }
    chrono::Utc::now()
}

/// The audit log's view of a caller, with the request's address and browser.
#[cfg(feature = "ssr")]
pub(crate) fn actor(caller: &Caller) -> Actor {
    let client = client();
    Actor {
        person_id: Some(caller.person_id.clone()),
        name: caller.name.clone(),
        ip: client.ip,
        user_agent: client.user_agent,
    }
}
