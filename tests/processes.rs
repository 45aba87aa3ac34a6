//! Several app processes, one SurrealDB server (issue 21): real `suporte` processes on the
//! server of `./test.sh`'s second pass (`SUPORTE_TEST_SURREAL_URL`), reached as the app's
//! database user. A session made through one works on the other, and a change made through
//! one reaches live streams held open on it and on two others within a second (p50/p95
//! printed), and within three seconds on a fourth that hears only the change feed (as a
//! process on another node of a SurrealDB cluster would: `SUPORTE_LIVE_SELECT=off`).
//!
//! In the first pass (mem://) there is no server to share, and these tests say so and end.
#![cfg(all(feature = "ssr", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::apps::{self, App, request};
use common::wait::{page_text, until};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use suporte::domain::{accounts::Role, occurrences::OccurrenceNumber};
use suporte::server::config::DatabaseConfig;
use suporte::server::{accounts, db};

const APP_PASS: &str = "senha-do-app-entre-processos";

/// A database of this test's own on the test server; `None` in the first pass.
async fn shared_database(name: &str) -> Option<DatabaseConfig> {
    apps::server_database(name, APP_PASS).await
}

/// Starts a process on `cfg` (the app's user; files in a folder of the test's own).
fn start(cfg: &DatabaseConfig, demo: bool) -> App {
    start_with(cfg, demo, &[])
}

fn start_with(cfg: &DatabaseConfig, demo: bool, extra: &[(&str, &str)]) -> App {
    let files = std::env::temp_dir().join(format!("suporte-processos-{}", std::process::id()));
    let mut env = apps::on_server(&cfg.url.endpoint(), &cfg.database, APP_PASS, &files);
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    App::start(env, demo)
}

