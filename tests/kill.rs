//! kill -9 loses nothing (issue 21 item 4). Two hundred writers work through the HTTP API
//! of a real process — customers upload files, open occurrences with them and reply,
//! analysts take cases — while (a) the app process on its embedded SurrealKV database or
//! (b) the SurrealDB server under the app is SIGKILLed mid-run and started again on the
//! same files. Every write a client saw acknowledged must be there afterwards, the numbers
//! unique and gapless, and no outbox mail lost or sent twice (an interrupted send stays
//! "sending", to be marked uncertain, never resent).
//!
//! (a) runs in `./test.sh`'s first pass, (b) in its second (it needs the `surreal` command:
//! `SUPORTE_TEST_SURREAL_BIN`). `KILL_ROUNDS=10` repeats them (`./bench.sh`).
#![cfg(all(feature = "ssr", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::apps::{self, App};
use common::smtp_sink::Sink;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use suporte::domain::occurrences::OccurrenceNumber;
use suporte::server::config::{DatabaseConfig, DatabaseCredentials, DatabaseUrl};
use suporte::server::db;

const WRITERS: usize = 200;
/// Acknowledged openings before the kill (the writers are in full swing by then).
const KILL_AFTER: usize = 60;
const APP_PASS: &str = "senha-do-app-kill";

