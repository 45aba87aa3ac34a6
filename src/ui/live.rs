//! Live updates in the browser: one `EventSource` on `/eventos/ocorrencias` per page that
//! needs it, turned into a signal that changes when a relevant occurrence changes. Pages
//! add the signal to their resources' keys, so they reload exactly then — no polling.

use leptos::prelude::*;

/// Events closer together than this cause one reload.
#[cfg(feature = "hydrate")]
const COALESCE: std::time::Duration = std::time::Duration::from_millis(250);

/// When a page last started reading what it shows (ms, the browser's clock), and whether
/// one of its actions is in flight. A change reported before a read started is in what
/// that read brings (the server reports a change once it is committed), and an action in
/// flight reloads the page when it ends. So the echo of the person's own action does not
/// reload the page a second time: a reload redraws the page's forms, and one landing
/// while the person filled the next form lost what they had typed.
#[derive(Clone, Copy)]
pub struct Reads {
    // Read in the browser only (the server renders a page once and has no live stream).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    started: StoredValue<f64>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    busy: Signal<bool>,
}

impl Reads {
    pub fn new(busy: Signal<bool>) -> Self {
        Self {
            started: StoredValue::new(f64::NEG_INFINITY),
            busy,
        }
    }

    /// Call as a read starts (in the resource's fetcher).
    pub fn started(self) {
        #[cfg(feature = "hydrate")]
        self.started.set_value(js_sys::Date::now());
    }

    /// Whether what was reported at `at` will be shown without another reload.
    #[cfg(feature = "hydrate")]
    fn cover(self, at: f64) -> bool {
        self.started.try_get_value().is_some_and(|t| t > at)
            || self.busy.try_get_untracked().unwrap_or(false)
    }
}

/// Changes whenever the server reports a change to occurrence `number` (`2026/000123`),
/// or to any occurrence the caller may see when `number` is `None`; with `reads`, only
/// when no read started after the report.
pub fn occurrence_changes(number: Option<Signal<String>>, reads: Option<Reads>) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{JsCast, closure::Closure};
        let Ok(source) = web_sys::EventSource::new("/eventos/ocorrencias") else {
            return;
        };
        // A burst of changes (a coordinator's import, a hundred calls registered in a
        // minute) becomes one reload shortly after its first event, not one per event.
        let pending = std::rc::Rc::new(std::cell::Cell::new(false));
        // When the latest relevant report arrived.
        let reported = std::rc::Rc::new(std::cell::Cell::new(0.0_f64));
        let on_event =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data().as_string().unwrap_or_default();
                let wanted = number.map(|n| n.get_untracked());
                if data != "*" && wanted.is_some_and(|n| n != data) {
                    return;
                }
                reported.set(js_sys::Date::now());
                if !pending.replace(true) {
                    let (pending, reported) = (pending.clone(), reported.clone());
                    set_timeout(
                        move || {
                            pending.set(false);
                            let covered = reads.is_some_and(|r| r.cover(reported.get()));
                            if !covered {
                                set_changes.update(|n| *n += 1);
                            }
                        },
                        COALESCE,
                    );
                }
            });
        let _ = source
            .add_event_listener_with_callback("ocorrencia", on_event.as_ref().unchecked_ref());
        // Closed (and the callback freed) when the page goes away.
        let handle = SendWrapper::new((source, on_event));
        on_cleanup(move || handle.0.close());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (number, set_changes, reads);
    changes
}
