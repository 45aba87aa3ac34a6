//! `GET /coordenacao/orcamentos.csv`: the approved data-change estimates, for billing
//! (coordinator only).

use axum::{
    Extension,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use crate::domain::{accounts::Role, error::AppError};
use crate::server::{
    http::{errors::app_error, session::Resolved},
    state::AppState,
};

pub async fn download(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
) -> Response {
    match export(&state, caller).await {
        Ok(r) => r,
        Err(e) => app_error(e),
    }
}

async fn export(
    state: &AppState,
    caller: Option<crate::server::accounts::sessions::Caller>,
) -> Result<Response, AppError> {
    crate::server::accounts::admission::admit(
        caller.ok_or(AppError::Unauthenticated)?,
        &[Role::Coordinator],
    )?;
    // The BOM makes spreadsheets read the accents as UTF-8.
    let body = format!(
        "\u{feff}{}",
        super::estimate::approved_csv(&state.db).await?
    );
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"orcamentos-aprovados.csv\""),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
