//! Gives server-function errors their HTTP status.
//!
//! The server-function machinery answers every error with 500 and the encoded error in
//! the body; here, once for all functions, the body is read back as an [`AppError`] and
//! the status becomes the one [`AppError::status`] names (400 for a request that could not
//! be decoded, 401, 403, 409, 429 with `Retry-After`…). Real failures stay 500.

use axum::{
    body::{Body, to_bytes},
    http::{HeaderValue, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};

use crate::domain::error::AppError;

/// Encoded errors are small; anything bigger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn map_status(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "erro interno").into_response();
    };
    let error = AppError::de(bytes.clone());
    parts.status =
        StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(secs) = error.retry_after() {
        parts
            .headers
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The database did not answer: the request cannot be served now.
pub fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "5")],
        "Serviço temporariamente indisponível. Tente novamente em instantes.",
    )
        .into_response()
}

/// An [`AppError`] answered by a plain HTTP route (uploads, downloads): the same status
/// as from a server function, and the error as JSON for the page to show.
pub fn app_error(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(&error)).into_response();
    if let Some(secs) = error.retry_after() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}
