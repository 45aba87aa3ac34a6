//! Analyst pages. The occurrence queue arrives with the occurrences issue; for now the
//! analyst sees the customers and their plans.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::list_companies;
use crate::ui::components::errors::ErrorNotice;

#[component]
pub fn AttendancePage() -> impl IntoView {
    view! {
        <Title text="Atendimento" />
        <h1>"Atendimento"</h1>
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
        <Suspense fallback=|| view! { <p class="muted">"Carregando…"</p> }>
            {move || Suspend::new(async move {
                match companies.await {
                    Ok(list) => view! {
                        <table class="table" data-testid="clients">
                            <thead><tr><th>"Empresa"</th><th>"Plano"</th><th>"Segmento"</th><th>"Módulos"</th></tr></thead>
                            <tbody>{list.into_iter().map(|c| view! {
                                <tr><td>{c.name}</td><td>{c.plan.label()}</td><td>{c.segment}</td><td>{c.modules.join(", ")}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
