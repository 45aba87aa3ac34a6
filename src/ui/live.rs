//! Live updates in the browser: one `EventSource` on `/eventos/ocorrencias` per page that
//! needs it, turned into a signal that changes when a relevant occurrence changes. Pages
//! add the signal to their resources' keys, so they reload exactly then — no polling.

use leptos::prelude::*;

/// Events closer together than this cause one reload.
#[cfg(feature = "hydrate")]
const COALESCE: std::time::Duration = std::time::Duration::from_millis(250);

/// After a refused or failed stream (too many tabs, a restart), the page asks again after
/// this long.
#[cfg(feature = "hydrate")]
const RETRY: std::time::Duration = std::time::Duration::from_secs(3);

/// Changes whenever the server reports a change to occurrence `number` (`2026/000123`),
/// or to any occurrence the caller may see when `number` is `None`. Also after the stream
/// comes back from a break (events may have been missed while it was away).
pub fn occurrence_changes(number: Option<Signal<String>>) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use send_wrapper::SendWrapper;
        let stream = stream::Stream::new(number, set_changes);
        stream.connect();
        // Closed (and the callbacks freed) when the page goes away.
        let handle = SendWrapper::new(stream);
        on_cleanup(move || handle.close());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (number, set_changes);
    changes
}

/// One page's `EventSource`, opened again after the browser gives up on it (a refusal such
/// as 429 ends an `EventSource` for good; a dropped connection it retries by itself).
#[cfg(feature = "hydrate")]
mod stream {
    use std::{
        cell::{Cell, RefCell},
        rc::Rc,
    };

    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use web_sys::{EventSource, MessageEvent};

    use super::{COALESCE, RETRY};

    type Callback = Closure<dyn FnMut(JsValue)>;

    struct Open {
        source: EventSource,
        _on_event: Closure<dyn FnMut(MessageEvent)>,
        _on_open: Callback,
        _on_error: Callback,
    }

    #[derive(Clone)]
    pub struct Stream {
        number: Option<Signal<String>>,
        set_changes: WriteSignal<u32>,
        alive: Rc<Cell<bool>>,
        opened_before: Rc<Cell<bool>>,
        current: Rc<RefCell<Option<Open>>>,
    }

    impl Stream {
        pub fn new(number: Option<Signal<String>>, set_changes: WriteSignal<u32>) -> Self {
            Self {
                number,
                set_changes,
                alive: Rc::new(Cell::new(true)),
                opened_before: Rc::default(),
                current: Rc::default(),
            }
        }

        pub fn close(&self) {
            self.alive.set(false);
            if let Some(open) = self.current.borrow_mut().take() {
                open.source.close();
            }
        }

        pub fn connect(&self) {
            if !self.alive.get() {
                return;
            }
            let Ok(source) = EventSource::new("/eventos/ocorrencias") else {
                return;
            };
            // A burst of changes (a coordinator's import, a hundred calls registered in a
            // minute) becomes one reload shortly after its first event, not one per event.
            let pending = Rc::new(Cell::new(false));
            let (number, set_changes) = (self.number, self.set_changes);
            let on_event = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
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
            let opened_before = self.opened_before.clone();
            let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                if opened_before.replace(true) {
                    set_changes.update(|n| *n += 1);
                }
            });
            let me = self.clone();
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                let closed = me
                    .current
                    .borrow()
                    .as_ref()
                    .is_some_and(|o| o.source.ready_state() == EventSource::CLOSED);
                if closed {
                    let me = me.clone();
                    // The old source (whose callback this is) is dropped from the timer,
                    // never while it runs.
                    set_timeout(
                        move || {
                            if let Some(old) = me.current.borrow_mut().take() {
                                old.source.close();
                            }
                            me.connect();
                        },
                        RETRY,
                    );
                }
            });
            let _ = source
                .add_event_listener_with_callback("ocorrencia", on_event.as_ref().unchecked_ref());
            let _ =
                source.add_event_listener_with_callback("open", on_open.as_ref().unchecked_ref());
            let _ =
                source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
            *self.current.borrow_mut() = Some(Open {
                source,
                _on_event: on_event,
                _on_open: on_open,
                _on_error: on_error,
            });
        }
    }
}
