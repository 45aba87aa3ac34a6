//! Customer pages: "Minha empresa" and the occurrences entry point, behind the
//! prerequisites gate.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accounts::companies::{AcknowledgeSla, my_company};
use crate::api::sla::sla_plans;
use crate::domain::accounts::company::Step;
use crate::domain::accounts::views::CompanyView;
use crate::domain::time::format_date;
use crate::ui::components::errors::message;
use crate::ui::components::icon::{Glyph, Icon};
use crate::ui::components::loaded::loaded;
use crate::ui::components::sla_simulator::{PlanTable, SlaRulesText, SlaSimulator};

#[component]
pub fn MyCompanyPage() -> impl IntoView {
    let ack = ServerAction::<AcknowledgeSla>::new();
    let company = Resource::new(move || ack.version().get(), |_| my_company());
    // Made here, not in `CompanyOverview`: a component made inside `loaded` is made again
    // each time server rendering walks it, and so would its resource.
    let rules = Resource::new(|| (), |_| sla_plans());
    view! {
        <Title text="Minha empresa" />
        {loaded(company, move |c| view! { <CompanyOverview company=c ack rules /> })}
    }
}

#[component]
fn CompanyOverview(
    company: CompanyView,
    ack: ServerAction<AcknowledgeSla>,
    rules: Resource<Result<Vec<crate::domain::sla::policy::PlanRules>, crate::api::AppError>>,
) -> impl IntoView {
    let missing = company.missing_steps();
    let plan = company.plan;
    let office = company.office.clone();
    // Missing, or acknowledged before the plan's terms changed: asked (again).
    let changed = company.prerequisites.sla_table_changed();
    let needs_ack = missing.contains(&Step::SlaAcknowledgement) || changed;
    view! {
        <h1>{company.name.clone()}</h1>
        <p class="muted">"CNPJ " {company.cnpj.clone()} " · " {company.segment.clone()}</p>
        <section>
            <h2>"Plano de SLA: " <span data-testid="plan">{company.plan.label()}</span></h2>
            {loaded(rules, move |all| {
                all.into_iter().find(|r| r.plan == plan).map(|r| r.in_office(office.as_ref())).map(|r| view! {
                    <SlaRulesText rules=r.clone() />
                    <PlanTable rules=r.clone() />
                    <p class="penalty-rule" data-testid="penalty-rule">{r.penalty.rule_text()}</p>
                    <p class="muted" data-testid="sla-version">"Versão desta tabela: " {r.version()} ". "
                        <a href="/minha-empresa/sla">"Ver o SLA da empresa neste mês"</a></p>
                    <SlaSimulator rules=r />
                })
            })}
            {changed.then(|| view! {
                <p class="notice" role="status" data-testid="sla-table-changed">"A tabela do seu plano mudou desde a ciência registrada: leia a nova e confirme de novo."</p>
            })}
            {needs_ack.then(|| view! {
                <ActionForm action=ack attr:class="inline-form">
                    <button type="submit" class="button-primary" data-testid="acknowledge-sla">"Li a tabela de prazos e estou de acordo"</button>
                </ActionForm>
                {move || ack.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert">{message(&e)}</p> })}
            })}
            {company.prerequisites.sla_acknowledged.map(|(at, plan)| {
                let version = company.prerequisites.sla_acknowledged_version.clone();
                view! {
                    <p class="muted" data-testid="sla-acknowledged">"Ciência do plano " {plan.label()}
                        {version.map(|v| format!(" (tabela {v})"))}
                        " registrada em " {format_date(at)} "."</p>
                }
            })}
        </section>
        <p class="muted" data-testid="company-office">"Atendimento pelo escritório "
            {company.office.as_ref().map_or_else(|| crate::domain::sla::calendar_spec::OFFICE.to_owned(), |o| o.name.clone())}
            ": os prazos contam no calendário dele."</p>
        <section>
            <h2>"Contatos com acesso à Extranet"</h2>
            <p class="muted">{format!("O plano {} permite {} contato(s).", company.plan.label(), company.plan.max_contacts())}</p>
            <ul class="content-list" data-testid="contacts">
                {company.contacts.iter().map(|c| view! { <li><strong>{c.name.clone()}</strong> " — " {c.role.label()} " · " {c.email.clone()}</li> }).collect_view()}
            </ul>
        </section>
        <section>
            <h2>"Abertura de ocorrências"</h2>
            <OccurrenceGate company=company.clone() />
        </section>
    }
}

/// Where the way to open an occurrence is, or — until every prerequisite is met — the
/// checklist of what is missing and how to complete it.
#[component]
pub fn OccurrenceGate(company: CompanyView) -> impl IntoView {
    let missing = company.missing_steps();
    if missing.is_empty() {
        return view! {
            <p>"Tudo pronto: a sua empresa pode abrir ocorrências na Extranet."</p>
            <a class="button-primary" href="/ocorrencias/nova" data-testid="open-occurrence">"Abrir ocorrência"</a>
        }
        .into_any();
    }
    view! {
        <div class="checklist" data-testid="prerequisites-checklist">
            <p><strong>"Antes de abrir ocorrências, a empresa precisa concluir:"</strong></p>
            <ol>
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let done = !missing.contains(&step);
                        view! {
                            <li class:done=done data-testid="prerequisite" data-done=done.to_string()>
                                <strong><Icon glyph=if done { Glyph::Check } else { Glyph::Cross } /> " " {step.title()}</strong>
                                {(!done).then(|| view! { <p class="muted">{step.how_to()}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p>"Enquanto isso, o autoatendimento e o telefone do suporte continuam à disposição."</p>
        </div>
    }
    .into_any()
}
