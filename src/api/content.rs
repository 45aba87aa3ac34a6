//! Level 0 content pages.

use leptos::prelude::*;

use super::AppError;
use serde::{Deserialize, Serialize};

use crate::domain::content::{Article, ContentKind, ContentLink};

/// What every page needs to know about the support operation (footer, home).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportInfo {
    pub phone: String,
}

#[server(endpoint = "site")]
pub async fn site_info() -> Result<SupportInfo, AppError> {
    let state = super::state()?;
    Ok(SupportInfo {
        phone: state.support.phone.clone(),
    })
}

/// A published article, or `None` when there is no such page.
#[server(endpoint = "artigo")]
pub async fn get_article(kind: ContentKind, slug: String) -> Result<Option<Article>, AppError> {
    let state = super::state()?;
    if crate::domain::content::Slug::parse(&slug).is_err() {
        return Ok(None);
    }
    let article =
        crate::server::content::store::article(&state.db, &state.search, kind, &slug).await?;
    let Some(mut article) = article else {
        return Ok(None);
    };
    // Articles on the hours name the calendar in force, not a copy of it.
    if article.body_html.contains("{{") {
        let policy = crate::server::sla::policy::load(&state.db).await?;
        article.body_html = crate::domain::sla::calendar_spec::fill_placeholders(
            &article.body_html,
            policy.hours(),
        );
    }
    Ok(Some(article))
}

/// The published items of one section.
#[server(endpoint = "secao")]
pub async fn get_section(kind: ContentKind) -> Result<Vec<ContentLink>, AppError> {
    let state = super::state()?;
    Ok(crate::server::content::store::section(&state.db, kind).await?)
}

/// FAQs highlighted on the portal home.
#[server(endpoint = "populares")]
pub async fn popular_faqs() -> Result<Vec<ContentLink>, AppError> {
    let state = super::state()?;
    Ok(crate::server::content::store::popular_faqs(&state.db).await?)
}
