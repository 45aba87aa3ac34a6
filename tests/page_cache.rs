//! The anonymous page cache through the real router against `mem://`: a repeat visit is
//! served from the cache with a fresh CSP nonce (the ETag names the content and the
//! nonce), `If-None-Match` gets a 304 that keeps the policy of the browser's copy, signed-in visitors and other pages are never cached, and a content change (seen by
//! the database's live feed) retires what was cached.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::http::{HeaderMap, StatusCode, header};
use common::http::get;
use common::{call_as, demo_state_with_accounts, session};
use suporte::domain::accounts::Role;

fn nonce(h: &HeaderMap) -> String {
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let start = csp.find("'nonce-").expect("a page nonce") + 7;
    csp[start..start + csp[start..].find('\'').unwrap()].to_owned()
}

#[tokio::test]
async fn repeat_visits_come_from_the_cache_with_fresh_nonces_and_304s() {
    let state = demo_state_with_accounts().await;
    let (s1, h1, b1) = get(&state, "/faq", &[]).await.parts();
    let (s2, h2, b2) = get(&state, "/faq", &[]).await.parts();
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    let etag = h1.get(header::ETAG).expect("an ETag").clone();
    assert_eq!(h2[header::CACHE_CONTROL], "no-cache");
    let (n1, n2) = (nonce(&h1), nonce(&h2));
    let digest = |h: &HeaderMap| {
        h[header::ETAG]
            .to_str()
            .unwrap()
            .split('.')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(digest(&h1), digest(&h2), "the same content");
    assert_eq!(etag.to_str().unwrap(), format!("{}.{n1}\"", digest(&h1)));
    assert_ne!(n1, n2, "a nonce is never served twice");
    assert!(b1.contains(&format!("nonce=\"{n1}\"")));
    assert!(b2.contains(&format!("nonce=\"{n2}\"")) && !b2.contains(&n1));
    assert_eq!(b1.replace(&n1, "N"), b2.replace(&n2, "N"), "the same page");

    // The browser keeps the first copy: the 304 must admit that copy's scripts (its headers
    // replace the kept ones; a fresh nonce would leave the page dead).
    let (s, h, b) = get(&state, "/faq", &[("if-none-match", etag.to_str().unwrap())])
        .await
        .parts();
    assert_eq!(s, StatusCode::NOT_MODIFIED);
    assert_eq!(h.get(header::ETAG), Some(&etag));
    assert_eq!(nonce(&h), n1, "the 304 keeps the policy of the kept copy");
    assert!(b.is_empty());
    // A tag with something else than a nonce is no match.
    let forged = format!("{}.x'y\"", digest(&h1));
    let (s, h, _) = get(&state, "/faq", &[("if-none-match", &forged)])
        .await
        .parts();
    assert_eq!(s, StatusCode::OK);
    assert_ne!(nonce(&h), n1);

    // A search is cached per query.
    let (_, a, _) = get(&state, "/busca?q=nota", &[]).await.parts();
    let (_, b, _) = get(&state, "/busca?q=versao", &[]).await.parts();
    assert_ne!(digest(&a), digest(&b));
}

#[tokio::test]
async fn a_thousand_unknown_parameters_leave_the_cached_home_page_cached() {
    let state = demo_state_with_accounts().await;
    let (s, _, _) = get(&state, "/", &[]).await.parts();
    assert_eq!(s, StatusCode::OK);
    assert!(state.pages.holds("/"), "the home page is cached");
    for n in 0..1_000 {
        let (s, _, _) = get(&state, &format!("/faq?x={n}"), &[]).await.parts();
        assert_eq!(s, StatusCode::OK, "/faq?x={n}");
    }
    assert!(
        state.pages.holds("/"),
        "1 000 /faq?x=N pushed the home page out of the cache"
    );
    assert!(state.pages.holds("/faq"));
    assert_eq!(
        state.pages.len(),
        2,
        "one entry per page read, not per parameter"
    );
}

#[tokio::test]
async fn signed_in_pages_and_other_paths_are_never_cached() {
    let state = demo_state_with_accounts().await;
    let cookie = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    for _ in 0..2 {
        let (s, h, body) = get(&state, "/faq", &[("cookie", &cookie)]).await.parts();
        assert_eq!(s, StatusCode::OK);
        assert!(h.get(header::ETAG).is_none());
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
        assert!(
            body.contains("data-testid=\"user-name\""),
            "the signed-in header"
        );
    }
    let (_, h, _) = get(&state, "/entrar", &[]).await.parts();
    assert!(h.get(header::ETAG).is_none());
    let (s, h, _) = get(&state, "/faq/nao-existe", &[]).await.parts();
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(h.get(header::ETAG).is_none());
}

#[tokio::test]
async fn a_content_change_retires_the_cached_pages() {
    use suporte::api::editor;
    let state = demo_state_with_accounts().await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let started = std::time::Instant::now();
    let (status, before, body) = get(&state, "/faq", &[]).await.parts();
    assert_eq!(status, StatusCode::OK, "after {:?}", started.elapsed());
    let etag = before[header::ETAG].clone();
    let first = {
        let start = body.find("href=\"/faq/").expect("an FAQ link") + "href=\"/faq/".len();
        body[start..start + body[start..].find('"').unwrap()].to_owned()
    };
    let revision = state.pages.revision().current();
    call_as(&state, Some(&coord), || {
        editor::set_content_published("faq".into(), first.clone(), false)
    })
    .await
    .unwrap();
    // The live feed moves the revision within a moment.
    for _ in 0..100 {
        if state.pages.revision().current() > revision {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        state.pages.revision().current() > revision,
        "the feed saw the change"
    );
    let started = std::time::Instant::now();
    let (status, after, body) = get(&state, "/faq", &[]).await.parts();
    assert_eq!(status, StatusCode::OK, "after {:?}", started.elapsed());
    let digest =
        |v: &axum::http::HeaderValue| v.to_str().unwrap().split('.').next().unwrap().to_owned();
    assert_ne!(digest(&after[header::ETAG]), digest(&etag), "new content");
    assert!(
        !body.contains(&format!("href=\"/faq/{first}\"")),
        "the unpublished item is gone"
    );
}
