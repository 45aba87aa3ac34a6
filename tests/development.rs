//! The hand-over to Desenvolvimento with the manual's simulation record: pre-filled from
//! N1's escalation record, required in full (ERP version, environment, steps, expected and
//! obtained), internal with its files, and an optional public message; the generic action
//! refuses a hand-over without the record.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::http::{get, send};
use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::{AppError, development, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{
    EntryKind, OccurrenceNumber, OccurrenceView, State, simulation::SimulationFields,
};
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const N2: &str = "bruno.n2@uno.example";

async fn hand(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    record: SimulationFields,
    attachments: Option<String>,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        development::hand_to_development(
            n.path_part(),
            record,
            Some("Encaminhamos ao Desenvolvimento.".into()),
            attachments,
        )
    })
    .await
}

/// An internal file uploaded by `cookie`: its id.
async fn upload(state: &AppState, cookie: &str, name: &str) -> String {
    let bytes = b"<nfe>XML-DO-REGISTRO</nfe>".to_vec();
    let req = Request::post(format!("/anexos?nome={name}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, bytes.len())
        .header(header::COOKIE, cookie)
        .body(Body::from(bytes))
        .unwrap();
    let reply = send(state, req).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let v: serde_json::Value = serde_json::from_str(&reply.text()).unwrap();
    v["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_record_is_prefilled_required_in_full_and_internal() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let bruno = session(&state, N2, Some(Role::AnalystN2)).await;
    let n = open(&state, &pm, "alta", "Rejeição 539 no CT-e").await;
    act(&state, &ana, n, "take", "").await;
    act(
        &state,
        &ana,
        n,
        "escalate",
        "SIMULACAO-N1 reproduzido na 2026.11 com o XML do cliente",
    )
    .await;

    // N2's page offers the form pre-filled; the customer's carries nothing of it.
    let prefill = page(&state, &bruno, n).await.simulation.unwrap();
    assert_eq!(prefill.erp_version, "2026.11");
    assert!(prefill.steps.starts_with("SIMULACAO-N1"), "{prefill:?}");
    assert_eq!(prefill.obtained, "A nota volta com rejeição 539.");
    assert!(page(&state, &pm, n).await.simulation.is_none());
    assert!(
        page(&state, &ana, n).await.simulation.is_none(),
        "N1 cannot hand it over"
    );

    // The generic action refuses a hand-over without the record.
    let generic = call_as(&state, Some(&bruno), || {
        oc::act_on_occurrence(
            n.path_part(),
            "hand_to_development".into(),
            "x".into(),
            None,
            None,
        )
    })
    .await;
    assert!(matches!(generic, Err(AppError::Invalid(_))), "{generic:?}");

    // The pre-filled form alone is not complete: environment and expected are missing.
    let incomplete = hand(&state, &bruno, n, prefill.clone(), None)
        .await
        .unwrap_err();
    let message = incomplete.to_string();
    assert!(matches!(incomplete, AppError::Invalid(_)), "{incomplete:?}");
    assert!(message.contains("Banco de dados / ambiente"), "{message}");
    assert!(message.contains("Resultado esperado"), "{message}");
    assert_eq!(
        page(&state, &bruno, n).await.summary.state,
        State::EscaladaN2
    );

    // Complete, with an internal file: to Desenvolvimento.
    let file = upload(&state, &bruno, "registro.xml").await;
    let record = SimulationFields {
        environment: "AMBIENTE-SECRETO homologação, PostgreSQL 16".into(),
        expected: "CT-e autorizado".into(),
        ..prefill
    };
    let after = hand(&state, &bruno, n, record, Some(file.clone()))
        .await
        .unwrap();
    assert_eq!(after.summary.state, State::EmDesenvolvimento);
    let note = after
        .timeline
        .iter()
        .find(|e| e.kind == EntryKind::Note && e.text.contains("Versão do ERP: 2026.11"))
        .expect("the record on support's timeline");
    assert!(!note.public);
    assert!(note.text.contains("AMBIENTE-SECRETO"));
    let filed = after
        .timeline
        .iter()
        .find(|e| e.attachment.as_ref().is_some_and(|a| a.id == file))
        .expect("the file on support's timeline");
    assert!(!filed.public, "the record's file is internal");

    // The customer reads the message and the state, never the record or its file.
    let customer = page(&state, &pm, n).await;
    let shown = format!("{customer:?}");
    assert!(shown.contains("Encaminhamos ao Desenvolvimento."));
    for secret in [
        "AMBIENTE-SECRETO",
        "SIMULACAO-N1",
        "registro.xml",
        file.as_str(),
    ] {
        assert!(!shown.contains(secret), "{secret} reached the customer");
    }
    let html = get(
        &state,
        &format!("/ocorrencias/{}", n.path_part()),
        &[("cookie", &pm)],
    )
    .await
    .text();
    assert!(!html.contains("AMBIENTE-SECRETO") && !html.contains("SIMULACAO-N1"));
    let download = get(&state, &format!("/anexos/{file}"), &[("cookie", &pm)]).await;
    assert_eq!(
        download.status,
        StatusCode::NOT_FOUND,
        "the customer downloaded it"
    );

    // The record is kept on the case, structured.
    let mut res = state
        .db
        .query("SELECT VALUE simulation.environment FROM occurrence WHERE title = 'Rejeição 539 no CT-e'")
        .await
        .unwrap();
    let kept: Vec<String> = res.take(0).unwrap();
    assert_eq!(
        kept,
        vec!["AMBIENTE-SECRETO homologação, PostgreSQL 16".to_owned()]
    );
}
