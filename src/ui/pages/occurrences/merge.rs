//! "Unificar a outra ocorrência": a duplicate closes into the case where the conversation
//! goes on (same company, still open), with a reason the customer reads. A plain form
//! post, so it works before the app is live too.

use leptos::prelude::*;

use crate::api::merge::MergeOccurrence;
use crate::domain::occurrences::OccurrenceNumber;
use crate::ui::components::errors::message;

#[component]
pub fn MergeForm(number: String, action: ServerAction<MergeOccurrence>) -> impl IntoView {
    view! {
        <details class="merge" data-testid="merge">
            <summary>"Unificar a outra ocorrência (duplicada)"</summary>
            <ActionForm action attr:class="form" attr:data-testid="merge-form">
                <input type="hidden" name="number" value=number />
                <label>"Ocorrência que fica (mesma empresa, em aberto; ex.: 2026/000123)"
                    <input name="into" required maxlength="20" inputmode="numeric" data-testid="merge-target" />
                </label>
                <label>"Motivo (público: o cliente lê)"
                    <textarea name="reason" rows="2" required maxlength="10000" data-testid="merge-reason" data-visibility="public"></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error" role="alert" data-testid="merge-error">{message(&e)}</p>
                })}
                <button type="submit" data-testid="action-merge" data-visibility="public"
                    disabled=move || action.pending().get()>"Unificar e encerrar esta (mensagem pública)"</button>
            </ActionForm>
        </details>
    }
}

/// On a merged duplicate: where the conversation goes on.
#[component]
pub fn MergedInto(into: OccurrenceNumber) -> impl IntoView {
    view! {
        <p class="notice" data-testid="merged-into">
            "Esta ocorrência foi unificada à " <a href=into.url()>{into.to_string()}</a>
            ": o atendimento continua lá."
        </p>
    }
}
