//! `/entrar`: sign-in with e-mail and password. Works without JavaScript too: the form
//! posts to the server, which redirects to the person's home or back here with `?erro=`.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::AppError;
use crate::api::accounts::session::SignIn;
use crate::ui::components::phone::SupportPhone;
use crate::ui::session::use_session;

/// What a failed sign-in says: the same for an unknown e-mail and a wrong password.
fn failure(e: &AppError) -> String {
    match e {
        AppError::Unauthenticated | AppError::Invalid(_) | AppError::BadRequest(_) => {
            "E-mail ou senha incorretos.".into()
        }
        other => other.to_string(),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let action = ServerAction::<SignIn>::new();
    let navigate = use_navigate();
    let query = use_query_map();
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            session.refresh();
            navigate(user.landing(), Default::default());
        }
    });
    // After a plain form post (no JavaScript) the server sends the outcome in the URL.
    let from_url = move || {
        query.with(|q| match q.get("erro").as_deref() {
            Some("bloqueado") => Some(
                "Muitas tentativas sem sucesso. Por segurança, aguarde alguns minutos e tente de novo."
                    .to_owned(),
            ),
            Some("provisoria-expirada") => Some(
                crate::domain::rule::Rule::TemporaryPasswordExpired.to_string(),
            ),
            Some(_) => Some("E-mail ou senha incorretos.".to_owned()),
            None => None,
        })
    };
    let error = move || match action.value().get() {
        Some(Err(e)) => Some(failure(&e)),
        Some(Ok(_)) => None,
        None => from_url(),
    };
    view! {
        <Title text="Entrar" />
        <Meta name="description" content="Entrar no Suporte UNO para abrir e acompanhar ocorrências." />
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
