//! Analyst pages: the occurrence queue (new, mine, escalated; every case for the
//! coordinator) and the customers.

use leptos::prelude::*;
use leptos_meta::Title;

use leptos_router::hooks::use_query_map;

use crate::api::accounts::analysts::{SetMyAvailability, my_availability};
use crate::api::accounts::companies::{company_names, list_companies};
use crate::api::occurrences::occurrence_queue;
use crate::domain::accounts::Role;
use crate::ui::components::errors::{ErrorNotice, message};
use crate::ui::components::loaded::loaded;
use crate::ui::pages::occurrences::rows::OccurrenceRows;

#[component]
pub fn AttendancePage() -> impl IntoView {
    let session = crate::ui::session::use_session();
    // Components with resources are made outside any `Suspend`: one made inside a
    // `Suspend` is made again each time server rendering walks it (three times), and its
    // resources ran their queries, and shipped their data in the page, three times.
    let queue = QueueData::new();
    view! {
        <Title text="Atendimento" />
        <h1>"Atendimento"</h1>
        <Availability />
        <p><a href="/atendimento/ligacoes" data-testid="register-call">"Ligações: registrar uma ligação ou deixar recado"</a></p>
        <crate::ui::pages::calls::callbacks::MyCallbacks />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let coordinator = is_coordinator(session.user.await);
                view! { <Queue coordinator data=queue /> }
            })}
        </Transition>
        <p><a href="/atendimento/clientes">"Ver clientes →"</a></p>
    }
}

fn is_coordinator(user: Option<crate::domain::accounts::SessionUser>) -> bool {
    user.and_then(|u| u.active_role) == Some(Role::Coordinator)
}

