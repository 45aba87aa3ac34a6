//! Server functions: the only door from the browser to the server. Each one parses its
//! input into domain types, checks who may call it, and delegates to `server`.
//!
//! Level 0 (self-service) is public by design (`DOMAIN.md`: anyone, no login), so the
//! functions in `content` and `search` admit anonymous callers and only ever return
//! published content.

pub mod content;
pub mod search;

use leptos::prelude::ServerFnError;

/// The shared server state, or an error when a function runs outside a request.
#[cfg(feature = "ssr")]
pub(crate) fn state() -> Result<crate::server::state::AppState, ServerFnError> {
    leptos::prelude::use_context::<crate::server::state::AppState>()
        .ok_or_else(|| ServerFnError::new("estado do servidor indisponível"))
}

/// Logs the cause on the server and tells the browser only that something failed.
#[cfg(feature = "ssr")]
pub(crate) fn internal(e: anyhow::Error) -> ServerFnError {
    tracing::error!(error = %format!("{e:#}"), "server function failed");
    ServerFnError::new("Erro interno no servidor. Tente novamente em instantes.")
}

/// A user-facing message for bad input.
pub(crate) fn invalid(message: impl std::fmt::Display) -> ServerFnError {
    ServerFnError::new(message.to_string())
}
