//! Publishing a version, once: the version is marked published (with its audit row), then
//! every case waiting on it is resolved by it — each in its own guarded transaction with
//! its public entry and mail, exactly like any other move. A crash between the two leaves
//! cases waiting on a published version; [`settle_stragglers`] (a background job) finishes
//! them, so a published version never keeps a case waiting.

use anyhow::Result;
use chrono::Utc;
use serde::Deserialize;

use crate::domain::{
    error::AppError,
    occurrences::{Action, Move, Party, State, autoclose},
    rule::Rule,
    versions::{VersionNumber, published_text},
};
use crate::server::{
    db::{self, Actor, Change, Db, first, rows},
    occurrences::{
        act::{self, Step},
        read::{FOUND_FIELDS, Found},
    },
};

/// What a publish did.
#[derive(Debug, PartialEq, Eq)]
pub struct Published {
    /// Cases resolved by this version now.
    pub resolved: usize,
}

/// Publishes `number`; a second publish is refused and changes nothing.
pub async fn publish(db: &Db, actor: &Actor, number: VersionNumber) -> Result<Published, AppError> {
    let n = number.to_string();
    let mut res = db
        .query("SELECT VALUE published_at != NONE FROM type::record('erp_version', $n)")
        .bind(("n", n.clone()))
        .await
        .map_err(anyhow::Error::from)?;
    match first::<bool>(&mut res, 0)? {
        None => {
            return Err(AppError::not_found(format!(
                "A versão {n} não está cadastrada."
            )));
        }
        Some(true) => return Err(Rule::VersionAlreadyPublished.into()),
        Some(false) => {}
    }
    Change::new()
        .statement(
            "LET $pv = (UPDATE type::record('erp_version', $pv_n) SET published_at = time::now(),
                 published_by = $pv_by WHERE published_at = NONE RETURN AFTER)",
        )
        .statement(format!(
            "IF array::len($pv) = 0 THEN {} END",
            db::throw(&Rule::VersionAlreadyPublished)
        ))
        .bind("pv_n", n.clone())
        .bind("pv_by", actor.name.clone())
        .audit(
            actor,
            "versão publicada",
            &format!("versao:{n}"),
            Some(serde_json::json!({ "publicada": false })),
            Some(serde_json::json!({ "publicada": true })),
        )
        .commit(db)
        .await?;
    let resolved = settle(db, number).await?;
    Ok(Published { resolved })
}

/// Resolves every case still waiting on published version `number`; returns how many.
pub async fn settle(db: &Db, number: VersionNumber) -> Result<usize> {
    let mut res = db
        .query(format!(
            "SELECT {FOUND_FIELDS} FROM occurrence
                 WHERE fix_version = $n AND state = 'aguardando_versao'"
        ))
        .bind(("n", number.to_string()))
        .await?;
    let waiting: Vec<Found> = rows(&mut res, 0)?;
    let system = Actor {
        name: "Sistema".into(),
        ..Actor::default()
    };
    let policy = crate::server::sla::policy::load(db).await?;
    let text = published_text(number);
    let mut resolved = 0;
    for found in &waiting {
        let step = Step {
            text: &text,
            closes_at: Some(autoclose::closes_at(Utc::now(), &found.calendar(&policy))),
            ..Step::new(
                found,
                Action::ReleaseVersion,
                Party::System,
                Move::To(State::Resolvida),
                None,
                &system,
            )
        };
        match act::apply(db, &step).await {
            Ok(_) => resolved += 1,
            // Another server settled it first, or an analyst resolved it meanwhile.
            Err(e) if db::thrown_rule(&e) == Some(Rule::OccurrenceChanged) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(resolved)
}

/// Finishes what a crash interrupted: cases waiting on a version already published.
pub async fn settle_stragglers(db: &Db) -> Result<usize> {
    #[derive(Deserialize)]
    struct Row {
        fix_version: VersionNumber,
    }
    let mut res = db
        .query(
            "SELECT fix_version FROM occurrence WHERE state = 'aguardando_versao'
                 AND fix_version != NONE
                 AND type::record('erp_version', fix_version).published_at != NONE",
        )
        .await?;
    let mut versions: Vec<VersionNumber> = rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| r.fix_version)
        .collect();
    versions.sort();
    versions.dedup();
    let mut resolved = 0;
    for v in versions {
        resolved += settle(db, v).await?;
    }
    Ok(resolved)
}
