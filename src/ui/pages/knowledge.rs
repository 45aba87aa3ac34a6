//! `/coordenacao/conhecimento`: what Level 0 does for support, per month — the items that
//! answered people before they opened an occurrence, and those analysts pointed to most.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::knowledge::knowledge_report;
use crate::domain::content::content_path;
use crate::domain::knowledge::MonthTop;
use crate::domain::time::month_label;
use crate::ui::components::loaded::loaded;

#[component]
pub fn KnowledgePage() -> impl IntoView {
    let report = Resource::new(|| (), |_| knowledge_report());
    view! {
        <Title text="Autoatendimento: o que funcionou" />
        <h1>"Autoatendimento: o que funcionou"</h1>
        <p class="lead">"Por mês: os itens que resolveram antes de virar ocorrência (\"isto resolveu\", uma vez por pessoa e item) e os que os analistas mais indicaram nas respostas. Ocorrências resolvidas viram rascunhos de FAQ em \"Transformar em FAQ\"; revise-os em "
            <a href="/coordenacao/conteudo">"Conteúdo"</a> "."</p>
        {loaded(report, |r| view! {
            <section>
                <h2>"Isto resolveu"</h2>
                <MonthTables months=r.deflected testid="knowledge-deflections" what="Pessoas" />
            </section>
            <section>
                <h2>"Mais indicados nas respostas"</h2>
                <MonthTables months=r.linked testid="knowledge-links" what="Respostas" />
            </section>
        })}
    }
}

#[component]
fn MonthTables(months: Vec<MonthTop>, testid: &'static str, what: &'static str) -> impl IntoView {
    if months.is_empty() {
        return view! { <p class="muted" data-testid=testid>"Nada nos últimos seis meses."</p> }
            .into_any();
    }
    view! {
        <div data-testid=testid>
            {months.into_iter().map(|m| view! {
                <table class="table stacked" data-month=m.month.clone()>
                    <caption>{month_label(&m.month)}</caption>
                    <thead><tr><th>"Item"</th><th>"Tipo"</th><th>{what}</th></tr></thead>
                    <tbody>
                        {m.items.into_iter().map(|i| view! {
                            <tr data-slug=i.slug.clone()>
                                <td class="card-title"><a href=content_path(i.kind, &i.slug)>{i.title.clone()}</a></td>
                                <td data-label="Tipo">{i.kind.label()}</td>
                                <td data-label=what>{i.count}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }).collect_view()}
        </div>
    }.into_any()
}
