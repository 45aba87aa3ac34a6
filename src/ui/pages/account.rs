//! `/conta`: the signed-in person's own account (password change).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::ChangePassword;
use crate::ui::components::errors::message;

#[component]
pub fn AccountPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let outcome = move || {
        action.value().get().map(|r| match r {
            Ok(()) => view! { <p class="notice" role="status" data-testid="password-changed">"Senha alterada. As outras sessões abertas foram encerradas."</p> }.into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert" data-testid="password-error">{message(&e)}</p> }.into_any(),
        })
    };
    view! {
        <Title text="Minha conta" />
        <section class="narrow">
            <h1>"Minha conta"</h1>
            <h2>"Trocar a senha"</h2>
            <ActionForm action=action attr:class="form">
                <label>"Senha atual" <input type="password" name="current" required autocomplete="current-password" /></label>
                <label>"Nova senha (mínimo de 10 caracteres)" <input type="password" name="new" required minlength="10" autocomplete="new-password" /></label>
                <label>"Confirme a nova senha" <input type="password" name="confirm" required minlength="10" autocomplete="new-password" /></label>
                {outcome}
                <button type="submit" class="button-primary">"Trocar senha"</button>
            </ActionForm>
        </section>
    }
}
