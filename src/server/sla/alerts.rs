//! SLA warnings and breaches: every app server checks the open occurrences now and then;
//! each warning and each breach is recorded once (the UNIQUE index on the alert is the
//! claim, written in the same transaction as its timeline entry and its e-mail to the
//! owner and the coordinators), however many servers notice it at the same moment.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::sla::clock::{ClockStatus, Target};
use crate::server::db::{self, Change, Db, rows};
use crate::server::mail::outbox;
use crate::server::occurrences::read::{self, SummaryRow};

#[derive(Deserialize)]
struct Row {
    id: String,
    #[serde(flatten)]
    summary: SummaryRow,
}

/// What one check recorded.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    pub warnings: usize,
    pub breaches: usize,
}

/// Checks every occurrence whose clock has not ended, as of `now`.
pub async fn run_once(db: &Db, now: DateTime<Utc>) -> Result<Recorded> {
    let mut res = db
        .query(format!(
            "SELECT record::id(id) AS id, {} FROM occurrence WHERE {}",
            read::SUMMARY_FIELDS,
            crate::server::sla::policy::OPEN
        ))
        .await?;
    let policy = crate::server::sla::policy::load(db).await?;
    let mut recorded = Recorded::default();
    let open = rows::<Row>(&mut res, 0)?;
    for row in open {
        let summary = read::summary_of(row.summary, &policy)?;
        let reading = summary.sla.read(summary.sla.calendar(), now);
        let (kind, at) = match (reading.status, reading.deadline) {
            (ClockStatus::Warning, _) => ("warning", now),
            (ClockStatus::Breached, Some(deadline)) => ("breach", deadline),
            _ => continue,
        };
        let target = match reading.target {
            Target::FirstResponse => "first_response",
            Target::Solution => "solution",
        };
        let headline = match kind {
            "warning" => format!(
                "{} — {}: prazo de {} perto do fim",
                summary.number,
                summary.title,
                reading.target.label()
            ),
            _ => format!(
                "{} — {}: prazo de {} estourado",
                summary.number,
                summary.title,
                reading.target.label()
            ),
        };
        let text = format!(
            "Prazo: {}. Empresa: {}. Criticidade: {}.",
            crate::domain::time::format_date_time(reading.deadline.unwrap_or(at)),
            summary.company_name,
            summary.criticality.label()
        );
        let change = Change::new()
            .statement(
                "CREATE sla_alert SET occurrence = type::record('occurrence', $al_occ),
                     target = $al_target, kind = $al_kind, at = <datetime> $al_at",
            )
            .statement(
                "CREATE occurrence_event SET occurrence = type::record('occurrence', $al_occ),
                     kind = 'note', public = false, author_name = 'Sistema', author_role = 'system',
                     text = $al_headline",
            )
            .bind("al_occ", row.id.clone())
            .bind("al_target", target.to_owned())
            .bind("al_kind", kind.to_owned())
            .bind("al_at", at.to_rfc3339())
            .bind("al_headline", headline.clone());
        let change = crate::server::notifications::notify_staff(change, &row.id, &headline);
        let change = outbox::notify_staff(change, &row.id, headline, &text).audit(
            &db::Actor {
                name: "Sistema".into(),
                ..db::Actor::default()
            },
            if kind == "warning" {
                "SLA: aviso"
            } else {
                "SLA: prazo estourado"
            },
            &format!("ocorrencia:{}", row.id),
            None,
            Some(serde_json::json!({ "meta": target, "em": at })),
        );
        match change.commit(db).await {
            Ok(()) if kind == "warning" => recorded.warnings += 1,
            Ok(()) => recorded.breaches += 1,
            // Already recorded (here before, or by another server just now).
            Err(e) if db::is_unique_violation(&e) || db::is_conflict(&e) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(recorded)
}

/// Runs [`run_once`] every `every` in the background.
pub fn watch(db: Db, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    crate::server::jobs::every(every, "alertas de SLA", move || {
        let db = db.clone();
        async move {
            let r = run_once(&db, Utc::now()).await?;
            if r != Recorded::default() {
                tracing::info!(
                    warnings = r.warnings,
                    breaches = r.breaches,
                    "alertas de SLA"
                );
            }
            Ok(())
        }
    })
}
