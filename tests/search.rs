//! Level 0 search against a real (in-memory) SurrealDB: Portuguese analysis, ranking,
//! spelling help, filters and hostile input.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::{call, demo_state, draft, state_with};
use suporte::api::search::search_content;
use suporte::domain::content::ContentKind;
use suporte::domain::search::{SearchResults, analyzer, snippet};
use suporte::server::db::rows;

async fn search(state: &suporte::server::state::AppState, q: &str) -> SearchResults {
    call(state, || search_content(q.to_owned(), None, None))
        .await
        .unwrap_or_else(|e| panic!("search {q:?} failed: {e}"))
}

fn slugs(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .map(|h| format!("{}/{}", h.kind.slug(), h.slug))
        .collect()
}

/// Matched words of every snippet, folded (lowercase, no accents).
fn marked(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .flat_map(|h| {
            h.snippet
                .iter()
                .filter(|p| p.matched)
                .map(|p| analyzer::fold(&p.text))
        })
        .collect()
}

#[tokio::test]
async fn unaccented_queries_find_accented_words() {
    let state = demo_state().await;

    let r = search(&state, "rejeicao").await;
    assert!(
        slugs(&r).contains(&"manual/rejeicoes-sefaz".to_owned()),
        "{:?}",
        slugs(&r)
    );
    assert!(
        marked(&r).iter().any(|w| w.starts_with("rejeic")),
        "{:?}",
        marked(&r)
    );

    for q in ["atualizar", "atualizacao", "atualização"] {
        let r = search(&state, q).await;
        assert!(
            slugs(&r)[..3].contains(&"manual/agendar-atualizacao-de-versao".to_owned()),
            "{q}: {:?}",
            slugs(&r)
        );
        assert!(
            marked(&r).iter().any(|w| w == "atualizacao"),
            "{q}: {:?}",
            marked(&r)
        );
    }

    let r = search(&state, "versoes").await;
    assert!(!r.hits.is_empty());
    assert!(
        marked(&r).iter().any(|w| w == "versao"),
        "versoes should mark versão: {:?}",
        marked(&r)
    );
}

#[tokio::test]
async fn a_one_letter_typo_in_a_long_word_still_finds_the_article() {
    let state = demo_state().await;
    let r = search(&state, "conciliaçao bancaira").await;
    assert!(
        !r.hits.is_empty(),
        "the correct word alone should already match"
    );
    assert_eq!(r.suggestion.as_deref(), Some("conciliaçao bancária"));

    let r = search(&state, "atualizasao").await;
    assert_eq!(r.corrected_from.as_deref(), Some("atualizasao"));
    assert_eq!(r.query, "atualização");
    assert!(slugs(&r).contains(&"manual/agendar-atualizacao-de-versao".to_owned()));
}

#[tokio::test]
async fn a_title_match_outranks_a_body_only_match() {
    // Unrelated items give the terms a real document frequency, as in a real corpus.
    let mut items: Vec<_> = ["boleto", "estoque", "férias", "inventário", "pedido"]
        .iter()
        .map(|w| {
            draft(
                ContentKind::Manual,
                &format!("outro-{}", analyzer::fold(w)),
                w,
                &format!("Texto sobre {w}."),
            )
        })
        .collect();
    items.extend([
        draft(
            ContentKind::Blog,
            "corpo",
            "Novidades do mês",
            "Carta de correção, carta de correção e mais carta de correção no texto.",
        ),
        draft(
            ContentKind::Faq,
            "titulo",
            "Como emitir a carta de correção?",
            "Veja o passo a passo no módulo.",
        ),
    ]);
    let state = state_with(&items).await;
    let r = search(&state, "carta de correção").await;
    assert_eq!(slugs(&r), ["faq/titulo", "blog/corpo"]);
    assert!(r.hits[0].score > r.hits[1].score);

    let demo = demo_state().await;
    assert_eq!(
        slugs(&search(&demo, "quando ligar").await)[0],
        "faq/quando-ligar"
    );
}

#[tokio::test]
async fn empty_and_maximum_length_queries_are_handled() {
    let state = demo_state().await;
    let r = search(&state, "   ").await;
    assert!(r.hits.is_empty() && r.query.is_empty());

    let long = "nota fiscal rejeitada ".repeat(30);
    let long: String = long.chars().take(500).collect();
    let r = search(&state, &long).await;
    assert!(!r.hits.is_empty());

    let too_long = "a".repeat(501);
    let err = call(&state, || search_content(too_long, None, None))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("500 caracteres"), "{err}");
}

#[tokio::test]
async fn a_long_query_counts_its_first_stems_and_still_finds_what_they_name() {
    use suporte::domain::search::SearchQuery;
    use suporte::server::search::query::{MAX_STEMS, query_stems};
    // Eighty invented words first: only the first stems count, so what follows is ignored
    // (the work of a 500-character query is bounded), yet a known word among them works.
    let mut words: Vec<String> = (0..80u8)
        .map(|i| {
            format!(
                "zq{}{}xw",
                char::from(b'a' + i / 26),
                char::from(b'a' + i % 26)
            )
        })
        .collect();
    let q = SearchQuery::parse(&words.join(" ")[..480]).unwrap();
    assert_eq!(query_stems(&q).len(), MAX_STEMS);
    words.insert(3, "rejeitada".into());
    let text: String = words.join(" ").chars().take(500).collect();
    let state = demo_state().await;
    let r = search(&state, &text).await;
    assert!(
        !r.hits.is_empty(),
        "a known word among nonsense still finds articles"
    );
}

