//! The portal frame shared by the home page and the search page, so the search box stays
//! mounted (and keeps focus) while results replace the home content as the person types.

use leptos::prelude::*;
use leptos_router::components::Outlet;

use super::search::InFlightSearch;
use crate::ui::components::search_form::SearchForm;

#[component]
pub fn Portal() -> impl IntoView {
    InFlightSearch::provide();
    view! {
        <section class="hero">
            <h1>"Como podemos ajudar?"</h1>
            <p class="lead">
                "Encontre a resposta no manual, no blog, nos cursos e nas perguntas frequentes: "
                "é imediato e não depende de fila."
            </p>
            <SearchForm />
        </section>
        <Outlet />
    }
}
