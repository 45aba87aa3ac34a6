//! The 404 page, answered with HTTP status 404.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Página não encontrada" />
        <section class="not-found" data-testid="not-found">
            <h1>"Página não encontrada"</h1>
            <p>"O endereço pode ter mudado ou o conteúdo foi retirado do ar."</p>
            <form class="search-form" role="search" action="/busca" method="get">
                <label for="nf-q" class="visually-hidden">"O que você procura?"</label>
                <div class="search-row">
                    <input id="nf-q" name="q" type="search" placeholder="Busque na central de ajuda" />
                    <button type="submit" class="button-primary">"Buscar"</button>
                </div>
            </form>
            <p><a href="/">"Voltar para a página inicial"</a></p>
        </section>
    }
}
