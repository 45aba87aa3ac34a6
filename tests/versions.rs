//! Weekly versions, against `mem://`: a fixed case waits on a registered, unpublished
//! version; publishing resolves exactly the cases waiting on it, once (a second publish is
//! refused and changes nothing); the release mail goes to every active contact once, in
//! batches, with the publish itself answering fast.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use std::time::{Duration, Instant};

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::{AppError, versions};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{OccurrenceNumber, OccurrenceView, State};
use suporte::domain::rule::Rule;
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const COORDINATOR: &str = "coordenacao@uno.example";
const CONTACTS: usize = 5_000;

async fn register(state: &AppState, coord: &str, number: &str) -> Result<(), AppError> {
    call_as(state, Some(coord), || {
        versions::create_version(
            number.into(),
            "2026-12-04".into(),
            format!("## {number}\n\n- Corrige a rejeição 539 do CT-e."),
        )
    })
    .await
}

async fn await_on(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    version: &str,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        versions::await_version(
            n.path_part(),
            version.into(),
            "Obrigado pela paciência.".into(),
        )
    })
    .await
}

async fn count(state: &AppState, sql: &str) -> i64 {
    let mut res = state.db.query(sql).await.unwrap();
    let n: Option<i64> = res.take(0).unwrap();
    n.unwrap_or(0)
}

/// `CONTACTS` active contacts spread over new companies, and 50 inactive ones.
async fn many_contacts(state: &AppState) {
    state
        .db
        .query(
            "FOR $c IN 0..50 {
                 CREATE type::record('company', string::concat('massa', <string> $c)) SET
                     name = string::concat('Empresa ', <string> $c),
                     cnpj = string::concat('990000000000', IF $c < 10 THEN '0' ELSE '' END, <string> $c),
                     segment = 'Indústria', modules = ['fiscal'], plan = 'prata';
             };
             FOR $i IN 0..$n {
                 CREATE person SET email = string::concat('contato', <string> $i, '@massa.example'),
                     name = string::concat('Contato ', <string> $i),
                     password_hash = '$argon2id$v=19$m=19456,t=2,p=1$x$y', roles = ['customer'],
                     company = type::record('company', string::concat('massa', <string> ($i % 50))),
                     contact_role = 'project_manager', active = $i >= 50;
             };",
        )
        .bind(("n", (CONTACTS + 50) as i64))
        .await
        .unwrap()
        .check()
        .unwrap();
}

