//! Server functions: the only door from the browser to the server. Each one parses its
//! input into domain types, checks who may call it, and delegates to `server`.
//!
//! Level 0 (self-service) is public by design (`DOMAIN.md`: anyone, no login), so the
//! functions in `content` and `search` admit anonymous callers and only ever return
//! published content.

pub mod content;
pub mod search;

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

/// A user-facing message for bad input.
#[cfg(feature = "ssr")]
pub(crate) fn invalid(message: impl std::fmt::Display) -> leptos::prelude::ServerFnError {
    leptos::prelude::ServerFnError::new(message.to_string())
}
