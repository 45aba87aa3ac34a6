//! The entry: joins the server layer and the UI into one HTTP application. The only
//! module that knows both sides (the `server` layer never imports `ui`).

use anyhow::Result;
use axum::{
    Router,
    http::StatusCode,
    middleware,
    routing::{get, post},
};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::{sync::OnceLock, time::Duration};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::{
    compression::CompressionLayer, limit::RequestBodyLimitLayer, timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::server::{
    attachments::{routes as attachment_routes, store::FileStore},
    bootstrap,
    config::Config,
    content::store,
    db, health,
    http::{client, content_type, csrf, errors, headers, request_id, session},
    live,
    state::AppState,
};
use crate::ui::{App, served::ServedRequest, shell};

pub use crate::server::http::body_deadline::MAX_BODY_BYTES;
/// A request taking longer than this is answered 408 and dropped.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// An upload (one file of up to 10 MB) may take this long, for slow connections.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(300);
/// Requests handled at once by one app server; more wait their turn.
pub const MAX_CONCURRENT_REQUESTS: usize = 512;

/// Opens the database (applying migrations), imports the demo corpus when configured,
/// and builds the shared state.
pub async fn build_state(cfg: &Config) -> Result<AppState> {
    crate::server::http::test_clock::check(cfg)?;
    let db = db::connect(&cfg.database).await?;
    if cfg.support.demo_content {
        let report = store::sync_demo(&db).await?;
        tracing::info!(
            written = report.written,
            unchanged = report.unchanged,
            "conteúdo de demonstração"
        );
    }
    bootstrap::demo_accounts_for(&db, cfg).await?;
    bootstrap::coordinator_from_env(&db).await?;
    bootstrap::tell_if_nobody_coordinates(&db).await?;
    let files = FileStore::open(&cfg.attachments)?;
    Ok(AppState::new(
        cfg.leptos.clone(),
        db,
        cfg.support.clone(),
        cfg.security.clone(),
    )
    .await?
    .with_files(files))
}

/// The app's page routes, listed once per process. Leptos lists them by running the app
/// with resource loading switched off through a process-wide flag: a page rendering on
/// another thread whose resource first ran inside that window would wait forever
/// (leptos#4773; a 408 after 30 s). Listed once, before the first router exists, there
/// is no such window, whatever number of routers a process builds (tests build many).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Whether the request being answered carries a valid session (the session layer resolved
/// it before any page or server function runs).
fn signed_in() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<session::Resolved>()
                .map(|r| r.0.is_some())
        })
        .unwrap_or(false)
}

/// All routes: pages, server functions, static files, `/healthz`, and the 404 fallback,
/// behind the middleware every request passes (outermost first): request id, access log,
/// concurrency cap, compression, security headers, client, session, cross-site guard;
/// then, for pages and server functions, the anonymous page cache, timeout, body limit,
/// server-function body type and status, a reactive owner of their own; for uploads,
/// their own (larger) limit and time.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let options = state.leptos_options.clone();
    let context_state = state.clone();
    let site = std::sync::Arc::new(state.leptos_options.clone());
    let context = move || {
        provide_context(context_state.clone());
        provide_context(ServedRequest {
            signed_in: signed_in(),
            site: site.clone(),
        });
        headers::page_csp();
    };
    let pages = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/eventos/ocorrencias", get(live::events))
        .route("/anexos/{id}", get(attachment_routes::download))
        .route(
            "/coordenacao/sla.csv",
            get(crate::server::sla::export::download),
        )
        .route(
            "/coordenacao/painel.csv",
            get(crate::server::dashboard::export::download),
        )
        .route(
            "/coordenacao/orcamentos.csv",
            get(crate::server::occurrences::estimates_csv::download),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn(
            crate::server::http::reactive_isolation::isolate,
        ))
        .layer(middleware::from_fn(errors::map_status))
        .layer(middleware::from_fn(content_type::check))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(
            crate::server::http::body_deadline::read_whole,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    // Files have their own body limit and time (the handler names the file it refuses).
    let uploads = Router::new()
        .route("/anexos", post(attachment_routes::upload))
        .layer(RequestBodyLimitLayer::new(
            crate::domain::attachment::MAX_FILE_BYTES + 64 * 1024,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            UPLOAD_TIMEOUT,
        ));
    let routes = pages.merge(uploads);
    let routes = if crate::server::http::test_clock::enabled() {
        tracing::warn!("relógio de teste ligado (SUPORTE_TEST_CLOCK=1): só para testes");
        routes.layer(middleware::from_fn(crate::server::http::test_clock::read))
    } else {
        routes
    };
    // The page cache sits inside the session layer (it needs to know who is asking) but
    // outside the routing, so a cached page is answered before any route's handler is
    // even prepared (axum clones a route's service, Leptos options and all, per request).
    let routes: Router = routes.with_state(state.clone());
    Router::new()
        .fallback_service(routes)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::server::http::page_cache::serve,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client::resolve,
        ))
        .layer(middleware::from_fn(crate::server::http::asset_cache::set))
        .layer(middleware::from_fn_with_state(state.clone(), headers::add))
        .layer(CompressionLayer::new())
        .layer(GlobalConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        // Outside the shared slots: one client's excess never waits for (or takes) them.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::server::http::per_client::limit,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(log_response)
                // A failure's cause is logged once, where it happened (`AppError::from`).
                .on_failure(()),
        )
        .layer(middleware::from_fn(request_id::assign))
}

/// The access log's span: method and path only. Never headers, cookies, bodies or query
/// strings (a search may hold what a person typed).
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = req
        .extensions()
        .get::<request_id::RequestId>()
        .map_or("", |r| r.0.as_str());
    tracing::info_span!("http", request_id = %id, method = %req.method(), path = %req.uri().path())
}

/// The access log's line: status and latency, one per request.
fn log_response(
    res: &axum::http::Response<axum::body::Body>,
    latency: Duration,
    _: &tracing::Span,
) {
    tracing::info!(
        status = res.status().as_u16(),
        ms = latency.as_millis() as u64,
        "access"
    );
}
