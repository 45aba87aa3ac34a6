//! Internal stays internal: every action whose text only support reads (a note, the
//! simulation record, the hand-overs back to N1 and to Desenvolvimento, a reassignment's
//! reason) is worked through
//! the server functions, each with a marked text, and the marks are then looked for in
//! every place a customer can reach: the occurrence page's HTML, the answers of the
//! server functions a customer may call, the live stream, the search and the outbox. The
//! same marks on the analyst's page, and the hand-over's public message on the customer's,
//! show the test can see them where they belong.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::http::get;
use common::occurrences::open;
use common::{call_as, demo_state_with_accounts, second_n1, session};
use suporte::api::{
    AppError, accounts, development, notifications, occurrences as oc, ownership,
    search::search_content, sla,
};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::simulation::SimulationFields;
use suporte::domain::occurrences::{OccurrenceNumber, OccurrenceView, State};
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const N2: &str = "bruno.n2@uno.example";
const COORDINATOR: &str = "coordenacao@uno.example";
const PUBLIC_MESSAGE: &str = "Mensagem pública: o Nível 2 analisou e devolveu ao Nível 1.";

async fn act(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    action: &str,
    text: &str,
    public_message: Option<&str>,
) -> Result<OccurrenceView, AppError> {
    if action == "hand_to_development" {
        // Its own form: the simulation record, with `text` as its steps.
        let record = SimulationFields {
            erp_version: "2026.11".into(),
            environment: "Base de homologação".into(),
            steps: text.into(),
            expected: "Nota autorizada".into(),
            obtained: "Rejeição 539".into(),
        };
        return call_as(state, Some(cookie), || {
            development::hand_to_development(
                n.path_part(),
                record,
                public_message.map(str::to_owned),
                None,
            )
        })
        .await;
    }
    call_as(state, Some(cookie), || {
        oc::act_on_occurrence(
            n.path_part(),
            action.into(),
            text.into(),
            None,
            public_message.map(str::to_owned),
        )
    })
    .await
}

/// Everything a customer-callable server function answers, as text.
async fn customer_answers(state: &AppState, pm: &str, n: OccurrenceNumber, mark: &str) -> String {
    let c = Some(pm);
    let mut all = Vec::new();
    let page = call_as(state, c, || oc::get_occurrence(n.path_part())).await;
    all.push(format!("{page:?}"));
    for q in [None, Some(mark.to_owned())] {
        let list = call_as(state, c, || oc::list_occurrences(None, None, None, q, None)).await;
        all.push(format!("{list:?}"));
    }
    // The search answer repeats the query; what it found is what counts.
    let found = call_as(state, c, || search_content(mark.to_owned(), None, None))
        .await
        .map(|r| r.hits);
    all.push(format!("{found:?}"));
    all.push(format!(
        "{:?}",
        call_as(state, c, notifications::my_notifications).await
    ));
    all.push(format!(
        "{:?}",
        call_as(state, c, accounts::companies::my_company).await
    ));
    all.push(format!(
        "{:?}",
        call_as(state, c, accounts::session::current_user).await
    ));
    all.push(format!(
        "{:?}",
        call_as(state, c, oc::directable_analysts).await
    ));
    all.push(format!("{:?}", call_as(state, c, sla::sla_plans).await));
    all.join("\n")
}

