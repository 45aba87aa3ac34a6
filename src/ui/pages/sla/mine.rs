//! `/minha-empresa/sla` ("Meu SLA"): the company's occurrences opened this month, each
//! deadline met, missed or running, and the credit the month's breaches give.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::sla::my_sla;
use crate::domain::sla::policy::percent_text;
use crate::domain::sla::report::{Outcome, money_text};
use crate::ui::components::loaded::loaded;

fn outcome_cell(o: Outcome) -> impl IntoView {
    let class = match o {
        Outcome::Met => "outcome outcome-met",
        Outcome::Breached => "outcome outcome-breached",
        Outcome::Pending => "outcome outcome-pending",
    };
    view! { <span class=class data-outcome=o.label()>{o.label()}</span> }
}

#[component]
pub fn MySlaPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(move || query.with(|q| q.get("mes")), my_sla);
    view! {
        <Title text="Meu SLA" />
        <h1>"Meu SLA"</h1>
        <p class="lead">"As ocorrências da sua empresa abertas neste mês, se cada prazo foi cumprido, e o crédito que um prazo estourado dá à empresa (a regra está em "
            <a href="/minha-empresa">"Minha empresa"</a> " e em " <a href="/planos">"Planos"</a> ")."</p>
        <form method="get" class="inline-form" action="/minha-empresa/sla">
            <label>"Mês " <input type="month" name="mes" data-testid="my-sla-month" /></label>
            " " <button type="submit">"Ver"</button>
        </form>
        {loaded(data, |m| {
            let credit = m.credit.clone();
            view! {
                <section data-testid="my-sla" data-month=m.month.clone()>
                    <h2>"Mês " {m.month.clone()}</h2>
                    {if m.lines.is_empty() {
                        view! { <p class="muted">"Nenhuma ocorrência aberta neste mês."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table stacked">
                                <thead><tr><th>"Ocorrência"</th><th>"Criticidade"</th><th>"1ª resposta"</th><th>"Solução"</th><th>"Crédito"</th></tr></thead>
                                <tbody>
                                    {m.lines.into_iter().map(|l| {
                                        let href = crate::domain::occurrences::OccurrenceNumber::parse(&l.number).map(|n| n.url()).unwrap_or_default();
                                        view! {
                                            <tr data-testid="my-sla-row" data-number=l.number.clone()>
                                                <td class="card-title"><a href=href>{l.number.clone()}</a> " " {l.title.clone()}</td>
                                                <td data-label="Criticidade">{l.criticality.label()}</td>
                                                <td data-label="1ª resposta">{outcome_cell(l.first_response)}</td>
                                                <td data-label="Solução">{outcome_cell(l.solution)}</td>
                                                <td data-label="Crédito" data-testid="my-sla-credit">{if l.credit_bp > 0 { format!("{} %", percent_text(l.credit_bp)) } else { "—".into() }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <p data-testid="my-sla-total">{match credit {
                        Some(p) => format!(
                            "Crédito do mês: {} % da mensalidade{}{} — {} prazo(s) estourado(s).",
                            percent_text(p.share_bp),
                            if p.capped { " (o teto do mês)" } else { "" },
                            p.amount_cents.map(|c| format!(", {}", money_text(c))).unwrap_or_default(),
                            p.breaches
                        ),
                        None => "Nenhum prazo estourado neste mês: nenhum crédito.".into(),
                    }}</p>
                </section>
            }.into_any()
        })}
    }
}
