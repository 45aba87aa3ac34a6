//! The client's address and browser, resolved once per request.
//!
//! The address is the TCP peer's, unless the peer is a configured trusted proxy: then the
//! right-most `X-Forwarded-For` entry that is not itself a trusted proxy (what the outer
//! proxy saw). A client cannot forge its address by sending the header itself.

use axum::{
    body::Body,
    extract::{ConnectInfo, State},
    http::{HeaderMap, Request},
    middleware::Next,
    response::Response,
};
use std::net::{IpAddr, SocketAddr};

use crate::server::{accounts::sessions::Client, state::AppState};

/// Request extension with the resolved client.
#[derive(Clone, Debug)]
pub struct ClientInfo(pub Client);

pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .unwrap_or(peer),
    )
}

/// A local reverse proxy without `trusted-proxies`: every client looks like 127.0.0.1, so
/// they share one sign-in limit. Said once per process, not per request.
fn warn_untrusted_proxy_once() {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            "pedidos chegam de um proxy local com X-Forwarded-For, mas nenhum proxy é confiável: \
             todos os clientes parecem 127.0.0.1 e dividem o mesmo limite de tentativas de \
             entrada; defina `trusted-proxies` (Leptos.toml, [security]) ou TRUSTED_PROXIES=127.0.0.1"
        );
    });
}

pub async fn resolve(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let ip = client_ip(peer, request.headers(), &state.security.trusted_proxies);
    if state.security.trusted_proxies.is_empty()
        && peer.is_some_and(|p| p.is_loopback())
        && request.headers().contains_key("x-forwarded-for")
    {
        warn_untrusted_proxy_once();
    }
    let user_agent = request
        .headers()
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(300).collect());
    request.extensions_mut().insert(ClientInfo(Client {
        ip: ip.map(|i| i.to_string()),
        user_agent,
    }));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "6.6.6.6, 200.1.1.1".parse().unwrap());
        // Straight from the internet: the header is ignored.
        assert_eq!(client_ip(Some(ip("9.9.9.9")), &h, &[]), Some(ip("9.9.9.9")));
        // Behind our proxy: the address the proxy saw (the right-most), not a forged one.
        let proxy = [ip("10.0.0.1")];
        assert_eq!(
            client_ip(Some(ip("10.0.0.1")), &h, &proxy),
            Some(ip("200.1.1.1"))
        );
        assert_eq!(
            client_ip(Some(ip("10.0.0.1")), &HeaderMap::new(), &proxy),
            Some(ip("10.0.0.1"))
        );
    }
}
