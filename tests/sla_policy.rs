//! The coordinator's SLA rules, against `mem://`: bad input changes nothing, a saved table
//! reaches open occurrences at once (with a timeline entry) and leaves closed ones as they
//! were judged, the first-response rule and local holidays reach the clock, and anyone
//! reads the plans.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{act, open, page};
use common::{call, call_as, demo_state_with_accounts, session, snapshot};
use suporte::api::{AppError, occurrences as oc, sla};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::EntryKind;
use suporte::domain::sla::{Criticality, SlaPlan, policy::SlaPolicy};
use suporte::server::state::AppState;

const VIP_PM: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";
const COORD: &str = "coordenacao@uno.example";

async fn save(
    state: &AppState,
    cookie: &str,
    edit: impl FnOnce(&mut std::collections::HashMap<String, String>),
) -> Result<(), AppError> {
    let mut fields = call_as(state, Some(cookie), sla::sla_settings)
        .await
        .unwrap();
    edit(&mut fields);
    call_as(state, Some(cookie), || sla::save_sla_settings(fields)).await
}

#[tokio::test]
async fn only_the_coordinator_edits_and_bad_input_changes_nothing() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let fields = SlaPolicy::default().to_fields();
    for cookie in [&pm, &n1] {
        let r = call_as(&state, Some(cookie), || {
            sla::save_sla_settings(fields.clone())
        })
        .await;
        assert_eq!(r, Err(AppError::Forbidden));
        assert_eq!(
            call_as(&state, Some(cookie), sla::sla_settings).await,
            Err(AppError::Forbidden)
        );
    }
    let r = call(&state, || sla::save_sla_settings(fields.clone())).await;
    assert_eq!(r, Err(AppError::Unauthenticated));

    let before = snapshot(&state).await;
    let r = save(&state, &coord, |f| {
        f.insert("vip_alta_primeira".into(), "0".into());
        f.insert("feriados".into(), "32/01/2027 Nada".into());
    })
    .await;
    match r {
        Err(AppError::Invalid(msg)) => {
            assert_eq!(msg.lines().count(), 2, "{msg}");
            assert!(msg.contains("VIP · Alta · 1ª resposta"), "{msg}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(snapshot(&state).await, before, "nothing written");
}

#[tokio::test]
async fn a_new_table_reaches_open_occurrences_and_leaves_closed_ones_as_judged() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let open_one = open(&state, &pm, "alta", "Aberta").await;
    let closed_one = open(&state, &pm, "alta", "Resolvida").await;
    act(&state, &n1, closed_one, "take", "").await;
    act(&state, &n1, closed_one, "resolve", "Feito.").await;
    assert_eq!(
        page(&state, &pm, open_one)
            .await
            .summary
            .sla
            .first_response_minutes,
        120
    );

    save(&state, &coord, |f| {
        f.insert("vip_alta_primeira".into(), "3".into());
        f.insert("vip_alta_solucao".into(), "10".into());
        f.insert("aviso".into(), "70".into());
        f.insert("feriados".into(), "20/01/2099 Aniversário da cidade".into());
    })
    .await
    .unwrap();

    let v = page(&state, &pm, open_one).await;
    assert_eq!(
        (
            v.summary.sla.first_response_minutes,
            v.summary.sla.solution_minutes
        ),
        (180, 600)
    );
    assert_eq!(v.summary.sla.warning_percent, 70);
    assert!(
        v.summary.sla.calendar.holidays().is_empty(),
        "a calendar edit without re-timing leaves open occurrences on their calendar"
    );
    let entry = v
        .timeline
        .iter()
        .find(|e| e.kind == EntryKind::Plan)
        .expect("the timeline says why the deadlines moved");
    assert!(entry.public);
    let mut res = state
        .db
        .query("SELECT VALUE recipients FROM outbox WHERE headline CONTAINS 'prazos do SLA'")
        .await
        .unwrap();
    let mail: Vec<Vec<String>> = res.take(0).unwrap();
    assert_eq!(
        mail.len(),
        1,
        "one mail, for the one open occurrence: {mail:?}"
    );
    assert!(mail[0].contains(&VIP_PM.to_owned()));
    assert!(
        entry.text.contains("3h úteis") && entry.text.contains("10h úteis"),
        "{}",
        entry.text
    );

    let v = page(&state, &pm, closed_one).await;
    assert_eq!(
        (
            v.summary.sla.first_response_minutes,
            v.summary.sla.solution_minutes
        ),
        (120, 480),
        "a closed occurrence keeps the targets it was judged by"
    );
    assert!(v.timeline.iter().all(|e| e.kind != EntryKind::Plan));

    // New occurrences and criticality changes use the new table too.
    let newer = open(&state, &pm, "alta", "Nova").await;
    assert_eq!(
        page(&state, &pm, newer).await.summary.sla.solution_minutes,
        600
    );
    call_as(&state, Some(&n1), || {
        oc::change_criticality(newer.path_part(), "critica".into(), "Parou".into())
    })
    .await
    .unwrap();
    assert_eq!(
        page(&state, &pm, newer).await.summary.sla.solution_minutes,
        240
    );

    // Saving the same table again adds no entries.
    let entries = page(&state, &pm, open_one).await.timeline.len();
    save(&state, &coord, |_| {}).await.unwrap();
    assert_eq!(page(&state, &pm, open_one).await.timeline.len(), entries);

    // Anyone reads the plans, with the new table; the audit log has the change.
    let plans = call(&state, sla::sla_plans).await.unwrap();
    let vip = plans.iter().find(|p| p.plan == SlaPlan::Vip).unwrap();
    assert_eq!(vip.targets(Criticality::Alta).solution_hours, 10);
    assert_eq!(vip.local_holidays[0].name, "Aniversário da cidade");
    let audit = call_as(&state, Some(&coord), suporte::api::audit::audit_log)
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.action == "regras de SLA alteradas"));
}

