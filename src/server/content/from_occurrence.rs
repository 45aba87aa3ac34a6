//! "Transformar em FAQ": a solved occurrence becomes an unpublished FAQ draft (question
//! from its title, answer from the solution's public text, its module), linked from the
//! case; the coordinator edits and publishes it in the content editor. Once per case.

use serde::Deserialize;

use super::{draft::ContentDraft, store};
use crate::domain::{
    content::{ContentKind, ErpModule},
    error::AppError,
    knowledge::faq_seed,
    occurrences::State,
    rule::Rule,
};
use crate::server::{
    accounts::sessions::Caller,
    db::{self, Actor, Change, first},
    occurrences::access::visible,
    state::AppState,
};

use crate::domain::knowledge::editor_path;

/// Makes the draft of occurrence `number` (or finds the one made before); returns its
/// editor address.
pub async fn to_faq(
    state: &AppState,
    caller: &Caller,
    actor: &Actor,
    number: &str,
) -> Result<String, AppError> {
    #[derive(Deserialize)]
    struct Case {
        title: String,
        module: ErpModule,
        faq: Option<String>,
        solution: Option<String>,
    }
    let found = visible(&state.db, caller, number).await?;
    if !matches!(found.state, State::Resolvida | State::Encerrada) {
        return Err(AppError::invalid(
            "Só uma ocorrência resolvida (ou encerrada depois da solução) vira FAQ.",
        ));
    }
    let mut res = state
        .db
        .query(
            "SELECT title, module, faq,
                 (SELECT VALUE text FROM occurrence_event WHERE occurrence = type::record('occurrence', $id)
                     AND kind = 'reply' AND public = true AND author_role != 'customer'
                     ORDER BY at DESC LIMIT 1)[0] AS solution
             FROM type::record('occurrence', $id)",
        )
        .bind(("id", found.id.clone()))
        .await
        .map_err(anyhow::Error::from)?;
    let case: Case =
        first(&mut res, 0)?.ok_or_else(|| AppError::not_found("Ocorrência não encontrada."))?;
    if let Some(slug) = case.faq {
        return Ok(editor_path(&slug));
    }
    let number =
        crate::domain::occurrences::OccurrenceNumber::parse(number).map_err(AppError::invalid)?;
    let seed = faq_seed(
        &case.title,
        case.solution.as_deref().unwrap_or_default(),
        number,
    )
    .map_err(AppError::invalid)?;
    let draft = ContentDraft {
        kind: ContentKind::Faq,
        slug: seed.slug.clone(),
        title: seed.title,
        summary: seed.summary,
        module: Some(case.module),
        body_md: seed.body,
        popular: false,
        position: 0,
        duration_minutes: None,
        course_url: None,
    };
    draft.validate().map_err(AppError::invalid)?;
    let slug = seed.slug.as_str().to_owned();
    store::upsert_statement(Change::new(), &draft, store::Origin::Editor, false)?
        .statement(
            "LET $tf = (UPDATE type::record('occurrence', $tf_id) SET faq = $tf_slug
                 WHERE faq = NONE RETURN AFTER)",
        )
        .statement(format!(
            "IF array::len($tf) = 0 THEN {} END",
            db::throw(&Rule::OccurrenceChanged)
        ))
        .statement(
            "CREATE occurrence_event SET occurrence = type::record('occurrence', $tf_id),
                 kind = 'note', public = false, author = type::record('person', $tf_person),
                 author_name = $tf_author, author_role = $tf_role,
                 text = string::concat('Rascunho de FAQ criado a partir desta ocorrência (', $tf_path, '); a coordenação revisa e publica.')",
        )
        .bind("tf_id", found.id.clone())
        .bind("tf_slug", slug.clone())
        .bind("tf_person", caller.person_id.clone())
        .bind("tf_author", actor.name.clone())
        .bind("tf_role", role_slug(caller).to_owned())
        .bind("tf_path", format!("/faq/{slug}"))
        .audit(
            actor,
            "rascunho de FAQ criado a partir de ocorrência",
            &format!("ocorrencia:{}", found.id),
            None,
            Some(serde_json::json!({ "faq": slug })),
        )
        .commit(&state.db)
        .await?;
    state.content_edited(ContentKind::Faq, &slug).await?;
    Ok(editor_path(&slug))
}

fn role_slug(caller: &Caller) -> &'static str {
    use crate::domain::accounts::Role;
    match caller.active_role {
        Some(Role::AnalystN1) => "analyst_n1",
        Some(Role::AnalystN2) => "analyst_n2",
        _ => "coordinator",
    }
}
