//! The result list of a search.

use leptos::prelude::*;

use super::search_form::search_href;
use crate::domain::content::content_path;
use crate::domain::search::{SearchHit, SearchResults};

#[component]
pub fn ResultList(results: SearchResults) -> impl IntoView {
    let SearchResults {
        query,
        hits,
        corrected_from,
        suggestion,
    } = results;
    let count = hits.len();
    let notice = match (corrected_from, suggestion) {
        (Some(original), _) => Some(
            view! {
                <p class="notice" data-testid="did-you-mean">
                    "Nenhum resultado para “" {original} "”. Mostrando resultados para “"
                    <strong>{query.clone()}</strong> "”."
                </p>
            }
            .into_any(),
        ),
        (None, Some(better)) => Some(
            view! {
                <p class="notice" data-testid="did-you-mean">
                    "Você quis dizer " <a href=search_href(&better, "", "")>{better.clone()}</a> "?"
                </p>
            }
            .into_any(),
        ),
        (None, None) => None,
    };
    let body = if query.is_empty() {
        view! { <p class="muted">"Digite acima o que você procura: uma tela, uma mensagem de erro, um procedimento."</p> }.into_any()
    } else if hits.is_empty() {
        view! {
            <div class="no-results">
                <p><strong>"Nenhum resultado para “" {query.clone()} "”."</strong></p>
                <ul>
                    <li>"Tente palavras mais simples ou menos palavras."</li>
                    <li>"Procure pelo nome da tela ou pela mensagem exibida pelo ERP."</li>
                    <li>"Se não encontrar, abra uma ocorrência na Extranet: é o canal mais rápido."</li>
                </ul>
            </div>
        }.into_any()
    } else {
        view! {
            <p class="result-count" aria-live="polite">
                {if count == 1 { "1 resultado".to_owned() } else { format!("{count} resultados") }}
            </p>
            <ol class="results">{hits.into_iter().map(|hit| view! { <ResultItem hit /> }).collect_view()}</ol>
        }.into_any()
    };
    view! {
        <section class="search-results" data-testid="search-results" data-count=count aria-label="Resultados da busca">
            {notice}
            {body}
        </section>
    }
}

#[component]
fn ResultItem(hit: SearchHit) -> impl IntoView {
    let href = content_path(hit.kind, &hit.slug);
    view! {
        <li class="result" data-testid="search-result" data-kind=hit.kind.slug()>
            <a class="result-title" data-testid="result-title" href=href>{hit.title}</a>
            <div class="result-meta">
                <span class=format!("badge kind-{}", hit.kind.slug()) data-testid="result-kind">{hit.kind.label()}</span>
                {hit.module.map(|m| view! { <span class="badge badge-module">{m.label()}</span> })}
            </div>
            <p class="snippet" data-testid="result-snippet">
                {hit
                    .snippet
                    .into_iter()
                    .map(|part| {
                        if part.matched {
                            view! { <mark>{part.text}</mark> }.into_any()
                        } else {
                            part.text.into_any()
                        }
                    })
                    .collect_view()}
            </p>
        </li>
    }
}
