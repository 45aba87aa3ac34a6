//! "Isto resolveu": a Level 0 item answered a customer, who then did not open an
//! occurrence. Counted per item, audited.

use crate::domain::{
    content::{ContentKind, Slug, content_path},
    error::AppError,
};
use crate::server::{
    db::{Actor, Change, Db},
    search::SearchIndex,
};

pub async fn solved(
    db: &Db,
    search: &SearchIndex,
    actor: &Actor,
    kind: ContentKind,
    slug: &Slug,
) -> Result<(), AppError> {
    if super::store::article(db, search, kind, slug.as_str())
        .await?
        .is_none()
    {
        return Err(AppError::not_found("Conteúdo não encontrado."));
    }
    Change::new()
        .statement(
            "UPSERT deflection:[$dk, $ds] SET kind = $dk, slug = $ds, solved = (solved ?? 0) + 1",
        )
        .bind("dk", kind.slug().to_owned())
        .bind("ds", slug.as_str().to_owned())
        .audit(
            actor,
            "isto resolveu",
            &content_path(kind, slug.as_str()),
            None,
            None,
        )
        .commit(db)
        .await?;
    Ok(())
}
