//! The session cookie: HttpOnly, SameSite=Lax; `__Host-` and Secure when the configured
//! public URL is HTTPS (or, with no public URL set, Secure when a proxy says HTTPS).

use axum::http::{HeaderMap, header};

use super::token::SessionToken;
use crate::server::config::SecurityConfig;

pub const NAME: &str = "suporte_sessao";
/// Over HTTPS: the browser then refuses it from subdomains and over plain HTTP.
pub const HOST_NAME: &str = "__Host-suporte_sessao";

/// The cookie's name and whether it is `Secure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub name: &'static str,
    pub secure: bool,
}

pub fn policy(security: &SecurityConfig, headers: &HeaderMap) -> Policy {
    if security.https() {
        Policy {
            name: HOST_NAME,
            secure: true,
        }
    } else {
        Policy {
            name: NAME,
            secure: security.public_url.is_none() && is_https(headers),
        }
    }
}

/// True when the browser reached us over HTTPS (directly or through a proxy).
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
        || headers
            .get(header::FORWARDED)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"))
}

pub fn set(p: Policy, token: &SessionToken, max_age_secs: i64) -> String {
    format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        p.name,
        token.expose(),
        if p.secure { "; Secure" } else { "" }
    )
}

pub fn clear(p: Policy) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        p.name,
        if p.secure { "; Secure" } else { "" }
    )
}

/// The session token sent by the browser under the policy's name, if any.
pub fn read(p: Policy, headers: &HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == p.name)
        .and_then(|(_, v)| SessionToken::from_cookie(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::config::PublicUrl;

    #[test]
    fn cookies_are_http_only_lax_and_host_prefixed_when_the_site_is_https() {
        let t = SessionToken::generate().unwrap();
        let plain = policy(&SecurityConfig::default(), &HeaderMap::new());
        let c = set(plain, &t, 60);
        assert!(c.starts_with("suporte_sessao="), "{c}");
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));

        let https = SecurityConfig {
            public_url: Some(PublicUrl::parse("https://suporte.uno.example").unwrap()),
            ..SecurityConfig::default()
        };
        let p = policy(&https, &HeaderMap::new());
        let c = set(p, &t, 60);
        assert!(
            c.starts_with("__Host-suporte_sessao=") && c.ends_with("; Secure"),
            "{c}"
        );

        // No public URL: a proxy's word is the fallback for Secure.
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-proto", "https".parse().unwrap());
        assert!(policy(&SecurityConfig::default(), &h).secure);
        // A configured plain-HTTP URL is not overridden by a header.
        let http = SecurityConfig {
            public_url: Some(PublicUrl::parse("http://intranet:3000").unwrap()),
            ..SecurityConfig::default()
        };
        assert!(!policy(&http, &h).secure);

        h.insert(
            header::COOKIE,
            format!("a=1; {HOST_NAME}={}", t.expose()).parse().unwrap(),
        );
        assert_eq!(read(p, &h).unwrap().hash(), t.hash());
        assert!(read(plain, &h).is_none());
    }
}
