//! Turning server-function errors into the sentence a person should read.

use leptos::prelude::*;

use crate::api::AppError;

/// The message for the person (pt-BR), chosen by the kind of error.
pub fn message(e: &AppError) -> String {
    e.to_string()
}

/// Shows the error; while rendering on the server, the page answers with the error's
/// HTTP status (e.g. a coordinator page opened as an analyst is a 403 page).
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = axum::http::StatusCode::from_u16(error.status())
    {
        response.set_status(status);
    }
    let sign_in = matches!(error, AppError::Unauthenticated);
    // Signed out (session ended, expired or never opened): straight to the sign-in page,
    // by an HTTP redirect when rendered on the server, by navigation in the browser.
    if sign_in {
        #[cfg(feature = "ssr")]
        leptos_axum::redirect("/entrar");
        let navigate = leptos_router::hooks::use_navigate();
        Effect::new(move |_| navigate("/entrar", Default::default()));
    }
    let change_password = matches!(error, AppError::PasswordChangeRequired);
    view! {
        <p class="notice notice-error" role="alert" data-testid="error" data-kind=format!("{}", error.status())>
            {message(&error)}
            {sign_in.then(|| view! { " " <a href="/entrar">"Entrar"</a> })}
            {change_password.then(|| view! { " " <a href="/conta">"Trocar a senha"</a> })}
        </p>
    }
}
