//! The coordinator's Level 0 content editor against `mem://`.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::{call, call_as, demo_state_with_accounts, session};
use suporte::api::{content::get_article, editor, search::search_content};
use suporte::domain::accounts::Role;
use suporte::domain::content::ContentKind;

#[allow(clippy::too_many_arguments)]
fn save(
    is_new: bool,
    kind: &str,
    slug: &str,
    title: &str,
    body: &str,
) -> impl std::future::Future<Output = Result<String, suporte::api::AppError>> {
    editor::save_content(
        is_new,
        kind.into(),
        slug.into(),
        title.into(),
        "Resumo.".into(),
        "fiscal".into(),
        body.into(),
        None,
        "".into(),
        "".into(),
        "".into(),
    )
}

#[tokio::test]
async fn only_the_coordinator_edits_content() {
    let state = demo_state_with_accounts().await;
    for (email, role) in [
        ("gp@metalurgica.example", Role::Customer),
        ("ana.n1@uno.example", Role::AnalystN1),
        ("coordenacao@uno.example", Role::AnalystN2),
    ] {
        let cookie = session(&state, email, Some(role)).await;
        let c = Some(cookie.as_str());
        assert!(
            call_as(&state, c, editor::list_content).await.is_err(),
            "{email}"
        );
        assert!(
            call_as(&state, c, || save(true, "faq", "x", "X", "Y"))
                .await
                .is_err(),
            "{email}"
        );
        assert!(
            call_as(&state, c, || editor::set_content_published(
                "faq".into(),
                "quando-ligar".into(),
                false
            ))
            .await
            .is_err()
        );
        assert!(
            call_as(&state, c, || editor::preview_markdown("x".into()))
                .await
                .is_err()
        );
    }
    assert!(call(&state, editor::list_content).await.is_err());
}

