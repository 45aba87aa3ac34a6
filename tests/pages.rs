//! Server-rendered pages through the real router: status codes and the markup that tests
//! and tools rely on (`data-testid`), as a browser without JavaScript would get them.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::{body::Body, http::Request, http::StatusCode};
use tower::ServiceExt;

async fn get(router: &axum::Router, path: &str) -> (StatusCode, String) {
    let res = router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

async fn router() -> axum::Router {
    suporte::app::router(common::demo_state().await)
}

#[tokio::test]
async fn home_puts_search_first_then_channels_phone_and_popular_faqs() {
    let (status, html) = get(&router().await, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"pt-BR\""), "pt-BR document");
    let search = html
        .find("data-testid=\"search-input\"")
        .expect("search box");
    let channels = html.find("Canais de atendimento").expect("channels");
    assert!(search < channels, "the search box comes first");
    assert!(html.contains("(15) 3000-0000"), "phone number shown");
    let popular = &html[html
        .find("data-testid=\"popular-faqs\"")
        .expect("popular FAQs")..];
    assert!(popular.contains("/faq/quando-ligar"), "popular FAQs listed");
}

#[tokio::test]
async fn search_page_renders_results_without_javascript() {
    let (status, html) = get(&router().await, "/busca?q=rejeicao+nota").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"search-results\""));
    assert!(html.matches("data-testid=\"search-result\"").count() >= 3);
    assert!(html.contains("<mark>"), "matched words are highlighted");
    assert!(
        html.contains("value=\"rejeicao nota\""),
        "the box keeps the query"
    );
}

#[tokio::test]
async fn filters_are_kept_in_the_form_and_applied() {
    let (_, html) = get(&router().await, "/busca?q=nota&tipo=faq").await;
    assert!(
        html.contains("<option value=\"faq\" selected"),
        "kind filter selected"
    );
    assert!(!html.contains("data-kind=\"manual\""), "only FAQs listed");
    assert!(html.contains("data-kind=\"faq\""));
}

#[tokio::test]
async fn article_page_has_breadcrumbs_body_and_related_items() {
    let (status, html) = get(&router().await, "/manual/rejeicoes-sefaz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"breadcrumbs\""));
    assert!(html.contains("data-testid=\"article-title\">Rejeições da SEFAZ mais comuns"));
    assert!(html.contains("<table>"), "Markdown rendered");
    assert!(html.contains("data-testid=\"related\""));
    assert!(html.contains("Atualizado em "));

    let (status, html) = get(&router().await, "/ead/extranet").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("1 h 30 min")
            && html.contains("https://universidade.uno.example/cursos/extranet")
    );
}

#[tokio::test]
async fn unknown_pages_answer_404_with_a_helpful_page() {
    let r = router().await;
    for path in [
        "/faq/nao-existe",
        "/manual/Invalido!",
        "/qualquer/coisa",
        "/nada",
    ] {
        let (status, html) = get(&r, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("Página não encontrada"), "{path}");
    }
}

#[tokio::test]
async fn section_pages_list_their_items() {
    let (status, html) = get(&router().await, "/faq").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.matches("href=\"/faq/").count() >= 10);
}

#[tokio::test]
async fn healthz_checks_the_database() {
    let (status, body) = get(&router().await, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with("ok"));
}

