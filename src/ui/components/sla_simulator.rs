//! "If I open an occurrence now…": the plan's deadlines from this very minute, computed in
//! the browser with the same calendar as the server (and the office's local holidays).

use chrono::Utc;
use leptos::prelude::*;

use super::countdown::Ticker;
use crate::domain::sla::{Criticality, clock::day_time, deadline::deadlines, policy::PlanRules};

#[component]
pub fn SlaSimulator(rules: PlanRules) -> impl IntoView {
    let criticality = RwSignal::new(Criticality::Alta);
    let now = use_context::<Ticker>();
    let calendar = StoredValue::new(rules.calendar());
    let plan = rules.plan;
    // Recomputed once a minute, not on every tick.
    let minute = Memo::new(move |_| {
        let at = now.map_or_else(Utc::now, |t| t.now());
        at.timestamp() / 60
    });
    let text = move || {
        let at = chrono::DateTime::from_timestamp(minute.get() * 60, 0).unwrap_or_else(Utc::now);
        let c = criticality.get();
        calendar.with_value(|cal| {
            let d = deadlines(cal, rules.targets(c), at, &[]);
            let show = |at: Option<chrono::DateTime<Utc>>| {
                at.map(|t| day_time(cal, t)).unwrap_or_default()
            };
            format!(
                "Se você abrir agora uma ocorrência {}, a primeira resposta vence {} e a solução {}.",
                c.label(),
                show(d.first_response),
                show(d.solution)
            )
        })
    };
    view! {
        <div class="sla-simulator" data-testid="sla-simulator" data-plan=plan.slug()>
            <label>"Simular o prazo para a criticidade "
                <select on:change=move |ev| {
                    if let Ok(c) = Criticality::parse(&event_target_value(&ev)) {
                        criticality.set(c);
                    }
                }>
                    {Criticality::ALL.into_iter().map(|c| view! {
                        <option value=c.slug() selected=c == Criticality::Alta>{c.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <p data-testid="sla-simulation" aria-live="polite">{text}</p>
        </div>
    }
}

/// A plan's deadline table (hours úteis per criticality).
#[component]
pub fn PlanTable(rules: PlanRules) -> impl IntoView {
    view! {
        <table class="table" data-testid="sla-table" data-plan=rules.plan.slug()>
            <caption>{format!("Plano {}: prazos em horas úteis", rules.plan.label())}</caption>
            <thead><tr><th scope="col">"Criticidade"</th><th scope="col">"Primeira resposta"</th><th scope="col">"Solução"</th></tr></thead>
            <tbody>
                {rules.table
                    .into_iter()
                    .map(|(c, t)| view! {
                        <tr><th scope="row">{c.label()}</th><td>{format!("{} h úteis", t.first_response_hours)}</td><td>{format!("{} h úteis", t.solution_hours)}</td></tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// How the hours are counted, in words a customer reads.
#[component]
pub fn SlaRulesText(rules: PlanRules) -> impl IntoView {
    let holidays = rules
        .local_holidays
        .iter()
        .map(|h| format!("{} ({})", h.date.format("%d/%m/%Y"), h.name))
        .collect::<Vec<_>>();
    view! {
        <p data-testid="sla-hours">"Prazos em horas úteis: " {rules.hours.describe()} ", horário de Brasília, sem feriados nacionais"
            {(!rules.hours.carnival_off()).then_some(" (o Carnaval, ponto facultativo, é dia de atendimento)")}
            {(!holidays.is_empty()).then(|| format!(" nem os feriados locais: {}", holidays.join(", ")))}
            ". O prazo fica pausado enquanto a ocorrência aguarda a sua resposta"
            {rules.pause_version.then_some(" ou a liberação de uma versão")}
            ". A primeira resposta é " {rules.first_response.label()} "."
        </p>
    }
}
