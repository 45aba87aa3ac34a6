//! Background work every app server runs on a timer (automatic closing, SLA alerts, mail,
//! upload sweeping, vocabulary refresh). Each job is safe to run on several servers at
//! once (its writes are guarded in the database); a failed round is logged and the next
//! one tries again.

use std::future::Future;
use std::time::Duration;

/// Runs `round` every `period` (late rounds are delayed, never bunched) until aborted.
pub fn every<F, Fut>(
    period: Duration,
    job: &'static str,
    mut round: F,
) -> tokio::task::JoinHandle<()>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = round().await {
                tracing::warn!(job, error = %format!("{e:#}"), "tarefa periódica falhou");
            }
        }
    })
}
