//! Shared server state: cheap to clone, handed to every request and server function.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::{Arc, RwLock};

use super::{config::SupportConfig, content::store, db::Db};
use crate::domain::search::spelling::Vocabulary;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub support: SupportConfig,
    /// Derived from the published content; rebuilt by [`AppState::refresh_vocabulary`].
    vocabulary: Arc<RwLock<Arc<Vocabulary>>>,
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
    ) -> anyhow::Result<Self> {
        let state = Self {
            leptos_options,
            db,
            support,
            vocabulary: Arc::default(),
        };
        state.refresh_vocabulary().await?;
        Ok(state)
    }

    pub fn vocabulary(&self) -> Arc<Vocabulary> {
        self.vocabulary
            .read()
            .expect("vocabulary lock poisoned")
            .clone()
    }

    /// Rebuilds the spelling vocabulary from the published content.
    pub async fn refresh_vocabulary(&self) -> anyhow::Result<()> {
        let texts = store::published_texts(&self.db).await?;
        let vocab = Vocabulary::from_texts(texts.iter().map(String::as_str));
        *self.vocabulary.write().expect("vocabulary lock poisoned") = Arc::new(vocab);
        Ok(())
    }
}
