//! The frame of every page: header with navigation, main area, footer with the channels.

use leptos::prelude::*;

use super::components::phone::{SupportPhone, provide_support_info};
use super::user_menu::HeaderNav;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    provide_support_info();
    view! {
        <a class="skip-link" href="#conteudo">"Pular para o conteúdo"</a>
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href="/" aria-label="Suporte UNO, página inicial">
                    <span class="brand-mark" aria-hidden="true">"UNO"</span>
                    <span class="brand-name">"Suporte UNO"</span>
                </a>
                <HeaderNav />
            </div>
        </header>
        <main id="conteudo" class="container" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container footer-grid">
                <section>
                    <h2>"Ocorrências (Extranet)"</h2>
                    <p>"O canal principal: até três vezes mais rápido que o telefone, e pode ser direcionado a um analista."</p>
                </section>
                <section>
                    <h2>"Telefone do suporte"</h2>
                    <p class="phone" data-testid="support-phone"><SupportPhone /></p>
                    <p>"Para quando a Extranet estiver fora do ar ou o analista pedir uma ligação. Fila única: atende o primeiro analista livre."</p>
                </section>
                <section>
                    <h2>"Autoatendimento"</h2>
                    <p>"Manual, blog, cursos e perguntas frequentes, sempre disponíveis, sem espera."</p>
                </section>
            </div>
            <p class="container fine-print">"UNO Soluções · Suporte a Operações Especiais (S.O.E.) · Sorocaba/SP e Barueri/SP"</p>
        </footer>
    }
}
