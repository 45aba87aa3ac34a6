//! `/versoes`: every published version with its notes, newest first (public).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::versions::published_versions;
use crate::ui::components::loaded::loaded;

#[component]
pub fn VersionsPublicPage() -> impl IntoView {
    let versions = Resource::new(|| (), |_| published_versions());
    view! {
        <Title text="Versões do UNO ERP" />
        <h1>"Versões do UNO ERP"</h1>
        <p class="lead">"Toda semana sai uma versão com correções e novidades. Para atualizar, agende a atualização no módulo Segurança do ERP, ou abra uma ocorrência do tipo Solicitação para o suporte agendar com você."</p>
        {loaded(versions, |list| {
            if list.is_empty() {
                return view! { <p class="muted" data-testid="versions-public">"Nenhuma versão publicada ainda."</p> }.into_any();
            }
            view! {
                <div class="versions-public" data-testid="versions-public">
                    {list.into_iter().map(|v| {
                        let number = v.number.to_string();
                        view! {
                            <article class="card version" id=format!("v{number}") data-version=number.clone()>
                                <h2>"Versão " {number.clone()}</h2>
                                <p class="muted">
                                    {v.published_at.map(|at| format!("Publicada em {}", crate::domain::time::format_date(at)))}
                                </p>
                                <div class="article-body" inner_html=v.notes_html></div>
                            </article>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        })}
    }
}
