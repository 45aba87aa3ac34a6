//! `/coordenacao/sla`: the SLA report — compliance per month, plan, criticality and
//! analyst, breaches and penalties, first-response time by channel. Every chart has its
//! table beside it (the table is what screen readers read), and the lines download as CSV.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::sla::sla_report;
use crate::domain::sla::policy::percent_text;
use crate::domain::sla::report::{REPORT_MONTHS, ReportPage, Tally, minutes_text, money_text};
use crate::domain::time::{format_date, format_date_time};
use crate::ui::components::bar_chart::BarChartView;
use crate::ui::components::loaded::loaded;

#[component]
pub fn SlaReportPage() -> impl IntoView {
    let query = use_query_map();
    let months = move || query.with(|q| q.get("meses").and_then(|m| m.parse::<u32>().ok()));
    let report = Resource::new(months, sla_report);
    let navigate = use_navigate();
    view! {
        <Title text="Relatório de SLA" />
        <h1>"Relatório de SLA"</h1>
        <form method="get" action="/coordenacao/sla" class="filters" data-testid="sla-report-period">
            <label>"Período "
                <select name="meses" on:change=move |ev| {
                    navigate(&format!("/coordenacao/sla?meses={}", event_target_value(&ev)), Default::default());
                }>
                    {move || {
                        let chosen = months().unwrap_or(12);
                        REPORT_MONTHS.into_iter().map(|m| view! {
                            <option value=m.to_string() selected=m == chosen>
                                {if m == 1 { "mês atual".to_owned() } else { format!("últimos {m} meses") }}
                            </option>
                        }).collect_view()
                    }}
                </select>
            </label>
            <button type="submit">"Ver"</button>
            <a href="/coordenacao/sla/regras">"Regras de SLA"</a>
        </form>
        {loaded(report, |page| view! { <Report page /> })}
    }
}

fn percent(t: &Tally) -> String {
    t.compliance()
        .map(crate::domain::chart::percent_text)
        .unwrap_or_else(|| "—".into())
}

#[component]
fn TallyTable(rows: Vec<Tally>, caption: &'static str, testid: &'static str) -> impl IntoView {
    view! {
        <table class="table" data-testid=testid>
            <caption>{caption}</caption>
            <thead><tr><th scope="col">""</th><th scope="col">"Cumpridos"</th><th scope="col">"Estourados"</th><th scope="col">"Em andamento"</th><th scope="col">"Cumprimento"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|t| view! {
                    <tr><th scope="row">{t.label.clone()}</th><td>{t.met}</td><td>{t.breached}</td><td>{t.pending}</td><td>{percent(&t)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Says when a long table lists only some of its rows, with the CSV that has them all.
fn listed_note(
    shown: usize,
    total: u32,
    which: &'static str,
    csv: String,
    testid: &'static str,
) -> Option<impl IntoView> {
    (shown < total as usize).then(|| {
        view! {
            <p class="muted" data-testid=format!("{testid}-note")>
                {format!("Mostrando {which}: {shown} de {total}. ")}
                <a href=csv download data-testid=testid>"Baixar a lista completa (CSV)"</a>
            </p>
        }
    })
}

#[component]
fn Report(page: ReportPage) -> impl IntoView {
    let r = page.report;
    let months = page.months;
    view! {
        <p data-testid="sla-overall">
            {format!("Desde {}: {} ocorrência(s), {} prazo(s) cumprido(s), {} estourado(s) — cumprimento ",
                format_date(page.since), r.occurrences, r.overall.met, r.overall.breached)}
            <strong>{percent(&r.overall)}</strong> "."
            " " <a href=format!("/coordenacao/sla.csv?meses={months}") download data-testid="sla-csv">"Baixar CSV"</a>
        </p>
        <p class="muted">"Cada ocorrência tem dois prazos (1ª resposta e solução); o cumprimento conta os prazos já decididos."</p>
        <section class="report-pair with-chart">
            <h2>"Cumprimento por mês de abertura"</h2>
            <BarChartView chart=page.month_chart name="cumprimento por mês".into() />
            <TallyTable rows=r.by_month caption="Por mês" testid="sla-by-month" />
        </section>
        <section class="report-pair with-chart">
            <h2>"Por plano"</h2>
            <BarChartView chart=page.plan_chart name="cumprimento por plano".into() />
            <TallyTable rows=r.by_plan caption="Por plano" testid="sla-by-plan" />
        </section>
        <section class="report-pair">
            <h2>"Por criticidade e por analista"</h2>
            <TallyTable rows=r.by_criticality caption="Por criticidade" testid="sla-by-criticality" />
            <TallyTable rows=r.by_analyst caption="Por analista" testid="sla-by-analyst" />
        </section>
        <section class="report-pair with-chart">
            <h2>"Tempo até a 1ª resposta, por canal"</h2>
            <BarChartView chart=page.channel_chart name="tempo médio até a 1ª resposta por canal".into() />
            <table class="table" data-testid="sla-by-channel">
                <caption>"Horas úteis até a 1ª resposta"</caption>
                <thead><tr><th scope="col">"Canal"</th><th scope="col">"Respondidas"</th><th scope="col">"Média"</th><th scope="col">"Mediana"</th></tr></thead>
                <tbody>
                    {r.first_response.into_iter().map(|c| view! {
                        <tr><th scope="row">{c.channel}</th><td>{c.answered}</td><td>{minutes_text(c.mean_minutes)}</td><td>{minutes_text(c.median_minutes)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section>
            <h2>"Multas"</h2>
            <p class="muted">"Por empresa e mês do estouro: a multa do plano por prazo de solução estourado, metade por prazo de 1ª resposta, limitada ao teto mensal. O valor aparece quando a mensalidade da empresa está cadastrada."</p>
            {listed_note(r.penalties.len(), page.totals.penalties, "as maiores multas",
                format!("/coordenacao/sla.csv?meses={months}&tabela=multas"), "sla-penalties-csv")}
            <table class="table" data-testid="sla-penalties">
                <thead><tr><th scope="col">"Empresa"</th><th scope="col">"Mês"</th><th scope="col">"Prazos estourados"</th><th scope="col">"Multa"</th><th scope="col">"Valor"</th></tr></thead>
                <tbody>
                    {r.penalties.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.company_name}</th><td>{p.month}</td><td>{p.breaches}</td>
                            <td>{format!("{} %{}", percent_text(p.share_bp), if p.capped { " (teto)" } else { "" })}</td>
                            <td>{p.amount_cents.map(money_text).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"Prazos estourados"</h3>
            {listed_note(r.breaches.len(), page.totals.breaches, "os estouros mais recentes",
                format!("/coordenacao/sla.csv?meses={months}"), "sla-breaches-csv")}
            <table class="table" data-testid="sla-breaches">
                <thead><tr><th scope="col">"Ocorrência"</th><th scope="col">"Empresa"</th><th scope="col">"Plano"</th><th scope="col">"Prazo"</th><th scope="col">"Estourou em"</th><th scope="col">"Multa"</th></tr></thead>
                <tbody>
                    {r.breaches.into_iter().map(|b| {
                        let href = format!("/ocorrencias/{}", b.number);
                        view! {
                            <tr>
                                <td><a href=href>{b.number.clone()}</a> " " {b.title}</td>
                                <td>{b.company_name}</td><td>{b.plan.label()}</td><td>{b.target.label()}</td>
                                <td>{format_date_time(b.at)}</td><td>{format!("{} %", percent_text(b.penalty_bp))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
