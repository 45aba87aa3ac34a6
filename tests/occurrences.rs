//! Occurrences against `mem://`: gapless numbers under concurrency, visibility between
//! companies, internal notes kept from customers, the lifecycle through the server
//! functions, and refusals that change nothing.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::{call_as, demo_state_with_accounts, second_n1, session};
use suporte::api::{AppError, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{Action, EntryKind, OccurrenceNumber, State};
use suporte::domain::rule::Rule;
use suporte::server::state::AppState;

const PM_A: &str = "gp@metalurgica.example"; // Ouro, prerequisites done
const PM_B: &str = "gp@distribuidora.example"; // Prata, prerequisites missing
const VIP_PM: &str = "gp@alimentos.example";
const VIP_EXTRA: &str = "ti@alimentos.example";
const N1: &str = "ana.n1@uno.example";
const N2: &str = "bruno.n2@uno.example";

async fn open(state: &AppState, cookie: &str, title: &str) -> Result<OccurrenceNumber, AppError> {
    call_as(state, Some(cookie), || {
        oc::open_occurrence(
            "fiscal".into(),
            "erro".into(),
            "alta".into(),
            title.into(),
            "A nota volta rejeitada.".into(),
            "1. Emitir 2. Transmitir".into(),
            String::new(),
            None,
        )
    })
    .await
}

async fn act(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    action: &str,
    text: &str,
) -> Result<State, AppError> {
    call_as(state, Some(cookie), || {
        oc::act_on_occurrence(n.path_part(), action.into(), text.into(), None, None)
    })
    .await
    .map(|v| v.summary.state)
}

#[tokio::test]
async fn fifty_concurrent_openings_get_numbers_one_to_fifty() {
    let state = demo_state_with_accounts().await;
    let a = session(&state, PM_A, Some(Role::Customer)).await;
    let b = session(&state, VIP_PM, Some(Role::Customer)).await;
    let tasks = (0..50).map(|i| {
        let (state, cookie) = (
            state.clone(),
            if i % 2 == 0 { a.clone() } else { b.clone() },
        );
        tokio::spawn(async move { open(&state, &cookie, &format!("Ocorrência {i}")).await })
    });
    let mut seqs: Vec<u32> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap().seq())
        .collect();
    seqs.sort();
    assert_eq!(seqs, (1..=50).collect::<Vec<_>>());
}

#[tokio::test]
async fn another_companys_occurrence_is_not_found_like_a_missing_one() {
    let state = demo_state_with_accounts().await;
    let a = session(&state, PM_A, Some(Role::Customer)).await;
    let other = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n = open(&state, &a, "Só da Metalúrgica").await.unwrap();
    let theirs = call_as(&state, Some(&other), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap_err();
    let missing = call_as(&state, Some(&other), || {
        oc::get_occurrence("2026/999999".into())
    })
    .await
    .unwrap_err();
    assert_eq!(theirs, AppError::not_found("Ocorrência não encontrada."));
    assert_eq!(missing, theirs);
    assert_eq!(
        act(&state, &other, n, "reply", "oi").await.unwrap_err(),
        theirs
    );
    // Both VIP contacts share their company's list; the Metalúrgica's is not in it.
    open(&state, &other, "Da Alimentos").await.unwrap();
    let extra = session(&state, VIP_EXTRA, Some(Role::Customer)).await;
    let list = call_as(&state, Some(&extra), || {
        oc::list_occurrences(None, None, None, None, None)
    })
    .await
    .unwrap();
    let titles: Vec<&str> = list.items.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles, ["Da Alimentos"]);
}

