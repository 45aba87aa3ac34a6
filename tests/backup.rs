//! Backup and restore on a SurrealDB server (issue 21 item 8), as the README tells an
//! operator to do it: `surreal export` of the app's database while the app runs, `surreal
//! import` into an empty database, an app process started on the copy. The copy holds
//! what was written (occurrences, their timelines, the outbox, the accounts and even the
//! sessions), and its numbering goes on from where the original was.
//!
//! Second pass of `./test.sh` only (it needs the server and the `surreal` command).
#![cfg(all(feature = "ssr", unix))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::apps::{self, App};
use std::process::Command;
use suporte::domain::occurrences::OccurrenceNumber;
use suporte::server::config::{DatabaseConfig, DatabaseCredentials, DatabaseUrl};
use suporte::server::db;

const APP_PASS: &str = "senha-do-app-backup";

fn surreal(bin: &str, args: &[&str], root_pass: &str) {
    let out = Command::new(bin)
        .args(args)
        // The password through the environment, not the command line (`ps` shows that).
        .env("SURREAL_USER", "root")
        .env("SURREAL_PASS", root_pass)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "surreal {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn counts(database: &db::Db) -> Vec<(String, i64)> {
    let mut found = Vec::new();
    for table in [
        "occurrence",
        "occurrence_event",
        "outbox",
        "person",
        "company",
        "session",
        "audit",
        "content",
    ] {
        let mut res = database
            .query(format!("SELECT count() FROM {table} GROUP ALL"))
            .await
            .unwrap();
        let n: Option<i64> = res.take((0, "count")).unwrap();
        found.push((table.to_owned(), n.unwrap_or(0)));
    }
    found
}

fn open(port: u16, cookie: &str, title: &str) -> OccurrenceNumber {
    let form = format!(
        "module=fiscal&kind=erro&criticality=media&title={}&description=Antes+e+depois+do+backup&steps=Emitir&analyst_id=",
        apps::form_value(title)
    );
    let (status, body) = apps::request(port, "POST", "/api/abrir-ocorrencia", cookie, &form)
        .expect("the app answers");
    assert_eq!(status, 200, "opening on :{port}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_imported_into_an_empty_database_is_the_whole_app() {
    let (Ok(url), Ok(bin)) = (
        std::env::var(common::SERVER_URL_VAR),
        std::env::var("SUPORTE_TEST_SURREAL_BIN"),
    ) else {
        eprintln!("sem servidor SurrealDB: só no segundo passe do ./test.sh");
        return;
    };
    let root_pass = std::env::var(common::SERVER_ROOT_PASS_VAR).unwrap();
    let root = DatabaseCredentials {
        user: "root".into(),
        pass: root_pass.clone(),
    };
    let config = |database: &str| DatabaseConfig {
        url: DatabaseUrl::parse(&url).unwrap(),
        namespace: "testes".into(),
        database: database.to_owned(),
        credentials: Some(DatabaseCredentials {
            user: "suporte".into(),
            pass: APP_PASS.into(),
        }),
    };
    let id = std::process::id();
    let (original, copy) = (format!("original{id}"), format!("copia{id}"));
    db::create_app_user(&config(&original), Some(&root), "suporte", APP_PASS)
        .await
        .unwrap();
    let files = std::env::temp_dir().join(format!("suporte-backup-{id}"));
    let app = App::start(apps::on_server(&url, &original, APP_PASS, &files), true);
    let cookie = apps::sign_in(app.port, "gp@alimentos.example", "ClienteVip#2026");
    let mut opened = Vec::new();
    for i in 0..5 {
        opened.push(open(app.port, &cookie, &format!("Antes do backup {i}")));
    }
    let (status, _) = apps::request(
        app.port,
        "POST",
        "/api/agir",
        &cookie,
        &format!(
            "number={}&action=reply&text=Resposta+guardada",
            apps::form_value(&opened[0].path_part())
        ),
    )
    .unwrap();
    assert_eq!(status, 200);

    // The backup, with the app running (a consistent snapshot: one read transaction).
    // Over HTTP: the WebSocket protocol has no export or import.
    let http = url.replacen("ws://", "http://", 1);
    let dump = std::env::temp_dir().join(format!("suporte-backup-{id}.surql"));
    let dump_path = dump.to_str().unwrap();
    surreal(
        &bin,
        &[
            "export",
            "--endpoint",
            &http,
            "--namespace",
            "testes",
            "--database",
            &original,
            dump_path,
        ],
        &root_pass,
    );
    // The restore, into a database nobody has used.
    surreal(
        &bin,
        &[
            "import",
            "--endpoint",
            &http,
            "--namespace",
            "testes",
            "--database",
            &copy,
            dump_path,
        ],
        &root_pass,
    );
    let before = counts(&db::connect(&config(&original)).await.unwrap()).await;
    // The app's own database user came along with the data.
    let restored = db::connect(&config(&copy)).await.unwrap();
    let after = counts(&restored).await;
    assert_eq!(after, before, "the copy differs from the original");
    assert!(before[0].1 >= 5, "the occurrences written: {before:?}");

    // An app on the copy: the same session is good there, the same pages read the same,
    // and the next number follows the last.
    let on_copy = App::start(apps::on_server(&url, &copy, APP_PASS, &files), false);
    let (status, body) = apps::request(
        on_copy.port,
        "POST",
        "/api/ocorrencia",
        &cookie,
        &format!("number={}", apps::form_value(&opened[0].path_part())),
    )
    .unwrap();
    assert_eq!(status, 200, "the occurrence on the copy: {body}");
    assert!(
        body.contains("Antes do backup 0") && body.contains("Resposta guardada"),
        "the copy's page lacks what was written: {body}"
    );
    let next = open(on_copy.port, &cookie, "Depois da restauração");
    assert_eq!(
        (next.year(), next.seq()),
        (opened[4].year(), opened[4].seq() + 1),
        "the numbering did not go on from the original's"
    );
    drop((app, on_copy));
    let _ = std::fs::remove_file(&dump);
    let _ = std::fs::remove_dir_all(&files);
}
