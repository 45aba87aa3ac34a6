//! Requests one client address (IPv6 by its /64) may have in flight on one app server: a
//! single client opening hundreds of slow requests is answered 429 beyond the bound,
//! instead of taking the server's shared slots from everyone else. Live streams do not
//! count (they are long by design).

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use crate::server::{accounts::throttle::client_key, http::client::client_ip, state::AppState};

/// In-flight requests per client address.
pub const PER_CLIENT: usize = 32;

/// The in-flight count of each client address of this server.
#[derive(Clone, Default)]
pub struct InFlight(Arc<Mutex<HashMap<String, usize>>>);

/// One request in flight; dropping it (answered, or the client went away) frees it.
struct Held {
    key: String,
    counts: InFlight,
}

impl InFlight {
    fn claim(&self, key: &str) -> Option<Held> {
        let mut counts = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let n = counts.entry(key.to_owned()).or_default();
        if *n >= PER_CLIENT {
            return None;
        }
        *n += 1;
        Some(Held {
            key: key.to_owned(),
            counts: self.clone(),
        })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut counts = self.counts.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = counts.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path() == "/eventos/ocorrencias" {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let Some(ip) = client_ip(peer, request.headers(), &state.security.trusted_proxies) else {
        // No peer (in-process tests): nothing to count by.
        return next.run(request).await;
    };
    let Some(_held) = state.in_flight.claim(&client_key(&ip.to_string())) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            "Pedidos demais ao mesmo tempo deste endereço; tente de novo em instantes.",
        )
            .into_response();
    };
    next.run(request).await
}
