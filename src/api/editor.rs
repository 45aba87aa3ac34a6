//! The coordinator's Level 0 content editor: list, create, edit, (un)publish, and a
//! preview of the sanitized Markdown exactly as readers will get it.
// The save function takes the editor form's fields one by one, as the HTML form sends them.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::AppError;

use crate::domain::editor::{ContentForm, ContentRow};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

#[server(endpoint = "conteudo-lista")]
pub async fn list_content() -> Result<Vec<ContentRow>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::content::store::all_for_editor(&state.db).await?)
}

#[server(endpoint = "conteudo-fonte")]
pub async fn content_source(kind: String, slug: String) -> Result<Option<ContentForm>, AppError> {
    use crate::domain::content::ContentKind;
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let kind = ContentKind::parse(&kind).map_err(AppError::invalid)?;
    let found = crate::server::content::store::source(&state.db, kind, &slug).await?;
    Ok(found.map(|(d, published)| ContentForm {
        kind: d.kind.slug().to_owned(),
        slug: d.slug.as_str().to_owned(),
        title: d.title,
        summary: d.summary,
        module: d.module.map(|m| m.slug().to_owned()).unwrap_or_default(),
        body_md: d.body_md,
        popular: d.popular,
        position: d.position,
        duration_minutes: d
            .duration_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
        course_url: d.course_url.unwrap_or_default(),
        published,
    }))
}

/// Creates (`is_new`) or updates an item; returns its public path.
#[server(endpoint = "conteudo-salvar")]
pub async fn save_content(
    is_new: bool,
    kind: String,
    slug: String,
    title: String,
    summary: String,
    module: String,
    body_md: String,
    popular: Option<String>,
    position: String,
    duration_minutes: String,
    course_url: String,
) -> Result<String, AppError> {
    use crate::server::content::edit::{self, ContentFields};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let draft = ContentFields {
        kind: &kind,
        slug: &slug,
        title: &title,
        summary: &summary,
        module: &module,
        body_md: &body_md,
        popular: popular.is_some(),
        position: &position,
        duration_minutes: &duration_minutes,
        course_url: &course_url,
    }
    .parse()?;
    edit::save(&state, &super::actor(&caller), &draft, is_new).await
}

#[server(endpoint = "conteudo-publicar")]
pub async fn set_content_published(
    kind: String,
    slug: String,
    published: bool,
) -> Result<(), AppError> {
    use crate::domain::content::ContentKind;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let kind = ContentKind::parse(&kind).map_err(AppError::invalid)?;
    let actor = super::actor(&caller);
    crate::server::content::edit::set_published(&state, &actor, kind, &slug, published).await
}

/// The sanitized HTML readers would get for `body_md`.
#[server(endpoint = "conteudo-previa")]
pub async fn preview_markdown(body_md: String) -> Result<String, AppError> {
    super::require(&[Role::Coordinator]).await?;
    Ok(crate::server::markdown::to_safe_html(&body_md))
}