/// Holds `/eventos/ocorrencias` open on `port`; each `data:` line arrives on the channel
/// with the instant it was read, and the stream's last word (`retry:`, when it ends) too.
fn listen(port: u16, cookie: &str) -> mpsc::Receiver<(Instant, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /eventos/ocorrencias HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    let mut lines = BufReader::new(s);
    let mut status = String::new();
    lines.read_line(&mut status).unwrap();
    assert!(status.contains(" 200 "), "live stream refused: {status}");
    std::thread::spawn(move || {
        for line in lines.lines() {
            let Ok(line) = line else { return };
            let data = match line.strip_prefix("data:") {
                Some(data) => data.trim().to_owned(),
                None if line.starts_with("retry:") => line,
                None => continue,
            };
            if tx.send((Instant::now(), data)).is_err() {
                return;
            }
        }
    });
    rx
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_process_reaches_browsers_on_two_others_within_a_second() {
    let Some(cfg) = shared_database("processos").await else {
        eprintln!(
            "sem {}: só no segundo passe do ./test.sh",
            common::SERVER_URL_VAR
        );
        return;
    };
    // The first seeds the demo accounts; the second starts on what is there.
    let one = start(&cfg, true);
    let two = start(&cfg, false);

    // A session opened once is good on either process.
    let database = db::connect(&cfg).await.unwrap();
    let gp = accounts::people::find_id(&database, "gp@metalurgica.example")
        .await
        .unwrap()
        .expect("demo customer seeded by the first process");
    let token = accounts::sessions::create(&database, &gp, Some(Role::Customer))
        .await
        .unwrap();
    let cookie = format!("{}={}", accounts::cookie::NAME, token.expose());
    for app in [&one, &two] {
        let (status, body) = request(app.port, "POST", "/api/ocorrencias", &cookie, "").unwrap();
        assert_eq!(status, 200, "the session on :{}: {body}", app.port);
    }

    // The change goes in through the first; browsers sit on it, on two others, and on a
    // fourth without LIVE SELECT.
    let three = start(&cfg, false);
    let four = start_with(&cfg, false, &[("SUPORTE_LIVE_SELECT", "off")]);
    let second = Duration::from_secs(1);
    let watchers = [
        ("one", listen(one.port, &cookie), second),
        ("two", listen(two.port, &cookie), second),
        ("three", listen(three.port, &cookie), second),
        ("four", listen(four.port, &cookie), 3 * second),
    ];
    let mut took: [Vec<Duration>; 3] = Default::default();
    for round in 0..ROUNDS {
        let form = format!(
            "module=fiscal&kind=erro&criticality=media&title=Entre+processos+{round}\
             &description=Aberta+pelo+processo+1&steps=Emitir&analyst_id="
        );
        let sent = Instant::now();
        let (status, body) = request(one.port, "POST", "/api/abrir-ocorrencia", &cookie, &form)
            .expect("process one answers");
        assert_eq!(status, 200, "opening {round} through process one: {body}");
        let number = serde_json::from_str::<OccurrenceNumber>(&body)
            .unwrap_or_else(|e| panic!("{e}: {body}"))
            .path_part();
        for (i, (name, events, within)) in watchers.iter().enumerate() {
            let group = match i {
                0 => 0,
                1 | 2 => 1,
                _ => 2,
            };
            took[group].push(arrival(events, &number, sent, name, *within));
        }
    }
    for (what, mut took) in [
        "process one itself (LIVE SELECT)",
        "processes two and three (LIVE SELECT)",
        "process four (change feed only)",
    ]
    .into_iter()
    .zip(took)
    {
        took.sort();
        eprintln!(
            "change through process one → event on {what} ({} events): p50 {:?}, p95 {:?}, max {:?}",
            took.len(),
            took[took.len() / 2],
            took[took.len() * 95 / 100],
            took[took.len() - 1]
        );
    }
}

/// Openings measured (each seen by two other processes).
const ROUNDS: usize = 20;

/// How long after `sent` the stream reported `number`; fails past `within`.
fn arrival(
    events: &mpsc::Receiver<(Instant, String)>,
    number: &str,
    sent: Instant,
    name: &str,
    within: Duration,
) -> Duration {
    let mut seen = Vec::new();
    let deadline = sent + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok((at, data)) if data == number => return at - sent,
            Ok((_, data)) => seen.push(data),
            Err(_) => panic!(
                "process {name}'s stream did not report {number} within {within:?} of the opening on process one; it sent {seen:?}"
            ),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_that_hears_only_the_change_feed_follows_content_edits_and_ended_sessions() {
    let Some(cfg) = shared_database("feed").await else {
        eprintln!(
            "sem {}: só no segundo passe do ./test.sh",
            common::SERVER_URL_VAR
        );
        return;
    };
    let one = start(&cfg, true);
    // As a process on another node of a SurrealDB cluster: no LIVE SELECT at all.
    let feed_only = start_with(&cfg, false, &[("SUPORTE_LIVE_SELECT", "off")]);
    let database = db::connect(&cfg).await.unwrap();

    // An article edited through the database (another node): the new word is found on the
    // feed-only process, whose page cache is retired with it.
    let search = "/busca?q=zebrafantasma";
    let (status, before) = request(feed_only.port, "GET", search, "", "").unwrap();
    assert!(
        status == 200 && !before.contains("/faq/quando-ligar"),
        "{status}: {before}"
    );
    database
        .query("UPDATE content SET body_text = body_text + ' zebrafantasma' WHERE kind = 'faq' AND slug = 'quando-ligar'")
        .await
        .unwrap()
        .check()
        .unwrap();
    let ((), took) = until(
        Duration::from_secs(3),
        "the edited article in search on the feed-only process",
        async || match request(feed_only.port, "GET", search, "", "").unwrap_or_default() {
            (200, body) if body.contains("/faq/quando-ligar") => Ok(()),
            (status, body) => Err(format!("{status}: {}", page_text(&body))),
        },
    )
    .await;
    eprintln!("edição de conteúdo → busca no processo só com change feed: {took:?}");

    // A session signed out through process one: its live stream on the feed-only process
    // closes.
    let gp = accounts::people::find_id(&database, "gp@metalurgica.example")
        .await
        .unwrap()
        .expect("demo customer");
    let token = accounts::sessions::create(&database, &gp, Some(Role::Customer))
        .await
        .unwrap();
    let cookie = format!("{}={}", accounts::cookie::NAME, token.expose());
    let events = listen(feed_only.port, &cookie);
    let (status, body) = request(one.port, "POST", "/api/sair", &cookie, "").unwrap();
    assert_eq!(status, 200, "sign out through process one: {body}");
    let signed_out = Instant::now();
    let mut seen = Vec::new();
    loop {
        match events.recv_timeout(Duration::from_millis(100)) {
            Ok((_, data)) if data.starts_with("retry:") => break,
            Ok((_, data)) => seen.push(data),
            Err(e) => assert!(
                signed_out.elapsed() < Duration::from_secs(3),
                "the live stream on the feed-only process did not end within 3 s of its session's end ({e:?}); it sent {seen:?}"
            ),
        }
    }
    eprintln!(
        "sessão encerrada → stream fechado no processo só com change feed: {:?}",
        signed_out.elapsed()
    );
}
