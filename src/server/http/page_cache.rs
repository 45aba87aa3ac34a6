//! Anonymous Level 0 pages (home, the section lists, articles, `/busca`) served from a cache
//! of rendered HTML, keyed by path + query and the content revision, so a visitor's page
//! costs a lookup instead of a render. Each answer carries its own CSP nonce (the cached
//! HTML's nonce is replaced by a fresh one per response) and an `ETag` naming the content
//! *and that nonce*: a repeat visit gets `304 Not Modified` with the policy of the copy the
//! browser kept. (A 304 updates the kept copy's headers; with a fresh nonce, or none, the
//! page's own scripts would be refused and it would never hydrate.) Signed-in pages, other
//! methods and other paths pass straight through.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use axum::{
    Extension,
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use super::{headers::csp, session::Resolved};
use crate::server::{content::changes::ContentRevision, state::AppState};

/// At most this many pages (oldest dropped first) and this large each.
const MAX_ENTRIES: usize = 500;
const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// A page is rendered again after this long even if no content changed: a part of it that
/// failed quietly once (e.g. the home's popular FAQs during a database hiccup) heals.
const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(300);

#[derive(Clone)]
struct Entry {
    revision: u64,
    stored_at: std::time::Instant,
    /// Of the body (with its first nonce); the ETag adds the nonce of each response.
    digest: String,
    content_type: HeaderValue,
    nonce: Option<String>,
    body: Bytes,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    order: VecDeque<String>,
}

/// The cache of one app server (its revision follows the database's content changes).
#[derive(Clone)]
pub struct PageCache {
    revision: ContentRevision,
    entries: Arc<Mutex<Entries>>,
}

impl PageCache {
    pub fn new(revision: ContentRevision) -> Self {
        Self {
            revision,
            entries: Arc::default(),
        }
    }

    pub fn revision(&self) -> &ContentRevision {
        &self.revision
    }

    /// Whether a page is kept under this key, and how many are (for tests and tools).
    pub fn holds(&self, key: &str) -> bool {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.map.contains_key(key)
    }

    pub fn len(&self) -> usize {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &str, revision: u64) -> Option<Entry> {
        // A request that panicked holding the lock left whole entries (each insert is one
        // step): the cache goes on serving instead of failing every later request.
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .map
            .get(key)
            .filter(|e| e.revision == revision && e.stored_at.elapsed() < MAX_AGE)
            .cloned()
    }

    fn put(&self, key: String, entry: Entry) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.map.insert(key.clone(), entry).is_none() {
            entries.order.push_back(key);
        }
        while entries.order.len() > MAX_ENTRIES {
            if let Some(old) = entries.order.pop_front() {
                entries.map.remove(&old);
            }
        }
    }
}

/// Whether `path` is a Level 0 page every visitor sees the same.
fn cacheable(path: &str) -> bool {
    const SECTIONS: [&str; 4] = ["faq", "manual", "blog", "ead"];
    let inner = path.trim_start_matches('/');
    match inner.split_once('/') {
        None => inner.is_empty() || inner == "busca" || SECTIONS.contains(&inner),
        Some((section, slug)) => {
            SECTIONS.contains(&section) && !slug.is_empty() && !slug.contains('/')
        }
    }
}

/// The query parameters these pages read (the search and its filters, also prefilled in
/// every page's search box); any other parameter changes nothing on them.
const KNOWN_PARAMS: [&str; 3] = ["q", "tipo", "modulo"];

/// The cache key of a page: its path and the parameters it reads, in a fixed order, so
/// `/faq?x=1`, `/faq?x=2`… are one entry instead of pushing the home page out. `None`
/// (not cached) when a parameter it reads is given twice: which one wins is the page's
/// business, not the cache's.
fn cache_key(path: &str, query: Option<&str>) -> Option<String> {
    let mut known: Vec<(&str, &str)> = Vec::new();
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if let Some(k) = KNOWN_PARAMS.iter().find(|k| **k == name) {
            if known.iter().any(|(n, _)| n == k) {
                return None;
            }
            known.push((k, value));
        }
    }
    known.sort_unstable();
    let query: Vec<String> = known.iter().map(|(n, v)| format!("{n}={v}")).collect();
    Some(if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    })
}

pub async fn serve(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if request.method() != Method::GET || caller.is_some() || !cacheable(path) {
        return next.run(request).await;
    }
    let Some(key) = cache_key(path, request.uri().query()) else {
        return next.run(request).await;
    };
    let revision = state.pages.revision.current();
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(entry) = state.pages.get(&key, revision) {
        return answer(&entry, if_none_match.as_ref());
    }
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !html
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        // Too large to keep (or broken): rendered again rather than half sent.
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let entry = Entry {
        revision,
        stored_at: std::time::Instant::now(),
        digest: digest(&bytes),
        content_type: parts.headers[header::CONTENT_TYPE].clone(),
        nonce: nonce_of(&parts.headers),
        body: bytes.clone(),
    };
    state.pages.put(key, entry.clone());
    if let Some(kept) = kept_nonce(&entry, if_none_match.as_ref()) {
        return not_modified(&entry, kept.as_deref());
    }
    let mut response = Response::from_parts(parts, Body::from(bytes));
    set_validators(response.headers_mut(), &entry, entry.nonce.as_deref());
    response
}