#[tokio::test]
async fn the_first_response_can_be_the_take_and_aguardando_versao_can_run() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let n = open(&state, &pm, "alta", "Assumida").await;
    act(&state, &n1, n, "take", "").await;
    assert_eq!(
        page(&state, &pm, n).await.summary.sla.first_response_at,
        None
    );
    save(&state, &coord, |f| {
        f.insert("primeira_resposta".into(), "assumir".into());
        f.remove("pausa_versao");
    })
    .await
    .unwrap();
    assert!(
        page(&state, &pm, n)
            .await
            .summary
            .sla
            .first_response_at
            .is_some()
    );
    let fields = call_as(&state, Some(&coord), sla::sla_settings)
        .await
        .unwrap();
    assert_eq!(
        fields.get("primeira_resposta").map(String::as_str),
        Some("assumir")
    );
    assert!(!fields.contains_key("pausa_versao"));
}

#[tokio::test]
async fn every_plan_and_criticality_gets_its_deadlines() {
    use suporte::domain::sla::clock::calendar;
    let state = demo_state_with_accounts().await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let companies = call_as(
        &state,
        Some(&n1),
        suporte::api::accounts::companies::list_companies,
    )
    .await
    .unwrap();
    let policy = SlaPolicy::default();
    let mut seen = 0;
    for plan in SlaPlan::ALL {
        let company = companies.iter().find(|c| c.plan == plan).unwrap();
        for c in Criticality::ALL {
            let n = call_as(&state, Some(&n1), || {
                suporte::api::calls::log_call(suporte::domain::calls::CallForm {
                    company_id: company.id.clone(),
                    contact_id: company.contacts[0].id.clone(),
                    subject: format!("{} {}", plan.label(), c.label()),
                    minutes: "5".into(),
                    outcome: "abrir".into(),
                    module: "fiscal".into(),
                    kind: "duvida".into(),
                    criticality: c.slug().into(),
                    description: "Por telefone.".into(),
                    ..Default::default()
                })
            })
            .await
            .unwrap()
            .unwrap();
            let clock = page(&state, &n1, n).await.summary.sla;
            let t = policy.targets(plan, c);
            assert_eq!(
                (clock.first_response_minutes, clock.solution_minutes),
                (t.first_response_hours * 60, t.solution_hours * 60),
                "{plan:?} {c:?}"
            );
            let d = suporte::domain::sla::deadline::deadlines(calendar(), t, clock.opened_at, &[]);
            let r = clock.read(calendar(), clock.opened_at);
            assert_eq!(r.deadline, d.first_response, "{plan:?} {c:?}");
            assert!(d.first_response <= d.solution);
            seen += 1;
        }
    }
    assert_eq!(seen, 12);
}

/// The deadlines `suporte sla-deadline` prints for a VIP/Alta case opened at `opened`,
/// counted in the calendar file `calendar` (the default table, as the command uses).
fn command_deadlines(
    calendar: &std::path::Path,
    opened: chrono::DateTime<chrono::Utc>,
) -> (String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_suporte"))
        .arg("sla-deadline")
        .args(["--plan", "vip", "--criticality", "alta"])
        .arg(format!("--opened={}", opened.to_rfc3339()))
        .arg("--calendar")
        .arg(calendar)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "sla-deadline failed: {stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let at = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("{k} in {v}"))
            .to_owned()
    };
    (at("first_response"), at("solution"))
}

