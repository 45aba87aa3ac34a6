//! The coordinator's Level 0 content editor: list, create, edit, (un)publish, and a
//! preview of the sanitized Markdown exactly as readers will get it.
// The save function takes the editor form's fields one by one, as the HTML form sends them.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::AppError;

use crate::domain::editor::{ContentForm, ContentRow};

#[cfg(feature = "ssr")]
use crate::domain::account::Role;

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
    use crate::domain::content::{ContentKind, ErpModule, Slug, content_path};
    use crate::server::{content::draft::ContentDraft, content::store, db::Change};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let kind = ContentKind::parse(&kind).map_err(AppError::invalid)?;
    let slug = Slug::parse(slug.trim()).map_err(AppError::invalid)?;
    let module = Some(module.trim())
        .filter(|m| !m.is_empty())
        .map(ErpModule::parse)
        .transpose()
        .map_err(AppError::invalid)?;
    let position = if position.trim().is_empty() {
        0
    } else {
        position
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("A posição deve ser um número inteiro."))?
    };
    let duration = Some(duration_minutes.trim())
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<u32>().ok().filter(|m| *m > 0))
        .map(|d| {
            d.ok_or_else(|| {
                AppError::invalid("A duração deve ser um número de minutos maior que zero.")
            })
        })
        .transpose()?;
    let draft = ContentDraft {
        kind,
        slug,
        title: title.trim().to_owned(),
        summary: summary.trim().to_owned(),
        module,
        body_md: body_md.trim().to_owned(),
        popular: popular.is_some(),
        position,
        duration_minutes: duration,
        course_url: Some(course_url.trim().to_owned()).filter(|u| !u.is_empty()),
    };
    draft.validate().map_err(AppError::invalid)?;
    let existing = store::source(&state.db, kind, draft.slug.as_str()).await?;
    let published = match (&existing, is_new) {
        (Some(_), true) => {
            return Err(AppError::conflict(
                "Já existe um conteúdo deste tipo com este endereço (slug).",
            ));
        }
        (None, false) => return Err(AppError::not_found("Conteúdo não encontrado.")),
        (Some((_, published)), false) => *published,
        (None, true) => true,
    };
    let snapshot = |d: &ContentDraft| serde_json::json!({ "titulo": d.title, "resumo": d.summary, "texto": d.body_md });
    let path = content_path(kind, draft.slug.as_str());
    store::upsert_statement(Change::new(), &draft, store::Origin::Editor, published)?
        .audit(
            &super::actor(&caller),
            if is_new {
                "conteúdo criado"
            } else {
                "conteúdo alterado"
            },
            &path,
            existing.map(|(d, _)| snapshot(&d)),
            Some(snapshot(&draft)),
        )
        .commit(&state.db)
        .await?;
    state.content_edited(kind, draft.slug.as_str()).await?;
    Ok(path)
}

#[server(endpoint = "conteudo-publicar")]
pub async fn set_content_published(
    kind: String,
    slug: String,
    published: bool,
) -> Result<(), AppError> {
    use crate::domain::content::{ContentKind, content_path};
    use crate::server::{content::store, db::Change};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let kind = ContentKind::parse(&kind).map_err(AppError::invalid)?;
    if store::source(&state.db, kind, &slug).await?.is_none() {
        return Err(AppError::not_found("Conteúdo não encontrado."));
    }
    store::set_published(Change::new(), kind, &slug, published)
        .audit(
            &super::actor(&caller),
            if published {
                "conteúdo publicado"
            } else {
                "conteúdo despublicado"
            },
            &content_path(kind, &slug),
            Some(serde_json::json!({ "publicado": !published })),
            Some(serde_json::json!({ "publicado": published })),
        )
        .commit(&state.db)
        .await?;
    Ok(state.content_edited(kind, &slug).await?)
}

/// The sanitized HTML readers would get for `body_md`.
#[server(endpoint = "conteudo-previa")]
pub async fn preview_markdown(body_md: String) -> Result<String, AppError> {
    super::require(&[Role::Coordinator]).await?;
    Ok(crate::server::markdown::to_safe_html(&body_md))
}
