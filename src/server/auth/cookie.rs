//! The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS.

use axum::http::{HeaderMap, header};

use super::token::SessionToken;

pub const NAME: &str = "suporte_sessao";

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

pub fn set(token: &SessionToken, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{NAME}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        token.expose(),
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear(secure: bool) -> String {
    format!(
        "{NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The session token sent by the browser, if any.
pub fn read(headers: &HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == NAME)
        .and_then(|(_, v)| SessionToken::from_cookie(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let t = SessionToken::generate().unwrap();
        let c = set(&t, 60, false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(set(&t, 60, true).ends_with("; Secure"));
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-proto", "https".parse().unwrap());
        assert!(is_https(&h));
        h.insert(
            header::COOKIE,
            format!("a=1; {NAME}={}", t.expose()).parse().unwrap(),
        );
        assert_eq!(read(&h).unwrap().hash(), t.hash());
    }
}
