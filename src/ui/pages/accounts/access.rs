//! A person's access, as the coordinator manages it: account on or off, password reset.

use leptos::prelude::*;

use super::confirmed;
use crate::api::accounts::analysts::{ResetPassword, SetPersonActive};
use crate::domain::accounts::views::CreatedAccount;
use crate::ui::components::errors::message;

/// Deactivate / reactivate an account (its sessions end at once) and reset its password.
#[component]
pub fn PersonAccess(person_id: String, active: bool) -> impl IntoView {
    let live = crate::ui::components::live::is_live();
    let toggle = ServerAction::<SetPersonActive>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let active = RwSignal::new(active);
    let wanted = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle.value().get()
            && let Some(w) = wanted.get_untracked()
        {
            active.set(w);
            // The analysts page lists the open cases of who was just switched off.
            if let Some(changed) = use_context::<super::away_cases::AccessChanged>() {
                changed.0.update(|n| *n += 1);
            }
        }
    });
    let (toggle_id, reset_id) = (person_id.clone(), person_id);
    view! {
        <span class="person-access" data-testid="person-access" data-active=move || active.get().to_string()>
            {move || (!active.get()).then(|| view! { <span class="badge">"desativada"</span> " " })}
            <button type="button" class="link-button" data-testid="toggle-active" disabled=move || !live.get() title=crate::ui::components::live::waiting_title(live) on:click=move |_| {
                let next = !active.get_untracked();
                if !next && !confirmed("Desativar esta conta? As sessões abertas serão encerradas agora.") {
                    return;
                }
                wanted.set(Some(next));
                toggle.dispatch(SetPersonActive { person_id: toggle_id.clone(), active: next });
            }>{move || if active.get() { "Desativar" } else { "Reativar" }}</button>
            <button type="button" class="link-button" data-testid="reset-password" disabled=move || !live.get() title=crate::ui::components::live::waiting_title(live) on:click=move |_| {
                if !confirmed("Gerar uma nova senha provisória? A senha atual deixa de valer e as sessões são encerradas.") {
                    return;
                }
                reset.dispatch(ResetPassword { person_id: reset_id.clone() });
            }>"Redefinir senha"</button>
            {move || toggle.value().get().and_then(|r| r.err()).map(|e| view! { <span class="notice notice-error" role="alert">{message(&e)}</span> })}
            {move || reset.value().get().map(|r| match r {
                Ok(CreatedAccount { temporary_password, .. }) => view! {
                    <span class="notice" role="status" data-testid="temporary-password">
                        "Nova senha provisória (mostrada só agora): " <code>{temporary_password}</code>
                    </span>
                }.into_any(),
                Err(e) => view! { <span class="notice notice-error" role="alert">{message(&e)}</span> }.into_any(),
            })}
        </span>
    }
}