#[tokio::test]
async fn cross_site_mutations_are_refused_before_reaching_a_server_function() {
    let r = router().await;
    let post = |origin: &'static str| {
        Request::post("/api/sair")
            .header("host", "127.0.0.1:3000")
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap()
    };
    let res = r
        .clone()
        .oneshot(post("https://evil.example"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = r
        .clone()
        .oneshot(post("http://127.0.0.1:3000"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn signed_in_pages_render_for_their_role_on_the_server() {
    let state = common::demo_state_with_accounts().await;
    let cookie = common::session(
        &state,
        "gp@distribuidora.example",
        Some(suporte::domain::accounts::Role::Customer),
    )
    .await;
    let r = suporte::app::router(state);
    let res = r
        .clone()
        .oneshot(
            Request::get("/ocorrencias")
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let html = String::from_utf8(
        axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(html.contains("data-testid=\"prerequisites-checklist\""));
    assert!(html.contains("data-role=\"customer\""));
    assert!(html.contains("Paula Gerente"));
    // Without the cookie the same page asks to sign in.
    let (status, html) = get(&r, "/ocorrencias").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{html}");
    assert!(
        html.contains(&suporte::api::AppError::Unauthenticated.to_string()),
        "signed-out page without the sign-in message ({status}):\n{html}"
    );
    assert!(!html.contains("prerequisites-checklist\""));
}

#[tokio::test]
async fn server_function_errors_carry_a_meaningful_http_status() {
    let state = common::demo_state_with_accounts().await;
    let customer = common::session(
        &state,
        "gp@metalurgica.example",
        Some(suporte::domain::accounts::Role::Customer),
    )
    .await;
    let r = suporte::app::router(state);
    let post = |path: &str, body: String, cookie: Option<&str>| {
        let mut req =
            Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.body(Body::from(body)).unwrap()
    };
    let status = |req: Request<Body>| {
        let r = r.clone();
        async move { r.oneshot(req).await.unwrap().status() }
    };
    assert_eq!(
        status(post("/api/buscar", format!("q={}", "a".repeat(501)), None)).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        status(post("/api/buscar", "q=boleto".into(), None)).await,
        StatusCode::OK
    );
    assert_eq!(
        status(post("/api/empresas", String::new(), None)).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(post("/api/empresas", String::new(), Some(&customer))).await,
        StatusCode::FORBIDDEN
    );
    let wrong = "email=gp%40metalurgica.example&password=errada%20errada".to_owned();
    assert_eq!(
        status(post("/api/entrar", wrong, None)).await,
        StatusCode::UNAUTHORIZED
    );
}

/// Routers built while pages render (app servers started side by side in one process, as
/// tests do): every page still renders. Leptos lists the routes by running the app with
/// resource loading switched off through a process-wide flag, and a page whose resource
/// first ran inside that window waited forever (leptos#4773): a 408 after 30 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_routers_are_built() {
    let state = common::demo_state().await;
    let mut renders = tokio::task::JoinSet::new();
    for i in 0..8 {
        let state = state.clone();
        renders.spawn(async move {
            for j in 0..6 {
                let router = suporte::app::router(state.clone());
                // A query of its own, so the page cache answers none of them.
                let path = format!("/faq?pedido={i}-{j}");
                let rendered =
                    tokio::time::timeout(std::time::Duration::from_secs(10), get(&router, &path))
                        .await;
                let (status, html) = rendered.unwrap_or_else(|_| panic!("{path} never finished"));
                assert_eq!(status, StatusCode::OK, "{path}");
                assert!(
                    html.matches("href=\"/faq/").count() >= 10,
                    "{path}: the list"
                );
            }
        });
    }
    while let Some(done) = renders.join_next().await {
        done.expect("a render task");
    }
}

/// The page's resources as serialized for hydration, in order.
fn resources(html: &str) -> Vec<&str> {
    html.split("__RESOLVED_RESOURCES[")
        .skip(1)
        .filter_map(|part| part.split_once("] = \""))
        .map(|(_, rest)| rest.split("\";").next().unwrap_or(""))
        .collect()
}

/// A component that makes a resource, made inside a `Suspend` (or `loaded`), is made again
/// each time server rendering walks it: its query ran two or three times and its data was
/// in the page as often (the analyst queue's page was three times its size).
#[tokio::test]
async fn signed_in_pages_load_and_ship_each_resource_once() {
    use suporte::domain::accounts::Role;
    let state = common::demo_state_with_accounts().await;
    let analyst = common::session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    let coordinator =
        common::session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let customer = common::session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    for (cookie, path) in [
        (&analyst, "/atendimento"),
        (&analyst, "/atendimento?fila=minhas&ordem=prazo"),
        (&coordinator, "/atendimento"),
        (&coordinator, "/atendimento?fila=todas"),
        (&analyst, "/atendimento/ligacoes"),
        (&customer, "/ocorrencias"),
        (&customer, "/ocorrencias/nova"),
        (&customer, "/minha-empresa"),
    ] {
        let reply = common::http::get(&state, path, &[("cookie", cookie)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let html = reply.text();
        let found = resources(&html);
        assert!(
            found.len() >= 3,
            "{path}: {} resources found (the page's shape changed?)",
            found.len()
        );
        let mut seen = std::collections::HashSet::new();
        for r in found.iter().filter(|r| r.len() > 40) {
            assert!(
                seen.insert(*r),
                "{path} ships this resource twice: {}",
                &r[..r.len().min(160)]
            );
        }
    }
    // The coordinator's default queue is every open case, the analyst's the new ones.
    let all = common::http::get(&state, "/atendimento", &[("cookie", &coordinator)]).await;
    assert!(
        all.text().contains("queue-all\" aria-current=\"page\""),
        "coordinator's tab"
    );
    let new = common::http::get(&state, "/atendimento", &[("cookie", &analyst)]).await;
    assert!(
        new.text().contains("queue-new\" aria-current=\"page\""),
        "analyst's tab"
    );
}
