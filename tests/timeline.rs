//! The timeline comes a page at a time (issue 20 item 6): the newest entries with the
//! page, older ones by "ver anteriores", each entry exactly once, a customer's pages
//! without internal notes whatever cursor they send.

// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use suporte::api::occurrences as oc;
use suporte::domain::accounts::Role;
use suporte::domain::error::AppError;
use suporte::domain::occurrences::{EntryKind, TIMELINE_PAGE, TimelineEntry};

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};

/// Every entry the caller can reach: the page's, then "ver anteriores" until none is left.
async fn all_pages(
    state: &suporte::server::state::AppState,
    cookie: &str,
    n: suporte::domain::occurrences::OccurrenceNumber,
) -> (Vec<TimelineEntry>, usize) {
    let first = page(state, cookie, n).await;
    assert!(first.timeline.len() <= TIMELINE_PAGE);
    let mut all = first.timeline;
    let mut more = first.earlier;
    let mut pages = 1;
    while more {
        let cursor = all[0].id.clone();
        let p = call_as(state, Some(cookie), || {
            oc::earlier_entries(n.path_part(), cursor)
        })
        .await
        .unwrap();
        assert!(
            !p.entries.is_empty(),
            "a page said there was more, and gave none"
        );
        more = p.earlier;
        let mut older = p.entries;
        older.append(&mut all);
        all = older;
        pages += 1;
    }
    (all, pages)
}

#[tokio::test]
async fn a_long_timeline_comes_in_pages_each_entry_once_and_notes_stay_with_support() {
    let state = demo_state_with_accounts().await;
    let gp = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let ana = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    let n = open(&state, &gp, "media", "Caso longo").await;
    act(&state, &ana, n, "take", "").await;
    for i in 0..120 {
        let action = if i % 3 == 0 { "note" } else { "reply" };
        act(&state, &ana, n, action, &format!("Mensagem {i:03}")).await;
    }

    let (support, pages) = all_pages(&state, &ana, n).await;
    assert!(pages >= 3, "{pages} pages");
    let texts: Vec<&str> = support
        .iter()
        .filter(|e| e.text.starts_with("Mensagem"))
        .map(|e| e.text.as_str())
        .collect();
    let expected: Vec<String> = (0..120).map(|i| format!("Mensagem {i:03}")).collect();
    assert_eq!(texts, expected, "every entry once, oldest first");
    assert_eq!(support.first().map(|e| e.kind), Some(EntryKind::Opened));

    let first = page(&state, &gp, n).await;
    assert_eq!(first.timeline.len(), TIMELINE_PAGE);
    assert!(first.earlier);
    assert_eq!(
        first.timeline.last().map(|e| e.text.as_str()),
        Some("Mensagem 119")
    );
    let (customer, _) = all_pages(&state, &gp, n).await;
    assert!(
        customer.iter().all(|e| e.public),
        "a note reached the customer"
    );
    assert_eq!(
        customer.len(),
        support.iter().filter(|e| e.public).count(),
        "the customer reaches every public entry"
    );

    // A note's id as a cursor is not one the customer may use.
    let note = support.iter().find(|e| !e.public).unwrap().id.clone();
    let e = call_as(&state, Some(&gp), || {
        oc::earlier_entries(n.path_part(), note)
    })
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
    // Another company's contact learns nothing, with a valid cursor either.
    let other = session(&state, "gp@alimentos.example", Some(Role::Customer)).await;
    let cursor = first.timeline[0].id.clone();
    let e = call_as(&state, Some(&other), || {
        oc::earlier_entries(n.path_part(), cursor)
    })
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
}

#[tokio::test]
async fn a_short_timeline_is_one_page() {
    let state = demo_state_with_accounts().await;
    let gp = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let n = open(&state, &gp, "media", "Caso curto").await;
    let p = page(&state, &gp, n).await;
    assert!(!p.earlier);
    assert_eq!(p.timeline.len(), 1);
}
