//! Logging a call. The call's record is written in the transaction of what came of it: with
//! the occurrence opened from it, with the internal note on the occurrence it is linked
//! to, or alone — never one without the other.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::calls::{CallLog, CallView, Caller, Outcome};
use crate::domain::error::AppError;
use crate::domain::occurrences::OccurrenceNumber;
use crate::server::accounts::{company_admin::company, sessions::Caller as Session};
use crate::server::db::{Actor, Change, Db, rows};
use crate::server::occurrences::create::{self, Channel, Opening};

/// The call's record, for the transaction that writes it.
pub struct LoggedCall<'a> {
    pub company_id: &'a str,
    pub contact_id: Option<&'a str>,
    pub caller_name: &'a str,
    pub caller_phone: Option<&'a str>,
    pub subject: &'a str,
    pub minutes: u32,
    pub logged_by: &'a str,
    pub logged_by_name: &'a str,
}

/// Adds the call's record to `change`, linked to the occurrence `occurrence` (a SurrealQL
/// record expression) if any.
pub fn write(change: Change, c: &LoggedCall<'_>, occurrence: Option<&str>) -> Change {
    change
        .statement(format!(
            "CREATE call_log SET company = type::record('company', $call_company),
                 contact = IF $call_contact THEN type::record('person', $call_contact) END,
                 caller_name = $call_name, caller_phone = $call_phone, subject = $call_subject,
                 minutes = $call_minutes, occurrence = {},
                 logged_by = type::record('person', $call_by), logged_by_name = $call_by_name",
            occurrence.unwrap_or("NONE")
        ))
        .bind("call_company", c.company_id.to_owned())
        .bind("call_contact", c.contact_id.map(str::to_owned))
        .bind("call_name", c.caller_name.to_owned())
        .bind("call_phone", c.caller_phone.map(str::to_owned))
        .bind("call_subject", c.subject.to_owned())
        .bind("call_minutes", i64::from(c.minutes))
        .bind("call_by", c.logged_by.to_owned())
        .bind("call_by_name", c.logged_by_name.to_owned())
}

/// Logs `log`, taken by the caller (an analyst or the coordinator); returns the occurrence
/// linked or opened, if any.
pub async fn log_call(
    db: &Db,
    session: &Session,
    actor: &Actor,
    log: &CallLog,
) -> Result<Option<OccurrenceNumber>, AppError> {
    let company = company(db, &log.company_id).await?;
    let (contact_id, caller_name, caller_phone) = match &log.caller {
        Caller::Contact { id } => {
            let contact = company
                .contacts
                .iter()
                .find(|c| c.id == *id && c.active)
                .ok_or_else(|| {
                    AppError::invalid("Escolha quem ligou entre os contatos ativos da empresa.")
                })?;
            (Some(contact.id.as_str()), contact.name.as_str(), None)
        }
        Caller::Person { name, phone } => (None, name.as_str(), Some(phone.as_str())),
    };
    let call = LoggedCall {
        company_id: &company.id,
        contact_id,
        caller_name,
        caller_phone,
        subject: &log.subject,
        minutes: log.minutes,
        logged_by: &session.person_id,
        logged_by_name: &actor.name,
    };
    let role = session.active_role.ok_or(AppError::Forbidden)?;
    match &log.outcome {
        Outcome::Opened(new) => {
            let opening = Opening {
                company_id: &company.id,
                plan: company.plan,
                // Without Extranet access, the case is the analyst's registration.
                person_id: contact_id.unwrap_or(&session.person_id),
                channel: Channel::Phone {
                    analyst_id: &session.person_id,
                    analyst_role: role.slug(),
                },
                actor,
                occurrence: new,
                attachments: &[],
                call: Some(&call),
            };
            Ok(Some(create::create(db, &opening).await?))
        }
        Outcome::Linked(number) => {
            let found = crate::server::occurrences::read::find(db, *number)
                .await?
                .filter(|f| f.company_id == company.id)
                .ok_or_else(|| {
                    AppError::invalid(format!(
                        "A ocorrência {number} não existe ou não é da empresa {}.",
                        company.name
                    ))
                })?;
            let note = format!(
                "Ligação de {caller_name} ({} min): {}",
                log.minutes, log.subject
            );
            let change = Change::new()
                .statement(
                    "CREATE occurrence_event SET occurrence = type::record('occurrence', $lk_occ),
                         kind = 'note', public = false, author = type::record('person', $call_by),
                         author_name = $call_by_name, author_role = $lk_role, text = $lk_note;
                     UPDATE type::record('occurrence', $lk_occ) SET last_activity_at = time::now()",
                )
                .bind("lk_occ", found.id.clone())
                .bind("lk_role", role.slug().to_owned())
                .bind("lk_note", note);
            write(change, &call, Some("type::record('occurrence', $lk_occ)"))
                .audit(
                    actor,
                    "ligação registrada",
                    &format!("ocorrencia:{}", found.id),
                    None,
                    None,
                )
                .commit(db)
                .await?;
            Ok(Some(*number))
        }
        Outcome::Nothing => {
            write(Change::new(), &call, None)
                .audit(
                    actor,
                    "ligação registrada",
                    &format!("empresa:{}", company.id),
                    None,
                    None,
                )
                .commit(db)
                .await?;
            Ok(None)
        }
    }
}

/// The latest calls, newest first.
pub async fn recent(db: &Db, limit: u32) -> Result<Vec<CallView>> {
    #[derive(Deserialize)]
    struct Row {
        at: DateTime<Utc>,
        company_name: String,
        caller_name: String,
        caller_phone: Option<String>,
        subject: String,
        minutes: u32,
        logged_by_name: String,
        year: Option<i32>,
        seq: Option<i64>,
    }
    let mut res = db
        .query(
            "SELECT at, company.name AS company_name, caller_name, caller_phone, subject,
                 minutes, logged_by_name, occurrence.year AS year, occurrence.seq AS seq
             FROM call_log ORDER BY at DESC LIMIT $limit",
        )
        .bind(("limit", i64::from(limit)))
        .await?;
    Ok(rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| CallView {
            at: r.at,
            company_name: r.company_name,
            caller_name: r.caller_name,
            caller_phone: r.caller_phone,
            subject: r.subject,
            minutes: r.minutes,
            logged_by_name: r.logged_by_name,
            occurrence: r
                .year
                .zip(r.seq)
                .and_then(|(y, s)| OccurrenceNumber::new(y, s).ok()),
        })
        .collect())
}
