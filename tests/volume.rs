//! Volume from customers (issue 20 item 6): a contact, and a company in all, may open only
//! so many occurrences and send only so many messages an hour. The attacks here spend an
//! allowance, then show that everyone else is still served.

// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use suporte::api::occurrences as oc;
use suporte::domain::accounts::Role;
use suporte::domain::error::AppError;
use suporte::domain::occurrences::volume::{Volume, VolumeLimits, VolumeScope};
use suporte::server::state::AppState;

use common::occurrences::{act, open};
use common::{call_as, demo_state_with_accounts, session};

async fn state_limited(limits: VolumeLimits) -> AppState {
    let mut state = demo_state_with_accounts().await;
    state.support.volume = limits;
    state
}

fn only(f: impl FnOnce(&mut VolumeLimits)) -> VolumeLimits {
    let mut l = VolumeLimits::UNLIMITED;
    f(&mut l);
    l
}

async fn try_open(state: &AppState, cookie: &str, title: &str) -> Result<(), AppError> {
    common::occurrences::try_open(state, cookie, "media", title)
        .await
        .map(drop)
}

async fn count_occurrences(state: &AppState) -> usize {
    let mut res = state
        .db
        .query("SELECT VALUE id FROM occurrence")
        .await
        .unwrap();
    let ids: Vec<serde_json::Value> = res.take(0).unwrap();
    ids.len()
}

#[tokio::test]
async fn a_contact_then_a_company_run_out_of_openings_and_others_still_open() {
    let state = state_limited(only(|l| {
        l.openings_person = Some(3);
        l.openings_company = Some(4);
    }))
    .await;
    let gp = session(&state, "gp@alimentos.example", Some(Role::Customer)).await;
    let ti = session(&state, "ti@alimentos.example", Some(Role::Customer)).await;
    let other = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    for i in 0..3 {
        try_open(&state, &gp, &format!("Erro {i}")).await.unwrap();
    }
    let e = try_open(&state, &gp, "Mais uma").await.unwrap_err();
    let AppError::TooMany {
        volume: Volume::Openings,
        scope: VolumeScope::Person,
        retry_after_secs,
    } = e
    else {
        panic!("expected the person's limit, got {e:?}");
    };
    // Three an hour: the next one in 20 minutes.
    assert!(
        (1150..=1200).contains(&retry_after_secs),
        "{retry_after_secs}"
    );
    assert!(
        e.to_string().contains("Você abriu muitas ocorrências"),
        "{e}"
    );
    // A colleague spends the company's fourth, then the company is out.
    try_open(&state, &ti, "Do colega").await.unwrap();
    let e = try_open(&state, &ti, "Do colega, de novo")
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::TooMany {
                scope: VolumeScope::Company,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("A sua empresa abriu"), "{e}");
    // Refused openings left nothing behind; another company is served as ever.
    assert_eq!(count_occurrences(&state).await, 4);
    try_open(&state, &other, "Outra empresa").await.unwrap();
    assert_eq!(count_occurrences(&state).await, 5);
}

#[tokio::test]
async fn a_refused_form_costs_nothing_and_an_hour_gives_the_allowance_back() {
    let state = state_limited(only(|l| l.openings_person = Some(1))).await;
    let gp = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let e = try_open(&state, &gp, "").await.unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
    try_open(&state, &gp, "Depois de corrigir").await.unwrap();
    assert!(matches!(
        try_open(&state, &gp, "Segunda").await,
        Err(AppError::TooMany { .. })
    ));
    // An hour later (the bucket's last spend moved back), one more is allowed.
    state
        .db
        .query("UPDATE volume SET at = time::now() - 1h")
        .await
        .unwrap()
        .check()
        .unwrap();
    try_open(&state, &gp, "Uma hora depois").await.unwrap();
}

#[tokio::test]
async fn twenty_parallel_openings_spend_exactly_the_allowance() {
    let state = state_limited(only(|l| l.openings_person = Some(5))).await;
    let gp = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let tries = (0..20).map(|i| {
        let (state, gp) = (state.clone(), gp.clone());
        tokio::spawn(async move { try_open(&state, &gp, &format!("Paralela {i}")).await })
    });
    let mut opened = 0;
    for t in futures::future::join_all(tries).await {
        match t.unwrap() {
            Ok(()) => opened += 1,
            Err(AppError::TooMany { .. }) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(opened, 5);
    assert_eq!(count_occurrences(&state).await, 5);
}

#[tokio::test]
async fn a_customer_runs_out_of_messages_while_support_still_answers() {
    let state = state_limited(only(|l| l.messages_person = Some(2))).await;
    let gp = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let ana = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    let n = open(&state, &gp, "media", "Relatório travado").await;
    act(&state, &ana, n, "take", "").await;
    act(&state, &gp, n, "reply", "Mais um detalhe").await;
    act(&state, &gp, n, "reply", "E outro").await;
    let e = call_as(&state, Some(&gp), || {
        oc::act_on_occurrence(n.path_part(), "reply".into(), "Terceira".into(), None, None)
    })
    .await
    .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::TooMany {
                volume: Volume::Messages,
                ..
            }
        ),
        "{e:?}"
    );
    for i in 0..5 {
        act(&state, &ana, n, "reply", &format!("Resposta {i}")).await;
    }
    let page = common::occurrences::page(&state, &ana, n).await;
    assert!(!page.timeline.iter().any(|e| e.text == "Terceira"));
    assert!(page.timeline.iter().any(|e| e.text == "Resposta 4"));
}

#[tokio::test]
async fn over_http_a_refusal_is_429_with_retry_after_and_the_reason() {
    let state = state_limited(only(|l| l.openings_company = Some(1))).await;
    let gp = session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let post = || {
        Request::post("/api/abrir-ocorrencia")
            .header("host", "127.0.0.1:3000")
            .header("origin", "http://127.0.0.1:3000")
            .header("cookie", &gp)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                "module=fiscal&kind=erro&criticality=media&title=Nota+rejeitada\
                 &description=Rejei%C3%A7%C3%A3o+539&steps=Emitir&analyst_id=",
            ))
            .unwrap()
    };
    let first = common::http::send(&state, post()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let (status, headers, body) = common::http::send(&state, post()).await.parts();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((3590..=3600).contains(&retry), "{retry}");
    let e: AppError = serde_json::from_str(&body).unwrap();
    assert!(e.to_string().contains("A sua empresa abriu"), "{e}");
}
