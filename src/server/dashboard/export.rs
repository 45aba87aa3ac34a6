//! `GET /coordenacao/painel.csv?serie=…`: one dashboard chart's figures as CSV, for the
//! coordinator only (the chart's table, for a spreadsheet).

use axum::{
    Extension,
    extract::{Query, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::domain::{accounts::Role, error::AppError};
use crate::server::{
    http::{errors::app_error, session::Resolved},
    state::AppState,
};

#[derive(Deserialize)]
pub struct CsvQuery {
    serie: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
    Query(query): Query<CsvQuery>,
) -> Response {
    match export(&state, caller, query.serie.unwrap_or_default()).await {
        Ok(r) => r,
        Err(e) => app_error(e),
    }
}

async fn export(
    state: &AppState,
    caller: Option<crate::server::accounts::sessions::Caller>,
    series: String,
) -> Result<Response, AppError> {
    crate::server::accounts::admission::admit(
        caller.ok_or(AppError::Unauthenticated)?,
        &[Role::Coordinator],
    )?;
    let dashboard = state
        .dashboard
        .get(&state.db, state.live.seen(), chrono::Utc::now())
        .await?;
    let csv = dashboard.csv(&series).ok_or_else(|| {
        AppError::invalid("Série desconhecida: use backlog, antigas, semanas, canais, resposta, autoatendimento ou sla.")
    })?;
    // The BOM makes spreadsheets read the accents as UTF-8.
    let mut response = format!("\u{feff}{csv}").into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // `series` is one of the known names here (csv() refused the rest).
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"painel-{series}.csv\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
