//! Schema, migrations and the demo import against `mem://`.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use suporte::domain::content::ContentKind;
use suporte::server::{content::store, migrations};

#[tokio::test]
async fn migrations_are_recorded_once_and_can_run_again() {
    let state = common::state_with(&[]).await;
    migrations::apply(&state.db).await.unwrap();
    migrations::apply(&state.db).await.unwrap();
    assert_eq!(
        migrations::applied(&state.db).await.unwrap(),
        [
            "0001_content",
            "0002_accounts",
            "0003_content_popular",
            "0004_hardening",
            "0005_occurrences",
            "0006_outbox_attachments",
            "0007_sla_alerts",
            "0008_plan_entries",
            "0009_sla_policy",
            "0010_notifications",
            "0011_search_leaves_the_database",
            "0012_forwarding",
            "0013_simulation",
            "0014_estimates",
            "0015_calls",
            "0016_merge",
            "0017_versions_knowledge_sla",
            "0018_offices",
            "0019_sign_in_hardening",
            "0020_volume_and_uploads",
            "0021_occurrence_updated_at",
            "0022_attachment_quota",
            "0023_live_change_feed",
            "0024_feed_sessions_content",
            "0025_activity_rank",
            "0026_state_changes",
        ]
    );
}

#[tokio::test]
async fn the_schema_refuses_invalid_content() {
    let state = common::state_with(&[]).await;
    for bad in [
        "CREATE content CONTENT { kind: 'wiki', slug: 'x', title: 'T', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'x', title: '  ', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'X', title: 'T', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'x', title: 'T', summary: '', module: 'marte', body_md: '', body_html: '', body_text: '', origin: 'repo' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'x', title: 'T', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo', extra: 1 }",
    ] {
        let res = state.db.query(bad).await.and_then(|r| r.check());
        assert!(res.is_err(), "accepted: {bad}");
    }
}

#[tokio::test]
async fn the_demo_import_is_idempotent_and_keeps_editor_changes() {
    let state = common::state_with(&[]).await;
    let first = store::sync_demo(&state.db).await.unwrap();
    assert!(first.written >= 40 && first.unchanged == 0, "{first:?}");
    let second = store::sync_demo(&state.db).await.unwrap();
    assert_eq!((second.written, second.unchanged), (0, first.written));

    state
        .db
        .query("UPDATE content SET origin = 'editor', title = 'Editado no app' WHERE kind = 'faq' AND slug = 'quando-ligar'")
        .await
        .unwrap()
        .check()
        .unwrap();
    store::sync_demo(&state.db).await.unwrap();
    let a = store::article(&state.db, &state.search, ContentKind::Faq, "quando-ligar")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.title, "Editado no app");
}

#[tokio::test]
async fn a_changed_item_is_written_again_with_a_new_timestamp() {
    let mut item = common::draft(ContentKind::Faq, "mudou", "Antes", "Texto.");
    let state = common::state_with(std::slice::from_ref(&item)).await;
    let first = store::article(&state.db, &state.search, ContentKind::Faq, "mudou")
        .await
        .unwrap()
        .unwrap();
    item.title = "Depois".into();
    store::upsert_repo_item(&state.db, &item).await.unwrap();
    let second = store::article(&state.db, &state.search, ContentKind::Faq, "mudou")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.title, "Depois");
    assert!(second.updated_at > first.updated_at);
}

#[tokio::test]
async fn a_change_and_its_audit_row_commit_together_or_not_at_all() {
    use suporte::server::db::{Actor, Change};
    let state = common::state_with(&[]).await;
    let actor = Actor {
        name: "Teste".into(),
        ..Actor::default()
    };
    let count = |table: &'static str| {
        let db = state.db.clone();
        async move {
            let mut r = db
                .query(format!("SELECT count() AS n FROM {table} GROUP ALL"))
                .await
                .unwrap();
            let v: Option<serde_json::Value> = r.take(0).unwrap();
            v.map_or(0, |v| v["n"].as_i64().unwrap())
        }
    };
    // A change whose statement fails (CNPJ against the schema) leaves no audit row.
    let bad = Change::new()
        .statement("CREATE company SET name = 'X', cnpj = 'não é cnpj', segment = '', modules = [], plan = 'ouro'")
        .audit(&actor, "empresa criada", "empresa:x", None, None)
        .commit(&state.db)
        .await;
    assert!(bad.is_err());
    assert_eq!((count("company").await, count("audit").await), (0, 0));
    // A good one stores both.
    Change::new()
        .statement("CREATE company SET name = 'X', cnpj = '11222333000181', segment = '', modules = [], plan = 'ouro'")
        .audit(&actor, "empresa criada", "empresa:x", None, None)
        .commit(&state.db)
        .await
        .unwrap();
    assert_eq!((count("company").await, count("audit").await), (1, 1));
}

