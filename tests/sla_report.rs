//! The SLA report against `mem://`: deadlines judged over real records (openings moved
//! into the past), penalties from the plan's rule and the company's fee, charts and tables,
//! the CSV route for the coordinator only, and refusals for everyone else.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::http::{StatusCode, header};
use common::http::get;
use common::occurrences::{age, open};
use common::{call_as, demo_state_with_accounts, session, snapshot};
use suporte::api::accounts::companies;
use suporte::api::{AppError, occurrences as oc, sla};
use suporte::domain::accounts::Role;

const VIP_PM: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";
const COORD: &str = "coordenacao@uno.example";

#[tokio::test]
async fn the_report_judges_deadlines_and_prices_breaches() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    // Two VIP · Crítica occurrences opened three weeks ago and never answered: both
    // deadlines of each breached (2 × (2,5 % + 5 %) = 15 %, under the 20 % cap); one
    // just opened: pending.
    let late = [
        open(&state, &pm, "critica", "Relatório critica").await,
        open(&state, &pm, "critica", "Relatório critica").await,
    ];
    for n in late {
        age(&state, n, 21).await;
    }
    open(&state, &pm, "baixa", "Relatório baixa").await;
    let companies = call_as(&state, Some(&coord), companies::list_companies)
        .await
        .unwrap();
    let company = companies
        .iter()
        .find(|c| c.name.contains("Alimentos"))
        .unwrap();
    let bad = call_as(&state, Some(&coord), || {
        companies::set_monthly_fee(company.id.clone(), "doze reais".into())
    })
    .await;
    assert!(matches!(bad, Err(AppError::Invalid(_))), "{bad:?}");
    call_as(&state, Some(&coord), || {
        companies::set_monthly_fee(company.id.clone(), "R$ 10.000,00".into())
    })
    .await
    .unwrap();

    let page = call_as(&state, Some(&coord), || sla::sla_report(Some(3)))
        .await
        .unwrap();
    let r = &page.report;
    assert_eq!(r.occurrences, 3);
    assert_eq!(
        (r.overall.met, r.overall.breached, r.overall.pending),
        (0, 4, 2)
    );
    assert_eq!(r.breaches.len(), 4);
    assert_eq!(r.by_plan.len(), 1);
    assert_eq!(r.by_plan[0].label, "VIP");
    assert_eq!(r.by_criticality.len(), 2);
    let total: u32 = r.penalties.iter().map(|p| p.breaches).sum();
    assert_eq!(total, 4);
    let shares: u32 = r.penalties.iter().map(|p| p.share_bp).sum();
    assert_eq!(shares, 1500, "{:?}", r.penalties);
    let amount: i64 = r.penalties.iter().filter_map(|p| p.amount_cents).sum();
    assert_eq!(amount, 150_000);
    // Short lists are whole on the page; the penalties download has one line a row.
    assert_eq!(page.totals.breaches, 4);
    assert_eq!(page.totals.penalties as usize, r.penalties.len());
    let csv = get(
        &state,
        "/coordenacao/sla.csv?meses=3&tabela=multas",
        &[("cookie", &coord)],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    let body = csv.text();
    let lines: Vec<&str> = body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "empresa;mes;prazos_estourados;multa_percentual;teto;valor"
    );
    assert_eq!(lines.len(), 1 + r.penalties.len(), "{body}");
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.contains("Alimentos") && l.contains("R$")),
        "{body}"
    );
    let odd = get(
        &state,
        "/coordenacao/sla.csv?meses=3&tabela=tudo",
        &[("cookie", &coord)],
    )
    .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    // Charts draw the decided shares: one month, one plan, each bar inside the drawing.
    for chart in [&page.month_chart, &page.plan_chart] {
        assert_eq!(chart.bars.len(), 1, "{chart:?}");
        assert!(chart.svg().starts_with("<svg"));
        assert!(
            chart.widths().iter().all(|w| (0.0..=100.0).contains(w)),
            "{chart:?}"
        );
    }

    // An answer counts as the first response (in business time from the opening).
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    call_as(&state, Some(&n1), || {
        oc::act_on_occurrence(
            late[0].path_part(),
            "take".into(),
            String::new(),
            None,
            None,
        )
    })
    .await
    .unwrap();
    call_as(&state, Some(&n1), || {
        oc::act_on_occurrence(
            late[0].path_part(),
            "reply".into(),
            "Olhando.".into(),
            None,
            None,
        )
    })
    .await
    .unwrap();
    let page = call_as(&state, Some(&coord), || sla::sla_report(None))
        .await
        .unwrap();
    assert_eq!(page.report.first_response.len(), 1);
    assert_eq!(page.report.first_response[0].answered, 1);
    assert!(page.report.first_response[0].mean_minutes > 60);
}

#[tokio::test]
async fn only_the_coordinator_reads_the_report_and_its_csv() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let n = open(&state, &pm, "alta", "Relatório alta").await;
    for cookie in [&pm, &n1] {
        assert_eq!(
            call_as(&state, Some(cookie), || sla::sla_report(None)).await,
            Err(AppError::Forbidden)
        );
        let status = get(&state, "/coordenacao/sla.csv", &[("cookie", cookie)])
            .await
            .status;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let status = get(&state, "/coordenacao/sla.csv", &[]).await.status;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let before = snapshot(&state).await;
    assert!(matches!(
        call_as(&state, Some(&coord), || sla::sla_report(Some(5))).await,
        Err(AppError::Invalid(_))
    ));
    let status = get(
        &state,
        "/coordenacao/sla.csv?meses=5",
        &[("cookie", &coord)],
    )
    .await
    .status;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(snapshot(&state).await, before);

    let csv = get(
        &state,
        "/coordenacao/sla.csv?meses=1",
        &[("cookie", &coord)],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    let kind = csv.header(header::CONTENT_TYPE);
    assert!(kind.starts_with("text/csv"), "{kind}");
    let body = csv.text();
    let mut lines = body.trim_start_matches('\u{feff}').lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("numero;titulo;empresa;plano;")
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with(&format!("\"{}\";\"Relatório alta\"", n)),
        "{row}"
    );
    assert!(row.contains("\"VIP\";\"Alta\""), "{row}");
}

#[tokio::test]
async fn a_report_without_occurrences_says_so_instead_of_drawing_bare_axes() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let page = get(&state, "/coordenacao/sla", &[("cookie", &coord)]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert_eq!(
        html.matches("data-testid=\"sla-chart-empty\"").count(),
        3,
        "one note per chart"
    );
    assert!(!html.contains("<svg xmlns"), "no chart drawn");
}
