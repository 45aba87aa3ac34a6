//! One write at a time per hot key *within this process*: every opening of a year meets on
//! the year's counter, every reply to a busy occurrence on that occurrence. Run at once,
//! such transactions conflict at commit and all but one start over (with 200 writers the
//! retries alone took the throughput from 127 to 5 openings a second); queued here, each
//! commits on its first try. Other processes on the same database still race, so the
//! callers keep [`super::retry_on_conflict`] (with jitter) around the work they queue.
//!
//! Only the commit waits in line: reads, permission checks and rendering still run side by
//! side.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};

/// Keys with a writer in line, each to its lock; entries whose lock nobody holds any more
/// are dropped as the map grows.
static LINES: LazyLock<Mutex<Lines>> = LazyLock::new(Mutex::default);

#[derive(Default)]
struct Lines {
    locks: HashMap<String, Weak<tokio::sync::Mutex<()>>>,
    /// Size at which dead entries are next swept (doubles with the live ones).
    sweep_at: usize,
}

fn line(key: &str) -> Arc<tokio::sync::Mutex<()>> {
    let mut lines = LINES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(lock) = lines.locks.get(key).and_then(Weak::upgrade) {
        return lock;
    }
    if lines.locks.len() >= lines.sweep_at {
        lines.locks.retain(|_, w| w.strong_count() > 0);
        lines.sweep_at = (lines.locks.len() * 2).max(64);
    }
    let lock = Arc::new(tokio::sync::Mutex::new(()));
    lines.locks.insert(key.to_owned(), Arc::downgrade(&lock));
    lock
}

/// Runs `work` once every earlier `work` of this process on `key` has finished (in the
/// order they asked: tokio's mutex is fair).
pub async fn one_at_a_time<T>(key: &str, work: impl Future<Output = T>) -> T {
    let lock = line(key);
    let _turn = lock.lock().await;
    work.await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn work_on_one_key_never_overlaps_and_other_keys_do_not_wait() {
        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let (inside, most) = (inside.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                one_at_a_time("serial-test-hot", async {
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    inside.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            }));
        }
        // While the hot key is busy, another key gets its turn at once.
        let other = tokio::time::timeout(
            Duration::from_secs(5),
            one_at_a_time("serial-test-other", async { 7 }),
        )
        .await;
        assert_eq!(other, Ok(7), "another key waited behind the hot one");
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(
            most.load(Ordering::SeqCst),
            1,
            "two writers were inside at once"
        );
    }

    #[tokio::test]
    async fn finished_keys_are_forgotten() {
        for i in 0..1000 {
            one_at_a_time(&format!("serial-test-gone-{i}"), async {}).await;
        }
        // Swept as the map grows: what is left is bounded, not one entry per key ever seen.
        let size = LINES.lock().unwrap().locks.len();
        assert!(size < 200, "{size} entries kept for 1000 finished keys");
        assert_eq!(
            LINES
                .lock()
                .unwrap()
                .locks
                .iter()
                .filter(|(k, w)| k.starts_with("serial-test-gone") && w.strong_count() > 0)
                .count(),
            0
        );
    }
}
