//! "Solicitar ligação": the analyst asks the customer to call support — a public question
//! naming support's phone and, if given, when to call. The case then waits for the
//! customer, as with any question. A plain form post, so it works before the app is live.

use leptos::prelude::*;

use crate::api::calls::RequestCall;
use crate::ui::components::errors::message;

#[component]
pub fn RequestCallForm(number: String, action: ServerAction<RequestCall>) -> impl IntoView {
    view! {
        <details class="request-call" data-testid="request-call">
            <summary>"Solicitar ligação do cliente"</summary>
            <ActionForm action attr:class="form" attr:data-testid="request-call-form">
                <input type="hidden" name="number" value=number />
                <label>"Quando ligar (público, opcional — ex.: hoje até 17h)"
                    <input name="window" maxlength="120" data-testid="request-call-window" data-visibility="public" />
                </label>
                <label>"Mensagem ao cliente (pública, opcional)"
                    <textarea name="note" rows="2" maxlength="2000" data-testid="request-call-note" data-visibility="public"></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error" role="alert" data-testid="request-call-error">{message(&e)}</p>
                })}
                <button type="submit" data-testid="action-request-call" data-visibility="public"
                    disabled=move || action.pending().get()>"Pedir que o cliente ligue (mensagem pública)"</button>
            </ActionForm>
        </details>
    }
}
