//! A request body must arrive whole within a deadline: a client trickling it a byte a
//! second (slow-loris) is answered 408 after 10 s instead of holding a slot for the
//! request's whole 30 s, and more than the body limit is 413 without reading the rest.
//! Uploads have a router of their own, with their own size and time.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::time::Duration;

/// Server-function bodies (and any other request body) larger than this get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How long a body may take to arrive.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn read_whole(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let limit = MAX_BODY_BYTES;
    match tokio::time::timeout(BODY_READ_TIMEOUT, to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        // Over the limit, or the client broke the body off: either way it is not coming.
        Ok(Err(_)) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "Pedido grande demais ou interrompido.",
        )
            .into_response(),
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            "O corpo do pedido demorou demais para chegar.",
        )
            .into_response(),
    }
}
