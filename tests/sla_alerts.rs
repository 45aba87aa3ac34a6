//! SLA warnings and breaches against `mem://`: recorded with the instant, mailed to the
//! owner and the coordinators through the outbox, kept from the customer, and exactly once
//! even when two app servers check at the same moment.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use chrono::{DateTime, Utc};
use common::occurrences::{open, set_opened_at};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::occurrences as oc;
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::OccurrenceNumber;
use suporte::server::sla::alerts::{Recorded, run_once};
use suporte::server::state::AppState;

const VIP_PM: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

async fn opened_at(state: &AppState, rfc3339: &str) -> OccurrenceNumber {
    let pm = session(state, VIP_PM, Some(Role::Customer)).await;
    // VIP / Alta: 2 h first response, 8 h solution.
    let n = open(state, &pm, "alta", "Prazo").await;
    set_opened_at(state, n, rfc3339).await;
    n
}

async fn alerts(state: &AppState) -> Vec<serde_json::Value> {
    let mut res = state
        .db
        .query("SELECT target, kind, at FROM sla_alert ORDER BY kind")
        .await
        .unwrap();
    res.take(0).unwrap()
}

async fn staff_mail(state: &AppState) -> Vec<Vec<String>> {
    let mut res = state
        .db
        .query("SELECT VALUE recipients FROM outbox WHERE headline CONTAINS 'prazo de'")
        .await
        .unwrap();
    res.take(0).unwrap()
}

#[tokio::test]
async fn a_breach_is_recorded_at_the_deadline_and_mailed_once_with_two_servers_checking() {
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    // Tuesday 01/12/2026 09:00; first response due 11:00.
    let n = opened_at(&state, "2026-12-01T09:00:00-03:00").await;
    call_as(&state, Some(&n1), || {
        oc::act_on_occurrence(n.path_part(), "take".into(), String::new(), None, None)
    })
    .await
    .unwrap();
    let now = at("2026-12-01T15:00:00-03:00");
    // Two app servers on one database, at the same moment.
    let (a, b) = tokio::join!(run_once(&state.db, now), run_once(&state.db, now));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.breaches + b.breaches, 1, "{a:?} {b:?}");
    let rows = alerts(&state).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["target"], "first_response");
    assert_eq!(rows[0]["kind"], "breach");
    assert_eq!(
        at(rows[0]["at"].as_str().unwrap()),
        at("2026-12-01T11:00:00-03:00"),
        "recorded with the instant the deadline passed"
    );
    let mail = staff_mail(&state).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains(&N1.to_owned()), "the owner: {mail:?}");
    assert!(
        mail[0].contains(&"coordenacao@uno.example".to_owned()),
        "the coordinator: {mail:?}"
    );
    assert!(!mail[0].contains(&VIP_PM.to_owned()), "not the customer");
    // Checking again records nothing new.
    assert_eq!(run_once(&state.db, now).await.unwrap(), Recorded::default());
    // In-app: the owner and the coordinator, once each; the customer, nothing.
    use suporte::api::notifications as nt;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    for cookie in [&n1, &coord] {
        let inbox = call_as(&state, Some(cookie), nt::my_notifications)
            .await
            .unwrap();
        assert_eq!((inbox.items.len(), inbox.unread), (1, 1), "{inbox:?}");
        assert!(inbox.items[0].text.contains("estourado"));
        assert_eq!(
            inbox.items[0].link.as_deref(),
            Some(format!("/ocorrencias/{}", n.path_part()).as_str())
        );
    }
    call_as(&state, Some(&n1), nt::mark_notifications_read)
        .await
        .unwrap();
    assert_eq!(
        call_as(&state, Some(&n1), nt::unread_notifications).await,
        Ok(0)
    );
    assert_eq!(
        call_as(&state, Some(&coord), nt::unread_notifications).await,
        Ok(1),
        "each person marks their own"
    );
    let pm_cookie = session(&state, VIP_PM, Some(Role::Customer)).await;
    let inbox = call_as(&state, Some(&pm_cookie), nt::my_notifications)
        .await
        .unwrap();
    assert!(inbox.items.is_empty());
    assert_eq!(common::call(&state, nt::unread_notifications).await, Ok(0));
    // The customer's page does not show support's alert.
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let page = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert!(page.timeline.iter().all(|e| !e.text.contains("estourado")));
}

#[tokio::test]
async fn a_warning_comes_at_eighty_percent_and_only_once() {
    let state = demo_state_with_accounts().await;
    // Opened 09:12; at 11:00, 108 of 120 minutes are used (90 %).
    opened_at(&state, "2026-12-01T09:12:00-03:00").await;
    let early = run_once(&state.db, at("2026-12-01T10:00:00-03:00"))
        .await
        .unwrap();
    assert_eq!(early, Recorded::default(), "40 % used: nothing yet");
    let now = at("2026-12-01T11:00:00-03:00");
    assert_eq!(
        run_once(&state.db, now).await.unwrap(),
        Recorded {
            warnings: 1,
            breaches: 0
        }
    );
    assert_eq!(run_once(&state.db, now).await.unwrap(), Recorded::default());
    let rows = alerts(&state).await;
    assert_eq!((rows.len(), rows[0]["kind"].as_str()), (1, Some("warning")));
    // No owner yet: the coordinators hear of it.
    assert_eq!(
        staff_mail(&state).await,
        [vec!["coordenacao@uno.example".to_owned()]]
    );
}
