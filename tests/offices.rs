//! Offices, against `mem://`: only the coordinator registers them (a name once, never the
//! default's), a company served by an office opens occurrences on that office's calendar
//! while its open ones keep theirs, and re-timing an office moves the open occurrences of
//! its companies only (timeline and audit), never another office's.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use std::collections::HashMap;

use common::occurrences::{open, page};
use common::{call_as, demo_state_with_accounts, session, snapshot};
use suporte::api::{AppError, accounts::companies, offices, sla};
use suporte::domain::accounts::Role;
use suporte::domain::rule::Rule;
use suporte::domain::sla::calendar_spec::CalendarSpec;
use suporte::server::state::AppState;

const VIP_PM: &str = "gp@alimentos.example";
const OURO_PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const COORD: &str = "coordenacao@uno.example";

const BARUERI_HOURS: &str = "segunda a sexta, das 09:00 às 18:00";

async fn save_office(
    state: &AppState,
    coord: &str,
    id: &str,
    edit: impl FnOnce(&mut HashMap<String, String>),
) -> Result<(), AppError> {
    let (_, mut fields) = call_as(state, Some(coord), || offices::office_settings(id.into()))
        .await
        .unwrap();
    edit(&mut fields);
    call_as(state, Some(coord), || {
        offices::save_office(id.into(), fields)
    })
    .await
}

async fn company_id(state: &AppState, pm: &str) -> String {
    call_as(state, Some(pm), companies::my_company)
        .await
        .unwrap()
        .id
}

fn nine_to_six(f: &mut HashMap<String, String>) {
    for day in ["segunda", "terca", "quarta", "quinta", "sexta"] {
        f.insert(format!("horario_{day}"), "09:00-18:00".into());
    }
    f.insert(
        "feriados".into(),
        "26/03/2099 Aniversário de Barueri".into(),
    );
}

#[tokio::test]
async fn only_the_coordinator_registers_offices_and_bad_input_changes_nothing() {
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let snap = snapshot(&state).await;
    for r in [
        call_as(&state, Some(&n1), || {
            offices::create_office("Barueri".into())
        })
        .await,
        call_as(&state, None, || offices::create_office("Barueri".into())).await,
    ] {
        assert!(
            matches!(r, Err(AppError::Forbidden | AppError::Unauthenticated)),
            "{r:?}"
        );
    }
    assert!(matches!(
        call_as(&state, Some(&n1), offices::list_offices).await,
        Err(AppError::Forbidden)
    ));
    for bad in ["", "B", "S.O.E.", "soe"] {
        let r = call_as(&state, Some(&coord), || offices::create_office(bad.into())).await;
        assert!(matches!(r, Err(AppError::Invalid(_))), "{bad:?}: {r:?}");
    }
    assert_eq!(snapshot(&state).await, snap, "nothing written");

    let id = call_as(&state, Some(&coord), || {
        offices::create_office("Barueri".into())
    })
    .await
    .unwrap();
    let r = call_as(&state, Some(&coord), || {
        offices::create_office(" BARUERI. ".into())
    })
    .await;
    assert!(matches!(r, Err(AppError::Rule(Rule::OfficeTaken))), "{r:?}");
    // It starts as a copy of the default calendar.
    let (office, _) = call_as(&state, Some(&coord), || {
        offices::office_settings(id.clone())
    })
    .await
    .unwrap();
    assert_eq!(office.calendar, CalendarSpec::default());

    // A bad calendar names the problem and keeps the office as it was.
    let snap = snapshot(&state).await;
    let r = save_office(&state, &coord, &id, |f| {
        f.insert("horario_terca".into(), "9h às 18h".into());
    })
    .await;
    assert!(
        matches!(r, Err(AppError::Invalid(ref m)) if m.contains("Terça") || m.contains("terça")),
        "{r:?}"
    );
    assert_eq!(snapshot(&state).await, snap, "nothing written");
    let r = call_as(&state, Some(&n1), || {
        offices::set_company_office("x".into(), id.clone())
    })
    .await;
    assert!(matches!(r, Err(AppError::Forbidden)), "{r:?}");
    let r = call_as(&state, Some(&coord), || {
        offices::set_company_office("nenhuma".into(), id.clone())
    })
    .await;
    assert!(matches!(r, Err(AppError::NotFound(_))), "{r:?}");
}

