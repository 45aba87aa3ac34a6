//! Background work every app server runs on a timer (automatic closing, SLA alerts, mail,
//! upload sweeping, vocabulary refresh). Each job is safe to run on several servers at
//! once (its writes are guarded in the database); a failed round is logged and the next
//! one tries again. When the process stops, no new round starts and a round in progress
//! may finish (a mail being sent is sent and recorded, not left "uncertain").

use std::future::Future;
use std::sync::LazyLock;
use std::time::Duration;
use tokio::sync::watch;

/// Set once, when the process begins to stop.
static STOPPING: LazyLock<watch::Sender<bool>> = LazyLock::new(|| watch::channel(false).0);

/// Asks every job of this process to stop after the round (or mail) in hand.
pub fn stop_all() {
    STOPPING.send_replace(true);
}

/// Whether the process is stopping: a job checks between units of work.
pub fn stopping() -> bool {
    *STOPPING.borrow()
}

/// Runs `round` every `period` (late rounds are delayed, never bunched) until aborted or
/// [`stop_all`].
pub fn every<F, Fut>(
    period: Duration,
    job: &'static str,
    mut round: F,
) -> tokio::task::JoinHandle<()>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    let mut stop = STOPPING.subscribe();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            if stopping() {
                return;
            }
            if let Err(e) = round().await {
                tracing::warn!(job, error = %format!("{e:#}"), "tarefa periódica falhou");
            }
        }
    })
}
