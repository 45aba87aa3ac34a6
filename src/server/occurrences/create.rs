//! Opening an occurrence: its number is the year's counter plus one, taken in the same
//! transaction that creates it. Concurrent openings race on the counter; the losers'
//! transactions are retried whole, so numbers come out 1, 2, 3… with no gap and no
//! repeat, on one app server or many sharing the database. Within one process the openings
//! queue for the counter instead ([`serial`]), so contention does not turn into retries.

use anyhow::Result;
use chrono::Datelike;
use serde::Deserialize;

use crate::domain::sla::policy::SlaPolicy;
use crate::domain::{
    occurrences::{NewOccurrence, OccurrenceNumber},
    sla::SlaPlan,
};
use crate::server::attachments::records::{Attaching, attach};
use crate::server::db::{Actor, Change, Db, first, retry_on_conflict, serial};
use crate::server::mail::outbox;

/// How it reached support.
#[derive(Clone, Copy)]
pub enum Channel<'a> {
    /// Typed by the contact in the Extranet.
    Extranet,
    /// Told on the phone; registered by this analyst (person id, role slug).
    Phone {
        analyst_id: &'a str,
        analyst_role: &'static str,
    },
}

/// Who opens it, for which company, on which plan.
pub struct Opening<'a> {
    pub company_id: &'a str,
    pub plan: SlaPlan,
    /// The company's contact whose occurrence it is.
    pub person_id: &'a str,
    pub channel: Channel<'a>,
    pub actor: &'a Actor,
    pub occurrence: &'a NewOccurrence,
    /// Uploads sent with the opening (the person's, not yet used).
    pub attachments: &'a [String],
    /// Opened from a logged call: the call's record, written in the same transaction (and,
    /// for a caller without Extranet access, their name and phone kept on the case).
    pub call: Option<&'a crate::server::calls::log::LoggedCall<'a>>,
}

/// The year occurrences are numbered in: Brasília's, not UTC's (31/12 22:00 is still
/// that year there).
pub fn current_year() -> i32 {
    crate::domain::time::to_local(chrono::Utc::now()).year()
}

/// Opens an occurrence: the year's next number (gapless: a losing race is run again),
/// its SLA targets, its opening entry, its files, the copy for the company's contacts and
/// the audit row, in one transaction.
pub async fn create(db: &Db, o: &Opening<'_>) -> Result<OccurrenceNumber> {
    let year = current_year();
    let policy = crate::server::sla::policy::load(db).await?;
    // Every opening of the year meets on its counter: this process sends them one at a
    // time (each commits on its first try); other processes' still race, and retry.
    let id = serial::one_at_a_time(&format!("occurrence_counter:{year}"), async {
        retry_on_conflict(|| async {
            let id = crate::server::accounts::people::new_id()?;
            opening_change(o, year, &id, &policy).commit(db).await?;
            Ok(id)
        })
        .await
    })
    .await?;
    #[derive(Deserialize)]
    struct Row {
        year: i32,
        seq: i64,
    }
    let mut res = db
        .query("SELECT year, seq FROM type::record('occurrence', $id)")
        .bind(("id", id))
        .await?;
    let row =
        first::<Row>(&mut res, 0)?.ok_or_else(|| anyhow::anyhow!("ocorrência não gravada"))?;
    OccurrenceNumber::new(row.year, row.seq).map_err(anyhow::Error::msg)
}

