//! Analyst pages: the occurrence queue (new, mine, escalated) and the customers.

use leptos::prelude::*;
use leptos_meta::Title;

use leptos_router::hooks::use_query_map;

use crate::api::accounts::analysts::{SetMyAvailability, my_availability};
use crate::api::accounts::companies::list_companies;
use crate::api::occurrences::occurrence_queue;
use crate::ui::components::errors::{ErrorNotice, message};
use crate::ui::components::loaded::loaded;
use crate::ui::pages::occurrences::rows::OccurrenceRows;

#[component]
pub fn AttendancePage() -> impl IntoView {
    let set = ServerAction::<SetMyAvailability>::new();
    let available = Resource::new(move || set.version().get(), |_| my_availability());
    view! {
        <Title text="Atendimento" />
        <h1>"Atendimento"</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match available.await {
                    Ok(now) => view! {
                        <p data-testid="availability">
                            {if now { "Você está disponível para novas ocorrências. " } else { "Você está indisponível para novas ocorrências. " }}
                            <button type="button" data-testid="toggle-availability" on:click=move |_| {
                                set.dispatch(SetMyAvailability { available: !now });
                            }>{if now { "Ficar indisponível" } else { "Ficar disponível" }}</button>
                        </p>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
        {move || set.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert">{message(&e)}</p> })}
        <p><a href="/atendimento/ligacao" data-testid="register-call">"Registrar ligação"</a></p>
        <Queue />
        <p><a href="/atendimento/clientes">"Ver clientes →"</a></p>
    }
}

/// The queue views, as tabs that are plain links (`?fila=…`).
const VIEWS: [(&str, &str); 3] = [
    ("novas", "Novas"),
    ("minhas", "Minhas"),
    ("escaladas", "Escaladas para o Nível 2"),
];

#[component]
fn Queue() -> impl IntoView {
    use crate::domain::{content::ErpModule, sla::Criticality, sla::SlaPlan};
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let view_name = move || {
        query.with(|q| {
            q.get("fila")
                .filter(|v| VIEWS.iter().any(|(k, _)| k == v))
                .unwrap_or_else(|| "novas".into())
        })
    };
    // Another analyst takes an item: every open queue reloads at once.
    let changes = crate::ui::live::occurrence_changes(None);
    let items = Resource::new(
        move || {
            (
                view_name(),
                param("modulo"),
                param("empresa"),
                param("criticidade"),
                param("plano"),
                param("ordem"),
                changes.get(),
            )
        },
        |(v, m, e, c, p, o, _)| occurrence_queue(v, Some(m), Some(e), Some(c), Some(p), Some(o)),
    );
    let companies = Resource::new(|| (), |_| list_companies());
    let selected = move |k: &'static str, v: String| param(k) == v;
    view! {
        <nav class="tabs" aria-label="Filas">
            {VIEWS.into_iter().map(|(key, label)| view! {
                <a href=format!("/atendimento?fila={key}") class:active=move || view_name() == key
                    aria-current=move || (view_name() == key).then_some("page")>{label}</a>
            }).collect_view()}
        </nav>
        <form class="filters" method="get" action="/atendimento" data-testid="queue-filters">
            <input type="hidden" name="fila" value=view_name />
            <label>"Módulo"
                <select name="modulo">
                    <option value="">"Todos"</option>
                    {ErpModule::ALL.into_iter().map(|m| view! { <option value=m.slug() selected=move || selected("modulo", m.slug().into())>{m.label()}</option> }).collect_view()}
                </select>
            </label>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = companies.await.unwrap_or_default();
                    view! {
                        <label>"Empresa"
                            <select name="empresa">
                                <option value="">"Todas"</option>
                                {list.into_iter().map(|c| {
                                    let id = c.id.clone();
                                    view! { <option value=c.id.clone() selected=move || selected("empresa", id.clone())>{c.name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                })}
            </Transition>
            <label>"Criticidade"
                <select name="criticidade">
                    <option value="">"Todas"</option>
                    {Criticality::ALL.into_iter().map(|c| view! { <option value=c.slug() selected=move || selected("criticidade", c.slug().into())>{c.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Plano"
                <select name="plano">
                    <option value="">"Todos"</option>
                    {SlaPlan::ALL.into_iter().map(|p| view! { <option value=p.slug() selected=move || selected("plano", p.slug().into())>{p.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Ordenar por"
                <select name="ordem" data-testid="queue-order">
                    <option value="">"Atividade mais antiga"</option>
                    <option value="prazo" selected=move || selected("ordem", "prazo".into())>"Prazo mais próximo"</option>
                </select>
            </label>
            <button type="submit">"Filtrar"</button>
        </form>
        <div data-testid="queue">
            {loaded(items, |q| view! { <OccurrenceRows items=q.items show_company=true specialities=q.my_modules /> })}
        </div>
    }
}

#[component]
pub fn ClientsPage() -> impl IntoView {
    let companies = Resource::new(|| (), |_| list_companies());
    view! {
        <Title text="Clientes" />
        <h1>"Clientes"</h1>
        {loaded(companies, move |list| view! {
                        <table class="table" data-testid="clients">
                            <thead><tr><th>"Empresa"</th><th>"Plano"</th><th>"Segmento"</th><th>"Módulos"</th></tr></thead>
                            <tbody>{list.into_iter().map(|c| view! {
                                <tr><td>{c.name}</td><td>{c.plan.label()}</td><td>{c.segment}</td><td>{c.modules.join(", ")}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    })}
    }
}
