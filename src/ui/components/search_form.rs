//! The search box. Without JavaScript it is a plain GET form to `/busca`; once hydrated
//! it searches as the person types (debounced) and keeps the URL in step with the query.

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_location, use_navigate, use_query_map},
};
use std::time::Duration;

use crate::domain::content::{ContentKind, ErpModule};
use crate::ui::typed::typed_or;

/// Pause after the last keystroke before searching.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Percent-encodes a query-string value (RFC 3986 unreserved characters kept).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `/busca?q=…&tipo=…&modulo=…`, leaving out empty parts; `/` when everything is empty.
pub fn search_href(q: &str, kind: &str, module: &str) -> String {
    let parts: Vec<String> = [("q", q.trim()), ("tipo", kind), ("modulo", module)]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if parts.is_empty() {
        "/".into()
    } else {
        format!("/busca?{}", parts.join("&"))
    }
}

#[component]
pub fn SearchForm() -> impl IntoView {
    let params = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let param = move |name: &str| params.with_untracked(|p| p.get(name).unwrap_or_default());
    // What was typed before hydration stays (and is searched when the app announces it).
    let text = RwSignal::new(typed_or("#busca-q", param("q")));
    let kind = RwSignal::new(typed_or("[data-testid=filter-kind]", param("tipo")));
    let module = RwSignal::new(typed_or("[data-testid=filter-module]", param("modulo")));
    // The query we last put in the URL: lets back/forward update the box without our
    // own navigations overwriting what the person is still typing.
    let last_sent = StoredValue::new(param("q"));
    Effect::new(move |_| {
        let (q, t, m) = params.with(|p| {
            (
                p.get("q").unwrap_or_default(),
                p.get("tipo").unwrap_or_default(),
                p.get("modulo").unwrap_or_default(),
            )
        });
        if q != last_sent.get_value() {
            last_sent.set_value(q.clone());
            text.set(q);
        }
        kind.set(t);
        module.set(m);
    });

    let go = move |replace_on_search_page: bool| {
        let q = text.get_untracked();
        last_sent.set_value(q.trim().to_owned());
        let href = search_href(&q, &kind.get_untracked(), &module.get_untracked());
        let on_search_page = location.pathname.get_untracked() == "/busca";
        navigate(
            &href,
            NavigateOptions {
                replace: on_search_page && replace_on_search_page,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel_timer = move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(None);
    };
    let schedule = {
        let go = go.clone();
        move || {
            cancel_timer();
            let go = go.clone();
            timer.set_value(set_timeout_with_handle(move || go(true), DEBOUNCE).ok());
        }
    };
    let go_now = go.clone();

    view! {
        <form
            class="search-form"
            role="search"
            action="/busca"
            method="get"
            on:submit=move |ev| {
                ev.prevent_default();
                cancel_timer();
                go_now(false);
            }
        >
            <label for="busca-q" class="visually-hidden">"O que você procura?"</label>
            <div class="search-row">
                <input
                    id="busca-q"
                    name="q"
                    type="search"
                    data-testid="search-input"
                    placeholder="Ex.: nota fiscal rejeitada, atualização de versão…"
                    autocomplete="off"
                    spellcheck="false"
                    maxlength="500"
                    value=text.get_untracked()
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        schedule();
                    }
                />
                <button type="submit" class="button-primary">"Buscar"</button>
            </div>
            <div class="search-filters">
                <label>
                    "Tipo "
                    <select
                        name="tipo"
                        data-testid="filter-kind"
                        prop:value=move || kind.get()
                        on:change={
                            let go = go.clone();
                            move |ev| {
                                kind.set(event_target_value(&ev));
                                go(true);
                            }
                        }
                    >
                        <option value="">"Todos"</option>
                        {ContentKind::ALL
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option value=k.slug() selected=move || kind.get() == k.slug()>
                                        {k.section()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Módulo "
                    <select
                        name="modulo"
                        data-testid="filter-module"
                        prop:value=move || module.get()
                        on:change=move |ev| {
                            module.set(event_target_value(&ev));
                            go(true);
                        }
                    >
                        <option value="">"Todos"</option>
                        {ErpModule::ALL
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m.slug() selected=move || module.get() == m.slug()>
                                        {m.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_links_encode_the_query_and_drop_empty_parts() {
        assert_eq!(search_href("", "", ""), "/");
        assert_eq!(search_href(" nota fiscal ", "", ""), "/busca?q=nota+fiscal");
        assert_eq!(
            search_href("rejeição", "faq", "fiscal"),
            "/busca?q=rejei%C3%A7%C3%A3o&tipo=faq&modulo=fiscal"
        );
        assert_eq!(search_href("a&b=c", "", ""), "/busca?q=a%26b%3Dc");
    }
}
