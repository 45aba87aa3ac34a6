//! Shared server state: cheap to clone, handed to every request and server function.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::{
    config::{SecurityConfig, SupportConfig},
    db::Db,
    search::SearchIndex,
};

/// One pointer: each middleware and server function clones the state, and cloning the
/// configuration's strings on every request showed in profiles.
#[derive(Clone)]
pub struct AppState(Arc<State>);

/// The fields of [`AppState`] (reached through it by `Deref`).
#[derive(Clone)]
pub struct State {
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
    /// The published content, searchable in RAM (kept current by the content feed).
    pub search: SearchIndex,
    /// Where content changes reach `search` (and retire cached pages).
    pub content: super::content::changes::FeedSink,
    /// The coordinator's dashboard, read once per change and shared.
    pub dashboard: Arc<super::dashboard::cache::DashboardCache>,
    /// Requests in flight per client address (bounded, `http::per_client`).
    pub in_flight: super::http::per_client::InFlight,
}

impl Deref for AppState {
    type Target = State;

    fn deref(&self) -> &State {
        &self.0
    }
}

/// Changing a field (at start, or in a test) gives this handle its own copy.
impl DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut State {
        Arc::make_mut(&mut self.0)
    }
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
        let search = SearchIndex::new()?;
        let options = super::live::tail::FeedOptions::from_env();
        let content =
            super::content::changes::follow(db.clone(), search.clone(), options.live_select)
                .await?;
        let revision = content.revision().clone();
        Ok(Self(Arc::new(State {
            leptos_options,
            live: super::live::LiveFeed::start_with(
                db.clone(),
                super::live::streams::StreamLimits::new(
                    security.live_streams_max,
                    security.live_stream_lifetime,
                ),
                options,
                Some(content.clone()),
            ),
            files: super::attachments::store::FileStore::memory(),
            pages: super::http::page_cache::PageCache::new(revision),
            db,
            support,
            security,
            search,
            content,
            dashboard: Arc::default(),
            in_flight: super::http::per_client::InFlight::default(),
        })))
    }

    pub fn with_files(mut self, files: super::attachments::store::FileStore) -> Self {
        self.files = files;
        self
    }

    /// Rebuilds the search index from the database now (the feed does it by itself; this
    /// is for a process that wrote content without following the feed, e.g. a test).
    pub async fn reindex(&self) -> anyhow::Result<()> {
        self.content.apply(None).await
    }

    /// Applies an edit of this server to its own index at once (see
    /// [`FeedSink::refresh_item`](super::content::changes::FeedSink::refresh_item)),
    /// which retires cached pages.
    pub async fn content_edited(
        &self,
        kind: crate::domain::content::ContentKind,
        slug: &str,
    ) -> anyhow::Result<()> {
        self.content.refresh_item(kind, slug).await
    }
}