/// The analyst's own availability for new occurrences, and the switch (not for the
/// coordinator, who takes no new occurrences).
#[component]
fn Availability() -> impl IntoView {
    let session = crate::ui::session::use_session();
    let live = crate::ui::components::live::is_live();
    let set = ServerAction::<SetMyAvailability>::new();
    let available = Resource::new(
        move || set.version().get(),
        move |_| async move {
            if is_coordinator(session.user.await) {
                return Ok(None);
            }
            my_availability().await.map(Some)
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match available.await {
                    Ok(None) => ().into_any(),
                    Ok(Some(now)) => view! {
                        <p data-testid="availability">
                            {if now { "Você está disponível para novas ocorrências. " } else { "Você está indisponível para novas ocorrências. " }}
                            <button type="button" data-testid="toggle-availability" disabled=move || !live.get() title=crate::ui::components::live::waiting_title(live) on:click=move |_| {
                                set.dispatch(SetMyAvailability { available: !now });
                            }>{if now { "Ficar indisponível" } else { "Ficar disponível" }}</button>
                        </p>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
        {move || set.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert">{message(&e)}</p> })}
    }
}

/// The queue views, as tabs that are plain links (`?fila=…`); the coordinator also has
/// `todas` (every open case, by owner and state).
const VIEWS: [(&str, &str, &str); 4] = [
    ("novas", "Novas", "queue-new"),
    ("minhas", "Minhas", "queue-mine"),
    ("escaladas", "Escaladas para o Nível 2", "queue-escalated"),
    ("todas", "Todas", "queue-all"),
];

/// The view the address names (`?fila=`), or "" for the role's default (the server's choice).
fn chosen_view(fila: &str) -> &str {
    VIEWS
        .iter()
        .find(|(k, ..)| *k == fila)
        .map_or("", |(k, ..)| k)
}

/// The queue's resources, made once by the page (see [`AttendancePage`]).
#[derive(Clone, Copy)]
struct QueueData {
    items: Resource<Result<crate::api::occurrences::Queue, crate::api::AppError>>,
    companies:
        Resource<Result<Vec<crate::domain::accounts::views::CompanyName>, crate::api::AppError>>,
    /// The coordinator's owner filter (empty for analysts, who have none).
    people: Resource<Result<Vec<crate::api::ownership::Assignee>, crate::api::AppError>>,
}

impl QueueData {
    fn new() -> Self {
        let session = crate::ui::session::use_session();
        let query = use_query_map();
        let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
        // Another analyst takes an item: every open queue reloads at once.
        let changes = crate::ui::live::occurrence_changes(None, None);
        let items = Resource::new(
            move || {
                (
                    chosen_view(&param("fila")).to_owned(),
                    param("modulo"),
                    param("empresa"),
                    param("criticidade"),
                    param("plano"),
                    param("ordem"),
                    param("responsavel"),
                    param("situacao"),
                    param("mostrar").parse::<u32>().ok(),
                    changes.get(),
                )
            },
            |(v, m, e, c, p, o, r, st, shown, _)| {
                occurrence_queue(
                    v,
                    Some(m),
                    Some(e),
                    Some(c),
                    Some(p),
                    Some(o),
                    Some(r),
                    Some(st),
                    shown,
                )
            },
        );
        let people = Resource::new(
            || (),
            move |_| async move {
                if is_coordinator(session.user.await) {
                    crate::api::ownership::assignees().await
                } else {
                    Ok(Vec::new())
                }
            },
        );
        Self {
            items,
            companies: Resource::new(|| (), |_| company_names()),
            people,
        }
    }
}

#[component]
fn Queue(coordinator: bool, data: QueueData) -> impl IntoView {
    use crate::domain::{content::ErpModule, sla::Criticality, sla::SlaPlan};
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let views: Vec<_> = VIEWS
        .into_iter()
        .filter(|(key, ..)| coordinator || *key != "todas")
        .collect();
    let default = if coordinator { "todas" } else { "novas" };
    let view_name = move || match chosen_view(&param("fila")) {
        "" => default.to_owned(),
        named => named.to_owned(),
    };
    let all = move || view_name() == "todas";
    let QueueData {
        items,
        companies,
        people,
    } = data;
    // "Ver mais": the same queue and filters, `shown` rows.
    let more_href = move |shown: u32| {
        let mut href = format!("/atendimento?mostrar={shown}");
        for k in [
            "fila",
            "modulo",
            "empresa",
            "criticidade",
            "plano",
            "ordem",
            "responsavel",
            "situacao",
        ] {
            let v = param(k);
            if !v.is_empty() {
                href.push_str(&format!(
                    "&{k}={}",
                    crate::ui::components::search_form::encode(&v)
                ));
            }
        }
        href
    };
    let selected = move |k: &'static str, v: String| param(k) == v;
    view! {
        <nav class="tabs" aria-label="Filas">
            {views.into_iter().map(|(key, label, testid)| view! {
                <a href=format!("/atendimento?fila={key}") data-testid=testid class:active=move || view_name() == key
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
                                    view! { <option value=c.id selected=move || selected("empresa", id.clone())>{c.name}</option> }
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
            {coordinator.then(|| view! { <OwnerAndState shown=Signal::derive(all) people /> })}
            <label>"Ordenar por"
                <select name="ordem" data-testid="queue-order">
                    <option value="">"Atividade mais antiga"</option>
                    <option value="prazo" selected=move || selected("ordem", "prazo".into())>"Prazo mais próximo"</option>
                </select>
            </label>
            <button type="submit">"Filtrar"</button>
        </form>
        <div data-testid="queue">
            {loaded(items, move |q| {
                let shown = q.items.len();
                view! {
                    <OccurrenceRows items=q.items show_company=true specialities=q.my_modules />
                    {(q.total as usize > shown).then(|| view! {
                        <p class="muted" data-testid="queue-more">
                            {format!("Mostrando {shown} de {}. ", q.total)}
                            {q.more.map(|n| view! { <a href=more_href(n) data-testid="queue-more-link">"Ver mais"</a> })}
                            {q.more.is_none().then_some("Use os filtros para ver as demais.")}
                        </p>
                    })}
                }
            })}
        </div>
    }
}

/// The coordinator's narrowing of `todas`: by owner (or nobody) and by state.
#[component]
fn OwnerAndState(
    shown: Signal<bool>,
    people: Resource<Result<Vec<crate::api::ownership::Assignee>, crate::api::AppError>>,
) -> impl IntoView {
    use crate::domain::occurrences::State;
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    view! {
        <Show when=move || shown.get()>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = people.await.unwrap_or_default();
                    view! {
                        <label>"Responsável"
                            <select name="responsavel" data-testid="queue-owner">
                                <option value="">"Qualquer"</option>
                                <option value="ninguem" selected=move || param("responsavel") == "ninguem">"Ninguém ainda"</option>
                                {list.into_iter().map(|a| {
                                    let id = a.id.clone();
                                    view! { <option value=a.id selected=move || param("responsavel") == id>{a.name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                })}
            </Transition>
            <label>"Situação"
                <select name="situacao" data-testid="queue-state">
                    <option value="">"Abertas"</option>
                    {State::ALL.into_iter().map(|s| view! { <option value=s.slug() selected=move || param("situacao") == s.slug()>{s.label()}</option> }).collect_view()}
                </select>
            </label>
        </Show>
    }
}

#[component]
pub fn ClientsPage() -> impl IntoView {
    let companies = Resource::new(|| (), |_| list_companies());
    view! {
        <Title text="Clientes" />
        <h1>"Clientes"</h1>
        {loaded(companies, move |list| view! {
                        <table class="table stacked" data-testid="clients">
                            <thead><tr><th>"Empresa"</th><th>"Plano"</th><th>"Segmento"</th><th>"Módulos"</th></tr></thead>
                            <tbody>{list.into_iter().map(|c| view! {
                                <tr><td class="card-title">{c.name}</td><td data-label="Plano">{c.plan.label()}</td><td data-label="Segmento">{c.segment}</td><td data-label="Módulos">{c.modules.join(", ")}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    })}
    }
}
