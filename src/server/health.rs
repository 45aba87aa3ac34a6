//! `/healthz`: 200 when the database answers a query, 503 otherwise.

use axum::{extract::State, http::StatusCode, response::IntoResponse};

use super::state::AppState;

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.query("RETURN 1").await.and_then(|r| r.check()) {
        Ok(_) => (StatusCode::OK, "ok: banco de dados respondendo\n"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "erro: banco de dados indisponível\n",
            )
        }
    }
}
