//! The SLA promise as the customer sees it, against `mem://`: "Meu SLA" lists the
//! company's cases of a month with each deadline met or missed and the credit owed;
//! penalties are snapshotted at opening, so editing the table never reprices a breach;
//! the acknowledgement names the plan's terms and is asked again when they change.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{age, open};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::{AppError, accounts::companies, sla};
use suporte::domain::accounts::Role;
use suporte::domain::sla::report::Outcome;
use suporte::server::state::AppState;

const VIP_PM: &str = "gp@alimentos.example";
const OURO_PM: &str = "gp@metalurgica.example";
const COORD: &str = "coordenacao@uno.example";

async fn set_vip_penalty(state: &AppState, coord: &str, percent: &str) {
    let mut fields = call_as(state, Some(coord), sla::sla_settings)
        .await
        .unwrap();
    fields.insert("vip_multa".into(), percent.into());
    call_as(state, Some(coord), || sla::save_sla_settings(fields))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_breach_keeps_its_credit_when_the_table_changes_and_the_customer_sees_it() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let other = session(&state, OURO_PM, Some(Role::Customer)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    // VIP · Crítica opened 21 days ago, never answered: both deadlines missed at the
    // VIP rule of its opening (5 %: 2,5 % + 5 % = 7,5 %).
    let late = open(&state, &pm, "critica", "Servidor fora do ar").await;
    age(&state, late, 21).await;
    open(&state, &other, "baixa", "De outra empresa").await;
    let opened = suporte::domain::time::month_key(chrono::Utc::now() - chrono::Duration::days(21));
    let mine = |cookie: String, month: &str| {
        let (state, month) = (state.clone(), month.to_owned());
        async move { call_as(&state, Some(&cookie), || sla::my_sla(Some(month))).await }
    };
    let before = mine(pm.clone(), &opened).await.unwrap();
    assert_eq!(
        before.lines.len(),
        1,
        "only the company's cases: {:?}",
        before.lines
    );
    let line = &before.lines[0];
    assert_eq!(line.number, late.to_string());
    assert_eq!(
        (line.first_response, line.solution),
        (Outcome::Breached, Outcome::Breached)
    );
    assert_eq!(line.credit_bp, 750);
    assert_eq!(before.credit.as_ref().unwrap().share_bp, 750);

    // The coordinator doubles the VIP penalty: the breach keeps its price; a case opened
    // now is priced by the new rule.
    set_vip_penalty(&state, &coord, "10").await;
    let after = mine(pm.clone(), &opened).await.unwrap();
    assert_eq!(after.lines[0].credit_bp, 750, "the past was repriced");
    let report = call_as(&state, Some(&coord), || sla::sla_report(Some(3)))
        .await
        .unwrap();
    let b = report
        .report
        .breaches
        .iter()
        .find(|b| b.number == late.to_string())
        .unwrap();
    assert!(b.penalty_bp <= 500, "{b:?}");
    let fresh = open(&state, &pm, "critica", "Outra queda").await;
    age(&state, fresh, 21).await;
    let now = mine(pm.clone(), &opened).await.unwrap();
    let fresh_line = now
        .lines
        .iter()
        .find(|l| l.number == fresh.to_string())
        .unwrap();
    assert_eq!(fresh_line.credit_bp, 1500, "the new rule: 5 % + 10 %");

    // Bad months are refused; a contact only sees their company; support has no "Meu SLA".
    assert!(matches!(
        mine(pm.clone(), "2020-01").await,
        Err(AppError::Invalid(_))
    ));
    assert!(
        mine(other.clone(), &opened)
            .await
            .unwrap()
            .lines
            .iter()
            .all(|l| l.number != late.to_string())
    );
    assert!(matches!(
        mine(coord.clone(), "").await,
        Err(AppError::Forbidden)
    ));
}

#[tokio::test]
async fn a_change_of_the_plans_terms_asks_for_the_acknowledgement_again() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let other = session(&state, OURO_PM, Some(Role::Customer)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let mine = |cookie: String| {
        let state = state.clone();
        async move {
            call_as(&state, Some(&cookie), companies::my_company)
                .await
                .unwrap()
        }
    };
    let vip = mine(pm.clone()).await;
    let acked = vip
        .prerequisites
        .sla_acknowledged_version
        .clone()
        .expect("a version");
    assert_eq!(
        vip.prerequisites.sla_current_version.as_deref(),
        Some(acked.as_str())
    );
    assert!(!vip.prerequisites.sla_table_changed());

    set_vip_penalty(&state, &coord, "7,5").await;
    let vip = mine(pm.clone()).await;
    assert!(vip.prerequisites.sla_table_changed(), "VIP's terms changed");
    assert!(
        vip.missing_steps().is_empty(),
        "asked again, not stopped from working"
    );
    assert!(
        !mine(other.clone()).await.prerequisites.sla_table_changed(),
        "Ouro's did not"
    );

    let again = call_as(&state, Some(&pm), companies::acknowledge_sla)
        .await
        .unwrap();
    assert!(!again.prerequisites.sla_table_changed());
    assert_ne!(again.prerequisites.sla_acknowledged_version, Some(acked));
}
