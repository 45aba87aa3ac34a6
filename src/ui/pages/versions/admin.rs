//! `/coordenacao/versoes`: the coordinator registers the weekly versions (number, planned
//! date, notes in Markdown) and publishes each once; the cases waiting on it are resolved
//! and every active contact is mailed.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::versions::{CreateVersion, PublishVersion, all_versions};
use crate::domain::time::format_date;
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;

#[component]
pub fn VersionsAdminPage() -> impl IntoView {
    let create = ServerAction::<CreateVersion>::new();
    let publish = ServerAction::<PublishVersion>::new();
    let versions = Resource::new(
        move || (create.version().get(), publish.version().get()),
        |_| all_versions(),
    );
    view! {
        <Title text="Versões" />
        <h1>"Versões semanais"</h1>
        <p><a href="/versoes">"Ver a página pública de versões"</a></p>
        <ActionForm action=create attr:class="form" attr:data-testid="version-form">
            <h2>"Cadastrar versão"</h2>
            <label>"Número (ano.semana, ex.: 2026.49)"
                <input name="number" required maxlength="12" pattern="[0-9]{4}\\.[0-9]{2}(\\.[0-9]{1,4})?" data-testid="version-number" />
            </label>
            <label>"Data prevista"
                <input name="planned" type="date" required data-testid="version-planned" />
            </label>
            <label>"Notas da versão (Markdown: o que corrige e o que traz de novo)"
                <textarea name="notes" rows="6" required data-testid="version-notes"></textarea>
            </label>
            {move || create.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice notice-error" role="alert" data-testid="version-error">{message(&e)}</p>
            })}
            <button type="submit" class="button-primary" data-testid="version-submit" disabled=move || create.pending().get()>"Cadastrar"</button>
        </ActionForm>
        {move || publish.value().get().map(|r| match r {
            Ok(n) => view! {
                <p class="notice" role="status" data-testid="version-published">
                    {format!("Versão publicada: {n} ocorrência(s) resolvida(s). O e-mail a todos os contatos está sendo enviado.")}
                </p>
            }.into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert" data-testid="version-error">{message(&e)}</p> }.into_any(),
        })}
        <h2>"Versões"</h2>
        {loaded(versions, move |list| {
            if list.is_empty() {
                return view! { <p class="muted" data-testid="versions">"Nenhuma versão cadastrada."</p> }.into_any();
            }
            view! {
                <table class="table stacked" data-testid="versions">
                    <thead><tr><th>"Versão"</th><th>"Prevista"</th><th>"Situação"</th><th>"Aguardando"</th><th><span class="visually-hidden">"Ações"</span></th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|v| {
                            let number = v.number.to_string();
                            let publish_number = number.clone();
                            view! {
                                <tr data-version=number.clone()>
                                    <td class="card-title">{number.clone()}</td>
                                    <td data-label="Prevista">{v.planned.format("%d/%m/%Y").to_string()}</td>
                                    <td data-label="Situação">{match v.published_at {
                                        Some(at) => format!("Publicada em {}", format_date(at)),
                                        None => "Não publicada".to_owned(),
                                    }}</td>
                                    <td data-label="Aguardando">{format!("{} ocorrência(s)", v.awaiting)}</td>
                                    <td>{v.published_at.is_none().then(|| view! {
                                        <button type="button" data-testid="version-publish" data-version=number.clone()
                                            disabled=move || publish.pending().get()
                                            on:click=move |_| { publish.dispatch(PublishVersion { number: publish_number.clone() }); }>
                                            "Publicar"
                                        </button>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        })}
    }
}