#[tokio::test]
async fn created_content_is_searchable_and_unpublished_content_disappears() {
    let state = demo_state_with_accounts().await;
    let cookie = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let c = Some(cookie.as_str());

    let path = call_as(&state, c, || {
        save(
            true,
            "faq",
            "certificado-vencido",
            "O que fazer com o certificado digital vencido?",
            "Renove o **certificado** A1 e instale-o de novo.",
        )
    })
    .await
    .unwrap();
    assert_eq!(path, "/faq/certificado-vencido");
    let found = call(&state, || {
        search_content("certificado vencido".into(), None, None)
    })
    .await
    .unwrap();
    assert_eq!(found.hits[0].slug, "certificado-vencido");

    // The same address cannot be created twice; bad input changes nothing.
    let e = call_as(&state, c, || {
        save(true, "faq", "certificado-vencido", "Outro", "Texto")
    })
    .await
    .unwrap_err();
    assert!(e.to_string().contains("Já existe"), "{e}");
    let e = call_as(&state, c, || {
        save(true, "faq", "Endereço Ruim", "T", "Texto")
    })
    .await
    .unwrap_err();
    assert!(e.to_string().contains("identificador inválido"), "{e}");
    let e = call_as(&state, c, || {
        save(true, "ead", "curso-sem-link", "Curso", "Texto")
    })
    .await
    .unwrap_err();
    assert!(e.to_string().contains("duration e link"), "{e}");

    call_as(&state, c, || {
        save(
            false,
            "faq",
            "certificado-vencido",
            "Certificado digital vencido",
            "Texto novo.",
        )
    })
    .await
    .unwrap();
    let article = call(&state, || {
        get_article(ContentKind::Faq, "certificado-vencido".into())
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(article.title, "Certificado digital vencido");

    call_as(&state, c, || {
        editor::set_content_published("faq".into(), "certificado-vencido".into(), false)
    })
    .await
    .unwrap();
    assert!(
        call(&state, || get_article(
            ContentKind::Faq,
            "certificado-vencido".into()
        ))
        .await
        .unwrap()
        .is_none()
    );
    let found = call(&state, || {
        search_content("certificado vencido".into(), None, None)
    })
    .await
    .unwrap();
    assert!(found.hits.iter().all(|h| h.slug != "certificado-vencido"));
    // Still listed for the editor, as unpublished.
    let list = call_as(&state, c, editor::list_content).await.unwrap();
    assert!(
        list.iter()
            .any(|r| r.slug == "certificado-vencido" && !r.published)
    );

    let log = call_as(&state, c, suporte::api::audit::audit_log)
        .await
        .unwrap();
    for action in [
        "conteúdo criado",
        "conteúdo alterado",
        "conteúdo despublicado",
    ] {
        assert!(
            log.iter()
                .any(|e| e.action == action && e.entity == "/faq/certificado-vencido"),
            "{action}"
        );
    }
    let change = log
        .iter()
        .find(|e| e.action == "conteúdo alterado")
        .unwrap();
    assert!(change.before.as_deref().unwrap().contains("O que fazer"));
    assert!(change.after.as_deref().unwrap().contains("Texto novo."));
}

#[tokio::test]
async fn the_preview_is_the_sanitized_html() {
    let state = demo_state_with_accounts().await;
    let cookie = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let html = call_as(&state, Some(&cookie), || {
        editor::preview_markdown(
            "**Olá** <script>alert(1)</script> [x](javascript:alert(1))".into(),
        )
    })
    .await
    .unwrap();
    assert!(html.contains("<strong>Olá</strong>"));
    assert!(
        !html.contains("<script") && !html.contains("javascript:"),
        "{html}"
    );
}

/// What server `state` answers for `q` (anonymous).
async fn found(state: &suporte::server::state::AppState, q: &str) -> Vec<String> {
    call(state, || search_content(q.into(), None, None))
        .await
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

/// How long another app server may take to follow a change: the feed normally follows
/// in milliseconds; the margin is for a loaded 2-core CI machine, and a feed that stopped
/// following still fails.
const FOLLOW_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);

#[tokio::test]
async fn an_edit_on_one_app_server_is_searchable_on_another() {
    let here = demo_state_with_accounts().await;
    // A second app server on the same database, with its own index and content feed.
    let there = suporte::server::state::AppState::new(
        here.leptos_options.clone(),
        here.db.clone(),
        here.support.clone(),
        here.security.clone(),
    )
    .await
    .unwrap();
    assert!(found(&there, "parametrização").await.is_empty());
    let before = there.pages.revision().current();
    let cookie = session(&here, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    call_as(&here, Some(&cookie), || {
        save(
            true,
            "faq",
            "parametrizacao",
            "Parametrização do faturamento",
            "Texto.",
        )
    })
    .await
    .unwrap();
    // The server that saved shows it at once.
    assert_eq!(found(&here, "parametrizacao").await, ["parametrizacao"]);
    // The feed applies a change to the index first and then moves the revision (so a page
    // rendered for the new revision finds the change): wait for both.
    let started = std::time::Instant::now();
    while found(&there, "parametrizacao").await.is_empty()
        || there.pages.revision().current() == before
    {
        assert!(
            started.elapsed() < FOLLOW_DEADLINE,
            "the other server did not follow within {FOLLOW_DEADLINE:?} (searchable: {}, cached pages retired: {})",
            !found(&there, "parametrizacao").await.is_empty(),
            there.pages.revision().current() > before
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Its spelling help knows the new word as well.
    let fixed = call(&there, || {
        search_content("parametrizaçao faturamneto".into(), None, None)
    })
    .await
    .unwrap();
    // "parametrizaçao" is no typo (accents alone); "faturamneto" is.
    assert_eq!(
        fixed.suggestion.as_deref(),
        Some("parametrizaçao faturamento")
    );
    assert_eq!(fixed.hits[0].slug, "parametrizacao");
    // Unpublishing removes it there too.
    call_as(&here, Some(&cookie), || {
        editor::set_content_published("faq".into(), "parametrizacao".into(), false)
    })
    .await
    .unwrap();
    let started = std::time::Instant::now();
    while !found(&there, "parametrizacao").await.is_empty() {
        assert!(
            started.elapsed() < FOLLOW_DEADLINE,
            "the other server still finds the unpublished item after {FOLLOW_DEADLINE:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
