//! Live streams are bounded: eight per person, and they close as soon as the session they
//! were opened with ends or switches role; a temporary password opens none.

#![cfg(feature = "ssr")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::{Body, BodyDataStream};
use axum::http::{Request, StatusCode};
use common::{accounts_state_with_security, call_as, demo_state_with_accounts, session};
use futures::StreamExt;
use std::time::Duration;
use suporte::api::accounts::session as session_api;
use suporte::domain::accounts::Role;
use tower::ServiceExt;

const N1: &str = "ana.n1@uno.example";
const COORD: &str = "coordenacao@uno.example";

async fn subscribe(router: &axum::Router, cookie: &str) -> axum::response::Response {
    router
        .clone()
        .oneshot(
            Request::get("/eventos/ocorrencias")
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap()
}

/// Waits (at most `within`) for the stream to end; what it still sent is returned on failure.
async fn ends_within(stream: &mut BodyDataStream, within: Duration) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + within;
    let mut seen = String::new();
    loop {
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => return Err(format!("still open after {within:?}; it sent {seen:?}")),
            Ok(None) => return Ok(()),
            Ok(Some(chunk)) => seen.push_str(&String::from_utf8_lossy(&chunk.unwrap())),
        }
    }
}

#[tokio::test]
async fn the_ninth_stream_is_refused_and_a_sign_out_closes_the_others() {
    let state = demo_state_with_accounts().await;
    let router = suporte::app::router(state.clone());
    let cookie = session(&state, N1, Some(Role::AnalystN1)).await;
    let mut open = Vec::new();
    let mut refused = 0;
    for i in 0..100 {
        let res = subscribe(&router, &cookie).await;
        match res.status() {
            StatusCode::OK => open.push(res.into_body().into_data_stream()),
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(i >= 8, "stream {i} refused");
                assert_eq!(res.headers()["retry-after"], "30");
                refused += 1;
            }
            other => panic!("stream {i}: {other}"),
        }
    }
    assert_eq!((open.len(), refused), (8, 92));
    // Someone else still gets theirs.
    let other = session(&state, COORD, Some(Role::Coordinator)).await;
    let theirs = subscribe(&router, &other).await;
    assert_eq!(theirs.status(), StatusCode::OK);
    let mut theirs = theirs.into_body().into_data_stream();

    call_as(&state, Some(&cookie), session_api::sign_out)
        .await
        .unwrap();
    for (i, s) in open.iter_mut().enumerate() {
        ends_within(s, Duration::from_secs(1))
            .await
            .unwrap_or_else(|e| panic!("stream {i} after sign-out: {e}"));
    }
    assert!(
        ends_within(&mut theirs, Duration::from_millis(300))
            .await
            .is_err(),
        "another person's stream closed with the sign-out"
    );
    // The places are free again (for a new session of the same person).
    drop(open);
    let again = session(&state, N1, Some(Role::AnalystN1)).await;
    assert_eq!(subscribe(&router, &again).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_role_switch_closes_the_stream_and_a_temporary_password_opens_none() {
    let state = demo_state_with_accounts().await;
    let router = suporte::app::router(state.clone());
    let cookie = session(&state, COORD, Some(Role::Coordinator)).await;
    let res = subscribe(&router, &cookie).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut stream = res.into_body().into_data_stream();
    call_as(&state, Some(&cookie), || {
        session_api::switch_role("analyst_n2".into())
    })
    .await
    .unwrap();
    ends_within(&mut stream, Duration::from_secs(1))
        .await
        .unwrap_or_else(|e| panic!("after the role switch: {e}"));

    let id = suporte::server::accounts::people::find_id(&state.db, N1)
        .await
        .unwrap()
        .unwrap();
    state
        .db
        .query("UPDATE type::record('person', $id) SET must_change_password = true")
        .bind(("id", id))
        .await
        .unwrap()
        .check()
        .unwrap();
    let temporary = session(&state, N1, Some(Role::AnalystN1)).await;
    assert_eq!(
        subscribe(&router, &temporary).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_server_total_holds_for_everyone_and_a_stream_ends_after_its_lifetime() {
    let state = accounts_state_with_security(suporte::server::config::SecurityConfig {
        live_streams_max: 2,
        live_stream_lifetime: Duration::from_millis(500),
        ..Default::default()
    })
    .await;
    let router = suporte::app::router(state.clone());
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let bruno = session(&state, "bruno.n2@uno.example", Some(Role::AnalystN2)).await;
    let first = subscribe(&router, &ana).await;
    assert_eq!(first.status(), StatusCode::OK);
    let mut first = first.into_body().into_data_stream();
    let second = subscribe(&router, &coord).await;
    assert_eq!(second.status(), StatusCode::OK);
    let refused = subscribe(&router, &bruno).await;
    assert_eq!(
        refused.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a third stream on a server holding two"
    );
    // The lifetime ends the stream by itself (the browser then reconnects)...
    ends_within(&mut first, Duration::from_secs(2))
        .await
        .unwrap_or_else(|e| panic!("past its lifetime: {e}"));
    drop(first);
    // ...and its place goes to whoever asks next.
    assert_eq!(subscribe(&router, &bruno).await.status(), StatusCode::OK);
}
