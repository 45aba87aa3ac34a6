//! The coordinator's dashboard, against `mem://`: only the coordinator reads it (page and
//! CSV), and each figure moves with what happens — an opening on the Extranet or by phone,
//! a take, a first public reply, an "isto resolveu".
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::http::{StatusCode, header};
use common::http::get;
use common::occurrences::{act, open};
use common::{call, call_as, demo_state_with_accounts, session};
use suporte::api::accounts::companies;
use suporte::api::{AppError, calls, dashboard::coordinator_dashboard, merge, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::calls::CallForm;
use suporte::domain::content::ErpModule;
use suporte::domain::dashboard::{Dashboard, Level};
use suporte::domain::occurrences::State;
use suporte::server::dashboard::window::Window;

const VIP_PM: &str = "gp@alimentos.example";
const OURO_PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const COORD: &str = "coordenacao@uno.example";

fn in_state(d: &Dashboard, s: State) -> u32 {
    d.backlog
        .iter()
        .find(|(x, _)| *x == s)
        .map_or(0, |(_, n)| *n)
}

fn this_week(d: &Dashboard, m: ErpModule) -> u32 {
    let week = d.weeks.last().unwrap();
    week.by_module
        .iter()
        .find(|(x, _)| *x == m)
        .map_or(0, |(_, n)| *n)
}

/// The coordinator's dashboard once `ok` holds, within 5 s (failing with what it showed).
async fn until(
    state: &suporte::server::state::AppState,
    coord: &str,
    what: &str,
    ok: impl Fn(&Dashboard) -> bool,
) -> Dashboard {
    let limit = std::time::Duration::from_secs(5);
    let (shown, _) = common::wait::until(limit, what, async || {
        let d = call_as(state, Some(coord), coordinator_dashboard)
            .await
            .unwrap();
        if ok(&d) {
            Ok(d)
        } else {
            Err(format!("the dashboard's backlog {:?}", d.backlog))
        }
    })
    .await;
    shown
}

#[tokio::test]
async fn only_the_coordinator_reads_it_and_every_figure_moves_with_the_work() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    for cookie in [&pm, &n1] {
        assert_eq!(
            call_as(&state, Some(cookie), coordinator_dashboard).await,
            Err(AppError::Forbidden)
        );
        let status = get(
            &state,
            "/coordenacao/painel.csv?serie=backlog",
            &[("cookie", cookie)],
        )
        .await
        .status;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        call(&state, coordinator_dashboard).await,
        Err(AppError::Unauthenticated)
    );

    let before = call_as(&state, Some(&coord), coordinator_dashboard)
        .await
        .unwrap();
    assert_eq!(before.weeks.len(), 12);
    let a = open(&state, &pm, "alta", "Painel: aberta").await; // fiscal, Extranet
    let b = open(&state, &pm, "media", "Painel: respondida").await;
    act(&state, &n1, b, "take", "").await;
    act(&state, &n1, b, "reply", "Estamos verificando.").await;
    // A call from the Ouro company's manager opens an estoque case by phone.
    let companies = call_as(&state, Some(&n1), companies::list_companies)
        .await
        .unwrap();
    let (company, contact) = companies
        .iter()
        .find_map(|c| {
            Some((
                c.id.clone(),
                c.contacts.iter().find(|p| p.email == OURO_PM)?.id.clone(),
            ))
        })
        .unwrap();
    let form = CallForm {
        company_id: company,
        contact_id: contact,
        subject: "Inventário não fecha".into(),
        minutes: "4".into(),
        outcome: "abrir".into(),
        module: "estoque".into(),
        kind: "duvida".into(),
        criticality: "media".into(),
        description: "Relatado por telefone: o inventário não fecha.".into(),
        ..CallForm::default()
    };
    let by_phone = call_as(&state, Some(&n1), || calls::log_call(form))
        .await
        .unwrap();
    assert!(by_phone.is_some());
    call_as(&state, Some(&pm), || {
        oc::deflection_solved("faq".into(), "quando-ligar".into())
    })
    .await
    .unwrap();

    // The dashboard is read again once the live feed reports the changes (asynchronously).
    let after = until(&state, &coord, "the three new open cases", |d| {
        d.open_total() == before.open_total() + 3
    })
    .await;
    assert_eq!(
        in_state(&after, State::Aberta),
        in_state(&before, State::Aberta) + 2
    );
    assert_eq!(
        in_state(&after, State::EmAtendimento),
        in_state(&before, State::EmAtendimento) + 1
    );
    let level = |d: &Dashboard, l: Level| {
        d.by_level()
            .into_iter()
            .find(|(x, _)| *x == l)
            .map_or(0, |(_, n)| n)
    };
    assert_eq!(level(&after, Level::N1), level(&before, Level::N1) + 1);
    assert_eq!(
        this_week(&after, ErpModule::Fiscal),
        this_week(&before, ErpModule::Fiscal) + 2
    );
    assert_eq!(
        this_week(&after, ErpModule::Estoque),
        this_week(&before, ErpModule::Estoque) + 1
    );
    let [(ex0, ph0), (ex1, ph1)] =
        [&before, &after].map(|d| (d.channels[0].clone(), d.channels[1].clone()));
    assert!(!ex1.phone && ph1.phone);
    assert_eq!(
        (ex1.opened, ex1.answered),
        (ex0.opened + 2, ex0.answered + 1)
    );
    assert_eq!(ph1.opened, ph0.opened + 1);
    assert!(ex1.median_first_response_minutes.is_some());
    assert_eq!(after.deflections.len(), 6);
    assert_eq!(after.deflections[5].1, before.deflections[5].1 + 1);
    assert_eq!(
        after.sla_month.pending,
        before.sla_month.pending + 5,
        "three cases: five deadlines still running, one first response met"
    );
    assert_eq!(after.sla_month.met, before.sla_month.met + 1);
    assert!(after.oldest.len() <= 10);
    assert!(
        after
            .oldest
            .windows(2)
            .all(|w| w[0].opened_at <= w[1].opened_at)
    );
    assert!(after.oldest.iter().any(|c| c.number == a.to_string()) || after.oldest.len() == 10);

    // Each series downloads as CSV; an unknown one is refused with a message.
    let csv = get(
        &state,
        "/coordenacao/painel.csv?serie=semanas",
        &[("cookie", &coord)],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header(header::CONTENT_TYPE).starts_with("text/csv"));
    let body = csv.text();
    let mut lines = body.trim_start_matches('\u{feff}').lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("\"semana\";\"total\";\"financeiro\"")
    );
    assert_eq!(lines.count(), 12);
    let bad = get(
        &state,
        "/coordenacao/painel.csv?serie=senhas",
        &[("cookie", &coord)],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// The window's lines as a comparable list: number, first response, solution, minutes.
fn summary(w: &Window) -> Vec<String> {
    let mut v: Vec<String> = w
        .lines()
        .map(|l| {
            format!(
                "{} {:?} {:?} {:?}",
                l.about.number, l.first_response, l.solution, l.first_response_minutes
            )
        })
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn the_kept_window_agrees_with_a_full_read_after_openings_work_merges_and_time() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let now = chrono::Utc::now();
    let kept = Window::read(&state.db, now).await.unwrap();
    let before = summary(&kept);

    let a = open(&state, &pm, "critica", "Janela: fica aberta").await;
    let b = open(&state, &pm, "media", "Janela: respondida").await;
    let dup = open(&state, &pm, "media", "Janela: duplicada").await;
    act(&state, &n1, b, "take", "").await;
    act(&state, &n1, b, "reply", "Estamos verificando.").await;
    call_as(&state, Some(&n1), || {
        merge::merge_occurrence(
            dup.path_part(),
            b.path_part(),
            "É o mesmo caso: seguimos na outra.".into(),
        )
    })
    .await
    .unwrap();

    let kept = kept.refresh(&state.db, now).await.unwrap();
    let fresh = Window::read(&state.db, now).await.unwrap();
    let lines = summary(&kept);
    assert_eq!(lines, summary(&fresh));
    assert_eq!(
        lines.len(),
        before.len() + 2,
        "two new cases, the merged one left out"
    );
    for n in [a, b] {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{n} "))),
            "{n} in {lines:?}"
        );
    }
    assert!(!lines.iter().any(|l| l.starts_with(&format!("{dup} "))));

    // A week on, the critical case's first response is late: time alone moved it. The
    // writes above are first left behind the copy's re-read margin (5 s), so the refresh
    // judges the case again because its deadline passed, not because it was re-read.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    let kept = kept.refresh(&state.db, now).await.unwrap();
    let later = now + chrono::Duration::days(7);
    let kept = kept.refresh(&state.db, later).await.unwrap();
    let lines = summary(&kept);
    assert_eq!(
        lines,
        summary(&Window::read(&state.db, later).await.unwrap())
    );
    let late = lines
        .iter()
        .find(|l| l.starts_with(&format!("{a} ")))
        .unwrap();
    assert!(late.contains("Breached"), "{late}");
}
