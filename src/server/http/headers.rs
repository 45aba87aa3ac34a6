//! Security headers on every response.
//!
//! Pages get a Content-Security-Policy with the per-response nonce Leptos puts on its
//! inline scripts (set by the page renderer, see [`page_csp`]); every other response
//! gets the same policy without a nonce. Framing is refused, MIME sniffing off, the
//! referrer trimmed to the origin, and HSTS is sent when the public URL is HTTPS.

use axum::{
    body::Body,
    extract::State,
    http::{HeaderName, HeaderValue, Request, header},
    middleware::Next,
    response::Response,
};

use crate::server::state::AppState;

/// The policy; `nonce` admits the page's own inline scripts.
pub fn csp(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' https: data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's CSP with the nonce of this render (called while rendering a page).
pub fn page_csp() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = HeaderValue::from_str(&csp(Some(&nonce)))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

pub async fn add(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        // The policy is ASCII text of our own: always a valid header.
        match HeaderValue::from_str(&csp(None)) {
            Ok(policy) => {
                h.insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            Err(e) => tracing::error!(error = %e, "content security policy is not header text"),
        }
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if state.security.https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_refuses_framing_and_admits_only_the_page_nonce() {
        let p = csp(Some("abc"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(!csp(None).contains("nonce"));
        assert!(!p.contains("unsafe-inline"));
    }
}
