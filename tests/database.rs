//! Schema, migrations and the demo import against `mem://`.
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
        ["0001_content", "0002_accounts", "0003_content_popular"]
    );
}

#[tokio::test]
async fn the_schema_refuses_invalid_content() {
    let state = common::state_with(&[]).await;
    for bad in [
        "CREATE content CONTENT { kind: 'wiki', slug: 'x', title: 'T', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo', search_title: '', search_body: '' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'x', title: '  ', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo', search_title: '', search_body: '' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'X', title: 'T', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo', search_title: '', search_body: '' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'x', title: 'T', summary: '', module: 'marte', body_md: '', body_html: '', body_text: '', origin: 'repo', search_title: '', search_body: '' }",
        "CREATE content CONTENT { kind: 'faq', slug: 'x', title: 'T', summary: '', body_md: '', body_html: '', body_text: '', origin: 'repo', search_title: '', search_body: '', extra: 1 }",
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
    let a = store::article(&state.db, ContentKind::Faq, "quando-ligar")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.title, "Editado no app");
}

#[tokio::test]
async fn a_changed_item_is_written_again_with_a_new_timestamp() {
    let mut item = common::draft(ContentKind::Faq, "mudou", "Antes", "Texto.");
    let state = common::state_with(std::slice::from_ref(&item)).await;
    let first = store::article(&state.db, ContentKind::Faq, "mudou")
        .await
        .unwrap()
        .unwrap();
    item.title = "Depois".into();
    store::upsert_repo_item(&state.db, &item).await.unwrap();
    let second = store::article(&state.db, ContentKind::Faq, "mudou")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.title, "Depois");
    assert!(second.updated_at >= first.updated_at);
}
