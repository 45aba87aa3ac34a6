//! The knowledge loop, against `mem://`: a solved case becomes (once) an unpublished FAQ
//! draft that readers cannot see until the coordinator publishes it; replies pointing to
//! Level 0 show cards and count as links; "isto resolveu" counts once per person and item.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::{AppError, knowledge, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::content::ContentKind;

const PM: &str = "gp@metalurgica.example";
const OTHER_PM: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";
const COORDINATOR: &str = "coordenacao@uno.example";

#[tokio::test]
async fn a_solved_case_becomes_one_unpublished_faq_draft() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let n = open(&state, &pm, "baixa", "Juros em dobro no boleto").await;
    act(&state, &ana, n, "take", "").await;
    let to_faq = |cookie: String| {
        let state = state.clone();
        async move {
            call_as(&state, Some(&cookie), || {
                knowledge::occurrence_to_faq(n.path_part())
            })
            .await
        }
    };
    match to_faq(ana.clone()).await {
        Err(AppError::Invalid(m)) => assert!(m.contains("resolvida"), "{m}"),
        other => panic!("an open case became a FAQ: {other:?}"),
    }
    act(&state, &ana, n, "note", "SEGREDO interno do caso").await;
    act(
        &state,
        &ana,
        n,
        "resolve",
        "Desmarque juros na remessa e gere o boleto de novo.",
    )
    .await;
    assert!(matches!(to_faq(pm.clone()).await, Err(AppError::Forbidden)));

    let path = to_faq(ana.clone()).await.unwrap();
    let slug = path.rsplit('/').next().unwrap().to_owned();
    assert!(slug.starts_with("juros-em-dobro-no-boleto-"), "{slug}");
    // Unpublished: not on the portal, not in search.
    let article = common::call(&state, || {
        suporte::api::content::get_article(ContentKind::Faq, slug.clone())
    })
    .await;
    assert!(
        !matches!(article, Ok(Some(_))),
        "a draft is public: {article:?}"
    );
    let (draft, published) =
        suporte::server::content::store::source(&state.db, ContentKind::Faq, &slug)
            .await
            .unwrap()
            .expect("the draft exists");
    assert!(!published);
    assert_eq!(draft.title, "Como resolver: Juros em dobro no boleto?");
    assert_eq!(
        draft.body_md,
        "Desmarque juros na remessa e gere o boleto de novo."
    );
    assert!(!draft.body_md.contains("SEGREDO"));
    assert_eq!(draft.module.map(|m| m.slug()), Some("fiscal"));

    // Once: the coordinator's click finds the same draft and writes nothing new.
    let notes_before = page(&state, &coord, n).await.timeline.len();
    assert_eq!(to_faq(coord.clone()).await.unwrap(), path);
    assert_eq!(page(&state, &coord, n).await.timeline.len(), notes_before);
    let seen = page(&state, &coord, n).await.faq_draft.unwrap();
    assert_eq!(seen.slug.as_deref(), Some(slug.as_str()));
    assert!(seen.editable);
    assert!(!page(&state, &ana, n).await.faq_draft.unwrap().editable);
    assert!(
        page(&state, &pm, n).await.faq_draft.is_none(),
        "the customer sees no draft"
    );
}

#[tokio::test]
async fn linked_items_show_as_cards_and_deflections_count_once_per_person() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let other = session(&state, OTHER_PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let n = open(&state, &pm, "baixa", "Quando ligar?").await;
    act(&state, &ana, n, "take", "").await;
    act(
        &state,
        &ana,
        n,
        "reply",
        "Veja: https://suporte.uno.example/faq/quando-ligar e /faq/nao-existe",
    )
    .await;
    // A note's link is support's own: no card, no count.
    act(&state, &ana, n, "note", "/manual/emissao-nfe").await;
    let seen = page(&state, &pm, n).await;
    let cards: Vec<&str> = seen.linked.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(cards, ["quando-ligar"]);
    assert!(!seen.linked[0].title.is_empty());

    for cookie in [&pm, &pm, &other] {
        call_as(&state, Some(cookie), || {
            oc::deflection_solved("faq".into(), "quando-ligar".into())
        })
        .await
        .unwrap();
    }
    let report = call_as(&state, Some(&coord), knowledge::knowledge_report)
        .await
        .unwrap();
    let month = &report.deflected[0];
    assert_eq!(month.items[0].slug, "quando-ligar");
    assert_eq!(month.items[0].count, 2, "once per person and item");
    // Links: the existing item once (the unknown one is left out, the note not counted).
    let linked: Vec<(String, u32)> = report.linked[0]
        .items
        .iter()
        .map(|i| (i.slug.clone(), i.count))
        .collect();
    assert_eq!(linked, [("quando-ligar".to_owned(), 1)]);
    assert!(matches!(
        call_as(&state, Some(&ana), knowledge::knowledge_report).await,
        Err(AppError::Forbidden)
    ));
}
