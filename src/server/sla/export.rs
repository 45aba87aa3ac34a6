//! `GET /coordenacao/sla.csv?meses=N`: the report's lines (one per occurrence, both
//! deadlines judged) as a CSV download, for the coordinator only.

use axum::{
    Extension,
    extract::{Query, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::domain::error::AppError;
use crate::domain::{
    accounts::Role,
    sla::report::{csv, report_since},
};
use crate::server::{
    http::{errors::app_error, session::Resolved},
    state::AppState,
};

#[derive(Deserialize)]
pub struct CsvQuery {
    meses: Option<u32>,
}

pub async fn download(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
    Query(query): Query<CsvQuery>,
) -> Response {
    match export(&state, caller, query.meses).await {
        Ok(r) => r,
        Err(e) => app_error(e),
    }
}

async fn export(
    state: &AppState,
    caller: Option<crate::server::accounts::sessions::Caller>,
    months: Option<u32>,
) -> Result<Response, AppError> {
    crate::server::accounts::admission::admit(
        caller.ok_or(AppError::Unauthenticated)?,
        &[Role::Coordinator],
    )?;
    let now = chrono::Utc::now();
    let months = months.unwrap_or(12);
    let since = report_since(months, now).map_err(AppError::invalid)?;
    let policy = super::policy::load(&state.db).await?;
    let lines = super::report::lines(&state.db, &policy, since, now).await?;
    // The BOM makes spreadsheets read the accents as UTF-8.
    let body = format!("\u{feff}{}", csv(&lines));
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"sla-{}-meses.csv\"",
        months
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