#[tokio::test]
async fn the_lifecycle_runs_through_the_server_functions() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n2 = session(&state, N2, Some(Role::AnalystN2)).await;
    let n = open(&state, &pm, "NF-e rejeitada").await.unwrap();

    let queue = call_as(&state, Some(&n1), || {
        oc::occurrence_queue(
            "novas".into(),
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
    assert!(queue.items.iter().any(|o| o.number == n));
    // Narrowed by module and plan; the analyst's specialities come along.
    let fiscal_ouro = call_as(&state, Some(&n1), || {
        oc::occurrence_queue(
            "novas".into(),
            Some("fiscal".into()),
            None,
            None,
            Some("ouro".into()),
            None,
            None,
            None,
            None,
        )
    })
    .await
    .unwrap();
    assert_eq!(fiscal_ouro.items.len(), 1);
    assert!(
        fiscal_ouro
            .my_modules
            .contains(&suporte::domain::content::ErpModule::Fiscal)
    );
    for (module, plan) in [("vendas", "ouro"), ("fiscal", "vip")] {
        let none = call_as(&state, Some(&n1), || {
            oc::occurrence_queue(
                "novas".into(),
                Some(module.into()),
                None,
                None,
                Some(plan.into()),
                None,
                None,
                None,
                None,
            )
        })
        .await
        .unwrap();
        assert!(none.items.is_empty(), "{module}/{plan}");
    }
    assert_eq!(
        act(&state, &n1, n, "take", "").await,
        Ok(State::EmAtendimento)
    );
    assert_eq!(
        act(&state, &n1, n, "ask_customer", "Qual a versão do ERP?").await,
        Ok(State::AguardandoCliente)
    );
    // The customer's answer brings it back to where it was.
    assert_eq!(
        act(&state, &pm, n, "reply", "Versão 2026.11").await,
        Ok(State::EmAtendimento)
    );
    // The simulation record is required to escalate.
    assert!(matches!(
        act(&state, &n1, n, "escalate", " ").await,
        Err(AppError::Invalid(_))
    ));
    assert_eq!(
        act(
            &state,
            &n1,
            n,
            "escalate",
            "Reproduzido na 2026.11: emitir e transmitir."
        )
        .await,
        Ok(State::EscaladaN2)
    );
    assert_eq!(
        act(&state, &n2, n, "return_to_n1", "Cadastro do NCM incorreto.").await,
        Ok(State::EmAtendimento)
    );
    assert_eq!(
        act(&state, &n1, n, "resolve", "Corrija o NCM do produto 42.").await,
        Ok(State::Resolvida)
    );
    assert_eq!(
        act(&state, &pm, n, "confirm", "").await,
        Ok(State::Encerrada)
    );
    // Closed: nothing more, with the rule that says why.
    assert_eq!(
        act(&state, &pm, n, "reply", "Obrigado").await,
        Err(AppError::Rule(Rule::NotNow {
            action: Action::Reply,
            state: State::Encerrada
        }))
    );

    let page = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    let states: Vec<State> = page.timeline.iter().filter_map(|e| e.to_state).collect();
    assert_eq!(
        states,
        [
            State::EmAtendimento,
            State::AguardandoCliente,
            State::EmAtendimento,
            State::EscaladaN2,
            State::EmAtendimento,
            State::Resolvida,
            State::Encerrada
        ]
    );
    assert!(page.actions.is_empty());
    // The clock's instants were recorded.
    let mut res = state
        .db
        .query("SELECT taken_at != NONE AS taken, first_public_reply_at != NONE AS replied, resolved_at != NONE AS resolved FROM occurrence")
        .await
        .unwrap();
    let row: Option<serde_json::Value> = res.take(0).unwrap();
    assert_eq!(
        row.unwrap(),
        serde_json::json!({ "taken": true, "replied": true, "resolved": true })
    );
}

#[tokio::test]
async fn internal_notes_never_reach_the_customer() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "Boleto sem linha digitável")
        .await
        .unwrap();
    act(&state, &n1, n, "take", "").await.unwrap();
    act(
        &state,
        &n1,
        n,
        "note",
        "SEGREDO: cliente já abriu isso antes",
    )
    .await
    .unwrap();
    act(
        &state,
        &n1,
        n,
        "escalate",
        "SIMULAÇÃO: reproduzido na base de testes",
    )
    .await
    .unwrap();
    let theirs = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    let json = serde_json::to_string(&theirs).unwrap();
    assert!(
        !json.contains("SEGREDO") && !json.contains("SIMULAÇÃO"),
        "{json}"
    );
    assert!(
        theirs
            .timeline
            .iter()
            .all(|e| e.public && e.kind != EntryKind::Note)
    );
    // Text search in their list does not find words of a note either.
    let found = call_as(&state, Some(&pm), || {
        oc::list_occurrences(None, None, None, Some("segredo".into()), None)
    })
    .await
    .unwrap();
    assert!(found.items.is_empty());
    let found = call_as(&state, Some(&pm), || {
        oc::list_occurrences(None, None, None, Some("linha digitável".into()), None)
    })
    .await
    .unwrap();
    assert_eq!(found.items.len(), 1);
    // The analyst sees both.
    let ours = call_as(&state, Some(&n1), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert_eq!(
        ours.timeline
            .iter()
            .filter(|e| e.kind == EntryKind::Note)
            .count(),
        2
    );
}

#[tokio::test]
async fn two_analysts_taking_at_once_get_one_owner_and_one_answer_naming_them() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n = open(&state, &pm, "Estoque negativo").await.unwrap();
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let olga = second_n1(&state).await;
    let (x, y) = tokio::join!(
        act(&state, &ana, n, "take", ""),
        act(&state, &olga, n, "take", "")
    );
    let (won, lost) = match (x, y) {
        (Ok(_), Err(e)) => ("Ana Atendimento", e),
        (Err(e), Ok(_)) => ("Olga Outra", e),
        other => panic!("exactly one must win: {other:?}"),
    };
    assert_eq!(lost, AppError::Rule(Rule::AlreadyTaken { by: won.into() }));
    let page = call_as(&state, Some(&ana), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert_eq!(page.summary.owner_name.as_deref(), Some(won));
    assert_eq!(
        page.timeline
            .iter()
            .filter(|e| e.to_state == Some(State::EmAtendimento))
            .count(),
        1
    );
}

#[tokio::test]
async fn refusals_are_typed_and_write_nothing() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let pm_b = session(&state, PM_B, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "Relatório lento").await.unwrap();
    let before = common::snapshot(&state).await;
    // Prerequisites missing.
    assert!(
        matches!(open(&state, &pm_b, "Qualquer").await, Err(AppError::Invalid(m)) if m.contains("Termo de aceite"))
    );
    // A customer calling an analyst action.
    assert_eq!(
        act(&state, &pm, n, "take", "").await,
        Err(AppError::Forbidden)
    );
    // An illegal move now.
    let illegal = act(&state, &n1, n, "resolve", "x").await;
    assert!(
        matches!(
            illegal,
            Err(AppError::Rule(Rule::NotNow {
                action: Action::Resolve,
                ..
            }))
        ),
        "{illegal:?}"
    );
    // Unknown action, empty and oversized fields.
    assert!(matches!(
        act(&state, &n1, n, "explodir", "").await,
        Err(AppError::Invalid(_))
    ));
    let e = call_as(&state, Some(&pm), || {
        oc::open_occurrence(
            "fiscal".into(),
            "erro".into(),
            "alta".into(),
            "t".repeat(201),
            "d".into(),
            "s".into(),
            String::new(),
            None,
        )
    })
    .await
    .unwrap_err();
    assert!(
        matches!(e, AppError::Invalid(ref m) if m.contains("máximo é 200")),
        "{e:?}"
    );
    let e = call_as(&state, Some(&pm), || {
        oc::open_occurrence(
            "fiscal".into(),
            "duvida".into(),
            "alta".into(),
            "T".into(),
            "d".into(),
            "".into(),
            "nao-existe".into(),
            None,
        )
    })
    .await
    .unwrap_err();
    assert_eq!(
        e,
        AppError::invalid("O analista escolhido não foi encontrado.")
    );
    assert!(
        common::snapshot(&state).await == before,
        "a refusal changed data"
    );
    // Anonymous and wrong roles.
    assert_eq!(
        call_as(&state, None, || oc::get_occurrence(n.path_part()))
            .await
            .unwrap_err(),
        AppError::Unauthenticated
    );
    assert_eq!(
        call_as(&state, Some(&pm), || oc::occurrence_queue(
            "novas".into(),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None
        ))
        .await
        .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        call_as(&state, Some(&n1), || oc::list_occurrences(
            None, None, None, None, None
        ))
        .await
        .unwrap_err(),
        AppError::Forbidden
    );
}

