//! Requests through the real router (every layer: sessions, CSRF, page cache, headers),
//! answered whole.

use axum::{
    body::Body,
    http::{HeaderMap, Request, StatusCode},
};
use suporte::server::state::AppState;
use tower::ServiceExt;

/// A response read to the end.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Status, headers and body as text, for destructuring.
    pub fn parts(self) -> (StatusCode, HeaderMap, String) {
        let text = self.text();
        (self.status, self.headers, text)
    }

    /// A header's value, or "" when it is absent.
    pub fn header(&self, name: impl axum::http::header::AsHeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub async fn send(state: &AppState, req: Request<Body>) -> Reply {
    let res = suporte::app::router(state.clone())
        .oneshot(req)
        .await
        .unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// `GET path` with the given headers.
pub async fn get(state: &AppState, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::get(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    send(state, req.body(Body::empty()).unwrap()).await
}
