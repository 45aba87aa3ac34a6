//! How long browsers keep the front end's files (`/pkg/`).
//!
//! Release builds name them after a hash of their content (`suporte.<hash>.wasm`): a new
//! build brings new names, so a name's bytes never change and browsers keep them a year
//! without asking again. Unhashed names (debug builds) are revalidated on every use.

use axum::{
    body::Body,
    http::{HeaderValue, Request, StatusCode, header},
    middleware::Next,
    response::Response,
};

/// Where the front end's files are served.
const PKG_PREFIX: &str = "/pkg/";
/// cargo-leptos' hashes: an MD5 in unpadded base64url.
const HASH_LEN: usize = 22;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// The caching policy of a request path, if it is one of the front end's files.
pub fn policy(path: &str) -> Option<&'static str> {
    let name = path.strip_prefix(PKG_PREFIX)?;
    Some(if is_hashed(name) {
        IMMUTABLE
    } else {
        REVALIDATE
    })
}

/// `stem.<hash>.ext`, the hash being 22 base64url characters.
fn is_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !name.contains('/')
        && !ext.is_empty()
        && !stem.is_empty()
        && hash.len() == HASH_LEN
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Sets the policy on the files' answers (overriding the `no-store` that signed-in
/// requests get: these bytes hold nobody's data).
pub async fn set(request: Request<Body>, next: Next) -> Response {
    let policy = policy(request.uri().path());
    let mut response = next.run(request).await;
    if let Some(policy) = policy
        && (response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED)
    {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_front_end_files_are_immutable_and_the_others_revalidated() {
        let hash = "Xq3nT8kP2wLm9vB4cR7yZA";
        assert_eq!(
            policy(&format!("/pkg/suporte.{hash}.wasm")),
            Some(IMMUTABLE)
        );
        assert_eq!(policy(&format!("/pkg/suporte.{hash}.js")), Some(IMMUTABLE));
        assert_eq!(
            policy(&format!("/pkg/__wasm_split.{hash}.js")),
            Some(IMMUTABLE)
        );
        assert_eq!(policy("/pkg/suporte.wasm"), Some(REVALIDATE));
        assert_eq!(policy("/pkg/suporte.short.css"), Some(REVALIDATE));
        assert_eq!(
            policy(&format!("/pkg/a/suporte.{hash}.js")),
            Some(REVALIDATE)
        );
        assert_eq!(policy(&format!("/pkg/.{hash}.js")), Some(REVALIDATE));
        assert_eq!(policy(&format!("/favicon.{hash}.svg")), None);
        assert_eq!(policy("/busca"), None);
    }
}
