//! Coordinator's content editor: the list of all Level 0 items, and a Markdown editor
//! whose preview is the server's sanitized HTML (exactly what readers will get).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::time::Duration;

use crate::api::editor::{
    SaveContent, SetContentPublished, content_source, list_content, preview_markdown,
};
use crate::domain::content::{ContentKind, ErpModule, content_path};
use crate::domain::editor::ContentForm;
use crate::domain::time::format_date;
use crate::ui::components::errors::{ErrorNotice, message};
use crate::ui::components::loaded::loaded;
use crate::ui::typed::typed_or;

#[component]
pub fn ContentListPage() -> impl IntoView {
    let live = crate::ui::components::live::is_live();
    let publish = ServerAction::<SetContentPublished>::new();
    let items = Resource::new(move || publish.version().get(), |_| list_content());
    view! {
        <Title text="Conteúdo" />
        <h1>"Conteúdo do autoatendimento"</h1>
        <p><a class="button-primary" href="/coordenacao/conteudo/novo" data-testid="new-content">"Novo conteúdo"</a></p>
        {move || publish.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert">{message(&e)}</p> })}
        {loaded(items, move |list| view! {
                        <table class="table stacked" data-testid="content-admin-list">
                            <thead><tr><th>"Título"</th><th>"Tipo"</th><th>"Módulo"</th><th>"Situação"</th><th>"Atualizado"</th><th><abbr title="Vezes em que evitou uma ocorrência (isto resolveu)">"Resolveu"</abbr></th><th></th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|row| {
                                    let (kind, slug, published) = (row.kind.slug().to_owned(), row.slug.clone(), row.published);
                                    view! {
                                        <tr data-testid="content-admin-row" data-slug=row.slug.clone()>
                                            <td class="card-title"><a href=format!("/coordenacao/conteudo/{}/{}", row.kind.slug(), row.slug)>{row.title.clone()}</a></td>
                                            <td data-label="Tipo">{row.kind.label()}</td>
                                            <td data-label="Módulo">{row.module.map(|m| m.label()).unwrap_or("—")}</td>
                                            <td data-label="Situação">{if published { "publicado" } else { "despublicado" }}</td>
                                            <td data-label="Atualizado">{format_date(row.updated_at)}</td>
                                            <td data-label="Resolveu" data-testid="deflections">{row.solved}</td>
                                            <td>
                                                <button type="button" class="link-button" data-testid="toggle-published" disabled=move || !live.get() title=crate::ui::components::live::waiting_title(live) on:click=move |_| {
                                                    publish.dispatch(SetContentPublished { kind: kind.clone(), slug: slug.clone(), published: !published });
                                                }>{if published { "Despublicar" } else { "Publicar" }}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
    }
}

#[component]
pub fn NewContentPage() -> impl IntoView {
    view! {
        <Title text="Novo conteúdo" />
        <h1>"Novo conteúdo"</h1>
        <ContentEditor form=ContentForm { kind: "faq".into(), published: true, ..Default::default() } is_new=true />
    }
}

#[component]
pub fn EditContentPage() -> impl IntoView {
    let params = use_params_map();
    let source = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("kind").unwrap_or_default(),
                    p.get("slug").unwrap_or_default(),
                )
            })
        },
        |(kind, slug)| content_source(kind, slug),
    );
    view! {
        <Title text="Editar conteúdo" />
        <p><a href="/coordenacao/conteudo">"← Conteúdo"</a></p>
        <Suspense fallback=|| view! { <p class="muted">"Carregando…"</p> }>
            {move || Suspend::new(async move {
                match source.await {
                    Ok(Some(form)) => view! { <h1>"Editar conteúdo"</h1><ContentEditor form is_new=false /> }.into_any(),
                    Ok(None) => view! { <p class="notice notice-error">"Conteúdo não encontrado."</p> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ContentEditor(form: ContentForm, is_new: bool) -> impl IntoView {
    let save = ServerAction::<SaveContent>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            navigate("/coordenacao/conteudo", Default::default());
        }
    });
    let body = RwSignal::new(typed_or("[data-testid=content-body]", form.body_md.clone()));
    let preview = RwSignal::new(String::new());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Preview on the server so it is the sanitized HTML, debounced while typing.
    let refresh_preview = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(html) = preview_markdown(body.get_untracked()).await {
                        preview.set(html);
                    }
                });
            },
            Duration::from_millis(300),
        );
        timer.set_value(handle.ok());
    };
    Effect::new(move |_| refresh_preview());
    let public = (!is_new).then(|| {
        content_path(
            ContentKind::parse(&form.kind).unwrap_or(ContentKind::Faq),
            &form.slug,
        )
    });
    view! {
        {public.map(|p| view! { <p class="muted">"Endereço público: " <a href=p.clone()>{p.clone()}</a></p> })}
        <div class="editor-grid">
            <ActionForm action=save attr:class="form" attr:data-testid="content-editor">
                <input type="hidden" name="is_new" value=is_new.to_string() />
                <label>"Tipo"
                    <select name="kind" disabled=!is_new>
                        {ContentKind::ALL.into_iter().map(|k| view! { <option value=k.slug() selected=form.kind == k.slug()>{k.section()}</option> }).collect_view()}
                    </select>
                </label>
                {(!is_new).then(|| view! { <input type="hidden" name="kind" value=form.kind.clone() /> })}
                <label>"Endereço (slug)" <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" value=form.slug.clone() readonly=!is_new /></label>
                <label>"Título" <input name="title" required maxlength="200" value=form.title.clone() data-testid="content-title" /></label>
                <label>"Resumo" <input name="summary" maxlength="400" value=form.summary.clone() /></label>
                <label>"Módulo do ERP"
                    <select name="module">
                        <option value="">"(nenhum)"</option>
                        {ErpModule::ALL.into_iter().map(|m| view! { <option value=m.slug() selected=form.module == m.slug()>{m.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Texto (Markdown)"
                    <textarea name="body_md" rows="16" required data-testid="content-body"
                        prop:value=move || body.get()
                        on:input=move |ev| { body.set(event_target_value(&ev)); refresh_preview(); }
                    >{form.body_md.clone()}</textarea>
                </label>
                <label class="checkbox"><input type="checkbox" name="popular" checked=form.popular />" Destacar na página inicial (perguntas frequentes)"</label>
                <label>"Posição na seção" <input name="position" type="number" value=form.position.to_string() /></label>
                <fieldset>
                    <legend>"Só para cursos EAD"</legend>
                    <label>"Duração (minutos)" <input name="duration_minutes" type="number" min="1" value=form.duration_minutes.clone() /></label>
                    <label>"Link do curso" <input name="course_url" placeholder="https://…" value=form.course_url.clone() /></label>
                </fieldset>
                {move || save.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert" data-testid="content-error">{message(&e)}</p> })}
                <button type="submit" class="button-primary">{if is_new { "Criar e publicar" } else { "Salvar" }}</button>
            </ActionForm>
            <section class="preview">
                <h2>"Pré-visualização"</h2>
                <div class="article-body" data-testid="content-preview" inner_html=move || preview.get()></div>
            </section>
        </div>
    }
}
