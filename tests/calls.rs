//! The phone, against `mem://`: every call logged (a contact, or someone without Extranet
//! access) with what came of it — a new occurrence with channel `telefone`, an internal
//! note on an existing one, or nothing; call-back messages for a named analyst; and the
//! analyst's "solicitar ligação".
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::accounts::companies;
use suporte::api::{AppError, calls, notifications};
use suporte::domain::accounts::Role;
use suporte::domain::calls::CallForm;
use suporte::domain::occurrences::{EntryKind, OccurrenceNumber, State};
use suporte::server::state::AppState;

const PM_B: &str = "gp@distribuidora.example"; // prerequisites missing: the phone is open anyway
const PM_A: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const N1_B: &str = "davi.n1@uno.example";
const COORDINATOR: &str = "coordenacao@uno.example";

/// The company of `contact_email` and that contact's id.
async fn ids(state: &AppState, n1: &str, contact_email: &str) -> (String, String) {
    let companies = call_as(state, Some(n1), companies::list_companies)
        .await
        .unwrap();
    companies
        .into_iter()
        .find_map(|c| {
            let contact = c
                .contacts
                .iter()
                .find(|p| p.email == contact_email)?
                .id
                .clone();
            Some((c.id, contact))
        })
        .unwrap()
}

/// A call that opens an occurrence (module estoque, a question).
fn opening(company: &str, contact: &str) -> CallForm {
    CallForm {
        company_id: company.into(),
        contact_id: contact.into(),
        subject: "Inventário não fecha".into(),
        minutes: "6".into(),
        outcome: "abrir".into(),
        module: "estoque".into(),
        kind: "duvida".into(),
        criticality: "media".into(),
        description: "Cliente relatou por telefone que o inventário não fecha.".into(),
        ..CallForm::default()
    }
}

async fn log(
    state: &AppState,
    cookie: &str,
    form: CallForm,
) -> Result<Option<OccurrenceNumber>, AppError> {
    call_as(state, Some(cookie), || calls::log_call(form)).await
}

async fn count(state: &AppState, table: &str) -> i64 {
    let mut res = state
        .db
        .query(format!("RETURN count(SELECT id FROM {table})"))
        .await
        .unwrap();
    res.take::<Option<i64>>(0).unwrap().unwrap()
}

#[tokio::test]
async fn a_contacts_call_opens_an_occurrence_the_company_follows_and_the_call_is_logged_with_it() {
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let (company, contact) = ids(&state, &n1, PM_B).await;
    let n = log(&state, &n1, opening(&company, &contact))
        .await
        .unwrap()
        .expect("an occurrence was opened");
    let pm = session(&state, PM_B, Some(Role::Customer)).await;
    let view = page(&state, &pm, n).await;
    assert_eq!(view.summary.state, State::Aberta);
    assert_eq!(view.summary.title, "Inventário não fecha");
    assert_eq!(view.opened_by_name, "Paula Gerente");
    let opened = &view.timeline[0];
    assert_eq!(opened.kind, EntryKind::Opened);
    assert_eq!(opened.author_name, "Ana Atendimento");
    assert!(opened.text.contains("ligação"));
    let mut res = state
        .db
        .query(
            "SELECT VALUE channel FROM occurrence; SELECT VALUE recipients FROM outbox;
             SELECT VALUE [contact = NONE, minutes, occurrence.seq] FROM call_log",
        )
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
    let logged: Vec<serde_json::Value> = res.take(2).unwrap();
    assert_eq!(
        logged,
        [serde_json::json!([false, 6, n.seq()])],
        "one call, from the contact, linked to the new occurrence"
    );
}

