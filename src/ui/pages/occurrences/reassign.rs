//! "Reatribuir": the coordinator (or the owner, handing over) gives the case to another
//! analyst with a reason only support reads. A plain form post, so it works before the
//! app is live too.

use leptos::prelude::*;

use crate::api::ownership::{ReassignOccurrence, assignees};
use crate::ui::components::errors::message;

#[component]
pub fn Reassign(number: String, action: ServerAction<ReassignOccurrence>) -> impl IntoView {
    let people = Resource::new(|| (), |_| assignees());
    view! {
        <details class="reassign" data-testid="reassign">
            <summary>"Reatribuir"</summary>
            <ActionForm action attr:class="form" attr:data-testid="reassign-form">
                <input type="hidden" name="number" value=number />
                <label>"Novo responsável"
                    <Transition fallback=|| view! { <select name="to" data-testid="reassign-to" disabled=true></select> }>
                        {move || Suspend::new(async move {
                            let list = people.await.unwrap_or_default();
                            view! {
                                <select name="to" data-testid="reassign-to" required>
                                    <option value="">"Escolha um analista"</option>
                                    {list.into_iter().map(|a| view! {
                                        <option value=a.id>
                                            {a.name} " (N" {a.level} ")" {(!a.available).then_some(" — indisponível")}
                                        </option>
                                    }).collect_view()}
                                </select>
                            }
                        })}
                    </Transition>
                </label>
                <label>"Motivo (interno: só o suporte lê)"
                    <textarea name="reason" rows="2" required maxlength="10000"
                        data-testid="reassign-reason" data-visibility="internal"></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error" role="alert" data-testid="reassign-error">{message(&e)}</p>
                })}
                <button type="submit" data-testid="action-reassign" data-visibility="internal"
                    disabled=move || action.pending().get()>"Reatribuir (registro interno)"</button>
            </ActionForm>
        </details>
    }
}
