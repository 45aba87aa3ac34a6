//! Start-up wiring: state from configuration, and the HTTP router.

use anyhow::Result;
use axum::{Router, routing::get};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;

use super::{auth::csrf, bootstrap, config::Config, content::store, db, health, state::AppState};
use crate::ui::{App, shell};

/// Opens the database (applying migrations), imports the demo corpus when configured,
/// and builds the shared state.
pub async fn build_state(cfg: &Config) -> Result<AppState> {
    let db = db::connect(&cfg.database).await?;
    if cfg.support.demo_content {
        let report = store::sync_demo(&db).await?;
        tracing::info!(
            written = report.written,
            unchanged = report.unchanged,
            "conteúdo de demonstração"
        );
        // Accounts with published passwords never appear in a release build by accident.
        if cfg!(debug_assertions) || std::env::var("SUPORTE_DEMO_ACCOUNTS").is_ok_and(|v| v == "1")
        {
            bootstrap::seed_demo_accounts(&db).await?;
        }
    }
    bootstrap::coordinator_from_env(&db).await?;
    AppState::new(cfg.leptos.clone(), db, cfg.support.clone()).await
}

/// All routes: pages, server functions, static files, `/healthz`, and the 404 fallback.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(csrf::guard))
        .layer(CompressionLayer::new())
        .with_state(state)
}
