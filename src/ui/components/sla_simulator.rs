//! "If I open an occurrence now…": the plan's deadlines from this very minute, computed in
//! the browser with the same calendar as the server.

use chrono::Utc;
use leptos::prelude::*;

use super::countdown::Ticker;
use crate::domain::sla::{
    Criticality, SlaPlan,
    clock::{calendar, day_time},
    deadline::deadlines,
    default_targets,
};

#[component]
pub fn SlaSimulator(plan: SlaPlan) -> impl IntoView {
    let criticality = RwSignal::new(Criticality::Alta);
    let now = use_context::<Ticker>();
    // Recomputed once a minute, not on every tick.
    let minute = Memo::new(move |_| {
        let at = now.map_or_else(Utc::now, |t| t.now());
        at.timestamp() / 60
    });
    let text = move || {
        minute.track();
        let c = criticality.get();
        let d = deadlines(calendar(), default_targets(plan, c), Utc::now(), &[]);
        let show = |at: Option<chrono::DateTime<Utc>>| {
            at.map(|t| day_time(calendar(), t)).unwrap_or_default()
        };
        format!(
            "Se você abrir agora uma ocorrência {}, a primeira resposta vence {} e a solução {}.",
            c.label(),
            show(d.first_response),
            show(d.solution)
        )
    };
    view! {
        <div class="sla-simulator" data-testid="sla-simulator">
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
