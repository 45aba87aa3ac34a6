//! "Devolver ao Nível 1" on the occurrence page.

use leptos::prelude::*;

/// N2 hands the case back to N1: an internal record the customer never reads and, if the
/// analyst wants, a separate public message.
#[component]
pub fn HandOver(
    run: impl Fn(&'static str, String, Option<String>) + Clone + Send + Sync + 'static,
    record: RwSignal<String>,
    public: RwSignal<String>,
    /// Running, or not live yet.
    pending: Signal<bool>,
) -> impl IntoView {
    let to_n1 = move |_| {
        let message = Some(public.get_untracked()).filter(|m| !m.trim().is_empty());
        run("return_to_n1", record.get_untracked(), message);
    };
    view! {
        <details class="handover" data-testid="handover">
            <summary>"Devolver ao Nível 1"</summary>
            <label>"Registro interno (só o suporte lê)"
                <textarea rows="5" data-testid="handover-record" data-visibility="internal" prop:value=move || record.get()
                    on:input=move |ev| record.set(event_target_value(&ev))></textarea>
            </label>
            <label>"Mensagem ao cliente (pública, opcional)"
                <textarea rows="3" data-testid="handover-public" data-visibility="public" prop:value=move || public.get()
                    on:input=move |ev| public.set(event_target_value(&ev))></textarea>
            </label>
            <button type="button" data-testid="action-return" data-visibility="internal"
                disabled=move || pending.get() on:click=to_n1>"Devolver ao Nível 1"</button>
        </details>
    }
}
