//! The analyst queue a page at a time: with 1 500 occurrences seeded (~130 still open),
//! a queue shows 50, says how many it holds and what "ver mais" asks for next, keeps its
//! order from page to page (by oldest activity, or by the nearest deadline over every
//! matching case, not only the first page's), and never lists more than 500. On the
//! server pass the seed's 1 500-row writes also check that a burst of LIVE notifications
//! does not close the app's connection (the server's `SURREAL_WEBSOCKET_RESPONSE_CHANNEL_SIZE`).
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::http::get;
use common::volume;
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::occurrences::{self as oc, Queue};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::OccurrenceNumber;
use suporte::server::state::AppState;

const COORD: &str = "coordenacao@uno.example";

async fn todas(state: &AppState, cookie: &str, order: Option<&str>, shown: Option<u32>) -> Queue {
    call_as(state, Some(cookie), || {
        oc::occurrence_queue(
            "todas".into(),
            None,
            None,
            None,
            None,
            order.map(str::to_owned),
            None,
            None,
            shown,
        )
    })
    .await
    .unwrap()
}

fn numbers(q: &Queue) -> Vec<OccurrenceNumber> {
    q.items.iter().map(|o| o.number).collect()
}

#[tokio::test]
async fn a_queue_shows_a_page_says_how_many_and_keeps_its_order() {
    let state = demo_state_with_accounts().await;
    // ~130 open cases (debug SurrealDB seeds slowly: more would take minutes).
    volume::seed(&state.db, 1_500).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let open: Option<u64> = state
        .db
        .query("SELECT VALUE count() FROM occurrence WHERE state != 'encerrada' GROUP ALL")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let open = open.unwrap() as u32;
    assert!(open > 100, "the seed left {open} open cases");

    let first = todas(&state, &coord, None, None).await;
    assert_eq!(
        (first.items.len(), first.total, first.more),
        (50, open, Some(100))
    );
    let activity: Vec<_> = first.items.iter().map(|o| o.last_activity_at).collect();
    assert!(activity.is_sorted(), "oldest activity first: {activity:?}");
    let two = todas(&state, &coord, None, Some(100)).await;
    assert_eq!(two.items.len(), 100);
    assert_eq!(
        numbers(&two)[..50],
        numbers(&first)[..],
        "page two begins where one ended"
    );

    // By deadline: the page is the head of every matching case sorted, not of the first 50.
    let now = chrono::Utc::now();
    let all = todas(&state, &coord, Some("prazo"), Some(500)).await;
    assert_eq!(all.items.len(), open.min(500) as usize);
    let urgency: Vec<_> = all
        .items
        .iter()
        .map(|o| o.sla.urgency(o.sla.calendar(), now))
        .collect();
    assert!(urgency.is_sorted(), "nearest deadline first: {urgency:?}");
    let head = todas(&state, &coord, Some("prazo"), None).await;
    assert_eq!(numbers(&head), numbers(&all)[..50]);
    assert!(
        numbers(&head) != numbers(&first),
        "by deadline differs from by activity"
    );

    // Asked for more than a page holds: at most 500, and no further "ver mais".
    let most = todas(&state, &coord, None, Some(100_000)).await;
    assert_eq!(most.items.len(), open.min(500) as usize);
    assert_eq!(most.more, None);

    // The page says it and links to the next rows with the same filters.
    let html = get(
        &state,
        "/atendimento?fila=todas&ordem=prazo",
        &[("cookie", &coord)],
    )
    .await
    .text();
    let html = html.replace("&amp;", "&");
    let rows = html.matches("data-testid=\"occurrence-row\"").count();
    assert_eq!(rows, 50, "rows on the page");
    assert!(
        html.contains("href=\"/atendimento?mostrar=100&fila=todas&ordem=prazo\""),
        "no 'ver mais' link with the filters in the page"
    );
}
