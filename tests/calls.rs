//! Occurrences registered by an analyst from a phone call, against `mem://`.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::{call_as, demo_state_with_accounts, session};
use suporte::api::accounts::companies;
use suporte::api::{AppError, calls, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{EntryKind, State};
use suporte::server::state::AppState;

const PM_B: &str = "gp@distribuidora.example"; // prerequisites missing: the phone is open anyway
const PM_A: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";

async fn ids(state: &AppState, n1: &str, company_email: &str) -> (String, String) {
    let companies = call_as(state, Some(n1), companies::list_companies)
        .await
        .unwrap();
    companies
        .into_iter()
        .find_map(|c| {
            let contact = c
                .contacts
                .iter()
                .find(|p| p.email == company_email)?
                .id
                .clone();
            Some((c.id, contact))
        })
        .unwrap()
}

async fn register(
    state: &AppState,
    cookie: &str,
    company: &str,
    contact: &str,
) -> Result<suporte::domain::occurrences::OccurrenceNumber, AppError> {
    call_as(state, Some(cookie), || {
        calls::register_call(
            company.into(),
            contact.into(),
            "estoque".into(),
            "duvida".into(),
            "media".into(),
            "Inventário não fecha".into(),
            "Cliente relatou por telefone que o inventário não fecha.".into(),
            String::new(),
        )
    })
    .await
}

#[tokio::test]
async fn an_analyst_registers_a_call_for_the_caller_and_the_company_follows_it() {
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let (company, contact) = ids(&state, &n1, PM_B).await;
    let n = register(&state, &n1, &company, &contact).await.unwrap();
    let pm = session(&state, PM_B, Some(Role::Customer)).await;
    let page = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert_eq!(page.summary.state, State::Aberta);
    assert_eq!(page.opened_by_name, "Paula Gerente");
    let opened = &page.timeline[0];
    assert_eq!(opened.kind, EntryKind::Opened);
    assert_eq!(opened.author_name, "Ana Atendimento");
    assert!(opened.text.contains("ligação"));
    let mut res = state
        .db
        .query("SELECT VALUE channel FROM occurrence; SELECT VALUE recipients FROM outbox")
        .await
        .unwrap();
    let channels: Vec<String> = res.take(0).unwrap();
    assert_eq!(channels, ["telefone"]);
    let recipients: Vec<Vec<String>> = res.take(1).unwrap();
    assert_eq!(
        recipients,
        [vec![PM_B.to_owned()]],
        "the caller gets the number by mail"
    );
}

#[tokio::test]
async fn only_analysts_register_calls_and_only_for_the_companys_own_contacts() {
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let (company_b, contact_b) = ids(&state, &n1, PM_B).await;
    let (_, contact_a) = ids(&state, &n1, PM_A).await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    assert_eq!(
        register(&state, &pm, &company_b, &contact_b)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    let e = register(&state, &n1, &company_b, &contact_a)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
    let mut res = state
        .db
        .query("RETURN count(SELECT id FROM occurrence)")
        .await
        .unwrap();
    assert_eq!(res.take::<Option<i64>>(0).unwrap(), Some(0));
}