#[tokio::test]
async fn surrealql_in_a_query_is_only_text_and_changes_nothing() {
    let state = demo_state().await;
    let count = |state: suporte::server::state::AppState| async move {
        let mut res = state
            .db
            .query("SELECT count() AS n FROM content GROUP ALL")
            .await
            .unwrap();
        rows::<serde_json::Value>(&mut res, 0).unwrap()[0]["n"]
            .as_i64()
            .unwrap()
    };
    let before = count(state.clone()).await;
    for q in [
        "'; DELETE faq; --",
        "\"; REMOVE TABLE content; --",
        "x') OR true; DELETE content; --",
        "$terms; DELETE content",
        "⟩; DELETE content; --",
    ] {
        // Answers like any other query; the proof is that nothing was deleted (below).
        search(&state, q).await;
    }
    assert_eq!(count(state.clone()).await, before);
}

#[tokio::test]
async fn filters_restrict_kind_and_module() {
    let state = demo_state().await;
    let r = call(&state, || {
        search_content("nota".into(), Some("faq".into()), None)
    })
    .await
    .unwrap();
    assert!(!r.hits.is_empty() && r.hits.iter().all(|h| h.kind == ContentKind::Faq));

    let r = call(&state, || {
        search_content("nota".into(), None, Some("fiscal".into()))
    })
    .await
    .unwrap();
    assert!(!r.hits.is_empty());
    assert!(
        r.hits
            .iter()
            .all(|h| h.module.map(|m| m.slug()) == Some("fiscal"))
    );

    let err = call(&state, || {
        search_content("nota".into(), Some("wiki".into()), None)
    })
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("tipo de conteúdo desconhecido"),
        "{err}"
    );
}

#[tokio::test]
async fn snippets_come_from_the_text_and_mark_the_query_words() {
    let state = demo_state().await;
    let r = search(&state, "e-mail resposta").await;
    let first = &r.hits[0];
    assert_eq!(first.slug, "resposta-por-email");
    let text = snippet::plain(&first.snippet);
    assert!(text.len() < 300, "{text}");
    assert!(first.snippet.iter().any(|p| p.matched));
}

#[tokio::test]
async fn a_word_finds_its_family_and_a_word_beginning_finds_the_whole_word() {
    let filler: Vec<_> = (0..5)
        .map(|i| {
            draft(
                ContentKind::Faq,
                &format!("outro-{i}"),
                "Boleto bancário",
                "Remessa e retorno.",
            )
        })
        .collect();
    let mut items = vec![
        draft(
            ContentKind::Manual,
            "emissao-de-nfe",
            "Emissão de NF-e",
            "A emissão da nota pede o certificado.",
        ),
        draft(
            ContentKind::Faq,
            "impressao-danfe",
            "Impressão do DANFE",
            "A impressão sai na impressora padrão.",
        ),
        draft(
            ContentKind::Manual,
            "parametrizacao-fiscal",
            "Parametrização fiscal",
            "Regras de tributação por produto.",
        ),
    ];
    items.extend(filler);
    let state = state_with(&items).await;

    // The stemmer keeps "emitir" and "emissão" apart; the family list joins them.
    let r = search(&state, "como emitir").await;
    assert_eq!(slugs(&r), ["manual/emissao-de-nfe"]);
    assert!(
        marked(&r).contains(&"emissao".to_owned()),
        "{:?}",
        marked(&r)
    );
    let r = search(&state, "imprimir danfe").await;
    assert_eq!(slugs(&r)[0], "faq/impressao-danfe");

    // "parametr" is no word of the corpus: its completions are searched instead.
    let r = search(&state, "parametr").await;
    assert_eq!(slugs(&r), ["manual/parametrizacao-fiscal"]);
    assert_eq!(r.corrected_from, None, "a completion is no correction");

    // A short beginning is not completed (it begins far too many words).
    assert!(search(&state, "par").await.hits.is_empty());
}

#[tokio::test]
async fn the_suggestion_keeps_the_accents_of_the_corpus() {
    let state = state_with(&[
        draft(
            ContentKind::Faq,
            "a",
            "Conciliação bancária",
            "Conciliação do extrato.",
        ),
        draft(
            ContentKind::Faq,
            "b",
            "Extrato",
            "A conciliação automática.",
        ),
    ])
    .await;
    let r = search(&state, "conciliasao").await;
    assert_eq!(r.corrected_from.as_deref(), Some("conciliasao"));
    assert_eq!(r.query, "conciliação", "written as the corpus writes it");
    assert_eq!(r.hits.len(), 2);
    // Unknown and far from everything: nothing to offer, nothing found.
    let r = search(&state, "xilofone").await;
    assert!(r.hits.is_empty() && r.suggestion.is_none() && r.corrected_from.is_none());
}
