//! The knowledge loop on an occurrence page: the analyst's Level 0 picker (it puts an
//! item's path in the reply), the cards of the items the replies point to, and
//! "transformar em FAQ" on a solved case.

use leptos::prelude::*;
use std::time::Duration;

use crate::api::knowledge::OccurrenceToFaq;
use crate::api::search::search_content;
use crate::domain::content::content_path;
use crate::domain::knowledge::{LinkedArticle, link_line};
use crate::domain::occurrences::FaqDraftView;
use crate::ui::components::errors::message;

/// Searches Level 0 while the analyst types; "inserir" adds the item's line to `text`.
#[component]
pub fn ArticlePicker(text: RwSignal<String>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let settled = RwSignal::new(String::new());
    let timer = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        let q = query.get();
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(
            set_timeout_with_handle(move || settled.set(q), Duration::from_millis(250)).ok(),
        );
    });
    let hits = Resource::new(
        move || settled.get(),
        |q| async move {
            if q.trim().chars().count() < 3 {
                return Vec::new();
            }
            search_content(q, None, None)
                .await
                .map(|r| r.hits)
                .unwrap_or_default()
        },
    );
    view! {
        // The search box is made when the box opens: Chromium never lays out a search
        // input created inside a closed <details> (it stayed 0×0 after opening).
        <details class="article-picker" data-testid="article-picker"
            on:toggle=move |_| open.update(|o| *o = !*o)>
            <summary>"Inserir link do autoatendimento (manual, FAQ, blog, curso)"</summary>
            <Show when=move || open.get()>
                <label>"Buscar"
                    <input type="search" data-testid="article-picker-query" prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                </label>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = hits.await;
                        view! {
                            <ul class="content-list">
                                {list.into_iter().take(6).map(|h| {
                                    let line = link_line(&h.title, h.kind, &h.slug);
                                    view! {
                                        <li data-testid="article-picker-result">
                                            <span>{h.title.clone()}</span> " "
                                            <span class="muted">"(" {h.kind.label()} ")"</span> " "
                                            <button type="button" class="link-button" data-testid="article-pick" on:click=move |_| {
                                                let line = line.clone();
                                                text.update(|t| {
                                                    if !t.is_empty() && !t.ends_with('\n') { t.push('\n'); }
                                                    t.push_str(&line);
                                                    t.push('\n');
                                                });
                                            }>"Inserir"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                    })}
                </Transition>
            </Show>
        </details>
    }
}

/// The published Level 0 items the case's replies point to.
#[component]
pub fn LinkedCards(linked: Vec<LinkedArticle>) -> impl IntoView {
    (!linked.is_empty()).then(|| view! {
        <section class="linked-articles">
            <h2>"Do autoatendimento"</h2>
            <ul class="cards">
                {linked.into_iter().map(|a| view! {
                    <li class="card" data-testid="linked-article" data-kind=a.kind.slug() data-slug=a.slug.clone()>
                        <a href=content_path(a.kind, &a.slug)><strong>{a.title.clone()}</strong></a>
                        <p class="muted">{a.kind.label()} " · " {a.summary.clone()}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

/// "Transformar em FAQ" (support, on a solved case), or the draft made before.
#[component]
pub fn ToFaq(
    number: String,
    draft: FaqDraftView,
    action: ServerAction<OccurrenceToFaq>,
) -> impl IntoView {
    let error = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| message(&e))
    };
    match draft.slug {
        Some(slug) => view! {
            <p class="notice" data-testid="faq-draft" data-slug=slug.clone()>
                "Esta ocorrência virou um rascunho de FAQ. "
                {if draft.editable {
                    view! { <a href=crate::domain::knowledge::editor_path(&slug) data-testid="faq-draft-edit">"Revisar e publicar no editor"</a> }.into_any()
                } else {
                    view! { <span>"A coordenação revisa e publica."</span> }.into_any()
                }}
            </p>
        }.into_any(),
        None => view! {
            <div class="to-faq">
                <button type="button" data-testid="action-to-faq" disabled=move || action.pending().get()
                    on:click=move |_| { action.dispatch(OccurrenceToFaq { number: number.clone() }); }>
                    "Transformar em FAQ (rascunho para a coordenação)"
                </button>
                {move || error().map(|e| view! { <p class="notice notice-error" role="alert" data-testid="to-faq-error">{e}</p> })}
            </div>
        }.into_any(),
    }
}
