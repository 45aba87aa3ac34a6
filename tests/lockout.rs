//! A stranger guessing at someone's account, from many addresses, cannot keep its owner
//! out, and a flood of refused guesses does not flood the audit log.

#![cfg(feature = "ssr")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::demo_state_with_accounts;
use suporte::api::AppError;
use suporte::server::accounts::{
    sessions::Client,
    signing,
    throttle::{self, Scope},
};
use suporte::server::state::AppState;

const OWNER: &str = "bruno.n2@uno.example";
const PASSWORD: &str = "AnalistaN2#2026";

async fn sign_in_from(state: &AppState, ip: &str, password: &str) -> Result<(), AppError> {
    let client = Client {
        ip: Some(ip.to_owned()),
        user_agent: Some("ataque/1.0".into()),
    };
    signing::sign_in(&state.db, 3600, &client, OWNER, password.to_owned())
        .await
        .map(|_| ())
}

async fn refused_audit_rows(state: &AppState) -> i64 {
    let mut res = state
        .db
        .query(
            "SELECT VALUE count() FROM audit WHERE entity = $entity
                 AND action = 'entrada recusada (tentativas demais)' GROUP ALL",
        )
        .bind(("entity", format!("email:{OWNER}")))
        .await
        .unwrap();
    let n: Option<i64> = res.take(0).unwrap();
    n.unwrap_or(0)
}

#[tokio::test]
async fn two_hundred_guesses_from_fifty_addresses_do_not_keep_the_owner_out() {
    let state = demo_state_with_accounts().await;
    let (mut wrong, mut refused) = (0, 0);
    for i in 0..200 {
        let ip = format!("198.51.100.{}", i % 50 + 1);
        match sign_in_from(&state, &ip, &format!("chute {i}")).await {
            Err(AppError::Unauthenticated) => wrong += 1,
            Err(AppError::Throttled { .. }) => refused += 1,
            other => panic!("guess {i} from {ip}: {other:?}"),
        }
    }
    // The account is paused for the guessing clients: most guesses were never checked.
    assert!(
        refused >= 100,
        "only {refused} of 200 refused ({wrong} checked)"
    );
    assert_eq!(wrong + refused, 200);
    // One audit row for the refusals of this minute, not one per refused guess.
    assert_eq!(refused_audit_rows(&state).await, 1);
    // The owner, from an address that has not failed, gets in at once.
    sign_in_from(&state, "203.0.113.200", PASSWORD)
        .await
        .expect("the owner signs in from a fresh address while the account is under attack");
    // A guessing address is still held back, even with the right password.
    let e = sign_in_from(&state, "198.51.100.1", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Throttled { .. }), "{e:?}");
}

#[tokio::test]
async fn guesses_during_a_pause_do_not_extend_it() {
    let state = demo_state_with_accounts().await;
    let ip = "198.51.100.7";
    for i in 0..5 {
        let e = sign_in_from(&state, ip, &format!("chute {i}"))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Unauthenticated), "guess {i}: {e:?}");
    }
    let first = match sign_in_from(&state, ip, "chute 5").await {
        Err(AppError::Throttled { retry_after_secs }) => retry_after_secs,
        other => panic!("the sixth guess is paused, got {other:?}"),
    };
    assert!((1..=30).contains(&first), "{first}");
    for i in 6..40 {
        match sign_in_from(&state, ip, &format!("chute {i}")).await {
            Err(AppError::Throttled { retry_after_secs }) => assert!(
                retry_after_secs <= first,
                "guess {i} during the pause moved its end: {retry_after_secs} s > {first} s"
            ),
            other => panic!("guess {i}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_ipv6_client_is_counted_by_its_64() {
    let state = demo_state_with_accounts().await;
    let free = Scope::Client.free_failures();
    // Every guess from another address of the same /64, at other e-mails.
    for i in 0..free {
        let client = Client {
            ip: Some(format!("2001:db8:7:7::{:x}", i + 1)),
            user_agent: None,
        };
        let e = signing::sign_in(
            &state.db,
            3600,
            &client,
            &format!("ninguem{i}@x.example"),
            "x".repeat(12),
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AppError::Unauthenticated), "guess {i}: {e:?}");
    }
    assert_eq!(
        throttle::failures(&state.db, Scope::Client, "2001:db8:7:7::/64")
            .await
            .unwrap(),
        free
    );
    let e = sign_in_from(&state, "2001:db8:7:7:abcd::1", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Throttled { .. }), "{e:?}");
    // The neighbouring /64 is someone else.
    sign_in_from(&state, "2001:db8:7:8::1", PASSWORD)
        .await
        .expect("another /64 is not held back");
}