#[tokio::test]
async fn someone_without_extranet_access_is_named_with_their_phone_on_the_occurrence() {
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let (company, _) = ids(&state, &n1, PM_A).await;
    let form = CallForm {
        caller_name: "Seu Joaquim".into(),
        caller_phone: "(15) 99876-5432".into(),
        ..opening(&company, "")
    };
    let n = log(&state, &n1, form).await.unwrap().unwrap();
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let view = page(&state, &pm, n).await;
    assert_eq!(
        view.opened_by_name,
        "Seu Joaquim (telefone (15) 99876-5432, sem acesso à Extranet)"
    );
    let recent = call_as(&state, Some(&n1), calls::recent_calls)
        .await
        .unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].caller_name, "Seu Joaquim");
    assert_eq!(recent[0].caller_phone.as_deref(), Some("(15) 99876-5432"));
    assert_eq!(recent[0].occurrence, Some(n));
    assert_eq!(recent[0].logged_by_name, "Ana Atendimento");
    assert_eq!(
        call_as(&state, Some(&pm), calls::recent_calls)
            .await
            .unwrap_err(),
        AppError::Forbidden,
        "calls are support's"
    );
}

#[tokio::test]
async fn only_support_logs_calls_for_the_companys_own_contacts_and_a_bad_form_writes_nothing() {
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let (company_b, contact_b) = ids(&state, &n1, PM_B).await;
    let (_, contact_a) = ids(&state, &n1, PM_A).await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    assert_eq!(
        log(&state, &pm, opening(&company_b, &contact_b))
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    let e = log(&state, &n1, opening(&company_b, &contact_a))
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
    // Someone without access must leave a name and a phone; every problem is named.
    let e = log(
        &state,
        &n1,
        CallForm {
            caller_phone: "123".into(),
            minutes: "0".into(),
            ..opening(&company_b, "")
        },
    )
    .await
    .unwrap_err();
    let AppError::Invalid(text) = e else {
        panic!("{e:?}")
    };
    assert!(text.contains("nome de quem ligou"), "{text}");
    assert!(text.contains("Telefone"), "{text}");
    assert!(text.contains("Duração"), "{text}");
    assert_eq!(count(&state, "occurrence").await, 0);
    assert_eq!(count(&state, "call_log").await, 0);
}

#[tokio::test]
async fn a_call_about_an_open_case_is_an_internal_note_there_and_a_call_about_nothing_is_logged_alone()
 {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let (company_a, contact_a) = ids(&state, &n1, PM_A).await;
    let (company_b, contact_b) = ids(&state, &n1, PM_B).await;
    let n = open(&state, &pm, "media", "Boleto sem juros").await;
    let linked = CallForm {
        company_id: company_a.clone(),
        contact_id: contact_a.clone(),
        subject: "Perguntou pelo prazo".into(),
        minutes: "3".into(),
        outcome: "vincular".into(),
        occurrence: n.path_part(),
        ..CallForm::default()
    };
    assert_eq!(log(&state, &n1, linked.clone()).await.unwrap(), Some(n));
    let analyst_view = page(&state, &n1, n).await;
    let note = analyst_view.timeline.last().unwrap();
    assert_eq!(note.kind, EntryKind::Note);
    assert!(note.text.contains("Perguntou pelo prazo"), "{}", note.text);
    let customer_view = page(&state, &pm, n).await;
    assert!(
        customer_view
            .timeline
            .iter()
            .all(|e| !e.text.contains("Perguntou pelo prazo")),
        "the call's note is internal"
    );
    // Another company's occurrence is not this caller's.
    let e = log(
        &state,
        &n1,
        CallForm {
            company_id: company_b.clone(),
            contact_id: contact_b,
            ..linked
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
    let nothing = CallForm {
        company_id: company_b,
        caller_name: "Recepção".into(),
        caller_phone: "+55 11 4000-1234".into(),
        subject: "Queria saber o horário do suporte".into(),
        minutes: "1".into(),
        outcome: "nenhuma".into(),
        ..CallForm::default()
    };
    assert_eq!(log(&state, &n1, nothing).await.unwrap(), None);
    assert_eq!(count(&state, "call_log").await, 2);
    assert_eq!(count(&state, "occurrence").await, 1);
}

#[tokio::test]
async fn a_call_back_waits_in_the_named_analysts_queue_until_they_mark_it_done() {
    let state = demo_state_with_accounts().await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let davi = session(&state, N1_B, Some(Role::AnalystN1)).await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let ana_id = suporte::server::accounts::people::find_id(&state.db, N1)
        .await
        .unwrap()
        .unwrap();
    let leave = |cookie: String, phone: &'static str| {
        let state = &state;
        let ana_id = ana_id.clone();
        async move {
            call_as(state, Some(&cookie), || {
                calls::leave_callback(
                    ana_id,
                    "Marcos Gerente".into(),
                    phone.into(),
                    String::new(),
                    "Quer falar sobre a nota rejeitada.".into(),
                )
            })
            .await
        }
    };
    assert_eq!(
        leave(pm.clone(), "(15) 3222-1111").await.unwrap_err(),
        AppError::Forbidden
    );
    let e = leave(davi.clone(), "abc").await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
    leave(davi.clone(), "(15) 3222-1111").await.unwrap();
    let mine = call_as(&state, Some(&ana), calls::my_callbacks)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].caller_phone, "(15) 3222-1111");
    assert_eq!(mine[0].left_by_name, "Davi Suporte");
    let notices = call_as(&state, Some(&ana), notifications::my_notifications)
        .await
        .unwrap();
    assert!(
        notices
            .items
            .iter()
            .any(|n| n.text.contains("retornar a ligação de Marcos Gerente")),
        "Ana is told in the app"
    );
    assert!(
        call_as(&state, Some(&davi), calls::my_callbacks)
            .await
            .unwrap()
            .is_empty(),
        "Davi left it; it is Ana's"
    );
    let id = mine[0].id.clone();
    assert_eq!(
        call_as(&state, Some(&davi), || calls::callback_done(id.clone()))
            .await
            .unwrap_err(),
        AppError::Forbidden,
        "only Ana (or the coordinator) marks it done"
    );
    call_as(&state, Some(&ana), || calls::callback_done(id.clone()))
        .await
        .unwrap();
    call_as(&state, Some(&ana), || calls::callback_done(id.clone()))
        .await
        .unwrap();
    assert!(
        call_as(&state, Some(&ana), calls::my_callbacks)
            .await
            .unwrap()
            .is_empty()
    );
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    leave(coordinator.clone(), "(15) 3222-1111").await.unwrap();
    let again = call_as(&state, Some(&ana), calls::my_callbacks)
        .await
        .unwrap();
    call_as(&state, Some(&coordinator), || {
        calls::callback_done(again[0].id.clone())
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn asking_the_customer_to_call_is_a_public_question_naming_the_phone_and_the_time() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let davi = session(&state, N1_B, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "media", "Impressão do DANFE").await;
    act(&state, &ana, n, "take", "").await;
    let request = |cookie: String| {
        let state = &state;
        async move {
            call_as(state, Some(&cookie), || {
                calls::request_call(
                    n.path_part(),
                    Some("hoje até 17h".into()),
                    Some("Vamos configurar a impressora juntos.".into()),
                )
            })
            .await
        }
    };
    assert!(
        request(davi).await.is_err(),
        "another N1's case is not Davi's to work"
    );
    assert_eq!(request(pm.clone()).await.unwrap_err(), AppError::Forbidden);
    request(ana).await.unwrap();
    let view = page(&state, &pm, n).await;
    assert_eq!(view.summary.state, State::AguardandoCliente);
    let texts: Vec<&str> = view.timeline.iter().map(|e| e.text.as_str()).collect();
    let wanted = "Por favor, ligue para o suporte UNO no telefone (15) 3000-0000 (hoje até 17h).\n\nVamos configurar a impressora juntos.";
    assert!(
        texts.contains(&wanted),
        "the customer reads the request: {texts:?}"
    );
    let mut res = state
        .db
        .query("SELECT VALUE text FROM outbox ORDER BY created_at DESC LIMIT 1")
        .await
        .unwrap();
    let mailed: Vec<String> = res.take(0).unwrap();
    assert!(
        mailed[0].contains("(15) 3000-0000"),
        "the customer is mailed the phone: {mailed:?}"
    );
}
