//! A table of occurrences (customer list and analyst queue share it).

use leptos::prelude::*;

use crate::domain::content::ErpModule;
use crate::domain::occurrences::OccurrenceSummary;
use crate::domain::time::format_date_time;
use crate::ui::components::countdown::SlaCountdown;

#[component]
pub fn OccurrenceRows(
    items: Vec<OccurrenceSummary>,
    #[prop(optional)] show_company: bool,
    /// The analyst's modules: matching rows say so.
    #[prop(optional)]
    specialities: Vec<ErpModule>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted" data-testid="no-occurrences">"Nenhuma ocorrência aqui."</p> }.into_any();
    }
    view! {
        <table class="table stacked occurrence-table">
            <thead>
                <tr>
                    <th>"Número"</th>
                    <th>"Título"</th>
                    {show_company.then(|| view! { <th>"Empresa"</th> })}
                    <th>"Situação"</th>
                    <th>"Criticidade"</th>
                    <th>"Módulo"</th>
                    <th>"Responsável"</th>
                    <th>"Prazo"</th>
                    <th>"Última atividade"</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|o| {
                        let company = o.company_name.clone();
                        let mine = specialities.contains(&o.module);
                        view! {
                            <tr data-testid="occurrence-row" data-number=o.number.path_part() data-state=o.state.slug()>
                                <td class="card-title"><a href=o.number.url()>{o.number.to_string()}</a></td>
                                <td class="card-title"><a href=o.number.url()>{o.title.clone()}</a></td>
                                {show_company.then(|| view! { <td data-label="Empresa">{company}</td> })}
                                <td data-label="Situação"><span class=format!("state state-{}", o.state.slug())>{o.state.label()}</span></td>
                                <td data-label="Criticidade">{o.criticality.label()}</td>
                                <td data-label="Módulo">
                                    {o.module.label()}
                                    {mine.then(|| view! { " " <span class="badge" data-testid="speciality" title="Módulo da sua especialidade">"sua especialidade"</span> })}
                                </td>
                                <td data-label="Responsável">
                                    {o.owner_name.clone().unwrap_or_else(|| "—".into())}
                                    {o.directed_to.clone().map(|name| view! {
                                        <br /><span class="badge" data-testid="directed-to">"Direcionada a " {name}</span>
                                    })}
                                </td>
                                <td data-label="Prazo"><SlaCountdown clock=o.sla.clone() /></td>
                                <td data-label="Última atividade">{format_date_time(o.last_activity_at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
