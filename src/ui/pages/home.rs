//! Portal home: after the search box, the channels and when to use each, the phone
//! number, and the most asked questions.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::content::popular_faqs;
use crate::domain::content::ContentKind;
use crate::ui::components::content_list::ContentList;
use crate::ui::components::phone::SupportPhone;

#[component]
pub fn HomePage() -> impl IntoView {
    let popular = Resource::new(|| (), |_| popular_faqs());
    view! {
        <Title text="" />
        <Meta name="description" content="Central de ajuda do UNO ERP: manual, blog, cursos, perguntas frequentes e ocorrências." />
        <section class="channels" aria-labelledby="canais">
            <h2 id="canais">"Canais de atendimento"</h2>
            <div class="cards">
                <article class="card">
                    <h3>"1. Autoatendimento"</h3>
                    <p>"Comece por aqui: manual do ERP, blog, cursos da Universidade UNO e perguntas frequentes. Disponível a qualquer hora."</p>
                </article>
                <article class="card card-primary">
                    <h3>"2. Ocorrência na Extranet"</h3>
                    <p>"O canal oficial e o mais rápido — até três vezes mais que o telefone. Pode ser direcionada a um analista específico e toda a conversa fica registrada."</p>
                    <p class="muted">"Abrem ocorrências o gerente de projeto da empresa (e, no plano VIP, mais um contato escolhido pela empresa)."</p>
                </article>
                <article class="card">
                    <h3>"3. Telefone"</h3>
                    <p class="phone" data-testid="home-phone">
                        <SupportPhone />
                    </p>
                    <p>"Use quando a Extranet estiver indisponível ou quando o analista pedir uma ligação para acompanhar um processo. Fila única: atende o primeiro analista livre. Não é preciso ter ocorrência aberta."</p>
                </article>
            </div>
            <p class="muted">"WhatsApp, Skype e linhas diretas não são canais oficiais de suporte."</p>
        </section>
        <section class="popular" aria-labelledby="populares" data-testid="popular-faqs">
            <h2 id="populares">"Perguntas mais frequentes"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Carregando…"</p> }>
                {move || Suspend::new(async move {
                    popular.await.ok().map(|items| view! { <ContentList items /> })
                })}
            </Suspense>
            <p><a href="/faq">"Ver todas as perguntas frequentes →"</a></p>
        </section>
        <section class="sections" aria-labelledby="secoes">
            <h2 id="secoes">"Explore"</h2>
            <div class="cards">
                {[ContentKind::Manual, ContentKind::Course, ContentKind::Blog, ContentKind::Faq]
                    .into_iter()
                    .map(|k| {
                        let blurb = match k {
                            ContentKind::Manual => "Telas e rotinas de cada módulo do UNO ERP, passo a passo.",
                            ContentKind::Course => "Cursos EAD, entre eles o de Extranet, obrigatório para abrir ocorrências.",
                            ContentKind::Blog => "Novidades das versões, rotina do suporte e dicas de uso.",
                            ContentKind::Faq => "Respostas curtas para as dúvidas que mais chegam ao suporte.",
                        };
                        view! {
                            <a class="card card-link" href=format!("/{}", k.slug())>
                                <h3>{k.section()}</h3>
                                <p>{blurb}</p>
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
