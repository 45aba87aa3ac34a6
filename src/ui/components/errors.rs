//! Turning server-function errors into the sentence a person should read.

use leptos::prelude::*;

/// The message written by the server (already pt-BR), without framework prefixes.
pub fn message(e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(m) => m.clone(),
        ServerFnError::Request(_) | ServerFnError::Response(_) => {
            "Não foi possível falar com o servidor. Verifique a conexão e tente de novo.".into()
        }
        _ => "Algo deu errado. Tente novamente em instantes.".into(),
    }
}

#[component]
pub fn ErrorNotice(error: ServerFnError) -> impl IntoView {
    view! { <p class="notice notice-error" role="alert" data-testid="error">{message(&error)}</p> }
}