/// The statements that open `o` as occurrence `id` of `year`.
fn opening_change(o: &Opening<'_>, year: i32, id: &str, policy: &SlaPolicy) -> Change {
    let n = o.occurrence;
    let (channel, author_id, author_role, note) = match o.channel {
        Channel::Extranet => ("extranet", o.person_id, "customer", ""),
        Channel::Phone {
            analyst_id,
            analyst_role,
        } => (
            "telefone",
            analyst_id,
            analyst_role,
            "Registrada a partir de uma ligação.",
        ),
    };
    let change = Change::new()
        .statement(
            "LET $occ_seq = (UPSERT type::record('occurrence_counter', $occ_year)
                 SET last = (last ?? 0) + 1 RETURN AFTER)[0].last",
        )
        .statement(
            "CREATE type::record('occurrence', $occ_id) SET year = $occ_year, seq = $occ_seq,
                 company = type::record('company', $occ_company),
                 opened_by = type::record('person', $occ_person), channel = $occ_channel,
                 module = $occ_module, kind = $occ_kind, criticality = $occ_criticality,
                 plan = $occ_plan, title = $occ_title, description = $occ_description,
                 steps = $occ_steps, state = 'aberta',
                 caller_name = $occ_caller_name, caller_phone = $occ_caller_phone,
                 directed_to = IF $occ_directed THEN type::record('person', $occ_directed) END",
        )
        .statement(
            "CREATE occurrence_event SET occurrence = type::record('occurrence', $occ_id),
                 kind = 'opened', public = true, author = type::record('person', $occ_author_id),
                 author_name = $occ_author, author_role = $occ_author_role, text = $occ_note",
        )
        .bind("occ_year", year)
        .bind("occ_id", id.to_owned())
        .bind("occ_company", o.company_id.to_owned())
        .bind("occ_person", o.person_id.to_owned())
        .bind("occ_module", n.module.slug().to_owned())
        .bind("occ_kind", n.kind.slug().to_owned())
        .bind("occ_criticality", n.criticality.slug().to_owned())
        .bind("occ_plan", o.plan.slug().to_owned())
        .bind("occ_title", n.title.clone())
        .bind("occ_description", n.description.clone())
        .bind("occ_steps", n.steps.clone())
        .bind("occ_directed", n.analyst_id.clone())
        .bind("occ_author", o.actor.name.clone())
        .bind("occ_channel", channel.to_owned())
        .bind("occ_author_id", author_id.to_owned())
        .bind("occ_author_role", author_role.to_owned())
        .bind("occ_note", note.to_owned())
        .bind(
            "occ_caller_name",
            o.call
                .filter(|c| c.contact_id.is_none())
                .map(|c| c.caller_name.to_owned()),
        )
        .bind(
            "occ_caller_phone",
            o.call
                .filter(|c| c.contact_id.is_none())
                .and_then(|c| c.caller_phone.map(str::to_owned)),
        );
    let change = match o.call {
        Some(call) => crate::server::calls::log::write(
            change,
            call,
            Some("type::record('occurrence', $occ_id)"),
        ),
        None => change,
    };
    let change =
        crate::server::sla::policy::refresh(change, policy, "type::record('occurrence', $occ_id)");
    let change = crate::server::sla::policy::snapshot_at_opening(
        change,
        policy,
        "type::record('occurrence', $occ_id)",
    );
    let change = attach(
        change,
        &Attaching {
            upload_ids: o.attachments,
            occurrence_id: id,
            uploader_id: author_id,
            author_name: &o.actor.name,
            author_role,
            public: true,
        },
    );
    let change = tell_directed(change, o, n, id);
    // The company's other contacts learn of it too.
    outbox::notify(
        change,
        &outbox::Notice {
            occurrence_id: id,
            company_id: o.company_id,
            // From the phone, the caller gets the number by mail too.
            author_person_id: matches!(o.channel, Channel::Extranet).then_some(o.person_id),
            headline: match o.channel {
                Channel::Extranet => format!("{} abriu a ocorrência", o.actor.name),
                Channel::Phone { .. } => {
                    format!(
                        "{} registrou a ocorrência a partir da sua ligação",
                        o.actor.name
                    )
                }
            },
            text: &n.description,
        },
    )
    .audit(
        o.actor,
        "ocorrência aberta",
        &format!("ocorrencia:{id}"),
        None,
        Some(serde_json::json!({
            "titulo": n.title, "modulo": n.module.slug(), "tipo": n.kind.slug(),
            "criticidade": n.criticality.slug(),
        })),
    )
}

/// The analyst the customer directed the occurrence to gets an in-app notice and a mail
/// (in the opening's transaction: neither without the other, nor without the case).
fn tell_directed(change: Change, o: &Opening<'_>, n: &NewOccurrence, id: &str) -> Change {
    let Some(analyst) = &n.analyst_id else {
        return change;
    };
    let headline = format!(
        "{} direcionou a você a ocorrência \"{}\"",
        o.actor.name, n.title
    );
    super::notice::tell(
        change,
        &super::notice::PersonNotice {
            prefix: "dir",
            person_id: analyst,
            occurrence_id: id,
            headline: &headline,
            text: &n.description,
        },
    )
}
