//! One content page: breadcrumbs, the text, course details, related items, and where to
//! go next when the text did not solve the problem.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::not_found::NotFound;
use crate::api::content::get_article;
use crate::domain::content::{Article, ContentKind, format_duration};
use crate::domain::time::format_date;
use crate::ui::components::{
    content_list::ContentList, errors::ErrorNotice, search_form::search_href,
};

#[component]
pub fn ArticlePage(kind: ContentKind) -> impl IntoView {
    let params = use_params_map();
    let article = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        move |slug| get_article(kind, slug),
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Carregando…"</p> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(Some(a)) => view! { <ArticleView article=a /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let Article {
        kind,
        title,
        summary,
        module,
        body_html,
        duration_minutes,
        course_url,
        updated_at,
        related,
        ..
    } = article;
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=summary.clone() />
        <nav class="breadcrumbs" aria-label="Você está em" data-testid="breadcrumbs">
            <a href="/">"Início"</a>
            <a href=format!("/{}", kind.slug())>{kind.section()}</a>
            {module.map(|m| view! { <a href=search_href("", kind.slug(), m.slug())>{m.label()}</a> })}
            <span aria-current="page">{title.clone()}</span>
        </nav>
        <article class="article">
            <header>
                <p class="article-kind">
                    <span class=format!("badge kind-{}", kind.slug())>{kind.label()}</span>
                    {module.map(|m| view! { <span class="badge badge-module">{m.label()}</span> })}
                </p>
                <h1 data-testid="article-title">{title}</h1>
                {(!summary.is_empty()).then(|| view! { <p class="lead">{summary}</p> })}
                <p class="muted">"Atualizado em " {format_date(updated_at)}</p>
            </header>
            {duration_minutes.zip(course_url).map(|(minutes, url)| view! {
                <aside class="course-box" data-testid="course-box">
                    <p>"Duração: " <strong>{format_duration(minutes)}</strong></p>
                    <a class="button-primary" href=url target="_blank" rel="noopener">"Acessar o curso na Universidade UNO"</a>
                </aside>
            })}
            <div class="article-body" data-testid="article-body" inner_html=body_html></div>
        </article>
        <aside class="next-steps">
            <h2>"Não resolveu?"</h2>
            <p>"Abra uma ocorrência na Extranet descrevendo o que fez, o que esperava e o que aconteceu — é o caminho mais rápido até um analista. Se a Extranet estiver fora do ar, ligue para o suporte."</p>
        </aside>
        {(!related.is_empty()).then(|| view! {
            <section class="related" data-testid="related" aria-labelledby="relacionados">
                <h2 id="relacionados">"Conteúdos relacionados"</h2>
                <ContentList items=related show_kind=true />
            </section>
        })}
    }
}
