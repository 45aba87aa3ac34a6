//! The coordinator's edits to Level 0 content: the editor's form parsed into a draft,
//! saved (new or changed) or (un)published with its audit row in one transaction; this
//! server's index and page cache follow at once, the others through the content feed.

use serde_json::json;

use super::{draft::ContentDraft, store};
use crate::domain::{
    content::{ContentKind, ErpModule, Slug, content_path},
    error::AppError,
    rule::Rule,
};
use crate::server::{db::Actor, db::Change, state::AppState};

/// The editor's fields, as the form sends them.
pub struct ContentFields<'a> {
    pub kind: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub module: &'a str,
    pub body_md: &'a str,
    pub popular: bool,
    pub position: &'a str,
    pub duration_minutes: &'a str,
    pub course_url: &'a str,
}

impl ContentFields<'_> {
    /// The draft these fields describe, or what to fix.
    pub fn parse(&self) -> Result<ContentDraft, AppError> {
        let kind = ContentKind::parse(self.kind).map_err(AppError::invalid)?;
        let slug = Slug::parse(self.slug.trim()).map_err(AppError::invalid)?;
        let module = Some(self.module.trim())
            .filter(|m| !m.is_empty())
            .map(ErpModule::parse)
            .transpose()
            .map_err(AppError::invalid)?;
        let position = match self.position.trim() {
            "" => 0,
            p => p
                .parse()
                .map_err(|_| AppError::invalid("A posição deve ser um número inteiro."))?,
        };
        let duration = Some(self.duration_minutes.trim())
            .filter(|d| !d.is_empty())
            .map(|d| {
                d.parse::<u32>().ok().filter(|m| *m > 0).ok_or_else(|| {
                    AppError::invalid("A duração deve ser um número de minutos maior que zero.")
                })
            })
            .transpose()?;
        let draft = ContentDraft {
            kind,
            slug,
            title: self.title.trim().to_owned(),
            summary: self.summary.trim().to_owned(),
            module,
            body_md: self.body_md.trim().to_owned(),
            popular: self.popular,
            position,
            duration_minutes: duration,
            course_url: Some(self.course_url.trim().to_owned()).filter(|u| !u.is_empty()),
        };
        draft.validate().map_err(AppError::invalid)?;
        Ok(draft)
    }
}

/// Creates (`is_new`) or updates an item; returns its public path.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    draft: &ContentDraft,
    is_new: bool,
) -> Result<String, AppError> {
    let (kind, slug) = (draft.kind, draft.slug.as_str());
    let existing = store::source(&state.db, kind, slug).await?;
    let published = match (&existing, is_new) {
        (Some(_), true) => return Err(Rule::SlugTaken.into()),
        (None, false) => return Err(AppError::not_found("Conteúdo não encontrado.")),
        (Some((_, published)), false) => *published,
        (None, true) => true,
    };
    let snapshot =
        |d: &ContentDraft| json!({ "titulo": d.title, "resumo": d.summary, "texto": d.body_md });
    let path = content_path(kind, slug);
    store::upsert_statement(Change::new(), draft, store::Origin::Editor, published)?
        .audit(
            actor,
            if is_new {
                "conteúdo criado"
            } else {
                "conteúdo alterado"
            },
            &path,
            existing.map(|(d, _)| snapshot(&d)),
            Some(snapshot(draft)),
        )
        .commit(&state.db)
        .await?;
    state.content_edited(kind, slug).await?;
    Ok(path)
}

/// Publishes or withdraws an item.
pub async fn set_published(
    state: &AppState,
    actor: &Actor,
    kind: ContentKind,
    slug: &str,
    published: bool,
) -> Result<(), AppError> {
    if store::source(&state.db, kind, slug).await?.is_none() {
        return Err(AppError::not_found("Conteúdo não encontrado."));
    }
    store::set_published(Change::new(), kind, slug, published)
        .audit(
            actor,
            if published {
                "conteúdo publicado"
            } else {
                "conteúdo despublicado"
            },
            &content_path(kind, slug),
            Some(json!({ "publicado": !published })),
            Some(json!({ "publicado": published })),
        )
        .commit(&state.db)
        .await?;
    Ok(state.content_edited(kind, slug).await?)
}
