//! `suporte import-content DIR` as a coordinator runs it: files in the demo layout loaded
//! into the configured database, idempotently, searchable afterwards; one bad file stops
//! the whole import before anything is written.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(all(feature = "ssr", unix))]

mod common;

use std::path::Path;
use std::process::Command;

use common::call;
use suporte::api::search::search_content;
use suporte::server::{config::Config, db, state::AppState};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs the import; (success, stdout, stderr).
fn import(dir: &Path, database: &str) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_suporte"))
        .args(["import-content", &dir.display().to_string()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", database)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_folder_of_markdown_is_imported_once_and_found_by_search() {
    let root = std::env::temp_dir().join(format!("suporte-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let files = root.join("manual-exportado");
    let database = format!("surrealkv://{}", root.join("db").display());
    write(
        &files.join("manual/inventario-rotativo.md"),
        "---\ntitle: Inventário rotativo\nsummary: Contagem por endereço.\nmodule: estoque\n---\nO inventário rotativo conta o estoque por endereço, sem parar o armazém.\n",
    );
    write(
        &files.join("faq/etiqueta-de-gondola.md"),
        "---\ntitle: Como imprimir etiqueta de gôndola?\n---\nUse o relatório de etiquetas.\n",
    );
    write(&files.join("wiki/solto.md"), "---\ntitle: x\n---\ny\n");

    let (ok, stdout, stderr) = import(&files, &database);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("2 arquivo(s) — 2 gravado(s), 0 sem mudança"),
        "{stdout}"
    );
    assert!(
        stderr.contains("importando: 2/2"),
        "a progress line: {stderr}"
    );
    assert!(
        stderr.contains("wiki"),
        "the folder it left alone is named: {stderr}"
    );

    // Again: nothing to write.
    let (ok, stdout, _) = import(&files, &database);
    assert!(ok);
    assert!(stdout.contains("0 gravado(s), 2 sem mudança"), "{stdout}");

    // A changed file is written again, and a broken one stops everything first.
    write(
        &files.join("faq/etiqueta-de-gondola.md"),
        "---\ntitle: Como imprimir etiqueta de gôndola?\n---\nUse o relatório de etiquetas (novo).\n",
    );
    write(
        &files.join("blog/sem-cabecalho.md"),
        "só texto, sem cabeçalho\n",
    );
    let (ok, stdout, stderr) = import(&files, &database);
    assert!(!ok, "{stdout}");
    assert!(
        stderr.contains("sem-cabecalho.md") && stderr.contains("nada foi importado"),
        "{stderr}"
    );
    std::fs::remove_file(files.join("blog/sem-cabecalho.md")).unwrap();
    let (ok, stdout, _) = import(&files, &database);
    assert!(ok);
    assert!(stdout.contains("1 gravado(s), 1 sem mudança"), "{stdout}");

    // A server on that database finds the imported text.
    let file =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml")).unwrap();
    let cfg =
        Config::from_parts(&file, |k| (k == "DATABASE_URL").then(|| database.clone())).unwrap();
    let db = db::connect(&cfg.database).await.unwrap();
    let state = AppState::new(
        cfg.leptos.clone(),
        db,
        cfg.support.clone(),
        Default::default(),
    )
    .await
    .unwrap();
    let found = call(&state, || {
        search_content("inventario rotativo".into(), None, None)
    })
    .await
    .unwrap();
    assert_eq!(found.hits[0].slug, "inventario-rotativo");
    let (ok, _, stderr) = import(&root.join("nao-existe"), &database);
    assert!(!ok && stderr.contains("não é uma pasta"), "{stderr}");
    drop(state);
    let _ = std::fs::remove_dir_all(&root);
}
