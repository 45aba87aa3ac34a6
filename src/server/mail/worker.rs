//! The background delivery of the outbox, on every app server: each round claims due mails
//! one by one (a claim is a guarded write, so two servers never take the same mail), sends
//! them and records the outcome.

use std::time::Duration;

use super::outbox::{self, Outcome};
use super::smtp::Mailer;
use crate::server::db::Db;

/// What one round did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Mails taken per round; the rest wait for the next one.
const BATCH: usize = 50;

/// Delivers what is due now.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> anyhow::Result<Round> {
    for id in outbox::sweep_interrupted(db).await? {
        tracing::warn!(outbox = %id, "e-mail interrompido no meio do envio; não será reenviado");
    }
    outbox::give_up_stale(db).await?;
    let token = crate::server::accounts::people::new_id()?;
    let mut round = Round::default();
    for id in outbox::due(db, BATCH).await? {
        // Stopping: what is not claimed yet waits for the next server.
        if crate::server::jobs::stopping() {
            break;
        }
        let Some(mail) = outbox::claim(db, &id, &token).await? else {
            continue;
        };
        let outcome = mailer.deliver(&mail).await;
        match &outcome {
            Outcome::Sent => round.sent += 1,
            Outcome::Retry { error, delay_secs } => {
                round.retried += 1;
                tracing::warn!(outbox = %id, %error, delay_secs, "e-mail não entregue; nova tentativa depois");
            }
            Outcome::Failed { error } => {
                round.failed += 1;
                tracing::error!(outbox = %id, %error, "e-mail recusado pelo servidor SMTP");
            }
        }
        outbox::settle(db, &id, &token, &outcome).await?;
    }
    Ok(round)
}

/// Runs rounds every `every` for as long as the server lives.
pub fn start(db: Db, mailer: Mailer, every: Duration) -> tokio::task::JoinHandle<()> {
    crate::server::jobs::every(every, "entrega de e-mails", move || {
        let (db, mailer) = (db.clone(), mailer.clone());
        async move { deliver_due(&db, &mailer).await.map(|_| ()) }
    })
}
