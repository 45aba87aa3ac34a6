//! Helpers shared by the integration tests: a fresh in-memory database per test, and a
//! way to call server functions the way a request would (with the app state in context).
#![allow(dead_code)]

use leptos::prelude::{Owner, provide_context};
use leptos::reactive::computed::ScopedFuture;
use std::future::Future;
use suporte::domain::content::{ContentKind, Slug};
use suporte::server::{
    config::SupportConfig, content::draft::ContentDraft, content::store, db, state::AppState,
};

/// App state over a fresh `mem://` database holding only `items`.
pub async fn state_with(items: &[ContentDraft]) -> AppState {
    let db = db::memory().await.expect("in-memory database");
    for item in items {
        store::upsert_repo_item(&db, item).await.expect("upsert");
    }
    let options = leptos::config::LeptosOptions::builder()
        .output_name("suporte")
        .build();
    let support = SupportConfig {
        phone: "(15) 3000-0000".into(),
        demo_content: false,
    };
    AppState::new(options, db, support).await.expect("state")
}

/// App state over a fresh `mem://` database holding the demo corpus.
pub async fn demo_state() -> AppState {
    let state = state_with(&[]).await;
    store::sync_demo(&state.db).await.expect("demo import");
    state.refresh_vocabulary().await.expect("vocabulary");
    state
}

/// Runs a server function as an anonymous request would: with the state in context.
pub async fn call<T>(state: &AppState, f: impl FnOnce() -> T) -> T::Output
where
    T: Future,
{
    let owner = Owner::new();
    let fut = owner.with(|| {
        provide_context(state.clone());
        ScopedFuture::new(f())
    });
    fut.await
}

pub fn draft(kind: ContentKind, slug: &str, title: &str, body: &str) -> ContentDraft {
    ContentDraft {
        kind,
        slug: Slug::parse(slug).expect("valid slug"),
        title: title.into(),
        summary: String::new(),
        module: None,
        body_md: body.into(),
        popular: false,
        position: 0,
        duration_minutes: (kind == ContentKind::Course).then_some(60),
        course_url: (kind == ContentKind::Course).then(|| "https://example.com/c".into()),
    }
}
