//! `/busca?q=…&tipo=…&modulo=…`: results for the query in the URL. Rendered on the server
//! (works without JavaScript); in the browser a newer query cancels the request of an
//! older one still in flight.

use futures::future::{AbortHandle, abortable};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::search::search_content;
use crate::ui::components::{errors::ErrorNotice, results::ResultList};

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("q").unwrap_or_default(),
                p.get("tipo"),
                p.get("modulo"),
            )
        })
    };
    let in_flight = StoredValue::new(None::<AbortHandle>);
    let results = Resource::new(key, move |(q, kind, module)| {
        if let Some(previous) = in_flight.get_value() {
            // Dropping the older request aborts its fetch in the browser.
            previous.abort();
        }
        let (request, handle) = abortable(search_content(q, kind, module));
        in_flight.set_value(Some(handle));
        async move {
            request.await.unwrap_or_else(|_| {
                Err(ServerFnError::new("busca substituída por uma mais recente"))
            })
        }
    });
    let title = move || {
        let q = params.with(|p| p.get("q").unwrap_or_default());
        if q.trim().is_empty() {
            "Busca".to_owned()
        } else {
            format!("Busca: {q}")
        }
    };
    view! {
        <Title text=title />
        <Transition fallback=|| view! { <p class="muted" data-testid="searching">"Buscando…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) => view! { <ResultList results=found /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
