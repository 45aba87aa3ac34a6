//! Waiting on a condition with a deadline, and saying what was seen when it never held.

use std::time::{Duration, Instant};

/// Asks `check` every 50 ms until it answers `Ok`, and returns that with the time it
/// took; past `limit`, fails with `what` and the last `Err` it answered (what it saw).
pub async fn until<T>(
    limit: Duration,
    what: &str,
    mut check: impl AsyncFnMut() -> Result<T, String>,
) -> (T, Duration) {
    let started = Instant::now();
    loop {
        let seen = match check().await {
            Ok(done) => return (done, started.elapsed()),
            Err(seen) => seen,
        };
        assert!(
            started.elapsed() < limit,
            "{what} not within {limit:?}; last seen: {seen}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What an HTML page says, from its `<main>` on, without the markup (for failure messages).
pub fn page_text(html: &str) -> String {
    let main = html.find("<main").map_or(html, |i| &html[i..]);
    main.split('<')
        .filter_map(|part| part.split_once('>').map(|(_, t)| t.trim()))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}
