//! Weekly ERP versions in the database: the coordinator's register, the cases waiting on
//! a version, publishing (which resolves them) and the release mail to every contact.

pub mod await_fix;
pub mod publish;
pub mod release_mail;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::domain::{
    error::AppError,
    versions::{NewVersion, VersionNumber, VersionView},
};
use crate::server::db::{Actor, Change, Db, rows};

#[derive(Deserialize)]
struct Row {
    number: VersionNumber,
    planned: NaiveDate,
    notes: String,
    published_at: Option<DateTime<Utc>>,
    awaiting: i64,
}

/// Which versions a list shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Published ones, newest first, without support's counts (the public page).
    Published,
    /// All of them with the cases waiting on each (support).
    All,
    /// Not yet published: the ones a case may wait on.
    Open,
}

/// The versions of `listing`, newest number first.
pub async fn list(db: &Db, listing: Listing) -> Result<Vec<VersionView>> {
    let filter = match listing {
        Listing::Published => "WHERE published_at != NONE",
        Listing::All => "",
        Listing::Open => "WHERE published_at = NONE",
    };
    let awaiting = if listing == Listing::Published {
        "0"
    } else {
        "count(SELECT id FROM occurrence WHERE fix_version = $parent.number
             AND state = 'aguardando_versao')"
    };
    let mut res = db
        .query(format!(
            "SELECT number, planned, notes, published_at, {awaiting} AS awaiting
                 FROM erp_version {filter} ORDER BY number DESC LIMIT 500"
        ))
        .await?;
    let mut list: Vec<VersionView> = rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| VersionView {
            number: r.number,
            planned: r.planned,
            notes_html: crate::server::markdown::to_safe_html(&r.notes),
            notes: if listing == Listing::Published {
                String::new()
            } else {
                r.notes
            },
            published_at: r.published_at,
            awaiting: u32::try_from(r.awaiting).unwrap_or(u32::MAX),
        })
        .collect();
    // "2026.9" sorts after "2026.10" as text: order by the parsed number.
    list.sort_by_key(|v| std::cmp::Reverse(v.number));
    Ok(list)
}

/// Registers a version (its number once), with its audit row.
pub async fn create(db: &Db, actor: &Actor, v: &NewVersion) -> Result<(), AppError> {
    let number = v.number.to_string();
    let after = serde_json::json!({
        "numero": number, "prevista": v.planned.to_string(), "notas": v.notes,
    });
    let outcome = Change::new()
        .statement(
            "CREATE type::record('erp_version', $ev_number) SET number = $ev_number,
                 planned = $ev_planned, notes = $ev_notes",
        )
        .bind("ev_number", number.clone())
        .bind("ev_planned", v.planned.to_string())
        .bind("ev_notes", v.notes.clone())
        .audit(
            actor,
            "versão cadastrada",
            &format!("versao:{number}"),
            None,
            Some(after),
        )
        .commit(db)
        .await;
    match outcome {
        Ok(()) => Ok(()),
        Err(_) if exists(db, v.number).await? => {
            Err(crate::domain::rule::Rule::VersionTaken.into())
        }
        Err(e) => Err(e.into()),
    }
}

async fn exists(db: &Db, number: VersionNumber) -> Result<bool> {
    let mut res = db
        .query("SELECT VALUE number FROM type::record('erp_version', $n)")
        .bind(("n", number.to_string()))
        .await?;
    Ok(!rows::<String>(&mut res, 0)?.is_empty())
}
