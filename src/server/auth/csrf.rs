//! Cross-site request forgery guard for every state-changing request.
//!
//! SameSite=Lax already keeps the session cookie off cross-site POSTs; this middleware
//! also refuses any non-GET request that a browser marks as coming from another site
//! (`Sec-Fetch-Site: cross-site`) or whose `Origin` is not this host.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub fn is_cross_site(method: &Method, headers: &axum::http::HeaderMap) -> bool {
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
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        _ => false,
    }
}

pub async fn guard(request: Request<Body>, next: Next) -> Response {
    if is_cross_site(request.method(), request.headers()) {
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
        assert!(!is_cross_site(&Method::POST, &same));
        let other = headers(&[
            ("host", "suporte.uno:3000"),
            ("origin", "https://evil.example"),
        ]);
        assert!(is_cross_site(&Method::POST, &other));
        assert!(!is_cross_site(&Method::GET, &other));
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(is_cross_site(
            &Method::POST,
            &headers(&[("host", "a"), ("origin", "null")])
        ));
    }
}
