//! Cross-site request forgery guard for every state-changing request.
//!
//! SameSite=Lax already keeps the session cookie off cross-site POSTs; this middleware
//! also refuses any non-GET request that a browser marks as coming from another site
//! (`Sec-Fetch-Site: cross-site`) or whose `Origin` is not an allowed host. With a public
//! URL or allowed hosts configured, both `Host` and `Origin` must be among them (a
//! rebound DNS name cannot pass); without, `Origin` must equal `Host`.

use axum::{
    body::Body,
    extract::State,
    http::{Method, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::server::{config::SecurityConfig, state::AppState};

pub fn is_cross_site(
    method: &Method,
    headers: &axum::http::HeaderMap,
    security: &SecurityConfig,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(|o| o.split_once("://").map_or(o, |(_, rest)| rest));
    if security.public_url.is_some() || !security.allowed_hosts.is_empty() {
        let host_ok = host.is_some_and(|h| security.host_allowed(h));
        let origin_ok = origin_host.is_none_or(|o| security.host_allowed(o));
        return !host_ok || !origin_ok;
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        _ => false,
    }
}

pub async fn guard(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    if is_cross_site(request.method(), request.headers(), &state.security) {
        return (StatusCode::FORBIDDEN, "Requisição de outro site recusada.").into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_foreign_mutations_are_refused() {
        let same = headers(&[
            ("host", "suporte.uno:3000"),
            ("origin", "http://suporte.uno:3000"),
        ]);
        let none = SecurityConfig::default();
        assert!(!is_cross_site(&Method::POST, &same, &none));
        let other = headers(&[
            ("host", "suporte.uno:3000"),
            ("origin", "https://evil.example"),
        ]);
        assert!(is_cross_site(&Method::POST, &other, &none));
        assert!(!is_cross_site(&Method::GET, &other, &none));
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "cross-site")]),
            &none
        ));
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "same-origin")]),
            &none
        ));
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("host", "a"), ("origin", "null")]),
            &none
        ));
    }

    #[test]
    fn configured_hosts_are_the_only_ones_accepted() {
        let cfg = SecurityConfig {
            public_url: Some(
                crate::server::config::PublicUrl::parse("https://suporte.uno").unwrap(),
            ),
            ..SecurityConfig::default()
        };
        let ok = headers(&[("host", "suporte.uno"), ("origin", "https://suporte.uno")]);
        assert!(!is_cross_site(&Method::POST, &ok, &cfg));
        // DNS rebinding: Origin equals Host, but neither is ours.
        let rebound = headers(&[("host", "evil.example"), ("origin", "http://evil.example")]);
        assert!(is_cross_site(&Method::POST, &rebound, &cfg));
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("host", "evil.example")]),
            &cfg
        ));
    }
}