#[tokio::test]
async fn a_unique_index_refusal_is_recognised_as_such() {
    // Pins SurrealDB's report of a UNIQUE violation: if an upgrade changes it, this fails
    // before conflicts turn into 500s (see `db::is_unique_violation`).
    let state = common::state_with(&[]).await;
    let create = "CREATE company SET name = 'X', cnpj = '11222333000181', segment = '', modules = [], plan = 'ouro'";
    suporte::server::db::Change::new()
        .statement(create)
        .commit(&state.db)
        .await
        .unwrap();
    let e = suporte::server::db::Change::new()
        .statement(create)
        .commit(&state.db)
        .await
        .unwrap_err();
    assert!(suporte::server::db::is_unique_violation(&e), "{e:#}");
    let other = suporte::server::db::Change::new()
        .statement("CREATE company SET name = ''")
        .commit(&state.db)
        .await
        .unwrap_err();
    assert!(
        !suporte::server::db::is_unique_violation(&other),
        "{other:#}"
    );
}

/// The slugs a field's ASSERT lists (`… IN [\'a\', \'b\']`), sorted.
async fn listed(db: &suporte::server::db::Db, table: &str, field: &str) -> Vec<String> {
    let mut res = db.query(format!("INFO FOR TABLE {table}")).await.unwrap();
    let t: Option<serde_json::Value> = res.take(0).unwrap();
    let def = t.unwrap()["fields"][field].as_str().unwrap().to_owned();
    let list = def.split('[').nth(1).unwrap().split(']').next().unwrap();
    let mut v: Vec<String> = list
        .split(',')
        .map(|s| s.trim().trim_matches(|c| c == '\'' || c == '"').to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    v.sort();
    v
}

fn sorted<'a>(v: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = v.into_iter().map(str::to_owned).collect();
    v.sort();
    v
}

#[tokio::test]
async fn the_schema_enum_lists_equal_the_rust_enums() {
    use suporte::domain::{
        accounts::Role,
        content::{ContentKind, ErpModule},
        sla::SlaPlan,
    };
    let state = common::state_with(&[]).await;
    let db = &state.db;
    assert_eq!(
        listed(db, "person", "roles").await,
        sorted(Role::ALL.iter().map(|r| r.slug()))
    );
    assert_eq!(
        listed(db, "company", "plan").await,
        sorted(SlaPlan::ALL.iter().map(|p| p.slug()))
    );
    assert_eq!(
        listed(db, "person", "contact_role").await,
        sorted(["project_manager", "vip_extra"])
    );
    assert_eq!(
        listed(db, "content", "module").await,
        sorted(ErpModule::ALL.iter().map(|m| m.slug()))
    );
    assert_eq!(
        listed(db, "content", "kind").await,
        sorted(ContentKind::ALL.iter().map(|k| k.slug()))
    );
    {
        use suporte::domain::{
            occurrences::{OccurrenceKind, State},
            sla::Criticality,
        };
        assert_eq!(
            listed(db, "occurrence", "state").await,
            sorted(State::ALL.iter().map(|s| s.slug()))
        );
        assert_eq!(
            listed(db, "occurrence", "kind").await,
            sorted(OccurrenceKind::ALL.iter().map(|k| k.slug()))
        );
        assert_eq!(
            listed(db, "occurrence", "criticality").await,
            sorted(Criticality::ALL.iter().map(|c| c.slug()))
        );
        assert_eq!(
            listed(db, "occurrence", "module").await,
            sorted(ErpModule::ALL.iter().map(|m| m.slug()))
        );
        assert_eq!(
            listed(db, "occurrence", "plan").await,
            sorted(SlaPlan::ALL.iter().map(|p| p.slug()))
        );
        assert_eq!(
            listed(db, "attachment", "kind").await,
            sorted(
                suporte::domain::attachment::FileKind::ALL
                    .iter()
                    .map(|k| k.slug())
            )
        );
    }
}

