//! Who may change an occurrence, and that the decision holds at commit: ownership is
//! checked for a criticality change as for every action, and a change racing the
//! customer's confirmation never rewrites a closed occurrence's SLA targets.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, second_n1, session};
use suporte::api::{AppError, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{OccurrenceNumber, OccurrenceView, State};
use suporte::domain::rule::Rule;
use suporte::domain::sla::{Criticality, SlaPlan, default_targets};
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example"; // Ouro
const N1: &str = "ana.n1@uno.example";

async fn change(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    to: &str,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        oc::change_criticality(n.path_part(), to.into(), "Impacto revisto.".into())
    })
    .await
}

#[tokio::test]
async fn another_n1_may_not_change_the_criticality_of_a_taken_case() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let olga = second_n1(&state).await;
    let n = open(&state, &pm, "media", "Estoque negativo").await;
    // Not taken yet: any N1 may grade it.
    change(&state, &olga, n, "alta").await.unwrap();
    act(&state, &ana, n, "take", "").await;
    assert_eq!(
        change(&state, &olga, n, "critica").await.map(|_| ()),
        Err(AppError::Rule(Rule::HeldBy {
            owner: Some("Ana Atendimento".into())
        }))
    );
    assert_eq!(
        page(&state, &pm, n).await.summary.criticality,
        Criticality::Alta
    );
    // The owner may.
    let changed = change(&state, &ana, n, "critica").await.unwrap();
    assert_eq!(changed.summary.criticality, Criticality::Critica);
}

/// The targets of an Ouro occurrence of criticality `c`, in minutes, with `c`.
fn graded(c: Criticality) -> (Criticality, u32, u32) {
    let t = default_targets(SlaPlan::Ouro, c);
    (c, t.first_response_hours * 60, t.solution_hours * 60)
}

fn as_seen(o: &OccurrenceView) -> (Criticality, u32, u32) {
    (
        o.summary.criticality,
        o.summary.sla.first_response_minutes,
        o.summary.sla.solution_minutes,
    )
}

/// A resolved Ouro occurrence of criticality "média", owned by Ana.
async fn resolved(state: &AppState, pm: &str, ana: &str, title: &str) -> OccurrenceNumber {
    let n = open(state, pm, "media", title).await;
    act(state, ana, n, "take", "").await;
    act(state, ana, n, "resolve", "Parâmetro corrigido.").await;
    n
}

#[tokio::test]
async fn a_criticality_change_decided_before_the_closing_is_refused_after_it() {
    use suporte::server::occurrences::{criticality as step, read};
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = resolved(&state, &pm, &ana, "Decidida antes").await;
    // The analyst's change was decided from this read (still "resolvida")…
    let found = read::find(&state.db, n).await.unwrap().unwrap();
    assert_eq!(found.state, State::Resolvida);
    // …and the customer's confirmation commits first.
    act(&state, &pm, n, "confirm", "").await;
    let actor = suporte::server::db::Actor {
        name: "Ana Atendimento".into(),
        ..Default::default()
    };
    let late = step::change_criticality(
        &state.db,
        &found,
        Criticality::Critica,
        "tarde demais",
        suporte::domain::occurrences::Party::AnalystN1,
        "ana",
        &actor,
    )
    .await
    .map_err(AppError::from);
    assert_eq!(late, Err(AppError::Rule(Rule::OccurrenceChanged)));
    let after = page(&state, &ana, n).await;
    assert_eq!(after.summary.state, State::Encerrada);
    assert_eq!(as_seen(&after), graded(Criticality::Media));
    assert!(
        !format!("{:?}", after.timeline).contains("tarde demais"),
        "the refused change left an entry"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_criticality_change_racing_the_confirmation_never_touches_a_closed_case() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let (mut landed, mut refused) = (0, 0);
    for round in 0..200 {
        let n = resolved(&state, &pm, &ana, &format!("Corrida {round}")).await;
        let (s1, s2, a, p) = (state.clone(), state.clone(), ana.clone(), pm.clone());
        let grade = async move { change(&s1, &a, n, "critica").await };
        let confirm = async move {
            call_as(&s2, Some(&p), || {
                oc::act_on_occurrence(n.path_part(), "confirm".into(), String::new(), None, None)
            })
            .await
        };
        // Each on its own task, started in turns, so either may reach the database first.
        let (criticality, confirmed) = if round % 2 == 0 {
            let c = tokio::spawn(grade);
            let f = tokio::spawn(confirm);
            (c.await.unwrap(), f.await.unwrap())
        } else {
            let f = tokio::spawn(confirm);
            let c = tokio::spawn(grade);
            (c.await.unwrap(), f.await.unwrap())
        };
        confirmed.unwrap();
        let after = page(&state, &ana, n).await;
        assert_eq!(after.summary.state, State::Encerrada, "round {round}");
        // Either the change landed before the closing (its targets with it), or it was
        // refused and the occurrence closed as it was.
        let expected = match criticality {
            Ok(_) => {
                landed += 1;
                Criticality::Critica
            }
            Err(AppError::Rule(Rule::OccurrenceChanged | Rule::NotNow { .. })) => {
                refused += 1;
                Criticality::Media
            }
            Err(e) => panic!("round {round}: the change failed otherwise: {e:?}"),
        };
        assert_eq!(
            as_seen(&after),
            graded(expected),
            "round {round}: a closed occurrence whose targets are not its criticality's"
        );
    }
    eprintln!("criticality vs confirm: {landed} landed first, {refused} refused");
    assert_eq!(landed + refused, 200);
}
