//! A case the customer directed to a named analyst: shown as such, first in that analyst's
//! "Minhas", reserved to them for one business hour while they are available, then (or at
//! once when they are not) in the pool, with an internal note saying why.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{page, set_opened_at};
use common::{call_as, demo_state_with_accounts, second_n1, session};
use suporte::api::{AppError, accounts::analysts, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{EntryKind, OccurrenceNumber, OccurrenceView, State};
use suporte::domain::rule::Rule;
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const ANA: &str = "Ana Atendimento";

async fn open_directed(state: &AppState, pm: &str, to: &str, title: &str) -> OccurrenceNumber {
    let analyst = suporte::server::accounts::people::find_id(&state.db, to)
        .await
        .unwrap()
        .unwrap();
    call_as(state, Some(pm), || {
        oc::open_occurrence(
            "fiscal".into(),
            "erro".into(),
            "alta".into(),
            title.into(),
            "A nota volta rejeitada.".into(),
            "1. Emitir 2. Transmitir".into(),
            analyst,
            None,
        )
    })
    .await
    .unwrap()
}

async fn take(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        oc::act_on_occurrence(n.path_part(), "take".into(), String::new(), None, None)
    })
    .await
}

fn notes(page: &OccurrenceView) -> Vec<String> {
    page.timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Note)
        .map(|e| e.text.clone())
        .collect()
}

#[tokio::test]
async fn a_directed_case_waits_for_its_analyst_then_falls_to_the_pool() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let olga = second_n1(&state).await;
    let n = open_directed(&state, &pm, N1, "Para a Ana").await;
    let other = open_directed(&state, &pm, N1, "Também para a Ana").await;

    // Both see who it is for; Ana sees it in "Minhas", first.
    assert_eq!(
        page(&state, &pm, n).await.summary.directed_to.as_deref(),
        Some(ANA)
    );
    let mine = call_as(&state, Some(&ana), || {
        oc::occurrence_queue(
            "minhas".into(),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        )
    })
    .await
    .unwrap();
    assert_eq!(mine.items.len(), 2);
    assert!(
        mine.items
            .iter()
            .all(|o| o.directed_to.as_deref() == Some(ANA))
    );

    // Ana was told in the app and by mail, once per case.
    let inbox = call_as(
        &state,
        Some(&ana),
        suporte::api::notifications::my_notifications,
    )
    .await
    .unwrap();
    let told: Vec<&str> = inbox.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(
        told.iter()
            .any(|t| t.contains("direcionou a você") && t.contains("Para a Ana"))
    );
    let mut res = state
        .db
        .query("SELECT VALUE recipients FROM outbox WHERE headline CONTAINS 'direcionou a você'")
        .await
        .unwrap();
    let mailed: Vec<Vec<String>> = res.take(0).unwrap();
    assert_eq!(mailed, vec![vec![N1.to_owned()]; 2]);

    // While Ana is available and the hour has not passed, only she may take it.
    let refused = take(&state, &olga, n).await;
    assert!(
        matches!(&refused, Err(AppError::Rule(Rule::DirectedTo { name, .. })) if name == ANA),
        "{refused:?}"
    );
    assert_eq!(page(&state, &pm, n).await.summary.state, State::Aberta);
    // Ana herself may, at once.
    assert_eq!(
        take(&state, &ana, other)
            .await
            .unwrap()
            .summary
            .owner_name
            .as_deref(),
        Some(ANA)
    );

    // A week later (far past one business hour), anyone may, and the note says why.
    let week_ago = (chrono::Utc::now() - chrono::Duration::days(7)).to_rfc3339();
    set_opened_at(&state, n, &week_ago).await;
    let taken = take(&state, &olga, n).await.unwrap();
    assert_eq!(taken.summary.owner_name.as_deref(), Some("Olga Outra"));
    let why = notes(&taken);
    assert!(
        why.iter()
            .any(|t| t.contains(ANA) && t.contains("1 hora útil")),
        "{why:?}"
    );
    // The note is support's only.
    assert!(notes(&page(&state, &pm, n).await).is_empty());
}

#[tokio::test]
async fn a_directed_case_falls_to_the_pool_at_once_when_its_analyst_is_away() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let olga = second_n1(&state).await;
    let n = open_directed(&state, &pm, N1, "Ana de férias").await;
    call_as(&state, Some(&ana), || analysts::set_my_availability(false))
        .await
        .unwrap();
    let taken = take(&state, &olga, n).await.unwrap();
    let why = notes(&taken);
    assert!(
        why.iter()
            .any(|t| t.contains(ANA) && t.contains("não está disponível")),
        "{why:?}"
    );
}

#[tokio::test]
async fn the_coordinator_sets_how_long_a_directed_case_waits() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let coordinator = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let olga = second_n1(&state).await;
    let set_wait = |minutes: &'static str| {
        let state = &state;
        let coordinator = &coordinator;
        async move {
            let mut fields = call_as(state, Some(coordinator), suporte::api::sla::sla_settings)
                .await
                .unwrap();
            fields.insert("espera_direcionada".into(), minutes.into());
            call_as(state, Some(coordinator), || {
                suporte::api::sla::save_sla_settings(fields)
            })
            .await
        }
    };
    let n = open_directed(&state, &pm, N1, "Ana volta em duas semanas").await;
    let week_ago = (chrono::Utc::now() - chrono::Duration::days(7)).to_rfc3339();
    set_opened_at(&state, n, &week_ago).await;

    // 100 business hours: a week (about 42 business hours) is not enough.
    set_wait("6000").await.unwrap();
    let refused = take(&state, &olga, n).await;
    assert!(
        matches!(&refused, Err(AppError::Rule(Rule::DirectedTo { name, .. })) if name == ANA),
        "{refused:?}"
    );
    // Nonsense is refused with the field's name, and the wait stays.
    let bad = set_wait("0").await.unwrap_err();
    assert!(
        bad.to_string().contains("Espera pelo analista direcionado"),
        "{bad}"
    );
    assert!(take(&state, &olga, n).await.is_err());

    // Half an hour: long past, the case falls to the pool and the note names the wait.
    set_wait("30").await.unwrap();
    let taken = take(&state, &olga, n).await.unwrap();
    assert_eq!(taken.summary.owner_name.as_deref(), Some("Olga Outra"));
    let why = notes(&taken);
    assert!(
        why.iter()
            .any(|t| t.contains(ANA) && t.contains("30 minutos úteis")),
        "{why:?}"
    );
}
