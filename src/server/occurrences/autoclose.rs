//! Closing resolved occurrences nobody answered for 5 working days (of the calendar
//! each occurrence runs on). Any app server may
//! run it; the guarded state change makes each closing happen exactly once even when two
//! servers run it at the same moment.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{
    act,
    read::{FOUND_FIELDS, Found},
};
use crate::domain::occurrences::{Action, Move, Party, State, autoclose};
use crate::domain::rule::Rule;
use crate::server::db::{self, Db, rows};

/// Closes every resolved occurrence that is due; returns how many this run closed.
pub async fn run_once(db: &Db, now: DateTime<Utc>) -> Result<usize> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        found: Found,
        resolved_at: Option<DateTime<Utc>>,
    }
    let mut res = db
        .query(format!(
            "SELECT {FOUND_FIELDS}, resolved_at FROM occurrence WHERE state = 'resolvida'"
        ))
        .await?;
    let system = db::Actor {
        name: "Sistema".into(),
        ..db::Actor::default()
    };
    let policy = crate::server::sla::policy::load(db).await?;
    let mut closed = 0;
    for row in rows::<Row>(&mut res, 0)? {
        let Some(resolved_at) = row.resolved_at else {
            continue;
        };
        if !autoclose::is_due(resolved_at, now, &row.found.calendar(&policy)) {
            continue;
        }
        let step = act::Step {
            text: "Encerrada automaticamente: 5 dias úteis sem resposta após a solução.",
            ..act::Step::new(
                &row.found,
                Action::AutoClose,
                Party::System,
                Move::To(State::Encerrada),
                None,
                &system,
            )
        };
        match act::apply(db, &step).await {
            Ok(_) => closed += 1,
            // Another server closed it first (or the customer answered meanwhile).
            Err(e) if db::thrown_rule(&e) == Some(Rule::OccurrenceChanged) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(closed)
}

/// Runs [`run_once`] every `every` in the background.
pub fn watch(db: Db, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    crate::server::jobs::every(every, "encerramento automático", move || {
        let db = db.clone();
        async move {
            let closed = run_once(&db, Utc::now()).await?;
            if closed > 0 {
                tracing::info!(closed, "ocorrências encerradas automaticamente");
            }
            Ok(())
        }
    })
}
