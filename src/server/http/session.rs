//! Resolves the session cookie once per request; server functions and pages read the
//! result from the request (`Resolved`) instead of querying the database again.

use axum::{body::Body, extract::State, http::Request, middleware::Next, response::Response};

use crate::server::{
    accounts::{cookie, sessions, sessions::Caller},
    state::AppState,
};

/// Request extension: the caller behind the cookie (`None`: anonymous or ended session).
#[derive(Clone, Debug)]
pub struct Resolved(pub Option<Caller>);

pub async fn resolve(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let policy = cookie::policy(&state.security, request.headers());
    let caller = match cookie::read(policy, request.headers()) {
        None => None,
        Some(token) => {
            match sessions::lookup(&state.db, &token, state.security.idle_timeout_secs).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "session lookup failed");
                    return crate::server::http::errors::unavailable();
                }
            }
        }
    };
    let signed_in = caller.is_some();
    request.extensions_mut().insert(Resolved(caller));
    let mut response = next.run(request).await;
    if signed_in {
        // Pages for a signed-in person hold their data: never stored by browsers or proxies.
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    response
}
