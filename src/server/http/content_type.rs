//! Server functions read URL-encoded form data (what the browser client and plain HTML
//! forms send); any other body type is refused with 415 before any decoding is tried.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::server_fn::error::FromServerFnError;

use crate::domain::error::AppError;

/// Where server functions are mounted.
pub const API_PREFIX: &str = "/api/";

pub fn accepted(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        ct.split(';').next().is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    })
}

pub async fn check(request: Request<Body>, next: Next) -> Response {
    let is_call = request.method() == Method::POST && request.uri().path().starts_with(API_PREFIX);
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if is_call && !accepted(content_type) {
        let error = AppError::UnsupportedMediaType;
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            [(header::CONTENT_TYPE, "application/json")],
            error.ser(),
        )
            .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_form_data_is_accepted() {
        assert!(accepted(Some("application/x-www-form-urlencoded")));
        assert!(accepted(Some(
            "application/x-www-form-urlencoded; charset=UTF-8"
        )));
        assert!(!accepted(Some("application/json")));
        assert!(!accepted(Some("multipart/form-data; boundary=x")));
        assert!(!accepted(Some("text/plain")));
        assert!(!accepted(None));
    }
}
