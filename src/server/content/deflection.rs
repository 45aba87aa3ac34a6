//! "Isto resolveu": a Level 0 item answered a customer, who then did not open an
//! occurrence. Counted once per person and item (a second click changes nothing), by
//! month, audited.

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
    let Some(person) = actor.person_id.clone() else {
        return Err(AppError::Unauthenticated);
    };
    let outcome = Change::new()
        .statement(
            "IF array::len(SELECT id FROM type::record('deflection_vote', [$dp, $dk, $ds])) = 0 THEN {
                 CREATE type::record('deflection_vote', [$dp, $dk, $ds]) SET
                     person = type::record('person', $dp), kind = $dk, slug = $ds, month = $dm;
                 UPSERT deflection:[$dk, $ds] SET kind = $dk, slug = $ds, solved = (solved ?? 0) + 1;
             } END",
        )
        .bind("dp", person)
        .bind("dk", kind.slug().to_owned())
        .bind("ds", slug.as_str().to_owned())
        .bind("dm", crate::domain::time::month_key(chrono::Utc::now()))
        .audit(
            actor,
            "isto resolveu",
            &content_path(kind, slug.as_str()),
            None,
            None,
        )
        .commit(db)
        .await;
    match outcome {
        Ok(()) => Ok(()),
        // The same person's other click won the race: it is counted once, as it should.
        Err(e) if crate::server::db::is_conflict(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