fn digest(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))[..24].to_owned()
}

/// `"<digest>.<nonce>"`, or `"<digest>"` for a page without a nonce.
fn etag(entry: &Entry, nonce: Option<&str>) -> Option<HeaderValue> {
    let tag = match nonce {
        Some(n) => format!("\"{}.{n}\"", entry.digest),
        None => format!("\"{}\"", entry.digest),
    };
    // Hex and checked nonce characters: always valid header text.
    HeaderValue::from_str(&tag).ok()
}

/// The nonce of the page's CSP (`'nonce-…'`), if it has one.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let end = start + policy[start..].find('\'')?;
    Some(policy[start..end].to_owned())
}

/// If the browser's `If-None-Match` names this content: the nonce of the copy it kept
/// (`Some(None)` for a page without one). A nonce that is not one we could have made is
/// no match.
fn kept_nonce(entry: &Entry, if_none_match: Option<&HeaderValue>) -> Option<Option<String>> {
    let tags = if_none_match?.to_str().ok()?;
    tags.split(',').find_map(|tag| {
        let tag = tag.trim().trim_start_matches("W/").trim_matches('"');
        let (digest, nonce) = match tag.split_once('.') {
            Some((d, n)) => (d, Some(n)),
            None => (tag, None),
        };
        if digest != entry.digest || nonce.is_some() != entry.nonce.is_some() {
            return None;
        }
        match nonce {
            Some(n) if !could_be_ours(n) => None,
            n => Some(n.map(str::to_owned)),
        }
    })
}

/// Our nonces are hex (cached pages) or base64url (Leptos), 16 bytes' worth.
fn could_be_ours(nonce: &str) -> bool {
    (1..=64).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn set_validators(h: &mut HeaderMap, entry: &Entry, nonce: Option<&str>) {
    if let Some(tag) = etag(entry, nonce) {
        h.insert(header::ETAG, tag);
    }
    // Browsers may keep it but must ask (a cheap 304) before showing it again.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

/// 304 with the policy of the copy the browser kept: a 304's headers replace the kept ones.
fn not_modified(entry: &Entry, kept: Option<&str>) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    let h = response.headers_mut();
    set_validators(h, entry, kept);
    if let Ok(v) = HeaderValue::from_str(&csp(kept)) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

/// The cached page with a fresh nonce (a nonce is never served twice).
fn answer(entry: &Entry, if_none_match: Option<&HeaderValue>) -> Response {
    if let Some(kept) = kept_nonce(entry, if_none_match) {
        return not_modified(entry, kept.as_deref());
    }
    let (body, nonce) = match &entry.nonce {
        Some(old) => {
            let fresh = fresh_nonce();
            (
                replace(&entry.body, old.as_bytes(), fresh.as_bytes()),
                Some(fresh),
            )
        }
        None => (entry.body.to_vec(), None),
    };
    let policy = csp(nonce.as_deref());
    let mut response = Body::from(body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, entry.content_type.clone());
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    set_validators(h, entry, nonce.as_deref());
    response
}

fn fresh_nonce() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    // A CSPRNG seeded from the OS (ChaCha, reseeded), without a syscall per response.
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// `haystack` with every `from` replaced by `to`.
fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len() + 64);
    let mut rest = haystack;
    let finder = memchr::memmem::Finder::new(from);
    while let Some(i) = finder.find(rest) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(to);
        rest = &rest[i + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_level_0_pages_are_cacheable() {
        for p in ["/", "/busca", "/faq", "/manual/emitir-nfe", "/ead/curso"] {
            assert!(cacheable(p), "{p}");
        }
        for p in [
            "/entrar",
            "/ocorrencias",
            "/faq/a/b",
            "/coordenacao/sla",
            "/api/x",
            "/planos",
        ] {
            assert!(!cacheable(p), "{p}");
        }
    }

    #[test]
    fn the_key_holds_the_path_and_only_the_parameters_pages_read() {
        assert_eq!(cache_key("/faq", Some("x=1")).unwrap(), "/faq");
        assert_eq!(cache_key("/faq", Some("x=2&utm=a")).unwrap(), "/faq");
        assert_eq!(
            cache_key("/busca", Some("modulo=fiscal&x=9&q=nota")).unwrap(),
            "/busca?modulo=fiscal&q=nota"
        );
        assert_eq!(
            cache_key("/busca", Some("q=nota&modulo=fiscal")),
            cache_key("/busca", Some("modulo=fiscal&q=nota"))
        );
        assert_eq!(cache_key("/", None).unwrap(), "/");
        assert_eq!(cache_key("/busca", Some("q=a&q=b")), None);
    }

    #[test]
    fn every_nonce_is_replaced() {
        let page = b"<script nonce=\"abc\">1</script><link nonce=\"abc\">";
        assert_eq!(
            replace(page, b"abc", b"xyz12"),
            b"<script nonce=\"xyz12\">1</script><link nonce=\"xyz12\">".to_vec()
        );
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp(Some("n0nc3"))).unwrap(),
        );
        assert_eq!(nonce_of(&h).as_deref(), Some("n0nc3"));
    }
}