#[tokio::test]
async fn the_app_signs_in_as_a_database_user_that_cannot_manage_users() {
    use suporte::server::config::{DatabaseConfig, DatabaseCredentials, DatabaseUrl};
    let cfg = DatabaseConfig {
        url: DatabaseUrl::Memory,
        namespace: "uno".into(),
        database: "suporte".into(),
        credentials: None,
    };
    let db = surrealdb::engine::any::connect("mem://").await.unwrap();
    let pass = "uma senha \"longa\" de banco";
    suporte::server::db::define_app_user(&db, &cfg, "suporte_app", pass)
        .await
        .unwrap();
    let wrong = DatabaseCredentials {
        user: "suporte_app".into(),
        pass: "errada errada errada".into(),
    };
    assert!(
        suporte::server::db::sign_in(&db, &cfg, &wrong)
            .await
            .is_err()
    );
    let app = DatabaseCredentials {
        user: "suporte_app".into(),
        pass: pass.into(),
    };
    suporte::server::db::sign_in(&db, &cfg, &app).await.unwrap();
    db.use_ns("uno").use_db("suporte").await.unwrap();
    // Enough to migrate and work…
    migrations::apply(&db).await.unwrap();
    db.query("CREATE company SET name = 'X', cnpj = '11222333000181', segment = '', modules = [], plan = 'ouro'")
        .await
        .unwrap()
        .check()
        .unwrap();
    // …but not to create users (a root or owner could).
    let e = db
        .query("DEFINE USER intruso ON DATABASE PASSWORD 'x' ROLES OWNER")
        .await
        .unwrap()
        .check();
    assert!(e.is_err());
}

/// Migration 0026 copies each occurrence's state changes onto its record: run again on a
/// record whose copy is gone, it rebuilds what the steps wrote (same changes, same order).
#[tokio::test]
async fn the_state_changes_copy_is_rebuilt_from_the_events() {
    use suporte::domain::accounts::Role;
    let state = common::demo_state_with_accounts().await;
    let pm = common::session(&state, "gp@alimentos.example", Some(Role::Customer)).await;
    let ana = common::session(&state, "ana.n1@uno.example", Some(Role::AnalystN1)).await;
    let n = common::occurrences::open(&state, &pm, "media", "Cópia das mudanças").await;
    common::occurrences::act(&state, &ana, n, "take", "").await;
    common::occurrences::act(&state, &ana, n, "ask_customer", "Qual a versão?").await;
    let read = || async {
        let mut res = state
            .db
            .query(
                "SELECT VALUE state_changes.map(|$c| [<string> $c.at, $c.from_state, $c.to_state])
                 FROM occurrence WHERE year = $y AND seq = $s",
            )
            .bind(("y", n.year()))
            .bind(("s", i64::from(n.seq())))
            .await
            .unwrap();
        let rows: Vec<serde_json::Value> = suporte::server::db::rows(&mut res, 0).unwrap();
        rows.into_iter().next().unwrap()
    };
    let written = read().await;
    let moves: Vec<(&str, &str)> = written
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c[1].as_str().unwrap(), c[2].as_str().unwrap()))
        .collect();
    assert_eq!(
        moves,
        [
            ("aberta", "em_atendimento"),
            ("em_atendimento", "aguardando_cliente")
        ]
    );
    state
        .db
        .query("UPDATE occurrence SET state_changes = []")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(read().await, serde_json::json!([]));
    state
        .db
        .query(include_str!(
            "../src/server/migrations/0026_state_changes.surql"
        ))
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(read().await, written, "the copy rebuilt from the events");
}
