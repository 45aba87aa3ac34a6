//! The open cases of analysts who are away (unavailable) or deactivated, listed under the
//! analysts table with one form to hand them all to someone else (`DOMAIN.md`: deactivating
//! an analyst or marking them unavailable asks for their open cases to be reassigned).

use leptos::prelude::*;

use crate::api::ownership::{ReassignAll, assignees, open_cases};
use crate::domain::accounts::views::AnalystView;
use crate::ui::components::errors::message;

/// Bumped when an account is switched on or off, so the list follows at once.
#[derive(Clone, Copy)]
pub struct AccessChanged(pub RwSignal<u32>);

#[component]
pub fn AwayCases(analysts: Vec<AnalystView>) -> impl IntoView {
    let away: Vec<_> = analysts
        .into_iter()
        .filter(|a| !a.active || !a.available)
        .collect();
    view! {
        <div data-testid="away-cases">
            {away.into_iter().map(|a| view! { <AwayAnalyst analyst=a /> }).collect_view()}
        </div>
    }
}

#[component]
fn AwayAnalyst(analyst: AnalystView) -> impl IntoView {
    let reassign = ServerAction::<ReassignAll>::new();
    let changed = use_context::<AccessChanged>().map(|c| c.0);
    let id = analyst.id.clone();
    let cases = Resource::new(
        move || (reassign.version().get(), changed.map(|c| c.get())),
        move |_| open_cases(id.clone()),
    );
    let people = Resource::new(|| (), |_| assignees());
    let why = if analyst.active {
        "está indisponível"
    } else {
        "está com o acesso desativado"
    };
    let (name, from) = (analyst.name.clone(), analyst.id.clone());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new({
                let (name, from) = (name.clone(), from.clone());
                async move {
                    let list = cases.await.unwrap_or_default();
                    let others: Vec<_> = people.await.unwrap_or_default().into_iter()
                        .filter(|p| p.id != from && p.available).collect();
                    let person = from.clone();
                    (!list.is_empty()).then(move || view! {
                        <section class="notice" data-testid="away-analyst" data-person=person>
                            <p><strong>{name.clone()}</strong> " " {why} " e tem " {list.len()} " ocorrência(s) aberta(s): "
                                {list.iter().map(|n| view! {
                                    <a href=format!("/ocorrencias/{}", n.path_part())>{n.to_string()}</a> " "
                                }).collect_view()}
                            </p>
                            <ActionForm action=reassign attr:class="form form-inline" attr:data-testid="reassign-all-form">
                                <input type="hidden" name="from" value=from.clone() />
                                <label>"Reatribuir todas a"
                                    <select name="to" required data-testid="reassign-all-to">
                                        <option value="">"Escolha um analista disponível"</option>
                                        {others.into_iter().map(|p| view! { <option value=p.id>{p.name} " (N" {p.level} ")"</option> }).collect_view()}
                                    </select>
                                </label>
                                <label>"Motivo (interno)" <input name="reason" required maxlength="1000" data-testid="reassign-all-reason" data-visibility="internal" /></label>
                                <button type="submit" data-testid="reassign-all" data-visibility="internal">"Reatribuir todas"</button>
                            </ActionForm>
                        </section>
                    })
                }
            })}
        </Transition>
        {move || reassign.value().get().map(|r| match r {
            Ok(done) => view! {
                <p class="notice" role="status" data-testid="reassign-all-done">
                    {done.moved.len()} " ocorrência(s) reatribuída(s)."
                    {done.refused.into_iter().map(|(n, why)| view! { " " {n.to_string()} ": " {why} }).collect_view()}
                </p>
            }.into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert">{message(&e)}</p> }.into_any(),
        })}
    }
}