#[tokio::test]
async fn isto_resolveu_is_counted_per_item_and_shown_to_the_coordinator() {
    use suporte::api::editor;
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let other = session(&state, "gp@alimentos.example", Some(Role::Customer)).await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    // Once per person and item: the same person's second click counts nothing.
    for cookie in [&pm, &pm, &other] {
        call_as(&state, Some(cookie), || {
            oc::deflection_solved("faq".into(), "quando-ligar".into())
        })
        .await
        .unwrap();
    }
    assert_eq!(
        call_as(&state, Some(&pm), || oc::deflection_solved(
            "faq".into(),
            "nao-existe".into()
        ))
        .await
        .unwrap_err(),
        AppError::not_found("Conteúdo não encontrado.")
    );
    let rows = call_as(&state, Some(&coord), editor::list_content)
        .await
        .unwrap();
    let solved = |slug: &str| rows.iter().find(|r| r.slug == slug).unwrap().solved;
    assert_eq!(
        (solved("quando-ligar"), solved("ocorrencia-ou-telefone")),
        (2, 0)
    );
}

#[tokio::test]
async fn the_live_feed_pushes_changes_a_caller_may_see_and_nothing_else() {
    use axum::{body::Body, http::Request};
    use futures::StreamExt;
    use tower::ServiceExt;
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let vip = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let router = suporte::app::router(state.clone());
    let subscribe = |cookie: Option<String>| {
        let router = router.clone();
        async move {
            let mut req = Request::get("/eventos/ocorrencias");
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            router
                .oneshot(req.body(Body::empty()).unwrap())
                .await
                .unwrap()
        }
    };
    assert_eq!(subscribe(None).await.status(), 401);
    let mine = subscribe(Some(pm.clone())).await;
    assert_eq!(mine.status(), 200);
    assert_eq!(mine.headers()["content-type"], "text/event-stream");
    let mut mine = mine.into_body().into_data_stream();
    let mut all = subscribe(Some(n1.clone()))
        .await
        .into_body()
        .into_data_stream();
    async fn next(s: &mut axum::body::BodyDataStream) -> String {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), s.next())
            .await
            .expect("an event within 5 s")
            .unwrap()
            .unwrap();
        String::from_utf8(chunk.to_vec()).unwrap()
    }
    // Another company's occurrence first: the analyst hears of it, the customer does not.
    let theirs = open(&state, &vip, "Da Alimentos").await.unwrap();
    let ours = open(&state, &pm, "Da Metalúrgica").await.unwrap();
    assert!(
        next(&mut all)
            .await
            .contains(&format!("data: {}", theirs.path_part()))
    );
    let event = next(&mut mine).await;
    assert!(event.contains("event: ocorrencia"), "{event}");
    assert!(
        event.contains(&format!("data: {}", ours.path_part())),
        "{event}"
    );
    // An analyst's action is pushed to the customer too.
    act(&state, &n1, ours, "take", "").await.unwrap();
    assert!(next(&mut mine).await.contains(&ours.path_part()));
}

