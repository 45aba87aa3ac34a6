//! A call-back message for a named analyst who is busy (FAQ 6): who called, their phone,
//! the company if known, and the message. It waits in that analyst's queue until done.

use leptos::prelude::*;

use crate::api::accounts::companies::company_names;
use crate::api::calls::LeaveCallback;
use crate::api::ownership::assignees;
use crate::ui::components::errors::message;

#[component]
pub fn CallbackForm(action: ServerAction<LeaveCallback>) -> impl IntoView {
    let people = Resource::new(|| (), |_| assignees());
    // Names only: the call log form beside it ships the companies with their contacts.
    let companies = Resource::new(|| (), |_| company_names());
    let left = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <details class="callback-form" data-testid="callback-form">
            <summary>"Deixar recado de retorno para um analista"</summary>
            <ActionForm action attr:class="form">
                <label>"Analista que deve retornar"
                    <Transition fallback=|| view! { <select name="analyst_id" data-testid="callback-analyst" disabled=true></select> }>
                        {move || Suspend::new(async move {
                            let list = people.await.unwrap_or_default();
                            view! {
                                <select name="analyst_id" required data-testid="callback-analyst">
                                    <option value="">"Escolha um analista"</option>
                                    {list.into_iter().map(|a| view! {
                                        <option value=a.id>{a.name} " (N" {a.level} ")"</option>
                                    }).collect_view()}
                                </select>
                            }
                        })}
                    </Transition>
                </label>
                <label>"Empresa (se souber)"
                    <Transition fallback=|| view! { <select name="company_id" data-testid="callback-company" disabled=true></select> }>
                        {move || Suspend::new(async move {
                            let list = companies.await.unwrap_or_default();
                            view! {
                                <select name="company_id" data-testid="callback-company">
                                    <option value="">"Não informada"</option>
                                    {list.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
                                </select>
                            }
                        })}
                    </Transition>
                </label>
                <label>"Nome de quem ligou" <input name="caller_name" required maxlength="120" data-testid="callback-name" /></label>
                <label>"Telefone para retorno" <input name="caller_phone" type="tel" required maxlength="30" data-testid="callback-phone" /></label>
                <label>"Recado"
                    <textarea name="message" rows="3" required maxlength="2000" data-testid="callback-message"></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error pre-line" role="alert" data-testid="callback-error">{message(&e)}</p>
                })}
                {move || left().then(|| view! {
                    <p class="notice" role="status" data-testid="callback-left">"Recado deixado: o analista vê na fila dele."</p>
                })}
                <button type="submit" data-testid="callback-submit" disabled=move || action.pending().get()>"Deixar recado"</button>
            </ActionForm>
        </details>
    }
}
