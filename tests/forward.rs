//! Out of scope → an area (`DOMAIN.md`, "Out of scope"): the analyst picks the category,
//! the area comes from it, the customer reads area and reason (page and mail) and may still
//! write, the area gets a copy of the demand and of what is written afterwards, support's
//! SLA stops; the coordinator edits categories, areas and e-mails. Possible from
//! "aguardando cliente" too; support closes it when the area is done.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use std::collections::HashMap;

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, second_n1, session};
use suporte::api::{AppError, forwarding, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{Action, OccurrenceNumber, OccurrenceView, State};
use suporte::domain::rule::Rule;
use suporte::domain::sla::clock::ClockStatus;
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const N2: &str = "bruno.n2@uno.example";
const COORDINATOR: &str = "coordenacao@uno.example";

async fn forward(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    category: &str,
    area: &str,
    reason: &str,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        forwarding::forward_occurrence(n.path_part(), category.into(), area.into(), reason.into())
    })
    .await
}

/// Mails addressed to `email`: (headline, text).
async fn mails_to(state: &AppState, email: &str) -> Vec<(String, String)> {
    let mut res = state
        .db
        .query("SELECT headline, text FROM outbox WHERE $email IN recipients ORDER BY created_at")
        .bind(("email", email.to_owned()))
        .await
        .unwrap();
    let rows: Vec<serde_json::Value> = res.take(0).unwrap();
    rows.into_iter()
        .map(|r| {
            (
                r["headline"].as_str().unwrap().to_owned(),
                r["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_forward_names_the_area_to_the_customer_copies_the_area_and_stops_the_clock() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "alta", "Quanto custa o módulo de frotas?").await;
    act(&state, &ana, n, "take", "").await;
    // The generic action refuses a forward without category and area.
    let generic = call_as(&state, Some(&ana), || {
        oc::act_on_occurrence(n.path_part(), "forward".into(), "x".into(), None, None)
    })
    .await;
    assert!(matches!(generic, Err(AppError::Invalid(_))), "{generic:?}");
    // Category and reason are required; an unknown area is refused; nothing changes.
    for (category, area, reason) in [
        ("", "", "Preços são com o Comercial."),
        ("precos-de-produtos-ou-servicos-uno", "", "  "),
        (
            "precos-de-produtos-ou-servicos-uno",
            "rh",
            "Preços são com o Comercial.",
        ),
    ] {
        let r = forward(&state, &ana, n, category, area, reason).await;
        assert!(
            matches!(r, Err(AppError::Invalid(_))),
            "{category}/{area}: {r:?}"
        );
    }
    assert_eq!(
        page(&state, &pm, n).await.summary.state,
        State::EmAtendimento
    );
    let seen = forward(
        &state,
        &ana,
        n,
        "precos-de-produtos-ou-servicos-uno",
        "",
        "Preços de módulos são tratados pelo Comercial, que já recebeu o seu pedido.",
    )
    .await
    .unwrap();
    assert_eq!(seen.summary.state, State::Encaminhada);
    let f = seen.forwarded.as_ref().unwrap();
    assert_eq!(f.area, "Comercial");
    assert_eq!(f.area_email.as_deref(), Some("comercial@uno.example"));
    // The customer reads the area and the reason, not the area's address.
    let customer = page(&state, &pm, n).await;
    let cf = customer.forwarded.as_ref().unwrap();
    assert_eq!(
        (cf.area.as_str(), cf.area_email.as_deref()),
        ("Comercial", None)
    );
    assert!(cf.reason.starts_with("Preços de módulos"));
    assert!(
        customer
            .timeline
            .iter()
            .any(|e| e.public && e.text.contains("Encaminhada à área Comercial"))
    );
    // Support's clock has stopped.
    assert_ne!(
        customer
            .summary
            .sla
            .read(suporte::domain::sla::clock::calendar(), chrono::Utc::now())
            .status,
        ClockStatus::Running
    );
    assert!(customer.summary.sla.stopped_at.is_some());
    // The customer's mail names the area; the area got the demand with the description.
    let to_customer = mails_to(&state, PM).await;
    assert!(
        to_customer
            .iter()
            .any(|(_, text)| text.contains("Encaminhada à área Comercial")),
        "{to_customer:?}"
    );
    let to_area = mails_to(&state, "comercial@uno.example").await;
    assert_eq!(to_area.len(), 1, "{to_area:?}");
    assert!(to_area[0].1.contains("Preços de produtos"), "{to_area:?}");
    assert!(to_area[0].1.contains("Descrição do cliente"), "{to_area:?}");
    assert!(to_area[0].1.contains("rejeição 539"), "{to_area:?}");
    // The customer may still write; the area gets a copy. An internal note never goes.
    assert!(customer.actions.contains(&Action::Reply));
    act(&state, &pm, n, "reply", "Preciso para 12 veículos.").await;
    act(&state, &ana, n, "note", "SEGREDO-AREA-1 cliente insistente").await;
    let to_area = mails_to(&state, "comercial@uno.example").await;
    assert_eq!(to_area.len(), 2, "{to_area:?}");
    assert!(to_area[1].1.contains("12 veículos"));
    assert!(
        to_area
            .iter()
            .all(|(h, t)| !h.contains("SEGREDO") && !t.contains("SEGREDO"))
    );
    assert_eq!(page(&state, &pm, n).await.summary.state, State::Encaminhada);
    // Support closes it when the area is done; then nothing more.
    act(&state, &ana, n, "close", "").await;
    let closed = page(&state, &pm, n).await;
    assert_eq!(closed.summary.state, State::Encerrada);
    assert!(closed.actions.is_empty());
    // The clock stopped at the forward, not at the closing.
    assert_eq!(
        closed.summary.sla.stopped_at,
        customer.summary.sla.stopped_at
    );
}

#[tokio::test]
async fn a_forward_from_aguardando_cliente_and_who_may_forward() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let bruno = session(&state, N2, Some(Role::AnalystN2)).await;
    let olga = second_n1(&state).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let n = open(&state, &pm, "baixa", "Treinamento para a equipe nova").await;
    act(&state, &ana, n, "take", "").await;
    act(&state, &ana, n, "ask_customer", "Quantas pessoas?").await;
    let training = "treinamento";
    // The customer, the coordinator, another N1 and an N2 on a case not escalated: refused.
    let r = forward(&state, &pm, n, training, "", "x").await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    let r = forward(&state, &coordinator, n, training, "", "x").await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    let r = forward(&state, &olga, n, training, "", "x").await;
    assert!(
        matches!(r, Err(AppError::Rule(Rule::HeldBy { .. }))),
        "{r:?}"
    );
    let r = forward(&state, &bruno, n, training, "", "x").await;
    assert_eq!(r.unwrap_err(), AppError::Rule(Rule::NotEscalated));
    // The owner, while waiting on the customer, to another area than the category's own.
    let seen = forward(
        &state,
        &ana,
        n,
        training,
        "implantacao",
        "Treinamentos são agendados pela Implantação.",
    )
    .await
    .unwrap();
    assert_eq!(seen.summary.state, State::Encaminhada);
    let f = seen.forwarded.unwrap();
    assert_eq!(
        (f.category.as_str(), f.area.as_str()),
        ("Treinamento", "Implantação")
    );
    // The customer's answer no longer resumes anything: it stays with the area.
    act(&state, &pm, n, "reply", "Somos 8 pessoas.").await;
    assert_eq!(page(&state, &pm, n).await.summary.state, State::Encaminhada);
    assert_eq!(mails_to(&state, "implantacao@uno.example").await.len(), 2);
    // The coordinator may close it.
    act(&state, &coordinator, n, "close", "").await;
    assert_eq!(page(&state, &pm, n).await.summary.state, State::Encerrada);
}

#[tokio::test]
async fn the_coordinator_edits_categories_areas_and_e_mails() {
    let state = demo_state_with_accounts().await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    // Only the coordinator edits; support reads the table; a customer does not.
    let mut fields: HashMap<String, String> =
        call_as(&state, Some(&coordinator), forwarding::forwarding_settings)
            .await
            .unwrap();
    let r = call_as(&state, Some(&ana), forwarding::forwarding_settings).await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    let r = call_as(&state, Some(&pm), forwarding::forwarding_table).await;
    assert_eq!(r.unwrap_err(), AppError::Forbidden);
    // A bad address: refused with the problem said, nothing changed.
    fields.insert("area_2_email".into(), "comercial".into());
    let fields_bad = fields.clone();
    let r = call_as(&state, Some(&coordinator), || {
        forwarding::save_forwarding_settings(fields_bad)
    })
    .await;
    assert!(
        matches!(r, Err(AppError::Invalid(ref m)) if m.contains("e-mail")),
        "{r:?}"
    );
    fields.insert("area_2_email".into(), "vendas@uno.example".into());
    fields.insert("area_5_nome".into(), "Jurídico".into());
    fields.insert("area_5_email".into(), "juridico@uno.example".into());
    fields.insert("categoria_9_nome".into(), "Contratos".into());
    fields.insert("categoria_9_area".into(), "juridico".into());
    call_as(&state, Some(&coordinator), || {
        forwarding::save_forwarding_settings(fields)
    })
    .await
    .unwrap();
    let table = call_as(&state, Some(&ana), forwarding::forwarding_table)
        .await
        .unwrap();
    assert_eq!(table.area("comercial").unwrap().email, "vendas@uno.example");
    assert_eq!(table.category("contratos").unwrap().area, "juridico");
    // A forward now goes to the new address.
    let n = open(&state, &pm, "baixa", "Dúvida sobre o contrato").await;
    act(&state, &ana, n, "take", "").await;
    forward(
        &state,
        &ana,
        n,
        "contratos",
        "",
        "Contratos são com o Jurídico.",
    )
    .await
    .unwrap();
    assert_eq!(mails_to(&state, "juridico@uno.example").await.len(), 1);
    // Audited.
    let mut res = state
        .db
        .query("SELECT VALUE action FROM audit WHERE entity = 'forwarding_table:current'")
        .await
        .unwrap();
    let audits: Vec<String> = res.take(0).unwrap();
    assert_eq!(audits.len(), 1, "{audits:?}");
}
