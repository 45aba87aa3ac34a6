//! `/ocorrencias`: the company's occurrences (both VIP contacts see the same list),
//! filtered by state, module, criticality and text, newest activity first, paged. The
//! filters are a plain GET form, so the list works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::rows::OccurrenceRows;
use crate::api::accounts::companies::my_company;
use crate::api::occurrences::list_occurrences;
use crate::domain::content::ErpModule;
use crate::domain::occurrences::State;
use crate::domain::sla::Criticality;
use crate::ui::components::loaded::loaded;
use crate::ui::components::search_form::encode;
use crate::ui::pages::accounts::my_company::OccurrenceGate;

#[component]
pub fn OccurrencesPage() -> impl IntoView {
    let company = Resource::new(|| (), |_| my_company());
    // Made here, not in `CompanyOccurrences`: a component made inside `loaded` is made again
    // each time server rendering walks it, and so would its resource (two queries, and the
    // list twice in the page).
    let list = company_list();
    view! {
        <Title text="Ocorrências" />
        <h1>"Ocorrências"</h1>
        {loaded(company, move |c| {
            let ready = c.missing_steps().is_empty();
            view! {
                <OccurrenceGate company=c />
                {ready.then(|| view! { <CompanyOccurrences list /> })}
            }
        })}
    }
}

type ListResource = Resource<
    Result<
        crate::domain::occurrences::Page<crate::domain::occurrences::OccurrenceSummary>,
        crate::api::AppError,
    >,
>;

/// The company's list as the address filters it, reloaded on every change it may show.
fn company_list() -> ListResource {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let changes = crate::ui::live::occurrence_changes(None, None);
    Resource::new(
        move || {
            (
                changes.get(),
                param("situacao"),
                param("modulo"),
                param("criticidade"),
                param("q"),
                param("pagina").parse::<u32>().unwrap_or(0),
            )
        },
        |(_, state, module, criticality, q, page)| {
            list_occurrences(
                Some(state),
                Some(module),
                Some(criticality),
                Some(q),
                Some(page),
            )
        },
    )
}

#[component]
fn CompanyOccurrences(list: ListResource) -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let selected = move |k: &'static str, v: &'static str| param(k) == v;
    view! {
        <form class="filters" method="get" action="/ocorrencias" data-testid="occurrence-filters">
            <label>"Situação"
                <select name="situacao">
                    <option value="">"Todas"</option>
                    {State::ALL.into_iter().map(|s| view! { <option value=s.slug() selected=move || selected("situacao", s.slug())>{s.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Módulo"
                <select name="modulo">
                    <option value="">"Todos"</option>
                    {ErpModule::ALL.into_iter().map(|m| view! { <option value=m.slug() selected=move || selected("modulo", m.slug())>{m.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Criticidade"
                <select name="criticidade">
                    <option value="">"Todas"</option>
                    {Criticality::ALL.into_iter().map(|c| view! { <option value=c.slug() selected=move || selected("criticidade", c.slug())>{c.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Texto" <input type="search" name="q" value=move || param("q") placeholder="no título ou nas respostas" /></label>
            <button type="submit">"Filtrar"</button>
        </form>
        <div data-testid="occurrence-list">
            {loaded(list, move |page| {
                let next = page.has_more.then(|| page.page + 1);
                let previous = page.page.checked_sub(1);
                let link = move |n: u32| {
                    query.with_untracked(|q| {
                        let mut parts: Vec<String> = ["situacao", "modulo", "criticidade", "q"]
                            .into_iter()
                            .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode(&v))))
                            .collect();
                        parts.push(format!("pagina={n}"));
                        format!("/ocorrencias?{}", parts.join("&"))
                    })
                };
                view! {
                    <OccurrenceRows items=page.items />
                    <nav class="pager" aria-label="Páginas">
                        {previous.map(|p| view! { <a href=link(p)>"← Anteriores"</a> })}
                        {next.map(|n| view! { <a href=link(n) data-testid="next-page">"Mais antigas →"</a> })}
                    </nav>
                }
            })}
        </div>
    }
}
