//! The release mail: when a version is published, every active contact of every company
//! gets one mail (the manual: "você receberá um e-mail informando que a versão está
//! disponível"). Written to the outbox in batches, each in its own transaction with the
//! version's cursor (the last contact mailed), so thousands of contacts never hold one
//! transaction, a restart resumes after the last batch, and two servers draining at once
//! cannot both write a batch (the cursor guard lets one through; the outbox id, one per
//! version and person, is a second lock).

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::domain::{
    rule::Rule,
    versions::{VersionNumber, release_mail},
};
use crate::server::db::{self, Change, Db, rows};

/// Contacts per transaction.
pub const BATCH: usize = 500;

/// Where the mail points (the server puts its own address before it).
pub const LINK: &str = "/versoes";

#[derive(Deserialize)]
struct Pending {
    number: VersionNumber,
    mail_cursor: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct Contact {
    id: String,
    email: String,
}

/// Writes the release mails still owed, for every published version; returns how many.
pub async fn drain(db: &Db) -> Result<usize> {
    let mut res = db
        .query(
            "SELECT number, mail_cursor FROM erp_version
                 WHERE published_at != NONE AND mail_done = false",
        )
        .await?;
    let mut written = 0;
    for v in rows::<Pending>(&mut res, 0)? {
        let mut cursor = v.mail_cursor;
        loop {
            match batch(db, v.number, cursor.as_deref()).await {
                Ok(Step::More { last, count }) => {
                    written += count;
                    cursor = Some(last);
                }
                Ok(Step::Done { count }) => {
                    written += count;
                    break;
                }
                // Another server wrote this batch: it carries on from there.
                Err(e)
                    if db::is_conflict(&e)
                        || db::thrown_rule(&e) == Some(Rule::OccurrenceChanged) =>
                {
                    break;
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(written)
}

enum Step {
    More { last: String, count: usize },
    Done { count: usize },
}

/// One batch after `cursor`: its outbox rows and the version's new cursor, together.
async fn batch(db: &Db, number: VersionNumber, cursor: Option<&str>) -> Result<Step> {
    let mut res = db
        .query(format!(
            "SELECT record::id(id) AS id, email FROM person
                 WHERE active = true AND company != NONE AND roles CONTAINS 'customer'
                     AND ($cursor = '' OR id > type::record('person', $cursor))
                 ORDER BY id LIMIT {BATCH}"
        ))
        .bind(("cursor", cursor.unwrap_or_default().to_owned()))
        .await?;
    let people: Vec<Contact> = rows(&mut res, 0)?;
    let count = people.len();
    let done = count < BATCH;
    let last = people.last().map(|p| p.id.clone());
    let (headline, text) = release_mail(number, LINK);
    Change::new()
        .statement(
            "LET $rm = (UPDATE type::record('erp_version', $rm_n)
                 SET mail_cursor = $rm_last ?? mail_cursor, mailed += $rm_count, mail_done = $rm_done
                 WHERE (mail_cursor ?? '') = $rm_prev AND mail_done = false RETURN AFTER)",
        )
        .statement(format!(
            "IF array::len($rm) = 0 THEN {} END",
            db::throw(&Rule::OccurrenceChanged)
        ))
        .statement(
            "FOR $p IN $rm_people {
                 CREATE type::record('outbox', string::concat('versao-', $rm_n, '-', $p.id))
                     SET recipients = [$p.email], headline = $rm_headline, text = $rm_text,
                         link = $rm_link
             }",
        )
        .bind("rm_n", number.to_string())
        .bind("rm_last", last.clone())
        .bind("rm_count", count as i64)
        .bind("rm_done", done)
        .bind("rm_prev", cursor.unwrap_or_default().to_owned())
        .bind("rm_people", serde_json::to_value(&people)?)
        .bind("rm_headline", headline)
        .bind("rm_text", text)
        .bind("rm_link", LINK.to_owned())
        .commit(db)
        .await?;
    Ok(match (done, last) {
        (false, Some(last)) => Step::More { last, count },
        _ => Step::Done { count },
    })
}

/// The background job of every server: cases left waiting on a published version, and
/// release mails still owed.
pub fn watch(db: Db, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    crate::server::jobs::every(every, "versões publicadas", move || {
        let db = db.clone();
        async move {
            let resolved = super::publish::settle_stragglers(&db).await?;
            let mailed = drain(&db).await?;
            if resolved + mailed > 0 {
                tracing::info!(
                    resolved,
                    mailed,
                    "versões publicadas: pendências concluídas"
                );
            }
            Ok(())
        }
    })
}
