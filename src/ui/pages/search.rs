//! `/busca?q=…&tipo=…&modulo=…`: results for the query in the URL.
//!
//! The first render comes from the server (so the page works without JavaScript). After
//! hydration, each change of the URL's query starts a new request and aborts the one
//! still in flight: a slow answer to an old query can neither delay nor overwrite the
//! answer to the new one. (A `Resource` alone would wait for the stale request.)

use crate::api::AppError;
use futures::future::{AbortHandle, abortable};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::search::search_content;
use crate::domain::search::SearchResults;
use crate::ui::components::{errors::ErrorNotice, results::ResultList};

/// The search request currently in flight. Owned by the portal frame, which outlives each
/// results view, so a newer query can always reach (and abort) the older request.
#[derive(Clone, Copy)]
pub struct InFlightSearch(StoredValue<Option<AbortHandle>>);

impl InFlightSearch {
    pub fn provide() {
        provide_context(Self(StoredValue::new(None)));
    }

    /// Aborts the request in flight, if any, and remembers `next` as the current one.
    fn replace(&self, next: Option<AbortHandle>) {
        if let Some(previous) = self.0.get_value() {
            previous.abort();
        }
        self.0.set_value(next);
    }
}

type Key = (String, Option<String>, Option<String>);
type Outcome = Result<SearchResults, AppError>;

fn render(outcome: Outcome) -> AnyView {
    match outcome {
        Ok(found) => view! { <ResultList results=found /> }.into_any(),
        Err(error) => view! { <ErrorNotice error /> }.into_any(),
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map();
    let key = move || params.with(key_of);
    let in_flight =
        use_context::<InFlightSearch>().unwrap_or_else(|| InFlightSearch(StoredValue::new(None)));

    // Server-rendered (and hydrated) answer for the URL the page was opened with.
    let opened_with = params.with_untracked(key_of);
    // When the page mounts in the browser (typing on the home page), this is a browser
    // request too, so it is registered to be aborted like the later ones.
    let first = Resource::new(
        move || opened_with.clone(),
        move |(q, k, m)| {
            let (request, handle) = abortable(search_content(q, k, m));
            in_flight.replace(Some(handle));
            async move {
                // Aborted (replaced by a newer query): never shown.
                request.await.unwrap_or(Err(AppError::Unreachable))
            }
        },
    );

    // Answers to later queries, fetched in the browser.
    let latest = RwSignal::new(None::<Outcome>);
    let searching = RwSignal::new(false);
    Effect::new(move |previous: Option<Key>| {
        let current = key();
        if previous.is_some_and(|p| p != current) {
            let (request, handle) = abortable(search_content(
                current.0.clone(),
                current.1.clone(),
                current.2.clone(),
            ));
            in_flight.replace(Some(handle));
            searching.set(true);
            leptos::task::spawn_local(async move {
                // An aborted request ends here, and dropping it cancels the fetch.
                if let Ok(outcome) = request.await {
                    latest.set(Some(outcome));
                    searching.set(false);
                }
            });
        }
        current
    });
    on_cleanup(move || in_flight.replace(None));

    // The server reads the title after the page is rendered; under load the route's
    // values were once already disposed by then, and `with` panicked, closing the
    // connection without an answer (1 search in ~200 000, `./bench.sh carga`). The query
    // the page opened with stands in: on the server it is the same.
    let opened_q = params.with_untracked(|p| p.get("q").unwrap_or_default());
    let title = move || {
        let q = params
            .try_with(|p| p.get("q").unwrap_or_default())
            .unwrap_or_else(|| opened_q.clone());
        if q.trim().is_empty() {
            "Busca".to_owned()
        } else {
            format!("Busca: {q}")
        }
    };
    view! {
        <Title text=title />
        <Meta name="description" content="Busca em português no manual do UNO ERP, no blog, nos cursos e nas perguntas frequentes." />
        <div class="search-outcome" aria-busy=move || searching.get().to_string()>
            {move || match latest.get() {
                Some(outcome) => render(outcome),
                None => view! {
                    <Suspense fallback=|| view! { <p class="muted" data-testid="searching">"Buscando…"</p> }>
                        {move || Suspend::new(async move { render(first.await) })}
                    </Suspense>
                }
                .into_any(),
            }}
        </div>
    }
}

/// What a search depends on: the URL's query and filters.
fn key_of(p: &leptos_router::params::ParamsMap) -> Key {
    (
        p.get("q").unwrap_or_default(),
        p.get("tipo"),
        p.get("modulo"),
    )
}
