//! Data-change requests (FAQ 9): N2 or the coordinator records an estimate (hours, R$),
//! the customer approves (Desenvolvimento executes) or refuses with a reason (closed), who
//! and when kept; the clock pauses while the decision is pending; another company's
//! customer cannot decide; the coordinator exports the approved ones as CSV.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::http::StatusCode;
use common::http::get;
use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::{AppError, estimates, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::estimate::Decision;
use suporte::domain::occurrences::{OccurrenceNumber, OccurrenceView, State};
use suporte::domain::rule::Rule;
use suporte::domain::sla::clock::ClockStatus;
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const OTHER_PM: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";
const N2: &str = "bruno.n2@uno.example";
const COORDINATOR: &str = "coordenacao@uno.example";

async fn estimate(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    hours: &str,
    cost: &str,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        estimates::estimate_occurrence(
            n.path_part(),
            hours.into(),
            cost.into(),
            "Corrigir o NCM de 40 itens direto na base.".into(),
        )
    })
    .await
}

async fn decide(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    decision: &str,
    reason: &str,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        estimates::decide_estimate(n.path_part(), decision.into(), Some(reason.into()))
    })
    .await
}

/// A case escalated to N2 (where data changes are analysed).
async fn escalated(state: &AppState, pm: &str, ana: &str, title: &str) -> OccurrenceNumber {
    let n = open(state, pm, "media", title).await;
    act(state, ana, n, "take", "").await;
    act(
        state,
        ana,
        n,
        "escalate",
        "Pedido de alteração de NCM em massa.",
    )
    .await;
    n
}

#[tokio::test]
async fn an_estimate_waits_for_the_customer_who_approves_it_and_it_is_billed() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let other = session(&state, OTHER_PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let bruno = session(&state, N2, Some(Role::AnalystN2)).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let n = escalated(&state, &pm, &ana, "Alterar NCM de 40 itens").await;

    // N1 does not price; nonsense is refused with every problem; nothing moves.
    let n1 = estimate(&state, &ana, n, "8", "100").await;
    assert!(matches!(n1, Err(AppError::Forbidden)), "{n1:?}");
    let bad = estimate(&state, &bruno, n, "0", "muito").await.unwrap_err();
    assert!(matches!(bad, AppError::Invalid(_)), "{bad:?}");
    assert_eq!(bad.to_string().lines().count(), 2, "{bad}");
    // The generic action refuses it too.
    let generic = call_as(&state, Some(&bruno), || {
        oc::act_on_occurrence(n.path_part(), "estimate".into(), "x".into(), None, None)
    })
    .await;
    assert!(matches!(generic, Err(AppError::Invalid(_))), "{generic:?}");
    assert_eq!(page(&state, &pm, n).await.summary.state, State::EscaladaN2);

    let priced = estimate(&state, &bruno, n, "12,5", "1.500,00")
        .await
        .unwrap();
    assert_eq!(priced.summary.state, State::AguardandoAprovacao);
    let customer = page(&state, &pm, n).await;
    let e = customer.estimate.clone().unwrap();
    assert_eq!((e.hundredths_of_hour, e.cost_cents), (1250, 150_000));
    assert_eq!(e.decision, Decision::Pendente);
    assert_eq!(e.by_name, "Bruno Análise");
    // The clock waits for the customer.
    let reading = customer
        .summary
        .sla
        .read(suporte::domain::sla::clock::calendar(), chrono::Utc::now());
    assert_eq!(reading.status, ClockStatus::Paused);
    // The customer was told by mail, with the amounts.
    let mut res = state
        .db
        .query("SELECT VALUE text FROM outbox WHERE $pm IN recipients")
        .bind(("pm", PM))
        .await
        .unwrap();
    let mails: Vec<String> = res.take(0).unwrap();
    assert!(
        mails.iter().any(|m| m.contains("12,5 h, R$ 1.500,00")),
        "{mails:?}"
    );

    // Another company's customer, or an analyst, cannot decide.
    let stranger = decide(&state, &other, n, "aprovar", "").await;
    assert!(
        matches!(stranger, Err(AppError::NotFound(_))),
        "{stranger:?}"
    );
    let analyst = decide(&state, &bruno, n, "aprovar", "").await;
    assert!(matches!(analyst, Err(AppError::Forbidden)), "{analyst:?}");

    // The customer approves: to Desenvolvimento, who and when kept; only once.
    let approved = decide(&state, &pm, n, "aprovar", "").await.unwrap();
    assert_eq!(approved.summary.state, State::EmDesenvolvimento);
    let e = approved.estimate.unwrap();
    assert_eq!(e.decision, Decision::Aprovado);
    assert_eq!(e.decided_by_name.as_deref(), Some("Marcos Gerente"));
    assert!(e.decided_at.is_some());
    let again = decide(&state, &pm, n, "recusar", "mudei de ideia").await;
    assert!(
        matches!(again, Err(AppError::Rule(Rule::NotNow { .. }))),
        "{again:?}"
    );

    // Billing: the coordinator's CSV has it; N2 may not download it.
    let csv = get(
        &state,
        "/coordenacao/orcamentos.csv",
        &[("cookie", &coordinator)],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    let body = csv.text();
    assert!(body.contains(&format!("\"{n}\"")), "{body}");
    assert!(
        body.contains("\"12,5\";\"R$ 1.500,00\";\"Bruno Análise\";\"Marcos Gerente\""),
        "{body}"
    );
    let refused = get(&state, "/coordenacao/orcamentos.csv", &[("cookie", &bruno)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_refused_estimate_closes_the_case_with_the_reason() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let n = escalated(&state, &pm, &ana, "Apagar pedidos antigos").await;
    estimate(&state, &coordinator, n, "3", "450").await.unwrap();

    let no_reason = decide(&state, &pm, n, "recusar", "  ").await;
    assert!(
        matches!(no_reason, Err(AppError::Invalid(_))),
        "{no_reason:?}"
    );
    let refused = decide(&state, &pm, n, "recusar", "Vamos fazer internamente.")
        .await
        .unwrap();
    assert_eq!(refused.summary.state, State::Encerrada);
    let e = refused.estimate.unwrap();
    assert_eq!(e.decision, Decision::Recusado);
    assert_eq!(e.reason.as_deref(), Some("Vamos fazer internamente."));
    assert!(
        refused
            .timeline
            .iter()
            .any(|t| t.public && t.text.contains("Motivo: Vamos fazer internamente."))
    );
    // Not billed.
    let csv = get(
        &state,
        "/coordenacao/orcamentos.csv",
        &[("cookie", &coordinator)],
    )
    .await;
    assert!(!csv.text().contains(&n.to_string()), "{}", csv.text());
}