#[tokio::test]
async fn edited_hours_time_new_occurrences_only_unless_open_ones_are_retimed() {
    use suporte::domain::sla::{calendar_spec::CalendarSpec, deadline::deadlines};
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let before = open(&state, &pm, "alta", "Antes da mudança").await;

    // Bad hours are named and change nothing.
    let snap = snapshot(&state).await;
    let r = save(&state, &coord, |f| {
        f.insert("horario_segunda".into(), "9h às 17h".into());
    })
    .await;
    match r {
        Err(AppError::Invalid(msg)) => assert!(msg.contains("segunda"), "{msg}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(snapshot(&state).await, snap, "nothing written");

    // 09:00–17:00 without lunch, Saturday mornings, Carnaval worked, a local holiday.
    save(&state, &coord, |f| {
        for day in ["segunda", "terca", "quarta", "quinta", "sexta"] {
            f.insert(format!("horario_{day}"), "09:00-17:00".into());
        }
        f.insert("horario_sabado".into(), "08:00-12:00".into());
        f.remove("carnaval");
        f.insert(
            "feriados".into(),
            "09/07/2099 Revolução Constitucionalista".into(),
        );
    })
    .await
    .unwrap();
    let after = open(&state, &pm, "alta", "Depois da mudança").await;
    // The calendar is written on the record at opening, not only when a later edit needs it.
    let mut res = state
        .db
        .query("SELECT VALUE sla_calendar FROM occurrence WHERE title = 'Depois da mudança'")
        .await
        .unwrap();
    let stored: Vec<Option<String>> = res.take(0).unwrap();
    let stored =
        CalendarSpec::from_json(stored[0].as_deref().expect("snapshot at opening")).unwrap();
    assert!(!stored.hours().carnival_off(), "{stored:?}");
    let old_clock = page(&state, &pm, before).await.summary.sla;
    let new_clock = page(&state, &pm, after).await.summary.sla;
    assert_eq!(
        old_clock.calendar,
        CalendarSpec::default(),
        "opened before: UNO's hours"
    );
    assert_eq!(
        new_clock.calendar.hours().describe(),
        "segunda a sexta, das 09:00 às 17:00; sábado, das 08:00 às 12:00"
    );
    assert!(!new_clock.calendar.hours().carnival_off());

    // The command line, given the same calendar as a file, agrees with the server.
    let file = std::env::temp_dir().join(format!("calendario-{}.json", std::process::id()));
    std::fs::write(&file, new_clock.calendar.to_json()).unwrap();
    let (first, solution) = command_deadlines(&file, new_clock.opened_at);
    let server = deadlines(
        new_clock.calendar(),
        suporte::domain::sla::default_targets(SlaPlan::Vip, Criticality::Alta),
        new_clock.opened_at,
        &[],
    );
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.unwrap()
            .with_timezone(&chrono_tz::America::Sao_Paulo)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    };
    assert_eq!(
        (first, solution),
        (local(server.first_response), local(server.solution))
    );
    // And differs from UNO's default calendar, so the comparison means something.
    let default_file = std::env::temp_dir().join(format!("padrao-{}.json", std::process::id()));
    std::fs::write(&default_file, CalendarSpec::default().to_json()).unwrap();
    let (_, default_solution) = command_deadlines(&default_file, new_clock.opened_at);
    assert_ne!(default_solution, local(server.solution));
    let _ = std::fs::remove_file(file);
    let _ = std::fs::remove_file(default_file);

    // Re-timing the open ones is a choice: recorded on each timeline and in the audit log.
    assert!(
        page(&state, &pm, before)
            .await
            .timeline
            .iter()
            .all(|e| !e.text.contains("Calendário de atendimento"))
    );
    save(&state, &coord, |f| {
        f.insert("recalcular".into(), "on".into());
        f.insert("horario_sabado".into(), String::new());
    })
    .await
    .unwrap();
    let v = page(&state, &pm, before).await;
    assert_eq!(
        v.summary.sla.calendar.hours().describe(),
        "segunda a sexta, das 09:00 às 17:00"
    );
    let entry = v
        .timeline
        .iter()
        .find(|e| e.text.contains("Calendário de atendimento alterado"))
        .expect("the timeline records the re-timing");
    assert!(
        entry.public && entry.text.contains("09:00 às 17:00"),
        "{}",
        entry.text
    );
    let audit = call_as(&state, Some(&coord), suporte::api::audit::audit_log)
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.action.contains("recalculadas")));
}