#[tokio::test]
async fn internal_text_never_reaches_the_customer() {
    use axum::{body::Body, http::Request};
    use futures::StreamExt;
    use tower::ServiceExt;

    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n2 = session(&state, N2, Some(Role::AnalystN2)).await;
    // The customer's live stream, open while support works.
    let stream = suporte::app::router(state.clone())
        .oneshot(
            Request::get("/eventos/ocorrencias")
                .header("cookie", &pm)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let mut stream = stream.into_body().into_data_stream();

    let n = open(&state, &pm, "alta", "Rejeição 539").await;
    act(&state, &n1, n, "take", "", None).await.unwrap();
    // Every action whose text is internal, each with its own mark.
    let steps: [(&str, &str, &str, Option<&str>); 5] = [
        (
            &n1,
            "note",
            "SEGREDO-NOTA-1 a base do cliente está suja",
            None,
        ),
        (
            &n1,
            "escalate",
            "SEGREDO-SIMULACAO-2 reproduzido na 2026.11",
            None,
        ),
        (
            &n2,
            "return_to_n1",
            "SEGREDO-DEVOLUCAO-3 NCM cadastrado errado",
            Some(PUBLIC_MESSAGE),
        ),
        (
            &n1,
            "escalate",
            "SEGREDO-SIMULACAO-4 de novo, com o XML",
            None,
        ),
        (
            &n2,
            "hand_to_development",
            "SEGREDO-DESENV-5 falha no validador",
            None,
        ),
    ];
    let marks: Vec<&str> = steps
        .iter()
        .map(|(.., text, _)| text.split(' ').next().unwrap())
        .collect();
    for (cookie, action, text, public) in steps {
        act(&state, cookie, n, action, text, public).await.unwrap();
    }
    // The customer writes too; what their own action answers is checked below.
    let answer = act(&state, &pm, n, "reply", "Obrigado, aguardo.", None).await;
    let answer = format!("{answer:?}");
    assert!(answer.contains("Obrigado, aguardo."), "{answer}");
    let support_page = act(&state, &n2, n, "note", "SEGREDO-NOTA-6 última", None)
        .await
        .unwrap();
    assert_eq!(support_page.summary.state, State::EmDesenvolvimento);
    let mut marks = marks;
    marks.push("SEGREDO-NOTA-6");
    // The coordinator reassigns it, with a reason only support reads.
    second_n1(&state).await;
    let olga = suporte::server::accounts::people::find_id(&state.db, "outra.n1@uno.example")
        .await
        .unwrap()
        .unwrap();
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    call_as(&state, Some(&coordinator), || {
        ownership::reassign_occurrence(
            n.path_part(),
            olga,
            "SEGREDO-REATRIB-7 Ana em férias".into(),
        )
    })
    .await
    .unwrap();
    marks.push("SEGREDO-REATRIB-7");

    // Where the marks belong: support's page shows each of them.
    let path = format!("/ocorrencias/{}", n.path_part());
    let support_html = get(&state, &path, &[("cookie", &n1)]).await.text();
    for mark in &marks {
        assert!(support_html.contains(mark), "support's page lacks {mark}");
    }

    // The customer's page: the public message, none of the marks.
    let customer = get(&state, &path, &[("cookie", &pm)]).await;
    assert_eq!(customer.status, 200);
    let html = customer.text();
    assert!(
        html.contains(PUBLIC_MESSAGE),
        "the public message is missing"
    );
    for mark in &marks {
        assert!(!html.contains(mark), "{mark} on the customer's page");
        let answers = customer_answers(&state, &pm, n, mark).await;
        assert!(
            answers.contains(PUBLIC_MESSAGE),
            "the answers miss the public message"
        );
        assert!(!answers.contains(mark), "{mark} in an answer: {answers}");
        assert!(!answer.contains(mark), "{mark} in the reply's answer");
    }

    // The outbox: the customer's copies carry the public message, never a mark.
    let mut res = state
        .db
        .query("SELECT headline, text, recipients FROM outbox")
        .await
        .unwrap();
    let outbox: Vec<serde_json::Value> = res.take(0).unwrap();
    let outbox = serde_json::to_string(&outbox).unwrap();
    assert!(
        outbox.contains(PUBLIC_MESSAGE),
        "no copy of the public message"
    );
    for mark in &marks {
        assert!(!outbox.contains(mark), "{mark} in the outbox: {outbox}");
    }

    // The live stream told the customer something changed, and nothing more.
    let mut heard = String::new();
    while let Ok(Some(Ok(chunk))) =
        tokio::time::timeout(std::time::Duration::from_millis(300), stream.next()).await
    {
        heard.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(heard.contains(&n.path_part()), "no live event: {heard:?}");
    for mark in &marks {
        assert!(!heard.contains(mark), "{mark} in the live stream");
    }
}

#[tokio::test]
async fn a_public_message_goes_only_with_a_hand_over() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "alta", "Rejeição 540").await;
    act(&state, &n1, n, "take", "", None).await.unwrap();
    // A note with a "public message" would be a second, public text in disguise.
    let refused = act(&state, &n1, n, "note", "interno", Some("para o cliente")).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    // A hand-over needs its internal record, even with a public message.
    act(&state, &n1, n, "escalate", "Reproduzido.", None)
        .await
        .unwrap();
    let n2 = session(&state, N2, Some(Role::AnalystN2)).await;
    let refused = act(
        &state,
        &n2,
        n,
        "hand_to_development",
        " ",
        Some("Vai ao time."),
    )
    .await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    let page = act(&state, &pm, n, "reply", "Alguma novidade?", None)
        .await
        .unwrap();
    assert!(
        !format!("{page:?}").contains("Vai ao time."),
        "a refused hand-over wrote its message"
    );
}
