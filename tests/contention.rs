//! No collapse under contention (issue 21 item 7): many writers at once open occurrences
//! (all meeting on the year's counter) and reply to one hot occurrence, through the HTTP
//! API of real processes — one on its embedded database in the first pass of `./test.sh`,
//! three on the SurrealDB server in the second. Every request must be accepted, the numbers
//! unique and gapless; throughput and latency are printed per number of writers. With three
//! processes, their three mail workers then race for the outbox: each mail goes out once.
//!
//! `./test.sh` runs 200 writers once; `./bench.sh` (release build) runs
//! `CONTENTION_WRITERS=1,10,50,200` with `CONTENTION_REQUESTS` each and compares.
#![cfg(all(feature = "ssr", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::apps::{self, App};
use common::smtp_sink::Sink;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use suporte::domain::occurrences::OccurrenceNumber;
use suporte::server::db;

const APP_PASS: &str = "senha-do-app-contencao";

fn list(var: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map(|v| v.split(',').map(|n| n.trim().parse().unwrap()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// One kind of write at one concurrency: what came back.
struct Run {
    writers: usize,
    /// Answers (any status) per second; p50 and p99 of their latency.
    per_second: f64,
    p50: Duration,
    p99: Duration,
    /// Answers (status, body) other than 200; status 0: no answer.
    errors: Vec<(u16, String)>,
    /// The bodies of the accepted answers.
    accepted: Vec<String>,
}

/// `total` requests made by `writers` at once, round robin over the processes' ports;
/// `form(n)` is the n-th request's form.
async fn drive(
    ports: &[u16],
    path: &'static str,
    cookies: &[String],
    writers: usize,
    total: usize,
    form: impl Fn(usize) -> String + Send + Sync + 'static,
) -> Run {
    let next = Arc::new(Mutex::new(0usize));
    let form = Arc::new(form);
    let results = Arc::new(Mutex::new((Vec::new(), Vec::new(), Vec::new())));
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (next, form, results) = (next.clone(), form.clone(), results.clone());
            let port = ports[w % ports.len()];
            let cookie = cookies[w % cookies.len()].clone();
            tokio::spawn(async move {
                loop {
                    let n = {
                        let mut next = next.lock().unwrap();
                        if *next >= total {
                            return;
                        }
                        *next += 1;
                        *next - 1
                    };
                    // The server bounds requests in flight per address: 25 per address.
                    let from = 2 + (w / 25) as u8;
                    let t = Instant::now();
                    let answer = apps::post_form(from, port, path, &cookie, &form(n)).await;
                    let took = t.elapsed();
                    let mut r = results.lock().unwrap();
                    match answer {
                        Ok((200, body)) => {
                            r.0.push(took);
                            r.1.push(body);
                        }
                        Ok(other) => {
                            r.0.push(took);
                            r.2.push(other);
                        }
                        Err(e) => r.2.push((0, e.to_string())),
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    let (mut times, accepted, errors) =
        Arc::try_unwrap(results).ok().unwrap().into_inner().unwrap();
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    Run {
        writers,
        per_second: times.len() as f64 / secs,
        p50: at(0.5),
        p99: at(0.99),
        errors,
        accepted,
    }
}

fn print(label: &str, runs: &[Run]) {
    let best = runs.iter().map(|r| r.per_second).fold(0.0, f64::max);
    for r in runs {
        eprintln!(
            "{label}, {:3} escritores: {:6.1}/s ({:3.0} % do melhor), p50 {:6.1} ms, p99 {:7.1} ms, {} aceitos, {} recusados",
            r.writers,
            r.per_second,
            100.0 * r.per_second / best,
            r.p50.as_secs_f64() * 1e3,
            r.p99.as_secs_f64() * 1e3,
            r.accepted.len(),
            r.errors.len()
        );
    }
}

/// The processes of this pass: one on an embedded database, or three on a database of
/// the test's own on the SurrealDB server of the second pass.
/// With three, the database too (to count the outbox); every process mails `sink`.
async fn processes(dir: &std::path::Path, sink: &Sink) -> (Vec<App>, Option<db::Db>) {
    let Some(cfg) = apps::server_database("contencao", APP_PASS).await else {
        let mut env = apps::embedded(dir);
        env.extend(sink.env());
        return (vec![App::start(env, true)], None);
    };
    let (url, database) = (cfg.url.endpoint(), cfg.database.clone());
    let mut env = apps::on_server(&url, &database, APP_PASS, &dir.join("anexos"));
    env.extend(sink.env());
    let first = App::start(env.clone(), true);
    let apps = vec![
        first,
        App::start(env.clone(), false),
        App::start(env, false),
    ];
    (apps, Some(db::connect(&cfg).await.unwrap()))
}

/// Three mail workers race for the same outbox: once it is all delivered, the SMTP server
/// got each mail exactly once.
async fn each_mail_exactly_once(database: &db::Db, sink: &Sink, label: &str) {
    let started = Instant::now();
    let rows: Vec<String> = loop {
        let mut res = database
            .query("SELECT VALUE status FROM outbox")
            .await
            .unwrap();
        let status: Vec<String> = res.take(0).unwrap();
        if status.iter().all(|s| s == "sent") {
            let mut res = database
                .query("SELECT VALUE record::id(id) FROM outbox")
                .await
                .unwrap();
            break res.take(0).unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "{label}: the outbox was not delivered within 3 min: {} rows, {} not sent ({:?})",
            status.len(),
            status.iter().filter(|s| *s != "sent").count(),
            status
                .iter()
                .filter(|s| *s != "sent")
                .take(3)
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let received = sink.outbox_ids();
    let mut once = std::collections::BTreeSet::new();
    let twice: Vec<_> = received.iter().filter(|id| !once.insert(*id)).collect();
    let expected: std::collections::BTreeSet<&String> = rows.iter().collect();
    eprintln!(
        "{label}: {} e-mails na caixa de saída, {} recebidos pelo servidor SMTP, {} em dobro",
        rows.len(),
        received.len(),
        twice.len()
    );
    assert!(twice.is_empty(), "{label}: sent twice: {twice:?}");
    assert_eq!(
        once, expected,
        "{label}: the mails received are not the outbox's"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_writers_at_once_are_all_accepted_in_order_without_collapse() {
    let dir = std::env::temp_dir().join(format!("suporte-contencao-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sink = Sink::start().await;
    let (apps, database) = processes(&dir, &sink).await;
    let ports: Vec<u16> = apps.iter().map(|a| a.port).collect();
    let label = if ports.len() == 1 {
        "1 processo (SurrealKV embutido)".to_owned()
    } else {
        format!("{} processos (servidor SurrealDB)", ports.len())
    };
    let customers = vec![
        apps::sign_in(ports[0], "gp@alimentos.example", "ClienteVip#2026"),
        apps::sign_in(ports[0], "gp@metalurgica.example", "ClienteOuro#2026"),
    ];
    let levels = list("CONTENTION_WRITERS", &[200]);
    let total = list("CONTENTION_REQUESTS", &[200])[0];

    // Openings: each is the year's next number.
    let mut runs = Vec::new();
    for &writers in &levels {
        let run = drive(
            &ports,
            "/api/abrir-ocorrencia",
            &customers,
            writers,
            total,
            |n| {
                format!(
                    "module=fiscal&kind=erro&criticality=media&title=Contencao+{n}\
                 &description=Muitos+ao+mesmo+tempo&steps=Emitir&analyst_id="
                )
            },
        )
        .await;
        assert!(
            run.errors.is_empty(),
            "{label}, {writers} writers opening: {} of {total} not accepted, e.g. {:?}",
            run.errors.len(),
            &run.errors[..run.errors.len().min(3)]
        );
        let mut numbers: Vec<i64> = run
            .accepted
            .iter()
            .map(|b| i64::from(serde_json::from_str::<OccurrenceNumber>(b).unwrap().seq()))
            .collect();
        numbers.sort();
        let first = numbers[0];
        assert_eq!(
            numbers,
            (first..first + total as i64).collect::<Vec<_>>(),
            "{label}, {writers} writers: the numbers given are not unique and consecutive"
        );
        runs.push(run);
    }
    print(&format!("{label}: abrir ocorrência"), &runs);

    // Replies, all to one occurrence of the first company.
    let (status, body) = apps::post_form(
        1,
        ports[0],
        "/api/abrir-ocorrencia",
        &customers[0],
        "module=fiscal&kind=erro&criticality=media&title=Muito+movimentada&description=Todos+respondem&steps=Emitir&analyst_id=",
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{body}");
    let hot = serde_json::from_str::<OccurrenceNumber>(&body)
        .unwrap()
        .path_part();
    let mut runs = Vec::new();
    for &writers in &levels {
        let number = apps::form_value(&hot);
        let run = drive(
            &ports,
            "/api/agir",
            &customers[..1],
            writers,
            total,
            move |n| format!("number={number}&action=reply&text=Resposta+{writers}-{n}"),
        )
        .await;
        assert!(
            run.errors.is_empty(),
            "{label}, {writers} writers replying to one occurrence: {} of {total} not accepted, e.g. {:?}",
            run.errors.len(),
            &run.errors[..run.errors.len().min(3)]
        );
        runs.push(run);
    }
    print(&format!("{label}: responder à mesma ocorrência"), &runs);

    // A move of the lifecycle on one case: every analyst clicks "assumir" on the same new
    // occurrence at once. One gets it; everyone else is told who has it, quickly.
    let analysts = vec![
        apps::sign_in(ports[0], "ana.n1@uno.example", "AnalistaN1#2026"),
        apps::sign_in(ports[0], "davi.n1@uno.example", "AnalistaN1b#2026"),
    ];
    let mut runs = Vec::new();
    for &writers in &levels {
        let (status, body) = apps::post_form(
            1,
            ports[0],
            "/api/abrir-ocorrencia",
            &customers[1],
            "module=fiscal&kind=erro&criticality=alta&title=Disputada&description=Todos+assumem&steps=Emitir&analyst_id=",
        )
        .await
        .unwrap();
        assert_eq!(status, 200, "{body}");
        let number = apps::form_value(
            &serde_json::from_str::<OccurrenceNumber>(&body)
                .unwrap()
                .path_part(),
        );
        let run = drive(
            &ports,
            "/api/agir",
            &analysts,
            writers,
            writers,
            move |_| format!("number={number}&action=take&text="),
        )
        .await;
        let unexpected: Vec<_> = run
            .errors
            .iter()
            .filter(|(status, _)| !(400..500).contains(status))
            .collect();
        assert!(
            run.accepted.len() == 1 && unexpected.is_empty(),
            "{label}, {writers} analysts taking one case: {} took it, not refused but failed: {:?}",
            run.accepted.len(),
            &unexpected[..unexpected.len().min(3)]
        );
        runs.push(run);
    }
    print(&format!("{label}: assumir a mesma ocorrência"), &runs);
    if let Some(database) = &database {
        each_mail_exactly_once(database, &sink, &label).await;
    }
    drop(apps);
    let _ = std::fs::remove_dir_all(&dir);
}
