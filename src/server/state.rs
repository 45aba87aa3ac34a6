//! Shared server state: cheap to clone, handed to every request and server function.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::{Arc, RwLock};

use super::{
    config::{SecurityConfig, SupportConfig},
    content::store,
    db::Db,
};
use crate::domain::search::spelling::Vocabulary;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub support: SupportConfig,
    pub security: SecurityConfig,
    /// Changes to occurrences, from the database's live notifications.
    pub live: super::live::LiveFeed,
    /// Attachment bytes (in memory until [`AppState::with_files`] names the real store).
    pub files: super::attachments::store::FileStore,
    /// Rendered anonymous Level 0 pages, keyed by the content revision.
    pub pages: super::http::page_cache::PageCache,
    /// Derived from the published content; rebuilt by [`AppState::refresh_vocabulary`].
    vocabulary: Arc<RwLock<Arc<Vocabulary>>>,
    /// The content revision the vocabulary was built from.
    built_from: Arc<RwLock<Option<store::Revision>>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    pub async fn new(
        leptos_options: LeptosOptions,
        db: Db,
        support: SupportConfig,
        security: SecurityConfig,
    ) -> anyhow::Result<Self> {
        let state = Self {
            leptos_options,
            live: super::live::LiveFeed::start(db.clone()),
            files: super::attachments::store::FileStore::memory(),
            pages: super::http::page_cache::PageCache::new(
                super::content::changes::ContentRevision::start(db.clone()),
            ),
            db,
            support,
            security,
            vocabulary: Arc::default(),
            built_from: Arc::default(),
        };
        state.refresh_vocabulary().await?;
        Ok(state)
    }

    pub fn with_files(mut self, files: super::attachments::store::FileStore) -> Self {
        self.files = files;
        self
    }

    pub fn vocabulary(&self) -> Arc<Vocabulary> {
        self.vocabulary
            .read()
            .expect("vocabulary lock poisoned")
            .clone()
    }

    /// Rebuilds the spelling vocabulary from the published content.
    pub async fn refresh_vocabulary(&self) -> anyhow::Result<()> {
        let revision = store::revision(&self.db).await?;
        let texts = store::published_texts(&self.db).await?;
        let vocab = Vocabulary::from_texts(texts.iter().map(String::as_str));
        *self.vocabulary.write().expect("vocabulary lock poisoned") = Arc::new(vocab);
        *self.built_from.write().expect("revision lock poisoned") = Some(revision);
        Ok(())
    }

    /// Rebuilds the vocabulary only when the content changed since it was built, e.g. by
    /// another app server. Returns whether it was rebuilt.
    pub async fn refresh_vocabulary_if_changed(&self) -> anyhow::Result<bool> {
        let current = store::revision(&self.db).await?;
        let known = self
            .built_from
            .read()
            .expect("revision lock poisoned")
            .clone();
        if known.as_ref() == Some(&current) {
            return Ok(false);
        }
        self.refresh_vocabulary().await?;
        Ok(true)
    }

    /// Keeps the vocabulary in step with content edited on any app server.
    pub fn watch_content(&self, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        super::jobs::every(every, "vocabulário", move || {
            let state = state.clone();
            async move { state.refresh_vocabulary_if_changed().await.map(|_| ()) }
        })
    }
}
