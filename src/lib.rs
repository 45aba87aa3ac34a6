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
    // A panic is logged to the console and kept in `window.__suporte_panic`, so a browser
    // test that sees a page never become interactive can say why.
    std::panic::set_hook(Box::new(|info| {
        if let Some(window) = web_sys::window() {
            let _ =
                js_sys::Reflect::set(&window, &"__suporte_panic".into(), &info.to_string().into());
        }
        console_error_panic_hook::hook(info);
    }));
    // Hydration may wait for a lazy route's WASM chunk (`ui::lazy_page!`), so it is async.
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        leptos::mount::hydrate_from_async(body, ui::App)
            .await
            .forget();
        // After the hydration's own work (a tick later): put back what was typed before
        // the WASM took over (the page's early script kept it), then say the page is
        // interactive (browser tests and tools wait for `__suporte_hydrated`).
        leptos::prelude::set_timeout(after_hydration, std::time::Duration::ZERO);
    });
}

#[cfg(feature = "hydrate")]
fn after_hydration() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(restore) = js_sys::Reflect::get(&window, &"__suporte_restore".into())
        && let Some(restore) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&restore)
    {
        let _ = restore.call0(&window);
    }
    let _ = js_sys::Reflect::set(&window, &"__suporte_hydrated".into(), &true.into());
}
