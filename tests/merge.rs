//! Merging duplicates, against `mem://`: the duplicate closes pointing to the survivor,
//! both timelines say so, the customer is told, the survivor's SLA stands; merging across
//! companies, into a closed case or into itself is refused and writes nothing — also when
//! the survivor closes between the check and the transaction.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::{AppError, merge};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{Action, OccurrenceNumber, OccurrenceView, Party, State};
use suporte::domain::rule::Rule;
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const OTHER_PM: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";
const N1_B: &str = "davi.n1@uno.example";

async fn merge_into(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    into: OccurrenceNumber,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        merge::merge_occurrence(
            n.path_part(),
            into.path_part(),
            "É o mesmo boleto: seguimos na primeira.".into(),
        )
    })
    .await
}

#[tokio::test]
async fn a_duplicate_closes_into_its_survivor_both_timelines_say_so_and_the_customer_is_told() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let survivor = open(&state, &pm, "alta", "Boleto sem código de barras").await;
    let duplicate = open(&state, &pm, "media", "Boleto sem código (de novo)").await;
    act(&state, &ana, survivor, "take", "").await;
    act(&state, &ana, duplicate, "take", "").await;
    let before = page(&state, &pm, survivor).await;

    let merged = merge_into(&state, &ana, duplicate, survivor).await.unwrap();
    assert_eq!(merged.summary.state, State::Encerrada);
    assert_eq!(merged.merged_into, Some(survivor));
    assert!(merged.actions.iter().all(|a| *a != Action::Merge));

    let customer_dup = page(&state, &pm, duplicate).await;
    assert_eq!(customer_dup.merged_into, Some(survivor));
    let said = format!(
        "Unificada à ocorrência {survivor}, onde o atendimento continua. Motivo: É o mesmo boleto: seguimos na primeira."
    );
    assert!(
        customer_dup.timeline.iter().any(|e| e.text == said),
        "the duplicate's timeline says where it went"
    );
    let customer_survivor = page(&state, &pm, survivor).await;
    assert!(
        customer_survivor.timeline.iter().any(|e| e
            .text
            .starts_with(&format!("A ocorrência {duplicate} foi unificada"))),
        "the survivor's timeline names the duplicate"
    );
    // The survivor's SLA stands: same state, targets and clock.
    assert_eq!(customer_survivor.summary.state, before.summary.state);
    let (mut now, then) = (customer_survivor.summary.sla, before.summary.sla);
    now.read_at = then.read_at;
    assert_eq!(now, then);
    // The customer is told by mail.
    let mut res = state
        .db
        .query("SELECT VALUE text FROM outbox WHERE $pm IN recipients")
        .bind(("pm", PM))
        .await
        .unwrap();
    let mails: Vec<String> = res.take(0).unwrap();
    assert!(mails.iter().any(|m| m.contains(&said)), "{mails:?}");
    // The SLA report judges the survivor, not the duplicate.
    let policy = suporte::server::sla::policy::load(&state.db).await.unwrap();
    let now = chrono::Utc::now();
    let lines = suporte::server::sla::report::lines(
        &state.db,
        &policy,
        now - chrono::Duration::days(1),
        now,
    )
    .await
    .unwrap();
    let judged: Vec<&str> = lines.iter().map(|l| l.about.number.as_str()).collect();
    assert_eq!(judged, [survivor.to_string()]);
}

#[tokio::test]
async fn merging_across_companies_into_a_closed_case_or_into_itself_is_refused_and_writes_nothing()
{
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let other = session(&state, OTHER_PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let davi = session(&state, N1_B, Some(Role::AnalystN1)).await;
    let duplicate = open(&state, &pm, "media", "Relatório de vendas lento").await;
    let elsewhere = open(&state, &other, "media", "Relatório de vendas lento").await;
    let closed = open(&state, &pm, "media", "Relatório antigo").await;
    act(&state, &ana, closed, "take", "").await;
    act(&state, &ana, closed, "resolve", "Índice recriado.").await;
    act(&state, &pm, closed, "confirm", "").await;
    act(&state, &ana, duplicate, "take", "").await;

    let e = merge_into(&state, &ana, duplicate, elsewhere)
        .await
        .unwrap_err();
    assert_eq!(e, AppError::Rule(Rule::MergeOtherCompany));
    assert_eq!(e.status(), 400);
    let e = merge_into(&state, &ana, duplicate, closed)
        .await
        .unwrap_err();
    assert_eq!(e, AppError::Rule(Rule::MergeIntoClosed));
    assert_eq!(e.status(), 409);
    let e = merge_into(&state, &ana, duplicate, duplicate)
        .await
        .unwrap_err();
    assert_eq!(e, AppError::Rule(Rule::MergeIntoItself));
    // Only the case's own analyst merges it; never the customer.
    let e = merge_into(&state, &davi, duplicate, closed)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Rule(Rule::HeldBy { .. })), "{e:?}");
    let e = merge_into(&state, &pm, duplicate, closed)
        .await
        .unwrap_err();
    assert_eq!(e, AppError::Forbidden);
    // The generic action refuses it too.
    let generic = call_as(&state, Some(&ana), || {
        suporte::api::occurrences::act_on_occurrence(
            duplicate.path_part(),
            "merge".into(),
            "x".into(),
            None,
            None,
        )
    })
    .await;
    assert!(matches!(generic, Err(AppError::Invalid(_))), "{generic:?}");

    // The survivor closes after the checks but before the transaction: the transaction
    // sees it and refuses.
    use suporte::domain::occurrences::Move;
    use suporte::server::occurrences::{act as step, merge as merging, read};
    let found = read::find(&state.db, duplicate).await.unwrap().unwrap();
    let target = read::find(&state.db, closed).await.unwrap().unwrap();
    let actor = suporte::server::db::Actor {
        person_id: None,
        name: "Ana Atendimento".into(),
        ip: None,
        user_agent: None,
    };
    let ana_id = suporte::server::accounts::people::find_id(&state.db, N1)
        .await
        .unwrap()
        .unwrap();
    let late = step::Step {
        text: "Unificada.",
        merge: Some(merging::MergeInto {
            id: &target.id,
            entry: "A ocorrência foi unificada a esta.",
        }),
        ..step::Step::new(
            &found,
            Action::Merge,
            Party::AnalystN1,
            Move::To(State::Encerrada),
            Some(&ana_id),
            &actor,
        )
    };
    let e = AppError::from(step::apply(&state.db, &late).await.unwrap_err());
    assert_eq!(e, AppError::Rule(Rule::MergeIntoClosed));

    let view = page(&state, &ana, duplicate).await;
    assert_eq!(view.summary.state, State::EmAtendimento);
    assert_eq!(view.merged_into, None);
    assert!(
        view.timeline.iter().all(|e| !e.text.contains("unificada")),
        "nothing was written"
    );
}
