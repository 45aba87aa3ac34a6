//! Live updates in the browser: one `EventSource` on `/eventos/ocorrencias` per page that
//! needs it, turned into a signal that changes when a relevant occurrence changes. Pages
//! add the signal to their resources' keys, so they reload exactly then — no polling.

use leptos::prelude::*;

/// Events closer together than this cause one reload.
#[cfg(feature = "hydrate")]
const COALESCE: std::time::Duration = std::time::Duration::from_millis(250);

/// Changes whenever the server reports a change to occurrence `number` (`2026/000123`),
/// or to any occurrence the caller may see when `number` is `None`.
pub fn occurrence_changes(number: Option<Signal<String>>) -> ReadSignal<u32> {
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
        let on_event =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data().as_string().unwrap_or_default();
                let wanted = number.map(|n| n.get_untracked());
                if (data == "*" || wanted.is_none_or(|n| n == data)) && !pending.replace(true) {
                    let pending = pending.clone();
                    set_timeout(
                        move || {
                            pending.set(false);
                            set_changes.update(|n| *n += 1);
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
    let _ = (number, set_changes);
    changes
}
