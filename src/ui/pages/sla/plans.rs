//! `/planos`: the SLA plans as anyone may read them, each with its deadline table and a
//! simulator of the deadlines an occurrence opened now would get.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::sla::sla_plans;
use crate::ui::components::loaded::loaded;
use crate::ui::components::sla_simulator::{PlanTable, SlaRulesText, SlaSimulator};

#[component]
pub fn PlansPage() -> impl IntoView {
    let rules = Resource::new(|| (), |_| sla_plans());
    view! {
        <Title text="Planos de SLA" />
        <h1>"Planos de SLA"</h1>
        <p>"O SLA é o contrato que diz em quanto tempo o suporte responde e resolve cada ocorrência, conforme a criticidade. "
           "Prata e Ouro dão acesso à Extranet ao gerente de projeto; o VIP, ao gerente de projeto e a mais um contato."</p>
        {loaded(rules, move |all| {
            let first = all.first().cloned();
            view! {
                {first.map(|r| view! { <SlaRulesText rules=r /> })}
                <div class="plans">
                    {all.into_iter().rev().map(|r| view! {
                        <section class="card" data-testid="plan-card">
                            <h2>{r.plan.label()}</h2>
                            <p class="muted">{format!("Até {} contato(s) com acesso à Extranet.", r.plan.max_contacts())}</p>
                            <PlanTable rules=r.clone() />
                            <p class="penalty-rule" data-testid="penalty-rule">{r.penalty.rule_text()}</p>
                            <SlaSimulator rules=r />
                        </section>
                    }).collect_view()}
                </div>
            }
        })}
    }
}