/// Every occurrence function by every actor: the exact refusal, and nothing written.
#[tokio::test]
async fn authorization_matrix_of_the_occurrence_functions() {
    let state = demo_state_with_accounts().await;
    let pm_a = session(&state, PM_A, Some(Role::Customer)).await;
    let n = open(&state, &pm_a, "Da Metalúrgica").await.unwrap();
    let actors = [
        ("anônimo", None),
        ("GP empresa A", Some(pm_a.clone())),
        (
            "GP empresa B",
            Some(session(&state, PM_B, Some(Role::Customer)).await),
        ),
        (
            "GP VIP",
            Some(session(&state, VIP_PM, Some(Role::Customer)).await),
        ),
        ("N1", Some(session(&state, N1, Some(Role::AnalystN1)).await)),
        ("N2", Some(session(&state, N2, Some(Role::AnalystN2)).await)),
        (
            "coordenação",
            Some(session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await),
        ),
    ];
    let path = n.path_part();
    for (who, cookie) in &actors {
        let cookie = cookie.as_deref();
        let before = common::snapshot(&state).await;
        let unauth = |r: Result<(), AppError>, expected: Result<(), AppError>, what: &str| {
            assert_eq!(r, expected, "{who} · {what}");
        };
        let anon = cookie.is_none();
        let customer = who.starts_with("GP");
        let analyst = *who == "N1" || *who == "N2";
        let refuse = |allowed: bool| {
            if anon {
                Err(AppError::Unauthenticated)
            } else if allowed {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        };
        let not_found = Err(AppError::not_found("Ocorrência não encontrada."));
        // Reading the page: its company and support; other companies get 404.
        let r = call_as(&state, cookie, || oc::get_occurrence(path.clone()))
            .await
            .map(|_| ());
        let expected = match *who {
            "GP empresa B" | "GP VIP" => not_found.clone(),
            _ => refuse(true),
        };
        unauth(r, expected, "get_occurrence");
        let r = call_as(&state, cookie, || {
            oc::occurrence_queue(
                "novas".into(),
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
        .map(|_| ());
        unauth(
            r,
            refuse(analyst || *who == "coordenação"),
            "occurrence_queue",
        );
        let r = call_as(&state, cookie, || {
            oc::list_occurrences(None, None, None, None, None)
        })
        .await
        .map(|_| ());
        unauth(r, refuse(customer), "list_occurrences");
        let r = call_as(&state, cookie, oc::directable_analysts)
            .await
            .map(|_| ());
        unauth(r, refuse(customer), "directable_analysts");
        // Writes are refused (checked here with arguments that would change nothing if
        // allowed, so the snapshot stays comparable).
        let r = call_as(&state, cookie, || {
            oc::change_criticality(path.clone(), "marte".into(), "x".into())
        })
        .await
        .map(|_| ());
        let expected = match *who {
            "N1" | "coordenação" => Err(AppError::invalid(
                "Criticidade desconhecida: \"marte\". Use crítica, alta, média ou baixa.",
            )),
            // Not escalated to N2: N2 only notes on it.
            "N2" => Err(AppError::Rule(Rule::NotEscalated)),
            _ if anon => Err(AppError::Unauthenticated),
            _ => Err(AppError::Forbidden),
        };
        unauth(r, expected, "change_criticality");
        let r = call_as(&state, cookie, || {
            oc::act_on_occurrence(path.clone(), "confirm".into(), String::new(), None, None)
        })
        .await
        .map(|_| ());
        let expected = match *who {
            "GP empresa A" => Err(AppError::Rule(Rule::NotNow {
                action: Action::Confirm,
                state: State::Aberta,
            })),
            "GP empresa B" | "GP VIP" => not_found.clone(),
            _ if anon => Err(AppError::Unauthenticated),
            _ => Err(AppError::Forbidden),
        };
        unauth(r, expected, "act_on_occurrence");
        assert!(
            common::snapshot(&state).await == before,
            "{who}: data changed"
        );
    }
}

#[tokio::test]
async fn resolved_occurrences_close_by_themselves_after_five_business_days_exactly_once() {
    use suporte::server::occurrences::autoclose::run_once;
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "Resolvida e esquecida").await.unwrap();
    act(&state, &n1, n, "take", "").await.unwrap();
    act(&state, &n1, n, "resolve", "Ajuste o parâmetro X.")
        .await
        .unwrap();
    let now = chrono::Utc::now();
    // Not yet due.
    assert_eq!(run_once(&state.db, now).await.unwrap(), 0);
    // Two servers running at the same moment, 15 calendar days later (5 business days
    // even across Carnival or the year's end): closed once.
    let later = now + chrono::Duration::days(15);
    let (a, b) = tokio::join!(run_once(&state.db, later), run_once(&state.db, later));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let page = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert_eq!(page.summary.state, State::Encerrada);
    let closings: Vec<_> = page
        .timeline
        .iter()
        .filter(|e| e.to_state == Some(State::Encerrada))
        .collect();
    assert_eq!(closings.len(), 1);
    assert_eq!(closings[0].author_name, "Sistema");
}

#[tokio::test]
async fn a_resolved_case_says_when_it_closes_and_a_customer_writing_back_reopens_it() {
    use suporte::server::occurrences::autoclose::run_once;
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "Continua com erro").await.unwrap();
    act(&state, &n1, n, "take", "").await.unwrap();
    let before = chrono::Utc::now();
    act(&state, &n1, n, "resolve", "Ajuste o parâmetro X.")
        .await
        .unwrap();
    let page = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    // Five business days on the SLA calendar: at least a week, at most a fortnight.
    let closes = page.closes_at.expect("a resolved page names its closing");
    assert!(
        closes >= before + chrono::Duration::days(5)
            && closes <= before + chrono::Duration::days(15),
        "{closes}"
    );
    // The "resolvida" copy by e-mail says it too.
    let mut res = state
        .db
        .query("SELECT VALUE text FROM outbox WHERE text CONTAINS 'parâmetro X'")
        .await
        .unwrap();
    let texts: Vec<String> = res.take(0).unwrap();
    let date = suporte::domain::time::format_date_time(closes);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("encerrada automaticamente em") && t.contains(&date[..10])),
        "{texts:?} lacks {date}"
    );
    // "Continua com erro" written back, without pressing Reabrir: worked on again.
    assert_eq!(
        act(&state, &pm, n, "reply", "Continua com erro na filial 2.").await,
        Ok(State::EmAtendimento)
    );
    let page = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert_eq!(page.closes_at, None);
    assert_eq!(
        page.summary.sla.stopped_at, None,
        "the solution clock runs again"
    );
    // Nothing closes it behind the customer's back.
    let later = chrono::Utc::now() + chrono::Duration::days(30);
    assert_eq!(run_once(&state.db, later).await.unwrap(), 0);
}

