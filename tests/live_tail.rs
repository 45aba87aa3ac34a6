//! The change feed behind live updates (server/live/tail.rs): a feed without `LIVE SELECT`
//! hears what a process on another node of a SurrealDB cluster would — the change feed
//! alone — and tells each write once; with the change feed gone, the heartbeat canary
//! notices and polling takes over.
#![cfg(feature = "ssr")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;
use suporte::domain::{accounts::Role, occurrences::OccurrenceNumber};
use suporte::server::live::{Change, LiveFeed, streams::StreamLimits, tail::FeedOptions};
use tokio::sync::broadcast::Receiver;
use tokio::time::Instant;

fn feed_alone(state: &suporte::server::state::AppState, options: FeedOptions) -> LiveFeed {
    LiveFeed::start_with(
        state.db.clone(),
        StreamLimits::new(8, Duration::from_secs(60)),
        FeedOptions {
            live_select: false,
            ..options
        },
        None,
    )
}

/// Every occurrence number told on `rx` until `until`.
async fn told(rx: &mut Receiver<Change>, until: Instant) -> Vec<OccurrenceNumber> {
    let mut numbers = Vec::new();
    while let Ok(Ok(change)) = tokio::time::timeout_at(until, rx.recv()).await {
        if let Change::One(c) = change {
            numbers.push(c.number);
        }
    }
    numbers
}

fn count(numbers: &[OccurrenceNumber], n: OccurrenceNumber) -> usize {
    numbers.iter().filter(|x| **x == n).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_change_feed_alone_tells_each_write_and_once() {
    let state = common::demo_state_with_accounts().await;
    let alone = feed_alone(
        &state,
        FeedOptions {
            every: Duration::from_millis(200),
            ..FeedOptions::default()
        },
    );
    let mut by_feed = alone.subscribe();
    let mut by_both = state.live.subscribe();
    let cookie = common::session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;

    let n = common::occurrences::open(&state, &cookie, "media", "Ouvida pelo change feed").await;
    let analyst = common::session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    common::occurrences::act(&state, &analyst, n, "reply", "Estamos vendo.").await;

    // Reads go back three reads: wait well past them, so a second telling would show.
    let until = Instant::now() + Duration::from_secs(4);
    let (feed, both) = tokio::join!(told(&mut by_feed, until), told(&mut by_both, until));
    assert!(
        count(&feed, n) >= 2,
        "the change feed alone told of {n} {} times (an opening and a reply were written); it told {feed:?}",
        count(&feed, n)
    );
    // The usual feed hears each write by LIVE SELECT and again by the change feed: once.
    assert_eq!(
        count(&both, n),
        count(&feed, n),
        "LIVE SELECT plus change feed told {both:?}; the change feed alone {feed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_heartbeats_through_the_feed_the_process_polls_instead() {
    let state = common::demo_state_with_accounts().await;
    // A feed that cannot work: no change feed on either table.
    state
        .db
        .query(
            "ALTER TABLE occurrence DROP CHANGEFEED; ALTER TABLE live_heartbeat DROP CHANGEFEED;",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let alone = feed_alone(
        &state,
        FeedOptions {
            every: Duration::from_millis(200),
            heartbeat_every: Duration::from_millis(200),
            silence: Duration::from_secs(1),
            ..FeedOptions::default()
        },
    );
    let mut by_polling = alone.subscribe();
    let mut by_live_select = state.live.subscribe();
    let cookie = common::session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let n = common::occurrences::open(&state, &cookie, "media", "Ouvida por polling").await;
    // Past the silence (1 s), and past several polls that each go back 3 s.
    let until = Instant::now() + Duration::from_secs(6);
    let (polled, live) = tokio::join!(
        told(&mut by_polling, until),
        told(&mut by_live_select, until)
    );
    assert!(count(&live, n) >= 1, "LIVE SELECT told {live:?}");
    // Polling sees the row as it is now (the writes of the opening as one), once however
    // many polls look back over it.
    assert_eq!(
        count(&polled, n),
        1,
        "with no change feed, polling should tell of {n} once (LIVE SELECT told {live:?}); it told {polled:?}"
    );
}
