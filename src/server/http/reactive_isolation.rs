//! Keeps one request's reactive owner from leaking into another's.
//!
//! Leptos keeps "the current owner" in a thread-local, and a page render sets it without
//! restoring it (`Owner::new_root` in `leptos_integration_utils::build_response`). Any
//! handler polled next on that worker thread then creates its owner as a *child* of the
//! rendering page and sees the page's contexts: Leptos' static-file handler took the
//! page's `ResponseOptions` (its CSP, status, cookies) for a `/pkg/` file, so the page
//! went out without its nonce and ran no script. Clearing the thread-local before and
//! after every poll of a handler makes each request start from no owner.

use std::future::poll_fn;

use axum::{extract::Request, middleware::Next, response::Response};
use leptos::reactive::owner::Owner;

pub async fn isolate(request: Request, next: Next) -> Response {
    let mut handler = std::pin::pin!(next.run(request));
    poll_fn(|cx| {
        clear();
        let poll = handler.as_mut().poll(cx);
        clear();
        poll
    })
    .await
}

/// Forgets the thread's current owner (the owner itself lives on with its request).
fn clear() {
    if let Some(owner) = Owner::current() {
        owner.unset();
    }
}