fn rounds() -> usize {
    std::env::var("KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// What clients saw acknowledged (a 200 with the answer read whole).
#[derive(Default)]
struct Ledger {
    /// Number → title.
    openings: BTreeMap<String, String>,
    /// (number, text).
    replies: Vec<(String, String)>,
    /// Numbers taken by the analyst.
    takes: BTreeSet<String>,
    /// Upload id → the number whose opening used it (acknowledged too).
    files: BTreeMap<String, String>,
    /// Requests that failed (no answer, or a 5xx while the database was away).
    failed: usize,
    /// Answered with a refusal (4xx): the rules said no; nothing to find.
    refused: usize,
}

struct Accounts {
    customers: Vec<String>,
    analyst: String,
}

fn sign_in_all(port: u16) -> Accounts {
    Accounts {
        customers: vec![
            apps::sign_in(port, "gp@alimentos.example", "ClienteVip#2026"),
            apps::sign_in(port, "gp@metalurgica.example", "ClienteOuro#2026"),
        ],
        analyst: apps::sign_in(port, "ana.n1@uno.example", "AnalistaN1#2026"),
    }
}

/// One writer until `stop`: writer `i` from loopback address 127.0.0.(2 + i/25) (the
/// server bounds requests in flight per address). Every fourth is the analyst taking the
/// newest untaken case; the others open (every fifth with a file) and reply.
async fn writer(
    i: usize,
    port: u16,
    accounts: Arc<Accounts>,
    ledger: Arc<Mutex<Ledger>>,
    untaken: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    round: usize,
) {
    let from = 2 + (i / 25) as u8;
    let mut k = 0;
    while !stop.load(Ordering::SeqCst) {
        k += 1;
        if i.is_multiple_of(4) {
            let Some(number) = untaken.lock().unwrap().pop() else {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            };
            let form = format!("number={}&action=take&text=", apps::form_value(&number));
            match apps::post_form(from, port, "/api/agir", &accounts.analyst, &form).await {
                Ok((200, _)) => {
                    ledger.lock().unwrap().takes.insert(number);
                }
                outcome => note_failure(&ledger, outcome).await,
            }
            continue;
        }
        let cookie = &accounts.customers[i % 2];
        let mut attachments = String::new();
        if i % 5 == 1 {
            let body = format!("registro do escritor {i}, pedido {k}, rodada {round}\n");
            match apps::send(
                from,
                port,
                "POST",
                "/anexos?nome=registro.txt",
                cookie,
                "text/plain",
                body.as_bytes(),
            )
            .await
            {
                Ok((200, json)) => {
                    let view: serde_json::Value = serde_json::from_str(&json).unwrap();
                    attachments = view["id"].as_str().unwrap().to_owned();
                }
                outcome => {
                    note_failure(&ledger, outcome).await;
                    continue;
                }
            }
        }
        let title = format!("Queda r{round} e{i} n{k}");
        let form = format!(
            "module=fiscal&kind=erro&criticality=media&title={}&description=Escrita+sob+kill&steps=Emitir&analyst_id=&attachments={attachments}",
            apps::form_value(&title)
        );
        let number = match apps::post_form(from, port, "/api/abrir-ocorrencia", cookie, &form).await
        {
            Ok((200, body)) => serde_json::from_str::<OccurrenceNumber>(&body)
                .unwrap_or_else(|e| panic!("{e}: {body}"))
                .path_part(),
            outcome => {
                note_failure(&ledger, outcome).await;
                continue;
            }
        };
        {
            let mut l = ledger.lock().unwrap();
            l.openings.insert(number.clone(), title);
            if !attachments.is_empty() {
                l.files.insert(attachments, number.clone());
            }
        }
        let text = format!("Resposta r{round} e{i} n{k}");
        let form = format!(
            "number={}&action=reply&text={}",
            apps::form_value(&number),
            apps::form_value(&text)
        );
        match apps::post_form(from, port, "/api/agir", cookie, &form).await {
            Ok((200, _)) => ledger.lock().unwrap().replies.push((number.clone(), text)),
            outcome => note_failure(&ledger, outcome).await,
        }
        untaken.lock().unwrap().push(number);
    }
}

async fn note_failure(ledger: &Mutex<Ledger>, outcome: std::io::Result<(u16, String)>) {
    let unanswered = {
        let mut l = ledger.lock().unwrap();
        match outcome {
            Ok((status, _)) if (400..500).contains(&status) => {
                l.refused += 1;
                false
            }
            Ok(_) => {
                l.failed += 1;
                false
            }
            Err(_) => {
                l.failed += 1;
                true
            }
        }
    };
    // Nothing listens (the process is down or stopping): no need to spin.
    if unanswered {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The writers, started; `kill` runs once `KILL_AFTER` openings were acknowledged (at
/// most two minutes), then the writers stop. The ledger.
async fn write_and_kill(port: u16, round: usize, kill: impl FnOnce()) -> Ledger {
    let accounts = Arc::new(sign_in_all(port));
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let untaken = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = (0..WRITERS)
        .map(|i| {
            tokio::spawn(writer(
                i,
                port,
                accounts.clone(),
                ledger.clone(),
                untaken.clone(),
                stop.clone(),
                round,
            ))
        })
        .collect();
    let started = Instant::now();
    loop {
        {
            let l = ledger.lock().unwrap();
            let least = l.replies.len().min(l.takes.len()).min(l.files.len());
            if l.openings.len() >= KILL_AFTER && least >= 5 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "in 2 min only {} openings, {} replies, {} takes, {} files acknowledged ({} failed, {} refused)",
                l.openings.len(),
                l.replies.len(),
                l.takes.len(),
                l.files.len(),
                l.failed,
                l.refused
            );
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    kill();
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        t.await.unwrap();
    }
    Arc::try_unwrap(ledger).ok().unwrap().into_inner().unwrap()
}

#[derive(serde::Deserialize)]
struct Occurrence {
    year: i32,
    seq: i64,
    title: String,
    taken: bool,
}

#[derive(serde::Deserialize)]
struct Mail {
    id: String,
    status: String,
}

/// Checks what the database holds against what was acknowledged; prints the counts.
async fn find_everything(database: &db::Db, ledger: &Ledger, sink: &Sink, label: &str) {
    let mut res = database
        .query(
            "SELECT year, seq, title, owner != NONE AS taken FROM occurrence ORDER BY year, seq;
             SELECT VALUE [occurrence.year, occurrence.seq, text] FROM occurrence_event WHERE kind = 'reply';
             SELECT VALUE [record::id(id), occurrence.year, occurrence.seq] FROM attachment WHERE occurrence != NONE;
             SELECT record::id(id) AS id, status FROM outbox;",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let found: Vec<Occurrence> = db::rows(&mut res, 0).unwrap();
    let replies: Vec<(i32, i64, String)> = db::rows(&mut res, 1).unwrap();
    let files: Vec<(String, i32, i64)> = db::rows(&mut res, 2).unwrap();
    let mails: Vec<Mail> = db::rows(&mut res, 3).unwrap();

    // Numbers: 1, 2, 3… in each year, none twice.
    let mut by_year: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for o in &found {
        by_year.entry(o.year).or_default().push(o.seq);
    }
    for (year, seqs) in &by_year {
        let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
        assert_eq!(
            seqs, &expected,
            "{label}: the numbers of {year} are not 1..n"
        );
    }
    let number = |year: i32, seq: i64| OccurrenceNumber::new(year, seq).unwrap().path_part();
    let titles: HashMap<String, &str> = found
        .iter()
        .map(|o| (number(o.year, o.seq), o.title.as_str()))
        .collect();
    let taken: BTreeSet<String> = found
        .iter()
        .filter(|o| o.taken)
        .map(|o| number(o.year, o.seq))
        .collect();
    let replies: BTreeSet<(String, String)> = replies
        .into_iter()
        .map(|(y, s, t)| (number(y, s), t))
        .collect();
    let files: HashMap<String, String> = files
        .into_iter()
        .map(|(id, y, s)| (id, number(y, s)))
        .collect();

    let lost_openings: Vec<_> = ledger
        .openings
        .iter()
        .filter(|(n, t)| titles.get(*n) != Some(&t.as_str()))
        .collect();
    let lost_replies: Vec<_> = ledger
        .replies
        .iter()
        .filter(|r| !replies.contains(*r))
        .collect();
    let lost_takes: Vec<_> = ledger
        .takes
        .iter()
        .filter(|n| !taken.contains(*n))
        .collect();
    let lost_files: Vec<_> = ledger
        .files
        .iter()
        .filter(|(id, n)| files.get(*id) != Some(n))
        .collect();

    // Mail: each outbox row reached the SMTP server at most once; a row marked sent did
    // reach it; a row it received is not waiting to go again.
    let received = sink.outbox_ids();
    let mut seen = BTreeSet::new();
    let twice: Vec<_> = received.iter().filter(|id| !seen.insert(*id)).collect();
    let status: HashMap<&str, &str> = mails
        .iter()
        .map(|m| (m.id.as_str(), m.status.as_str()))
        .collect();
    let lost_mail: Vec<_> = mails
        .iter()
        .filter(|m| m.status == "sent" && !seen.contains(&m.id))
        .map(|m| &m.id)
        .collect();
    let owed_again: Vec<_> = seen
        .iter()
        .filter(|id| status.get(id.as_str()) == Some(&"pending"))
        .collect();
    let acknowledged =
        ledger.openings.len() + ledger.replies.len() + ledger.takes.len() + ledger.files.len();
    let lost = lost_openings.len() + lost_replies.len() + lost_takes.len() + lost_files.len();
    eprintln!(
        "{label}: acknowledged {acknowledged} (openings {}, replies {}, takes {}, files {}), \
         found {}, lost {lost}; unanswered {} and refused {} (not acknowledged); \
         mail: {} rows, {} received, {} sent twice, {} lost",
        ledger.openings.len(),
        ledger.replies.len(),
        ledger.takes.len(),
        ledger.files.len(),
        acknowledged - lost,
        ledger.failed,
        ledger.refused,
        mails.len(),
        received.len(),
        twice.len(),
        lost_mail.len() + owed_again.len(),
    );
    assert!(
        lost == 0,
        "{label}: acknowledged but gone — openings {lost_openings:?}, replies {lost_replies:?}, takes {lost_takes:?}, files {lost_files:?}"
    );
    assert!(
        twice.is_empty() && lost_mail.is_empty() && owed_again.is_empty(),
        "{label}: mail sent twice {twice:?}, marked sent but never received {lost_mail:?}, received and pending again {owed_again:?}"
    );
    // The run did what it says: every kind of write was acknowledged before the kill.
    assert!(
        !ledger.replies.is_empty() && !ledger.takes.is_empty() && !ledger.files.is_empty(),
        "{label}: a kind of write never got through (replies {}, takes {}, files {}; refused {})",
        ledger.replies.len(),
        ledger.takes.len(),
        ledger.files.len(),
        ledger.refused
    );
}

/// After the restart: one more opening goes through, and its mail reaches the SMTP
/// server (within two minutes: the mails owed from before the kill go first).
async fn open_again_and_get_its_mail(port: u16, sink: &Sink, label: &str) {
    let cookie = apps::sign_in(port, "gp@alimentos.example", "ClienteVip#2026");
    let marker = format!("depoisdoreinicio{}", std::process::id());
    let form = format!(
        "module=fiscal&kind=erro&criticality=media&title=Depois+do+reinicio&description={marker}&steps=Emitir&analyst_id="
    );
    let started = Instant::now();
    // The first requests may still meet a database that is coming back.
    loop {
        match apps::post_form(1, port, "/api/abrir-ocorrencia", &cookie, &form).await {
            Ok((200, _)) => break,
            outcome => assert!(
                started.elapsed() < Duration::from_secs(60),
                "{label}: no opening accepted within 60 s of the restart; last: {outcome:?}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Quoted-printable may break a line inside it: compare without soft breaks.
    while !sink
        .messages()
        .iter()
        .any(|m| m.data.replace("=\n", "").contains(&marker))
    {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{label}: the opening's mail did not arrive within 120 s of the restart ({} mails received)",
            sink.messages().len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[derive(Clone, Copy, Debug)]
enum Stop {
    /// SIGKILL: a crash, a power cut.
    Kill,
    /// SIGTERM: a deploy; requests in flight finish, then the process exits (≤ 15 s).
    Term,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_of_the_app_process_loses_no_acknowledged_write() {
    app_stopped_mid_run(Stop::Kill).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_mid_run_loses_no_acknowledged_write_and_exits_within_15_s() {
    app_stopped_mid_run(Stop::Term).await;
}

/// One run at a time: two hundred writers each are all two cores can take.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn app_stopped_mid_run(stop: Stop) {
    if std::env::var(common::SERVER_URL_VAR).is_ok() {
        eprintln!("o processo com banco embutido é testado no primeiro passe");
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    for round in 0..rounds() {
        let dir = tempdir(&format!("{stop:?}-app-{round}"));
        let sink = Sink::start().await;
        let mut env = apps::embedded(&dir);
        env.extend(sink.env());
        let mut app = App::start(env, true);
        let ledger = write_and_kill(app.port, round, || match stop {
            Stop::Kill => app.kill9(),
            Stop::Term => {
                let took = app.terminate(Duration::from_secs(15));
                eprintln!("SIGTERM com {WRITERS} escritores: encerrado em {took:?}");
            }
        })
        .await;
        // Started again on the same files: it recovers, takes work and delivers mail.
        app.restart();
        open_again_and_get_its_mail(app.port, &sink, "app").await;
        // The embedded database is this process's alone: stop it to read the files.
        app.terminate(Duration::from_secs(15));
        let cfg = DatabaseConfig {
            url: DatabaseUrl::parse(&format!("surrealkv://{}", dir.join("banco").display()))
                .unwrap(),
            namespace: "uno".into(),
            database: "suporte".into(),
            credentials: None,
        };
        let database = db::connect(&cfg).await.unwrap();
        let label = format!("{stop:?} do app, rodada {round}");
        find_everything(&database, &ledger, &sink, &label).await;
        drop(database);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("suporte-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A SurrealDB server of the test's own (it gets killed), on `port`, files in `dir`.
fn surreal(bin: &str, port: u16, dir: &std::path::Path, pass: &str) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("surreal.log"))
        .unwrap();
    let child = Command::new(bin)
        .args(["start", "--no-banner", "--log", "warn", "--bind"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["--user", "root", "--pass", pass])
        .arg(format!(
            "surrealkv://{}?sync=every",
            dir.join("dados").display()
        ))
        .env("SURREAL_DATASTORE_SYNC", "every")
        .env("SURREAL_WEBSOCKET_RESPONSE_CHANNEL_SIZE", "100000")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while apps::request(port, "GET", "/health", "", "").map(|r| r.0) != Some(200) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "surreal on :{port} did not answer in 60 s: {}",
            std::fs::read_to_string(dir.join("surreal.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    child
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_of_the_surrealdb_server_loses_no_acknowledged_write() {
    let Ok(bin) = std::env::var("SUPORTE_TEST_SURREAL_BIN") else {
        eprintln!("sem SUPORTE_TEST_SURREAL_BIN: só no segundo passe do ./test.sh");
        return;
    };
    for round in 0..rounds() {
        let dir = tempdir(&format!("kill-surreal-{round}"));
        let port = apps::free_port();
        let root_pass = format!("raiz{}", std::process::id());
        let mut server = KillOnDrop(surreal(&bin, port, &dir, &root_pass));
        let url = format!("ws://127.0.0.1:{port}");
        let cfg = DatabaseConfig {
            url: DatabaseUrl::parse(&url).unwrap(),
            namespace: "testes".into(),
            database: "kill".into(),
            credentials: Some(DatabaseCredentials {
                user: "suporte".into(),
                pass: APP_PASS.into(),
            }),
        };
        let root = DatabaseCredentials {
            user: "root".into(),
            pass: root_pass.clone(),
        };
        db::create_app_user(&cfg, Some(&root), "suporte", APP_PASS)
            .await
            .unwrap();
        let sink = Sink::start().await;
        let mut env = apps::on_server(&url, "kill", APP_PASS, &dir.join("anexos"));
        env.extend(sink.env());
        let app = App::start(env, true);
        let ledger = write_and_kill(app.port, round, || {
            server.0.kill().unwrap();
            server.0.wait().unwrap();
        })
        .await;
        // The server again, on the same files: the app finds it by itself.
        let _server = KillOnDrop(surreal(&bin, port, &dir, &root_pass));
        let started = Instant::now();
        while apps::request(app.port, "GET", "/healthz", "", "").map(|r| r.0) != Some(200) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the app did not reach the restarted database within 60 s: {}",
                app.log_text()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        open_again_and_get_its_mail(app.port, &sink, "surreal").await;
        let database = db::connect(&cfg).await.unwrap();
        find_everything(
            &database,
            &ledger,
            &sink,
            &format!("kill -9 do SurrealDB, rodada {round}"),
        )
        .await;
        drop(app);
        drop(database);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
