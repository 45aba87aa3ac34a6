//! `/entrar`: sign-in with e-mail and password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::auth::SignIn;
use crate::ui::components::errors::message;
use crate::ui::components::phone::SupportPhone;
use crate::ui::session::{home_of, use_session};

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let action = ServerAction::<SignIn>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            session.refresh();
            navigate(home_of(user.active_role), Default::default());
        }
    });
    let error = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| message(&e))
    };
    view! {
        <Title text="Entrar" />
        <section class="narrow">
            <h1>"Entrar na Extranet"</h1>
            <p class="muted">"Acesso para gerentes de projeto (e o contato adicional do plano VIP), analistas e coordenação."</p>
            <ActionForm action=action attr:class="form" attr:data-testid="sign-in-form">
                <label>"E-mail" <input type="email" name="email" required autocomplete="username" data-testid="sign-in-email" /></label>
                <label>"Senha" <input type="password" name="password" required autocomplete="current-password" data-testid="sign-in-password" /></label>
                {move || error().map(|e| view! { <p class="notice notice-error" role="alert" data-testid="sign-in-error">{e}</p> })}
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Entrar"</button>
            </ActionForm>
            <aside class="next-steps">
                <h2>"Sem acesso à Extranet?"</h2>
                <p>"Use o autoatendimento ou ligue para o suporte: "
                    <strong data-testid="sign-in-phone">
                        <SupportPhone />
                    </strong>
                    ". Não é preciso ter ocorrência aberta para ligar."
                </p>
            </aside>
        </section>
    }
}
