//! Call-back messages (FAQ 6: "a specific analyst who is busy gets a call-back message"):
//! left for a named analyst, shown in their queue with an in-app notice until they mark it
//! done. Only that analyst (or the coordinator) marks it.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::accounts::Role;
use crate::domain::calls::{CallbackNote, CallbackView};
use crate::domain::error::AppError;
use crate::server::accounts::{people, sessions::Caller};
use crate::server::db::{Actor, Change, Db, first, rows};

/// Leaves `note` for its analyst: the message and their notice, in one transaction.
pub async fn leave(
    db: &Db,
    session: &Caller,
    actor: &Actor,
    note: &CallbackNote,
) -> Result<(), AppError> {
    let analyst = people::analyst(db, &note.analyst_id)
        .await?
        .filter(|a| a.active)
        .ok_or_else(|| AppError::invalid("O analista escolhido não foi encontrado."))?;
    if let Some(company) = &note.company_id {
        crate::server::accounts::company_admin::company(db, company).await?;
    }
    let notice = format!(
        "Recado de {}: retornar a ligação de {} ({})",
        actor.name, note.caller_name, note.caller_phone
    );
    Change::new()
        .statement(
            "CREATE callback SET analyst = type::record('person', $cb_analyst),
                 company = IF $cb_company THEN type::record('company', $cb_company) END,
                 caller_name = $cb_name, caller_phone = $cb_phone, message = $cb_message,
                 left_by = type::record('person', $cb_by), left_by_name = $cb_by_name;
             CREATE notification SET person = type::record('person', $cb_analyst),
                 text = $cb_notice",
        )
        .bind("cb_analyst", analyst.id.clone())
        .bind("cb_company", note.company_id.clone())
        .bind("cb_name", note.caller_name.clone())
        .bind("cb_phone", note.caller_phone.clone())
        .bind("cb_message", note.message.clone())
        .bind("cb_by", session.person_id.clone())
        .bind("cb_by_name", actor.name.clone())
        .bind("cb_notice", notice.chars().take(500).collect::<String>())
        .audit(
            actor,
            "recado de retorno",
            &format!("pessoa:{}", analyst.id),
            None,
            Some(serde_json::json!({ "quem_ligou": note.caller_name })),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// The call-backs still waiting for `person_id`, oldest first.
pub async fn pending_for(db: &Db, person_id: &str) -> Result<Vec<CallbackView>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        at: DateTime<Utc>,
        caller_name: String,
        caller_phone: String,
        company_name: Option<String>,
        message: String,
        left_by_name: String,
    }
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, at, caller_name, caller_phone,
                 company.name AS company_name, message, left_by_name
             FROM callback WHERE analyst = type::record('person', $me) AND done_at = NONE
             ORDER BY at ASC",
        )
        .bind(("me", person_id.to_owned()))
        .await?;
    Ok(rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| CallbackView {
            id: r.id,
            at: r.at,
            caller_name: r.caller_name,
            caller_phone: r.caller_phone,
            company_name: r.company_name,
            message: r.message,
            left_by_name: r.left_by_name,
        })
        .collect())
}

/// Marks call-back `id` done: its analyst, or the coordinator. Done once.
pub async fn done(db: &Db, session: &Caller, actor: &Actor, id: &str) -> Result<(), AppError> {
    #[derive(Deserialize)]
    struct Row {
        analyst: String,
        done: bool,
    }
    let mut res = db
        .query(
            "SELECT record::id(analyst) AS analyst, done_at != NONE AS done
             FROM type::record('callback', $id)",
        )
        .bind(("id", id.to_owned()))
        .await?;
    let row =
        first::<Row>(&mut res, 0)?.ok_or_else(|| AppError::not_found("Recado não encontrado."))?;
    let coordinator = session.active_role == Some(Role::Coordinator);
    if row.analyst != session.person_id && !coordinator {
        return Err(AppError::Forbidden);
    }
    if row.done {
        return Ok(());
    }
    Change::new()
        .statement(
            "UPDATE type::record('callback', $cb_id) SET done_at = time::now(),
                 done_by_name = $cb_by_name WHERE done_at = NONE",
        )
        .bind("cb_id", id.to_owned())
        .bind("cb_by_name", actor.name.clone())
        .audit(
            actor,
            "recado retornado",
            &format!("recado:{id}"),
            None,
            None,
        )
        .commit(db)
        .await?;
    Ok(())
}
