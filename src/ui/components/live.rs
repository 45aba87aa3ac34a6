//! Buttons that only work once the app runs. Server-rendered HTML shows them before the
//! WASM has hydrated the page (a moment here, seconds on a slow phone); a click then would
//! be lost without a trace. Such a button is rendered disabled (and says why) and comes
//! alive when its component runs in the browser. Forms that post without the app
//! (`ActionForm`, GET filters) need none of this.

use leptos::prelude::*;

/// `false` in the server's HTML and until this component has hydrated, then `true`.
/// (Effects run only in the browser, after the component's hydration.) A component
/// created after the app hydrated (a re-render, a client-side navigation) is live at once:
/// its handlers are attached as it is built.
pub fn is_live() -> Signal<bool> {
    let live = RwSignal::new(app_hydrated());
    Effect::new(move |_| live.set(true));
    live.into()
}

#[cfg(feature = "hydrate")]
fn app_hydrated() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"__suporte_hydrated".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

#[cfg(not(feature = "hydrate"))]
fn app_hydrated() -> bool {
    false
}

/// The tooltip of a button that is not live yet.
pub fn waiting_title(live: Signal<bool>) -> impl Fn() -> Option<&'static str> + Copy {
    move || (!live.get()).then_some("Carregando a página…")
}
