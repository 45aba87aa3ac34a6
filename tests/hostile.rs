//! A hostile client against every server function and some pages, through the real
//! router: malformed bodies get 4xx (never 5xx), and nothing is written.
//!
//! The functions are discovered from the server-function registry, so one added later is
//! covered without editing this file.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::{body::Body, http::Request, http::StatusCode};
use common::{demo_state_with_accounts, session};
use suporte::domain::accounts::Role;
use tower::ServiceExt;

const FORM: &str = "application/x-www-form-urlencoded";

/// One malformed request body: a name, its content type and its bytes.
struct Case {
    name: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    /// Also malformed for a function without arguments (whose empty call is valid).
    for_every_function: bool,
}

fn cases() -> Vec<Case> {
    let nested_json = format!("{}1{}", "{\"a\":".repeat(5000), "}".repeat(5000));
    let nested_form = format!("{}=1", "a".to_owned() + &"[a]".repeat(2000));
    let case = |name, content_type, body: Vec<u8>, every| Case {
        name,
        content_type,
        body,
        for_every_function: every,
    };
    vec![
        case(
            "não é UTF-8",
            Some(FORM),
            vec![0xff, 0xfe, 0x00, 0xc3, 0x28],
            true,
        ),
        case(
            "JSON",
            Some("application/json"),
            br#"{"q":"nota"}"#.to_vec(),
            true,
        ),
        case(
            "JSON muito aninhado",
            Some("application/json"),
            nested_json.into_bytes(),
            true,
        ),
        case("texto", Some("text/plain"), b"q=nota".to_vec(), true),
        case(
            "multipart",
            Some("multipart/form-data; boundary=x"),
            b"--x\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nnota\r\n--x--\r\n".to_vec(),
            true,
        ),
        case("sem Content-Type", None, b"q=nota".to_vec(), true),
        case("corpo vazio", Some(FORM), Vec::new(), false),
        case(
            "JSON como formulário",
            Some(FORM),
            br#"{"email":"a@b.c"}"#.to_vec(),
            false,
        ),
        case(
            "escapes quebrados",
            Some(FORM),
            b"email=%ZZ&password=%".to_vec(),
            false,
        ),
        case(
            "valor de 100 000 caracteres",
            Some(FORM),
            format!("x={}", "a".repeat(100_000)).into_bytes(),
            false,
        ),
        case(
            "formulário muito aninhado",
            Some(FORM),
            nested_form.into_bytes(),
            false,
        ),
        case(
            "tipos errados",
            Some(FORM),
            b"level=abc&available=talvez&active=x&published=x&is_new=2&kind=7".to_vec(),
            false,
        ),
    ]
}

/// Arguments of the right names but wrong types, for functions known to take them.
const MISTYPED: &[(&str, &str)] = &[
    (
        "/api/salvar-analista",
        "id=&name=A&email=a%40uno.example&level=999999&modules=&segments=&available=true",
    ),
    ("/api/definir-disponibilidade", "available=talvez"),
    ("/api/ativar-pessoa", "person_id=x&active=quase"),
    (
        "/api/conteudo-publicar",
        "kind=faq&slug=quando-ligar&published=nem",
    ),
    ("/api/artigo", "kind=wiki&slug=x"),
];

fn request(
    path: &str,
    content_type: Option<&str>,
    cookie: Option<&str>,
    body: Vec<u8>,
) -> Request<Body> {
    let mut r = Request::post(path);
    if let Some(ct) = content_type {
        r = r.header("content-type", ct);
    }
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn every_server_function_answers_malformed_requests_with_4xx_and_writes_nothing() {
    let state = demo_state_with_accounts().await;
    let mut actors = vec![("anônimo", None)];
    for (who, email, role) in [
        ("cliente", "gp@metalurgica.example", Role::Customer),
        ("N1", "ana.n1@uno.example", Role::AnalystN1),
        ("N2", "bruno.n2@uno.example", Role::AnalystN2),
        ("coordenação", "coordenacao@uno.example", Role::Coordinator),
    ] {
        actors.push((who, Some(session(&state, email, Some(role)).await)));
    }
    let router = suporte::app::router(state.clone());
    let send = |req: Request<Body>| {
        let r = router.clone();
        async move { r.oneshot(req).await.unwrap() }
    };
    let mut functions: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    functions.sort();
    assert!(functions.len() >= 29, "{functions:?}");

    let before = common::snapshot(&state).await;
    let mut ran = 0;
    for path in &functions {
        // An empty call tells which functions take arguments (400: they are missing).
        let probe = send(request(path, Some(FORM), None, Vec::new()))
            .await
            .status();
        let takes_args = probe == StatusCode::BAD_REQUEST;
        for case in cases()
            .into_iter()
            .filter(|c| c.for_every_function || takes_args)
        {
            for (who, cookie) in &actors {
                let res = send(request(
                    path,
                    case.content_type,
                    cookie.as_deref(),
                    case.body.clone(),
                ))
                .await;
                let status = res.status();
                assert!(
                    status.is_client_error(),
                    "{path} · {} · {who}: {status}",
                    case.name
                );
                ran += 1;
            }
        }
    }
    for (path, body) in MISTYPED {
        assert!(functions.contains(path), "{path} is not registered");
        for (who, cookie) in &actors {
            let res = send(request(
                path,
                Some(FORM),
                cookie.as_deref(),
                body.as_bytes().to_vec(),
            ))
            .await;
            assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path} · {who}");
            ran += 1;
        }
    }
    let after = common::snapshot(&state).await;
    let added: Vec<_> = after.iter().filter(|r| !before.contains(r)).collect();
    let gone: Vec<_> = before.iter().filter(|r| !after.contains(r)).collect();
    assert!(
        added.is_empty() && gone.is_empty(),
        "a malformed request changed data: added {added:#?}, gone {gone:#?}"
    );
    println!(
        "{ran} requisições malformadas em {} funções de servidor, todas 4xx",
        functions.len()
    );
}

#[tokio::test]
async fn odd_page_requests_get_the_page_or_4xx_never_5xx() {
    let router = suporte::app::router(common::demo_state().await);
    let long = "a".repeat(8000);
    let paths = [
        "/busca?q=%ZZ%".to_owned(),
        format!("/busca?q={}", "nota+".repeat(3000)),
        "/busca?q=nota&tipo=%FF%FE&modulo=marte".to_owned(),
        "/faq/%00".to_owned(),
        "/%C0%AF".to_owned(),
        "/ead/..%2F..%2Fetc%2Fpasswd".to_owned(),
        format!("/manual/{long}"),
        "/?%=%&&&==".to_owned(),
        "/coordenacao/empresas/%27%3B%20DELETE%20company%3B".to_owned(),
    ];
    for path in &paths {
        let res = router
            .clone()
            .oneshot(Request::get(path.as_str()).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(
            !res.status().is_server_error(),
            "{}: {}",
            &path[..path.len().min(60)],
            res.status()
        );
    }
    // Very long or garbled headers.
    let res = router
        .clone()
        .oneshot(
            Request::get("/")
                .header("user-agent", "x".repeat(16_000))
                .header("cookie", format!("suporte_sessao={long}; ;;=;a"))
                .header(
                    "accept-language",
                    axum::http::HeaderValue::from_bytes(&[0x80, 0xff, 0xfe]).unwrap(),
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    let router = suporte::app::router(common::demo_state().await);
    let mut ids = std::collections::HashSet::new();
    for path in ["/", "/nada", "/healthz"] {
        let res = router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 16, "{path}");
        ids.insert(id);
    }
    assert_eq!(ids.len(), 3, "ids are unique per request");
}
