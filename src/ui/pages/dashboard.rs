//! `/coordenacao/painel`: the coordinator's picture of support now — backlog by state and
//! level, the oldest open cases, 12 weeks of openings by module, phone vs Extranet,
//! "isto resolveu" and this month's SLA. Each chart has its table beside it (what screen
//! readers read) and a CSV link; the numbers reload when any occurrence changes.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::coordinator_dashboard;
use crate::domain::chart::BarChart;
use crate::domain::dashboard::{Dashboard, Level};
use crate::domain::sla::report::minutes_text;
use crate::domain::time::{format_date, format_date_time, month_label};
use crate::ui::components::bar_chart::BarChartView;
use crate::ui::components::loaded::loaded;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let changes = crate::ui::live::occurrence_changes(None, None);
    let data = Resource::new(move || changes.get(), |_| coordinator_dashboard());
    view! {
        <Title text="Painel da coordenação" />
        <h1>"Painel da coordenação"</h1>
        {loaded(data, |d| view! { <Panel d /> })}
    }
}

fn csv_link(series: &'static str) -> impl IntoView {
    view! {
        <a href=format!("/coordenacao/painel.csv?serie={series}") download data-testid="dashboard-csv" data-series=series>"Baixar CSV"</a>
    }
}

/// A chart of the dashboard by its series name.
fn chart(charts: &[(&'static str, &'static str, BarChart)], series: &str) -> impl IntoView + use<> {
    charts
        .iter()
        .find(|(s, _, _)| *s == series)
        .map(|(_, name, c)| view! { <BarChartView chart=c.clone() name=(*name).to_owned() testid="dashboard-chart" /> })
}

#[component]
fn Panel(d: Dashboard) -> impl IntoView {
    let charts = d.charts();
    let levels = d.by_level();
    let month = &d.sla_month;
    let compliance = month
        .compliance()
        .map(crate::domain::chart::percent_text)
        .unwrap_or_else(|| "—".into());
    view! {
        <div data-testid="dashboard" data-open=d.open_total().to_string()>
            <p class="muted" data-testid="dashboard-at">{format!("Situação em {}; os números se atualizam sozinhos quando uma ocorrência muda.", format_date_time(d.at))}</p>
            <div class="cards">
                <div class="card"><h3>"Abertas agora"</h3><p data-testid="dashboard-open">{d.open_total()}</p></div>
                <div class="card"><h3>{format!("SLA em {}", month.label)}</h3><p data-testid="dashboard-sla">{format!("{compliance} dos prazos cumpridos ({} cumpridos, {} estourados, {} correndo)", month.met, month.breached, month.pending)}</p> {csv_link("sla")}</div>
            </div>
            <section class="report-pair with-chart">
                <h2>"Fila agora, por estado"</h2>
                {chart(&charts, "backlog")}
                <div>
                    <table class="table" data-testid="dashboard-backlog">
                        <caption>"Ocorrências abertas por estado"</caption>
                        <thead><tr><th scope="col">"Estado"</th><th scope="col">"Nível"</th><th scope="col">"Abertas"</th></tr></thead>
                        <tbody>
                            {d.backlog.iter().map(|(s, n)| view! {
                                <tr><th scope="row">{s.label()}</th><td>{Level::of(*s).label()}</td><td>{*n}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <table class="table" data-testid="dashboard-levels">
                        <caption>"Por nível"</caption>
                        <tbody>
                            {levels.into_iter().map(|(l, n)| view! { <tr><th scope="row">{l.label()}</th><td>{n}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                    {csv_link("backlog")}
                </div>
            </section>
            <section>
                <h2>"Abertas há mais tempo"</h2>
                <table class="table stacked" data-testid="dashboard-oldest">
                    <thead><tr><th scope="col">"Ocorrência"</th><th scope="col">"Empresa"</th><th scope="col">"Estado"</th><th scope="col">"Aberta em"</th></tr></thead>
                    <tbody>
                        {d.oldest.iter().map(|c| view! {
                            <tr>
                                <td class="card-title"><a href=format!("/ocorrencias/{}", c.number)>{c.number.clone()}</a> " " {c.title.clone()}</td>
                                <td data-label="Empresa">{c.company_name.clone()}</td>
                                <td data-label="Estado">{c.state.label()}</td>
                                <td data-label="Aberta em">{format_date(c.opened_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {csv_link("antigas")}
            </section>
            <section class="report-pair with-chart">
                <h2>"Abertas por semana (12 semanas)"</h2>
                {chart(&charts, "semanas")}
                <div>
                    <table class="table" data-testid="dashboard-weeks">
                        <caption>"Por semana e módulo"</caption>
                        <thead><tr><th scope="col">"Semana de"</th><th scope="col">"Total"</th><th scope="col">"Por módulo"</th></tr></thead>
                        <tbody>
                            {d.weeks.iter().map(|w| view! {
                                <tr>
                                    <th scope="row">{w.monday.format("%d/%m/%Y").to_string()}</th>
                                    <td>{w.total}</td>
                                    <td>{w.by_module.iter().map(|(m, n)| format!("{} {n}", m.label())).collect::<Vec<_>>().join(", ")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {csv_link("semanas")}
                </div>
            </section>
            <section class="report-pair with-chart">
                <h2>"Telefone e Extranet (12 semanas)"</h2>
                {chart(&charts, "canais")}
                {chart(&charts, "resposta")}
                <div>
                    <table class="table" data-testid="dashboard-channels">
                        <caption>"Volume e 1ª resposta (horas úteis)"</caption>
                        <thead><tr><th scope="col">"Canal"</th><th scope="col">"Abertas"</th><th scope="col">"Respondidas"</th><th scope="col">"Mediana da 1ª resposta"</th></tr></thead>
                        <tbody>
                            {d.channels.iter().map(|c| view! {
                                <tr><th scope="row">{c.label()}</th><td>{c.opened}</td><td>{c.answered}</td>
                                    <td>{c.median_first_response_minutes.map(minutes_text).unwrap_or_else(|| "—".into())}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {csv_link("canais")}
                </div>
            </section>
            <section class="report-pair with-chart">
                <h2>"Isto resolveu (autoatendimento)"</h2>
                {chart(&charts, "autoatendimento")}
                <div>
                    <table class="table" data-testid="dashboard-deflections">
                        <caption>"Pessoas que resolveram sem abrir ocorrência, por mês"</caption>
                        <tbody>
                            {d.deflections.iter().map(|(m, n)| view! { <tr><th scope="row">{month_label(m)}</th><td>{*n}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                    {csv_link("autoatendimento")}
                </div>
            </section>
        </div>
    }
}
