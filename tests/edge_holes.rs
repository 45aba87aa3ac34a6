//! Smaller holes closed at the edge: a browser signing in again leaves no stale session,
//! temporary passwords expire, analysts do not receive what a company pays.

#![cfg(feature = "ssr")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{call_as, call_full, demo_state_with_accounts, session};
use suporte::api::AppError;
use suporte::api::accounts::{analysts, companies, session as session_api};
use suporte::domain::accounts::Role;
use suporte::domain::rule::Rule;

const N1: &str = "ana.n1@uno.example";
const COORD: &str = "coordenacao@uno.example";

#[tokio::test]
async fn signing_in_again_ends_the_session_the_browser_presented() {
    let state = demo_state_with_accounts().await;
    let old = session(&state, N1, Some(Role::AnalystN1)).await;
    let (user, headers) = call_full(&state, Some(&old), || {
        session_api::sign_in(N1.into(), "AnalistaN1#2026".into())
    })
    .await;
    user.unwrap();
    let new = headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(new, old);
    let stale = call_as(&state, Some(&old), session_api::current_user)
        .await
        .unwrap();
    assert_eq!(stale, None, "the presented session still works");
    let fresh = call_as(&state, Some(&new), session_api::current_user)
        .await
        .unwrap();
    assert!(fresh.is_some(), "the new session works");
    // A wrong password keeps the presented session.
    let e = call_as(&state, Some(&new), || {
        session_api::sign_in(N1.into(), "errada errada".into())
    })
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Unauthenticated), "{e:?}");
    assert!(
        call_as(&state, Some(&new), session_api::current_user)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_temporary_password_works_for_72_hours_only() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let n1_id = suporte::server::accounts::people::find_id(&state.db, N1)
        .await
        .unwrap()
        .unwrap();
    let reset = call_as(&state, Some(&coord), || {
        analysts::reset_password(n1_id.clone())
    })
    .await
    .unwrap();
    let temporary = reset.temporary_password.clone();
    // Fresh: it signs in (to change it).
    call_as(&state, None, || {
        session_api::sign_in(N1.into(), temporary.clone())
    })
    .await
    .expect("a fresh temporary password signs in");
    // 73 hours later it no longer does, and says why.
    state
        .db
        .query("UPDATE type::record('person', $id) SET temporary_password_at = time::now() - 73h")
        .bind(("id", n1_id.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let e = call_as(&state, None, || {
        session_api::sign_in(N1.into(), temporary.clone())
    })
    .await
    .unwrap_err();
    assert_eq!(e, AppError::Rule(Rule::TemporaryPasswordExpired));
    assert!(e.to_string().contains("72 horas"), "{e}");
    // A wrong password still gets the one answer for everything wrong.
    let e = call_as(&state, None, || {
        session_api::sign_in(N1.into(), "outra senha errada".into())
    })
    .await
    .unwrap_err();
    assert_eq!(e, AppError::Unauthenticated);
    // A new reset gives 72 hours again.
    let again = call_as(&state, Some(&coord), || {
        analysts::reset_password(n1_id.clone())
    })
    .await
    .unwrap();
    call_as(&state, None, || {
        session_api::sign_in(N1.into(), again.temporary_password.clone())
    })
    .await
    .expect("a new temporary password signs in");
}

#[tokio::test]
async fn analysts_do_not_receive_what_a_company_pays() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let all = call_as(&state, Some(&coord), companies::list_companies)
        .await
        .unwrap();
    let id = all[0].id.clone();
    call_as(&state, Some(&coord), || {
        companies::set_monthly_fee(id.clone(), "R$ 10.000,00".into())
    })
    .await
    .unwrap();
    let seen_by_coord = call_as(&state, Some(&coord), || companies::get_company(id.clone()))
        .await
        .unwrap();
    assert_eq!(seen_by_coord.monthly_fee_cents, Some(1_000_000));
    let one = call_as(&state, Some(&n1), || companies::get_company(id.clone()))
        .await
        .unwrap();
    assert_eq!(one.monthly_fee_cents, None, "N1 received the monthly fee");
    let list = call_as(&state, Some(&n1), companies::list_companies)
        .await
        .unwrap();
    assert!(list.iter().all(|c| c.monthly_fee_cents.is_none()));
}
