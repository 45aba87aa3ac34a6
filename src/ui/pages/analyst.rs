//! Analyst pages. The occurrence queue arrives with the occurrences issue; for now the
//! analyst sees the customers and their plans.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::{SetMyAvailability, list_companies, my_availability};
use crate::ui::components::errors::{ErrorNotice, message};
use crate::ui::components::loaded::loaded;

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
        <p class="notice" data-testid="queue-coming-soon">"A fila de ocorrências chega na próxima versão. Enquanto isso, consulte os clientes e os planos de SLA."</p>
        <p><a href="/atendimento/clientes">"Ver clientes →"</a></p>
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