#[tokio::test]
async fn publishing_resolves_the_waiting_cases_once_and_mails_every_contact_once() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORDINATOR, Some(Role::Coordinator)).await;

    // The register: the coordinator's alone, each number once, bad input explained.
    register(&state, &coord, "2026.49").await.unwrap();
    register(&state, &coord, "2026.50").await.unwrap();
    match register(&state, &coord, "2026.49").await {
        Err(AppError::Rule(Rule::VersionTaken)) => {}
        other => panic!("a second 2026.49 was {other:?}"),
    }
    match register(&state, &coord, "2026.4").await {
        Err(AppError::Invalid(m)) => assert!(m.contains("semana"), "{m}"),
        other => panic!("2026.4 was {other:?}"),
    }
    assert!(matches!(
        register(&state, &ana, "2026.51").await,
        Err(AppError::Forbidden)
    ));

    let a = open(&state, &pm, "alta", "Rejeição 539 no CT-e").await;
    let b = open(&state, &pm, "media", "Rejeição 539 na NF-e").await;
    let c = open(&state, &pm, "baixa", "Relatório fiscal lento").await;
    for n in [a, b, c] {
        act(&state, &ana, n, "take", "").await;
    }
    // Only a registered, unpublished version; the generic action points to the form.
    match await_on(&state, &ana, a, "2030.01").await {
        Err(AppError::Rule(Rule::VersionNotOpen)) => {}
        other => panic!("an unknown version was {other:?}"),
    }
    let generic = call_as(&state, Some(&ana), || {
        suporte::api::occurrences::act_on_occurrence(
            a.path_part(),
            "await_version".into(),
            "x".into(),
            None,
            None,
        )
    })
    .await;
    assert!(matches!(generic, Err(AppError::Invalid(_))), "{generic:?}");
    // From em_atendimento (N1's own case): no need to go through Desenvolvimento.
    let waiting = await_on(&state, &ana, a, "2026.49").await.unwrap();
    assert_eq!(waiting.summary.state, State::AguardandoVersao);
    await_on(&state, &ana, b, "2026.49").await.unwrap();
    await_on(&state, &ana, c, "2026.50").await.unwrap();
    let seen = page(&state, &pm, a).await;
    let fix = seen.fix_version.expect("the customer sees the version");
    assert_eq!(fix.number.to_string(), "2026.49");
    assert!(fix.published_at.is_none());
    assert!(
        seen.timeline
            .iter()
            .any(|e| e.public && e.text.contains("sairá na versão 2026.49"))
    );

    many_contacts(&state).await;
    let active = count(
        &state,
        "RETURN count(SELECT id FROM person WHERE active = true AND company != NONE AND roles CONTAINS 'customer')",
    )
    .await;
    assert!(active >= CONTACTS as i64, "{active} active contacts");

    // Publish: fast (the mail drains in the background), exactly the waiting cases.
    let started = Instant::now();
    let resolved = call_as(&state, Some(&coord), || {
        versions::publish_version("2026.49".into())
    })
    .await
    .unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "publishing took {took:?}");
    assert_eq!(resolved, 2);
    for n in [a, b] {
        let p = page(&state, &pm, n).await;
        assert_eq!(p.summary.state, State::Resolvida, "{n}");
        assert!(p.fix_version.as_ref().unwrap().published_at.is_some());
        assert!(
            p.timeline
                .iter()
                .any(|e| e.public && e.text.contains("saiu na versão 2026.49")),
            "{n}: {:?}",
            p.timeline
        );
        assert!(
            p.closes_at.is_some(),
            "resolved by the version, it closes by itself"
        );
    }
    assert_eq!(
        page(&state, &pm, c).await.summary.state,
        State::AguardandoVersao
    );

    // Every active contact once: wait (with a deadline) for the drain to finish.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        suporte::server::versions::release_mail::drain(&state.db)
            .await
            .unwrap();
        let done = count(&state, "RETURN count(SELECT id FROM erp_version WHERE number = '2026.49' AND mail_done = true)").await;
        if done == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the release mail did not finish in 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mails = count(
        &state,
        "RETURN count(SELECT id FROM outbox WHERE link = '/versoes')",
    )
    .await;
    let distinct = count(
        &state,
        "RETURN array::len(array::distinct(SELECT VALUE recipients[0] FROM outbox WHERE link = '/versoes'))",
    )
    .await;
    assert_eq!(mails, active, "one release mail per active contact");
    assert_eq!(distinct, active, "no contact mailed twice");
    let inactive = count(&state, "RETURN count(SELECT id FROM outbox WHERE link = '/versoes' AND recipients[0] = 'contato0@massa.example')").await;
    assert_eq!(inactive, 0, "an inactive contact was mailed");

    // A second publish is refused and changes nothing: no state, entry or mail.
    let events = count(&state, "RETURN count(SELECT id FROM occurrence_event)").await;
    let outbox = count(&state, "RETURN count(SELECT id FROM outbox)").await;
    match call_as(&state, Some(&coord), || {
        versions::publish_version("2026.49".into())
    })
    .await
    {
        Err(AppError::Rule(Rule::VersionAlreadyPublished)) => {}
        other => panic!("a second publish was {other:?}"),
    }
    assert_eq!(
        suporte::server::versions::release_mail::drain(&state.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        count(&state, "RETURN count(SELECT id FROM occurrence_event)").await,
        events
    );
    assert_eq!(
        count(&state, "RETURN count(SELECT id FROM outbox)").await,
        outbox
    );
    // Nothing waits on a published version any more.
    let d = open(&state, &pm, "baixa", "Outra").await;
    act(&state, &ana, d, "take", "").await;
    match await_on(&state, &ana, d, "2026.49").await {
        Err(AppError::Rule(Rule::VersionNotOpen)) => {}
        other => panic!("waiting on a published version was {other:?}"),
    }

    // The public page lists the published version with its notes, and nothing else.
    let public = common::call(&state, versions::published_versions)
        .await
        .unwrap();
    assert_eq!(public.len(), 1);
    assert!(
        public[0].notes_html.contains("rejeição 539"),
        "{}",
        public[0].notes_html
    );
    assert_eq!(public[0].awaiting, 0);
}

#[tokio::test]
async fn a_case_left_waiting_on_a_published_version_is_settled_by_the_job() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    register(&state, &coord, "2026.49").await.unwrap();
    let a = open(&state, &pm, "alta", "Rejeição 539").await;
    act(&state, &ana, a, "take", "").await;
    await_on(&state, &ana, a, "2026.49").await.unwrap();
    // As if the server died right after marking the version published.
    state
        .db
        .query("UPDATE erp_version:⟨2026.49⟩ SET published_at = time::now()")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(
        page(&state, &pm, a).await.summary.state,
        State::AguardandoVersao
    );
    let settled = suporte::server::versions::publish::settle_stragglers(&state.db)
        .await
        .unwrap();
    assert_eq!(settled, 1);
    assert_eq!(page(&state, &pm, a).await.summary.state, State::Resolvida);
    assert_eq!(
        suporte::server::versions::publish::settle_stragglers(&state.db)
            .await
            .unwrap(),
        0
    );
}