#[tokio::test]
async fn a_companys_list_is_newest_activity_first_a_page_at_a_time() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let mut opened = Vec::new();
    for i in 0..27 {
        opened.push(open(&state, &pm, &format!("Lista {i:02}")).await.unwrap());
    }
    // Taken, the oldest has the latest activity.
    act(&state, &n1, opened[0], "take", "").await.unwrap();
    let titles = |page: u32| {
        let (state, pm) = (&state, &pm);
        async move {
            let list = call_as(state, Some(pm), || {
                oc::list_occurrences(None, None, None, None, Some(page))
            })
            .await
            .unwrap();
            let titles: Vec<String> = list.items.iter().map(|o| o.title.clone()).collect();
            (titles, list.has_more)
        }
    };
    let mut first = vec!["Lista 00".to_owned()];
    first.extend((3..27).rev().map(|i| format!("Lista {i:02}")));
    assert_eq!(titles(0).await, (first, true));
    assert_eq!(
        titles(1).await,
        (vec!["Lista 02".to_owned(), "Lista 01".to_owned()], false)
    );
}

/// The titles in the customer's list with these filters (state, module, criticality, text).
async fn listed(state: &AppState, cookie: &str, filters: [Option<&str>; 4]) -> Vec<String> {
    let [st, module, crit, q] = filters.map(|f| f.map(str::to_owned));
    let mut titles: Vec<String> = call_as(state, Some(cookie), || {
        oc::list_occurrences(st, module, crit, q, None)
    })
    .await
    .unwrap()
    .items
    .into_iter()
    .map(|o| o.title)
    .filter(|t| t.starts_with("Filtro"))
    .collect();
    titles.sort();
    titles
}

