//! Suporte UNO: the support centre of UNO ERP.
//!
//! - `domain`: pure rules shared by server and browser (content, search analysis, time).
//! - `server`: server-only code behind the `ssr` feature (config, database, search, HTTP).
//! - `api`: server functions, thin: check the caller, call `server`.
//! - `ui`: Leptos pages and components.
//! - `app`: the entry joining `server` and `ui` into the HTTP application.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod app;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
    // Lets browser tests (and tools) wait until the page is interactive.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__suporte_hydrated".into(), &true.into());
    }
}
