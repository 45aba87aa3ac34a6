//! `GET /coordenacao/sla.csv?meses=N`: the report's lines (one per occurrence, both
//! deadlines judged) as a CSV download, for the coordinator only; with `&tabela=multas`,
//! every company's penalty per month (the page lists only the largest).

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
    sla::report::{csv, penalties_csv, report_since, summarize},
};
use crate::server::{
    http::{errors::app_error, session::Resolved},
    state::AppState,
};

#[derive(Deserialize)]
pub struct CsvQuery {
    meses: Option<u32>,
    tabela: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
    Query(query): Query<CsvQuery>,
) -> Response {
    match export(&state, caller, query).await {
        Ok(r) => r,
        Err(e) => app_error(e),
    }
}

async fn export(
    state: &AppState,
    caller: Option<crate::server::accounts::sessions::Caller>,
    query: CsvQuery,
) -> Result<Response, AppError> {
    crate::server::accounts::admission::admit(
        caller.ok_or(AppError::Unauthenticated)?,
        &[Role::Coordinator],
    )?;
    let now = chrono::Utc::now();
    let months = query.meses.unwrap_or(12);
    let penalties = match query.tabela.as_deref() {
        None | Some("") | Some("ocorrencias") => false,
        Some("multas") => true,
        Some(_) => {
            return Err(AppError::invalid(
                "Tabela desconhecida: use 'ocorrencias' ou 'multas'.",
            ));
        }
    };
    let since = report_since(months, now).map_err(AppError::invalid)?;
    let policy = super::policy::load(&state.db).await?;
    let lines = super::report::lines(&state.db, &policy, since, now).await?;
    // The BOM makes spreadsheets read the accents as UTF-8.
    // A year is ~100 000 lines at a busy centre: judged into a table off the async
    // workers, as the report page does.
    let (name, table) = tokio::task::spawn_blocking(move || {
        let made = if penalties {
            (
                "sla-multas",
                penalties_csv(&summarize(&lines, &policy).penalties),
            )
        } else {
            ("sla", csv(&lines))
        };
        drop(lines);
        crate::server::memory::release_free();
        made
    })
    .await
    .map_err(anyhow::Error::from)?;
    let body = format!("\u{feff}{table}");
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{name}-{months}-meses.csv\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
