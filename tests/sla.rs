//! The SLA clock as the server functions hand it to pages, against `mem://`: the plan and
//! criticality's targets, the pause while waiting on the customer, the solution clock after
//! the first public reply, and a new criticality changing the deadlines.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use chrono::Utc;
use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::occurrences as oc;
use suporte::domain::accounts::Role;
use suporte::domain::sla::clock::{ClockStatus, Target, calendar};
use suporte::domain::sla::{Criticality, SlaPlan, default_targets};

const VIP_PM: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";

#[tokio::test]
async fn the_clock_follows_targets_pauses_replies_and_criticality() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "alta", "Prazo").await;
    let v = page(&state, &pm, n).await;
    let clock = &v.summary.sla;
    let targets = default_targets(SlaPlan::Vip, Criticality::Alta);
    assert_eq!(
        clock.first_response_minutes,
        targets.first_response_hours * 60
    );
    assert_eq!(clock.solution_minutes, targets.solution_hours * 60);
    let r = clock.read(calendar(), Utc::now());
    assert_eq!(r.target, Target::FirstResponse);
    assert_eq!(
        r.deadline,
        calendar().add(clock.opened_at, clock.first_response_minutes, &[])
    );
    assert!(
        matches!(r.status, ClockStatus::Running | ClockStatus::Warning),
        "{r:?}"
    );

    // Waiting on the customer pauses it, with the reason; the answer resumes it.
    act(&state, &n1, n, "take", "").await;
    act(&state, &n1, n, "ask_customer", "Qual a versão?").await;
    let v = page(&state, &pm, n).await;
    let r = v.summary.sla.read(calendar(), Utc::now());
    assert_eq!(r.status, ClockStatus::Paused);
    assert_eq!(
        v.summary.sla.paused_because.as_deref(),
        Some("aguardando cliente")
    );
    assert!(v.summary.sla.pauses.last().unwrap().to.is_none());
    // The question was the first public reply: the solution clock is next.
    assert_eq!(r.target, Target::Solution);
    act(&state, &pm, n, "reply", "2026.11").await;
    let v = page(&state, &pm, n).await;
    assert!(v.summary.sla.pauses.iter().all(|p| p.to.is_some()));
    assert_ne!(
        v.summary.sla.read(calendar(), Utc::now()).status,
        ClockStatus::Paused
    );

    // A new criticality recomputes the deadlines.
    call_as(&state, Some(&n1), || {
        oc::change_criticality(n.path_part(), "critica".into(), "Faturamento parado".into())
    })
    .await
    .unwrap();
    let v = page(&state, &n1, n).await;
    assert_eq!(
        v.summary.sla.solution_minutes,
        default_targets(SlaPlan::Vip, Criticality::Critica).solution_hours * 60
    );

    // Resolved: the clock ends, judged at the moment of the solution.
    act(&state, &n1, n, "resolve", "Ajustado o CST.").await;
    let v = page(&state, &pm, n).await;
    assert!(v.summary.sla.stopped_at.is_some());
    let r = v
        .summary
        .sla
        .read(calendar(), Utc::now() + chrono::Duration::days(30));
    assert!(
        matches!(r.status, ClockStatus::Met | ClockStatus::Breached),
        "{r:?}"
    );
    // The list carries the same clock.
    let list = call_as(&state, Some(&pm), || {
        oc::list_occurrences(None, None, None, None, None)
    })
    .await
    .unwrap();
    assert_eq!(list.items[0].sla.stopped_at, v.summary.sla.stopped_at);
}

#[tokio::test]
async fn the_queue_sorts_by_the_nearest_deadline_on_request() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    // Baixa first, Crítica last: by activity the Baixa one leads; by deadline the Crítica.
    for criticality in ["baixa", "critica", "media"] {
        call_as(&state, Some(&pm), || {
            oc::open_occurrence(
                "fiscal".into(),
                "duvida".into(),
                criticality.into(),
                format!("Prazo {criticality}"),
                "d".into(),
                String::new(),
                String::new(),
                None,
            )
        })
        .await
        .unwrap();
    }
    let queue = |order: Option<&str>| {
        let (state, n1) = (state.clone(), n1.clone());
        let order = order.map(str::to_owned);
        async move {
            call_as(&state, Some(&n1), || {
                oc::occurrence_queue(
                    "novas".into(),
                    None,
                    None,
                    None,
                    None,
                    order,
                    None,
                    None,
                    None,
                )
            })
            .await
        }
    };
    let by_activity = queue(None).await.unwrap();
    assert_eq!(by_activity.items[0].criticality, Criticality::Baixa);
    let by_deadline = queue(Some("prazo")).await.unwrap();
    let order: Vec<Criticality> = by_deadline.items.iter().map(|o| o.criticality).collect();
    assert_eq!(
        order,
        [Criticality::Critica, Criticality::Media, Criticality::Baixa]
    );
    assert!(queue(Some("aleatoria")).await.is_err());
}

#[tokio::test]
async fn a_new_company_plan_recomputes_open_deadlines_and_the_timeline_says_why() {
    use suporte::api::accounts::companies;
    use suporte::domain::occurrences::EntryKind;
    let state = demo_state_with_accounts().await;
    let pm = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await; // Ouro
    let coordinator = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let n = open(&state, &pm, "alta", "Plano").await;
    let company = call_as(&state, Some(&coordinator), companies::list_companies)
        .await
        .unwrap()
        .into_iter()
        .find(|c| {
            c.contacts
                .iter()
                .any(|p| p.email == "gp@metalurgica.example")
        })
        .unwrap();
    call_as(&state, Some(&coordinator), || {
        companies::save_company(
            Some(company.id.clone()),
            company.name.clone(),
            company.cnpj.clone(),
            company.segment.clone(),
            company.modules.join(","),
            "vip".into(),
        )
    })
    .await
    .unwrap();
    let v = page(&state, &pm, n).await;
    let vip = default_targets(SlaPlan::Vip, Criticality::Alta);
    assert_eq!(
        v.summary.sla.first_response_minutes,
        vip.first_response_hours * 60
    );
    let entry = v
        .timeline
        .iter()
        .find(|e| e.kind == EntryKind::Plan)
        .unwrap();
    assert!(entry.text.contains("de Ouro para VIP"), "{}", entry.text);
    // The company's contacts are told by mail, in the same change.
    let mut res = state
        .db
        .query("SELECT VALUE recipients FROM outbox WHERE headline CONTAINS 'plano de SLA'")
        .await
        .unwrap();
    let mail: Vec<Vec<String>> = res.take(0).unwrap();
    assert_eq!(mail, [vec!["gp@metalurgica.example".to_owned()]]);
}
