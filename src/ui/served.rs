//! What the server tells the UI about the request it is rendering. The entry (`app.rs`)
//! provides it, so `ui` reads nothing from the `server` layer; in the browser (and when
//! Leptos lists the routes) there is none.

use std::sync::Arc;

use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

#[derive(Clone, Debug)]
pub struct ServedRequest {
    /// The request carries a valid session.
    pub signed_in: bool,
    /// Where the site's files are (the split manifest of lazy pages is read from there);
    /// one shared copy, made when the router is built, not one per request.
    pub site: Arc<LeptosOptions>,
}

pub fn served() -> Option<ServedRequest> {
    use_context::<ServedRequest>()
}