/// The customer's list narrows by each filter and by several at once (the query writes
/// only the filters set).
#[tokio::test]
async fn the_company_list_narrows_by_state_module_criticality_and_text() {
    use common::occurrences::{act, open};
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    open(&state, &pm, "alta", "Filtro alfa").await;
    open(&state, &pm, "baixa", "Filtro beta").await;
    let taken = open(&state, &pm, "alta", "Filtro gama").await;
    act(&state, &n1, taken, "take", "").await;
    let all = ["Filtro alfa", "Filtro beta", "Filtro gama"];
    assert_eq!(listed(&state, &pm, [None; 4]).await, all);
    assert_eq!(
        listed(&state, &pm, [None, None, Some("alta"), None]).await,
        ["Filtro alfa", "Filtro gama"]
    );
    assert_eq!(
        listed(&state, &pm, [Some("em_atendimento"), None, None, None]).await,
        ["Filtro gama"]
    );
    assert_eq!(
        listed(&state, &pm, [None, Some("fiscal"), None, None]).await,
        all
    );
    assert!(
        listed(&state, &pm, [None, Some("financeiro"), None, None])
            .await
            .is_empty()
    );
    assert_eq!(
        listed(
            &state,
            &pm,
            [None, Some("fiscal"), Some("alta"), Some("alfa")]
        )
        .await,
        ["Filtro alfa"]
    );
    assert!(
        listed(
            &state,
            &pm,
            [Some("aberta"), None, Some("baixa"), Some("gama")]
        )
        .await
        .is_empty()
    );
}
