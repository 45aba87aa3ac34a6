//! The HTTP layer through the real router: security headers, body limit, status of
//! server-function errors, sessions that end (idle, deactivated, ended by their owner),
//! and the safe demo rule.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::{body::Body, http::Request, http::StatusCode, response::Response};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::AppError;
use suporte::api::accounts::{analysts, companies, session};
use suporte::domain::accounts::Role;
use tower::ServiceExt;

async fn send(router: &axum::Router, req: Request<Body>) -> Response {
    router.clone().oneshot(req).await.unwrap()
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.body(Body::empty()).unwrap()
}

async fn text(res: Response) -> String {
    String::from_utf8(
        axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap()
}

fn header<'a>(res: &'a Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .unwrap_or_else(|| panic!("missing {name}"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_signed_in_pages_are_not_stored() {
    let state = demo_state_with_accounts().await;
    let cookie = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let r = suporte::app::router(state);
    for (path, cookie, status) in [
        ("/", None, StatusCode::OK),
        (
            "/coordenacao/auditoria",
            Some(cookie.as_str()),
            StatusCode::OK,
        ),
        ("/nada-aqui", None, StatusCode::NOT_FOUND),
    ] {
        let t0 = std::time::Instant::now();
        let res = send(&r, get(path, cookie)).await;
        // A 408 here once in CI (30 s without an answer, never reproduced): the time taken
        // tells a stall from a slow machine next time.
        assert_eq!(res.status(), status, "{path} after {:?}", t0.elapsed());
        let csp = header(&res, "content-security-policy").to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&res, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert_eq!(header(&res, "x-frame-options"), "DENY");
        // The page's inline scripts carry the very nonce the policy admits.
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {csp}"))
            .to_owned();
        let no_store = res
            .headers()
            .get("cache-control")
            .is_some_and(|v| v == "no-store");
        assert_eq!(no_store, cookie.is_some(), "{path}: cache-control");
        let html = text(res).await;
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: script nonce"
        );
    }
    // No HSTS over plain HTTP.
    let res = send(&r, get("/", None)).await;
    assert!(res.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn an_https_public_url_brings_hsts_and_a_host_prefixed_cookie() {
    let mut state = common::demo_state_with_accounts().await;
    state.security.public_url =
        Some(suporte::server::config::PublicUrl::parse("https://suporte.uno.example").unwrap());
    let r = suporte::app::router(state);
    let res = send(&r, get("/", None)).await;
    assert!(header(&res, "strict-transport-security").contains("max-age="));
    let res = send(
        &r,
        Request::post("/api/entrar")
            .header("host", "suporte.uno.example")
            .header("origin", "https://suporte.uno.example")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                "email=ana.n1%40uno.example&password=AnalistaN1%232026",
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = header(&res, "set-cookie");
    assert!(cookie.starts_with("__Host-suporte_sessao="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    // Requests naming another host are refused before reaching the function.
    let res = send(
        &r,
        Request::post("/api/sair")
            .header("host", "rebound.example")
            .header("origin", "http://rebound.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_refused_with_413() {
    let r = suporte::app::router(common::demo_state().await);
    let big = format!("q={}", "a".repeat(1024 * 1024 + 1));
    let res = send(
        &r,
        Request::post("/api/buscar")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("content-length", big.len())
            .body(Body::from(big))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Just under the limit is read (and refused for what it says, not for its size).
    let fits = format!("q={}", "a".repeat(1000));
    let res = send(
        &r,
        Request::post("/api/buscar")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(fits))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn malformed_and_throttled_calls_get_4xx_with_the_typed_error() {
    let state = demo_state_with_accounts().await;
    let r = suporte::app::router(state);
    let post = |path: &str, body: &'static str| {
        Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    // A missing argument is the caller's fault.
    let res = send(&r, post("/api/entrar", "email=x%40y.z")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let err: AppError = serde_json::from_str(&text(res).await).unwrap();
    assert!(matches!(err, AppError::BadRequest(_)), "{err:?}");
    for _ in 0..5 {
        send(
            &r,
            post(
                "/api/entrar",
                "email=bruno.n2%40uno.example&password=errada%20errada",
            ),
        )
        .await;
    }
    let res = send(
        &r,
        post(
            "/api/entrar",
            "email=bruno.n2%40uno.example&password=errada%20errada",
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&res, "retry-after").parse().unwrap();
    assert!((1..=30).contains(&retry), "{retry}");
}

#[tokio::test]
async fn sign_in_and_out_work_as_plain_form_posts() {
    let r = suporte::app::router(demo_state_with_accounts().await);
    let form = |path: &str, body: &'static str, cookie: Option<&str>| {
        let mut req = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header("referer", "http://127.0.0.1:3000/entrar");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.body(Body::from(body)).unwrap()
    };
    let res = send(
        &r,
        form(
            "/api/entrar",
            "email=gp%40metalurgica.example&password=errada%20errada",
            None,
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(header(&res, "location"), "/entrar?erro=credenciais");
    let res = send(
        &r,
        form(
            "/api/entrar",
            "email=gp%40metalurgica.example&password=ClienteOuro%232026",
            None,
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(header(&res, "location"), "/minha-empresa");
    let cookie = header(&res, "set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let res = send(&r, form("/api/papel", "role=", Some(&cookie))).await;
    assert_eq!(
        (res.status(), header(&res, "location")),
        (StatusCode::FOUND, "/")
    );
    let res = send(&r, form("/api/sair", "", Some(&cookie))).await;
    assert_eq!(
        (res.status(), header(&res, "location")),
        (StatusCode::FOUND, "/")
    );
    let res = send(&r, get("/conta", Some(&cookie))).await;
    assert!(
        res.headers().get("cache-control").is_none(),
        "the session ended"
    );
}

#[tokio::test]
async fn a_deactivated_person_is_signed_out_at_once_and_cannot_sign_in() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let ana = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    let id = suporte::server::accounts::people::find_id(&state.db, "ana.n1@uno.example")
        .await
        .unwrap()
        .unwrap();
    assert!(
        call_as(&state, Some(&ana), session::current_user)
            .await
            .unwrap()
            .is_some()
    );
    call_as(&state, Some(&coord), || {
        analysts::set_person_active(id.clone(), false)
    })
    .await
    .unwrap();
    assert_eq!(
        call_as(&state, Some(&ana), session::current_user)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        call_as(&state, None, || session::sign_in(
            "ana.n1@uno.example".into(),
            "AnalistaN1#2026".into()
        ))
        .await
        .unwrap_err(),
        AppError::Unauthenticated
    );
    call_as(&state, Some(&coord), || {
        analysts::set_person_active(id.clone(), true)
    })
    .await
    .unwrap();
    assert!(
        call_as(&state, None, || session::sign_in(
            "ana.n1@uno.example".into(),
            "AnalistaN1#2026".into()
        ))
        .await
        .is_ok()
    );
}

#[tokio::test]
async fn a_reset_password_is_temporary_and_must_be_changed_first() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let id = suporte::server::accounts::people::find_id(&state.db, "bruno.n2@uno.example")
        .await
        .unwrap()
        .unwrap();
    let created = call_as(&state, Some(&coord), || {
        analysts::reset_password(id.clone())
    })
    .await
    .unwrap();
    let (user, headers) = common::call_full(&state, None, || {
        session::sign_in(
            "bruno.n2@uno.example".into(),
            created.temporary_password.clone(),
        )
    })
    .await;
    let user = user.unwrap();
    assert!(user.must_change_password);
    assert_eq!(user.landing(), "/conta");
    let cookie = headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    // Nothing but the password change is allowed meanwhile.
    assert_eq!(
        call_as(&state, Some(&cookie), companies::list_companies)
            .await
            .unwrap_err(),
        AppError::PasswordChangeRequired
    );
    call_as(&state, Some(&cookie), || {
        session::change_password(
            created.temporary_password.clone(),
            "minha senha nova".into(),
            "minha senha nova".into(),
        )
    })
    .await
    .unwrap();
    assert!(
        call_as(&state, Some(&cookie), companies::list_companies)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_person_lists_their_sessions_and_ends_another_one() {
    let state = demo_state_with_accounts().await;
    let here = session(&state, "gp@alimentos.example", Some(Role::Customer)).await;
    let there = session(&state, "gp@alimentos.example", Some(Role::Customer)).await;
    let other = session(&state, "ti@alimentos.example", Some(Role::Customer)).await;
    let list = call_as(&state, Some(&here), session::my_sessions)
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    let theirs = call_as(&state, Some(&other), session::my_sessions)
        .await
        .unwrap();
    // Someone else's session cannot be ended.
    assert_eq!(
        call_as(&state, Some(&here), || session::end_session(
            theirs[0].id.clone()
        ))
        .await
        .unwrap_err(),
        AppError::not_found("Sessão não encontrada.")
    );
    let elsewhere = list.iter().find(|s| !s.current).unwrap().id.clone();
    call_as(&state, Some(&here), || {
        session::end_session(elsewhere.clone())
    })
    .await
    .unwrap();
    assert_eq!(
        call_as(&state, Some(&there), session::current_user)
            .await
            .unwrap(),
        None
    );
    assert!(
        call_as(&state, Some(&here), session::current_user)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        call_as(&state, Some(&other), session::current_user)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn an_idle_session_ends() {
    let mut state = demo_state_with_accounts().await;
    let cookie = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    state
        .db
        .query("UPDATE session SET last_seen_at = time::now() - 3h")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(
        call_as(&state, Some(&cookie), session::current_user)
            .await
            .unwrap(),
        None
    );
    state.security.idle_timeout_secs = 4 * 3600;
    assert!(
        call_as(&state, Some(&cookie), session::current_user)
            .await
            .unwrap()
            .is_some()
    );
}

/// Runs `sql` (one statement) and returns its first value as seconds.
async fn seconds(state: &suporte::server::state::AppState, sql: &str) -> i64 {
    let mut res = state.db.query(sql).await.unwrap();
    res.take::<Option<i64>>(0).unwrap().unwrap()
}

#[tokio::test]
async fn a_session_past_its_lifetime_ends_and_use_is_written_at_most_once_a_minute() {
    let state = demo_state_with_accounts().await;
    let cookie = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    let age = "RETURN duration::secs(time::now() - (SELECT VALUE last_seen_at FROM session)[0])";
    // Unused for two minutes: the request marks it used.
    state
        .db
        .query("UPDATE session SET last_seen_at = time::now() - 2m")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert!(
        call_as(&state, Some(&cookie), session::current_user)
            .await
            .unwrap()
            .is_some()
    );
    let after = seconds(&state, age).await;
    assert!(after < 30, "marked used now, but last seen {after} s ago");
    // Used 40 s ago: not written again (a write per request would be a commit per page).
    state
        .db
        .query("UPDATE session SET last_seen_at = time::now() - 40s")
        .await
        .unwrap()
        .check()
        .unwrap();
    call_as(&state, Some(&cookie), session::current_user)
        .await
        .unwrap();
    let after = seconds(&state, age).await;
    assert!(
        after >= 40,
        "written again after 40 s: last seen {after} s ago"
    );
    // Past its lifetime: ended, however recently used.
    state
        .db
        .query("UPDATE session SET expires_at = time::now() - 1s")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(
        call_as(&state, Some(&cookie), session::current_user)
            .await
            .unwrap(),
        None
    );
}

/// A page's parallel calls (or several tabs) after a minute away each find the session
/// due for its "last seen" write: they write at once, all but one conflict, and none may
/// fail for it (the load test's streams were refused with 503).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_requests_of_a_session_due_for_its_touch_all_pass() {
    let state = demo_state_with_accounts().await;
    let cookie = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    for round in 0..5 {
        state
            .db
            .query("UPDATE session SET last_seen_at = time::now() - 2m")
            .await
            .unwrap()
            .check()
            .unwrap();
        let calls: Vec<_> = (0..16)
            .map(|_| {
                let (state, cookie) = (state.clone(), cookie.clone());
                tokio::spawn(
                    async move { call_as(&state, Some(&cookie), session::current_user).await },
                )
            })
            .collect();
        for call in calls {
            let answer = call.await.unwrap();
            assert!(
                matches!(answer, Ok(Some(_))),
                "round {round}: a parallel request got {answer:?}"
            );
        }
    }
}

#[tokio::test]
async fn demo_accounts_exist_only_on_loopback_and_block_a_public_start() {
    use suporte::server::{bootstrap, config::Config};
    let file = include_str!("../Leptos.toml");
    let public = Config::from_parts(file, |k| match k {
        "DATABASE_URL" => Some("mem://".into()),
        "LEPTOS_SITE_ADDR" => Some("0.0.0.0:3999".into()),
        "PUBLIC_URL" => Some("https://suporte.uno.example".into()),
        _ => None,
    })
    .unwrap();
    let state = common::state_with(&[]).await;
    bootstrap::demo_accounts_for(&state.db, &public)
        .await
        .unwrap();
    assert!(!bootstrap::demo_accounts_present(&state.db).await.unwrap());

    let local = Config::from_parts(file, |k| match k {
        "DATABASE_URL" => Some("mem://".into()),
        "SUPORTE_DEMO" => Some("1".into()),
        _ => None,
    })
    .unwrap();
    bootstrap::demo_accounts_for(&state.db, &local)
        .await
        .unwrap();
    assert!(bootstrap::demo_accounts_present(&state.db).await.unwrap());
    // The same database may not be served publicly while they exist…
    assert!(
        bootstrap::demo_accounts_for(&state.db, &public)
            .await
            .is_err()
    );
    // …until they are removed.
    assert_eq!(bootstrap::remove_demo_accounts(&state.db).await.unwrap(), 8);
    bootstrap::demo_accounts_for(&state.db, &public)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_first_real_coordinator_is_created_even_after_a_demo_run() {
    use suporte::server::bootstrap::first_coordinator;
    let state = demo_state_with_accounts().await;
    // The demo coordinator does not count as the installation's coordinator…
    assert!(
        first_coordinator(&state.db, "chefe@uno.example", "Chefe", "senha da chefia")
            .await
            .unwrap()
    );
    // …a real one does: no second one is created.
    assert!(
        !first_coordinator(&state.db, "outra@uno.example", "Outra", "senha da chefia")
            .await
            .unwrap()
    );
    assert!(
        call_as(&state, None, || session::sign_in(
            "chefe@uno.example".into(),
            "senha da chefia".into()
        ))
        .await
        .is_ok()
    );
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_dropped_and_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = suporte::app::router(common::demo_state().await);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(suporte::server::http::serve::run_with(
        listener,
        app,
        async {
            let _ = stopped.await;
        },
        std::time::Duration::from_millis(500),
    ));
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        slow.read_to_end(&mut buf),
    )
    .await;
    assert!(read.is_ok(), "the connection was kept open");
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    // A normal request on another connection is answered, with the peer address known.
    let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    ok.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(15), server)
        .await
        .expect("the server stops when told")
        .unwrap();
}

#[tokio::test]
async fn two_coordinators_creating_the_same_e_mail_at_once_get_one_account_and_one_conflict() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let create = || {
        let (state, coord) = (state.clone(), coord.clone());
        tokio::spawn(async move {
            call_as(&state, Some(&coord), || {
                analysts::save_analyst(
                    None,
                    "Gêmeo".into(),
                    "gemeo@uno.example".into(),
                    1,
                    "fiscal".into(),
                    "".into(),
                    true,
                )
            })
            .await
        })
    };
    let (a, b) = tokio::join!(create(), create());
    let mut outcomes = [a.unwrap().map(|_| ()), b.unwrap().map(|_| ())];
    outcomes.sort_by_key(|o| o.is_err());
    assert_eq!(
        outcomes,
        [
            Ok(()),
            Err(AppError::Rule(suporte::domain::rule::Rule::EmailTaken))
        ]
    );
    let mut res = state
        .db
        .query("SELECT count() AS n FROM person WHERE email = 'gemeo@uno.example' GROUP ALL; SELECT count() AS n FROM audit WHERE action = 'analista criado' GROUP ALL")
        .await
        .unwrap();
    let people: Option<serde_json::Value> = res.take(0).unwrap();
    let audits: Option<serde_json::Value> = res.take(1).unwrap();
    assert_eq!(
        (people.unwrap()["n"].as_i64(), audits.unwrap()["n"].as_i64()),
        (Some(1), Some(1))
    );
}

#[tokio::test]
async fn over_long_input_is_refused_in_rust_with_a_message_and_changes_nothing() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let before = common::snapshot(&state).await;
    let e = call_as(&state, Some(&coord), || {
        analysts::save_analyst(
            None,
            "N".repeat(121),
            "longo@uno.example".into(),
            1,
            "".into(),
            "".into(),
            true,
        )
    })
    .await
    .unwrap_err();
    assert_eq!(
        e,
        AppError::invalid("O nome pode ter no máximo 120 caracteres.")
    );
    let e = call_as(&state, Some(&coord), || {
        companies::save_company(
            None,
            "E".repeat(201),
            "11.222.333/0001-81".into(),
            "".into(),
            "".into(),
            "ouro".into(),
        )
    })
    .await
    .unwrap_err();
    assert!(
        matches!(e, AppError::Invalid(ref m) if m.contains("no máximo 200")),
        "{e:?}"
    );
    assert!(common::snapshot(&state).await == before);
}

/// A site directory of its own for `state` (removed by the caller) holding `files` under
/// `pkg/`, so static files are served from it.
fn site_with(
    state: &mut suporte::server::state::AppState,
    name: &str,
    files: &[&str],
) -> std::path::PathBuf {
    let site = std::env::temp_dir().join(format!("suporte-site-{name}-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    for file in files {
        std::fs::write(site.join("pkg").join(file), "export {}").unwrap();
    }
    state.leptos_options.site_root = site.to_string_lossy().into_owned().into();
    site
}

#[tokio::test]
async fn front_end_files_with_hashed_names_are_kept_a_year_even_by_signed_in_browsers() {
    use suporte::server::http::asset_cache::{IMMUTABLE, REVALIDATE};
    let mut state = demo_state_with_accounts().await;
    let cookie = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let hashed = "/pkg/suporte.Xq3nT8kP2wLm9vB4cR7yZA.js";
    let site = site_with(&mut state, "cache", &[&hashed[5..], "suporte.js"]);
    let r = suporte::app::router(state);
    for (path, cookie, policy) in [
        (hashed, None, IMMUTABLE),
        (hashed, Some(cookie.as_str()), IMMUTABLE),
        ("/pkg/suporte.js", Some(cookie.as_str()), REVALIDATE),
    ] {
        let res = send(&r, get(path, cookie)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&res, "cache-control"), policy, "{path}");
    }
    let _ = std::fs::remove_dir_all(&site);
}

/// A static file answered while a page renders on the same thread must not take the
/// page's response headers and status. Leptos' static-file handler looks up the current
/// reactive owner, and a page render leaves its owner set on the thread: the file took
/// the page's CSP (the page then ran no script: "dead" pages after sign-in) and could
/// take a 403. `server::http::reactive_isolation` clears the owner around every poll.
#[tokio::test]
async fn pages_rendered_beside_static_files_keep_their_own_policy_and_status() {
    let mut state = demo_state_with_accounts().await;
    let ana = session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    let site = site_with(&mut state, "isolation", &["suporte.js"]);
    let r = suporte::app::router(state);
    for _ in 0..5 {
        let mut requests = Vec::new();
        for i in 0..12 {
            let path = match i % 4 {
                0 => "/atendimento",
                1 => "/coordenacao/auditoria",
                _ => "/pkg/suporte.js",
            };
            let (r, ana) = (&r, ana.as_str());
            requests.push(async move { (path, send(r, get(path, Some(ana))).await) });
        }
        for (path, res) in futures::future::join_all(requests).await {
            let policy = header(&res, "content-security-policy").to_owned();
            let status = res.status();
            match path {
                "/pkg/suporte.js" => {
                    assert_eq!(status, StatusCode::OK, "{path}");
                    assert!(!policy.contains("'nonce-"), "a file took a page's policy");
                }
                page => {
                    let expected = if page == "/atendimento" {
                        StatusCode::OK
                    } else {
                        StatusCode::FORBIDDEN
                    };
                    assert_eq!(status, expected, "{page}");
                    let body = text(res).await;
                    let nonce = body
                        .split("nonce=\"")
                        .nth(1)
                        .and_then(|s| s.split('"').next())
                        .expect("the page's scripts carry a nonce");
                    assert!(
                        policy.contains(&format!("'nonce-{nonce}'")),
                        "{page}: the policy does not admit the page's scripts: {policy}"
                    );
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&site);
}