#[tokio::test]
async fn a_company_runs_on_its_office_calendar_and_each_office_retimes_its_own() {
    let state = demo_state_with_accounts().await;
    let vip = session(&state, VIP_PM, Some(Role::Customer)).await;
    let ouro = session(&state, OURO_PM, Some(Role::Customer)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let vip_company = company_id(&state, &vip).await;
    let before = open(&state, &vip, "alta", "Aberta no S.O.E.").await;

    let barueri = call_as(&state, Some(&coord), || {
        offices::create_office("Barueri".into())
    })
    .await
    .unwrap();
    save_office(&state, &coord, &barueri, nine_to_six)
        .await
        .unwrap();
    call_as(&state, Some(&coord), || {
        offices::set_company_office(vip_company.clone(), barueri.clone())
    })
    .await
    .unwrap();

    // The customer and the coordinator see who serves the company.
    let mine = call_as(&state, Some(&vip), companies::my_company)
        .await
        .unwrap();
    let office = mine.office.expect("served by Barueri");
    assert_eq!(office.name, "Barueri");
    assert_eq!(office.calendar.hours().describe(), BARUERI_HOURS);
    let listed = call_as(&state, Some(&coord), offices::list_offices)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].companies, 1);

    // New occurrences open on Barueri's calendar; the open one keeps the one it opened on;
    // another company stays on the default office.
    let after = open(&state, &vip, "alta", "Aberta em Barueri").await;
    let elsewhere = open(&state, &ouro, "alta", "Outra empresa").await;
    let hours = |v: &suporte::domain::occurrences::OccurrenceView| {
        v.summary.sla.calendar.hours().describe()
    };
    assert_eq!(hours(&page(&state, &vip, after).await), BARUERI_HOURS);
    assert_eq!(
        page(&state, &vip, after)
            .await
            .summary
            .sla
            .calendar
            .holidays()[0]
            .name,
        "Aniversário de Barueri"
    );
    assert_eq!(
        page(&state, &vip, before).await.summary.sla.calendar,
        CalendarSpec::default()
    );
    assert_eq!(
        page(&state, &ouro, elsewhere).await.summary.sla.calendar,
        CalendarSpec::default()
    );

    // Re-timing the default office moves its companies' open cases, not Barueri's.
    let mut fields = call_as(&state, Some(&coord), sla::sla_settings)
        .await
        .unwrap();
    fields.insert("horario_sabado".into(), "08:00-12:00".into());
    fields.insert("recalcular".into(), "on".into());
    call_as(&state, Some(&coord), || sla::save_sla_settings(fields))
        .await
        .unwrap();
    assert!(hours(&page(&state, &ouro, elsewhere).await).contains("sábado"));
    assert_eq!(hours(&page(&state, &vip, after).await), BARUERI_HOURS);
    assert_eq!(
        page(&state, &vip, before).await.summary.sla.calendar,
        CalendarSpec::default(),
        "its company is Barueri's now: the default office's re-timing is not its"
    );

    // An office edit without re-timing reaches new cases only; with it, every open case
    // of its companies moves, each saying so, and the audit log records the choice.
    save_office(&state, &coord, &barueri, |f| {
        f.insert("horario_sexta".into(), "09:00-17:00".into());
    })
    .await
    .unwrap();
    assert_eq!(hours(&page(&state, &vip, after).await), BARUERI_HOURS);
    save_office(&state, &coord, &barueri, |f| {
        f.insert("recalcular".into(), "on".into());
    })
    .await
    .unwrap();
    for n in [before, after] {
        let v = page(&state, &vip, n).await;
        assert!(
            hours(&v).contains("sexta, das 09:00 às 17:00"),
            "{}",
            hours(&v)
        );
        assert!(
            v.timeline
                .iter()
                .any(|e| e.public && e.text.contains("Calendário de atendimento alterado")),
            "{n}: the timeline records the re-timing"
        );
    }
    assert!(hours(&page(&state, &ouro, elsewhere).await).contains("sábado"));
    let audit = call_as(&state, Some(&coord), suporte::api::audit::audit_log)
        .await
        .unwrap();
    for action in [
        "escritório cadastrado",
        "escritório da empresa alterado",
        "calendário do escritório alterado (ocorrências abertas recalculadas)",
    ] {
        assert!(audit.iter().any(|a| a.action == action), "{action}");
    }

    // Back to the default office: new cases open on its calendar again.
    call_as(&state, Some(&coord), || {
        offices::set_company_office(vip_company.clone(), String::new())
    })
    .await
    .unwrap();
    let back = open(&state, &vip, "alta", "De volta ao S.O.E.").await;
    assert!(hours(&page(&state, &vip, back).await).contains("sábado"));
}
