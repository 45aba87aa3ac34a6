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

/// After a refused or failed stream (too many tabs, a restart, a session that ended), the
/// page asks again after this long, doubling on each refusal in a row up to `RETRY_MAX_MS`:
/// a person's ninth tab gets in within seconds of another closing, and a signed-out tab
/// does not knock every 3 s for ever.
#[cfg(feature = "hydrate")]
const RETRY_MS: u64 = 3_000;
#[cfg(feature = "hydrate")]
const RETRY_MAX_MS: u64 = 30_000;

/// The wait before the `refusals`-th try in a row (1-based).
#[cfg(any(feature = "hydrate", test))]
fn retry_after_ms(refusals: u32, first: u64, max: u64) -> u64 {
    first
        .saturating_mul(1 << refusals.saturating_sub(1).min(16))
        .min(max)
}

/// Changes whenever the server reports a change to occurrence `number` (`2026/000123`),
/// or to any occurrence the caller may see when `number` is `None`; with `reads`, only
/// when no read started after the report. Also after the stream comes back from a break
/// (events may have been missed while it was away).
pub fn occurrence_changes(number: Option<Signal<String>>, reads: Option<Reads>) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use send_wrapper::SendWrapper;
        let stream = stream::Stream::new(number, set_changes, reads);
        stream.connect();
        // Closed (and the callbacks freed) when the page goes away.
        let handle = SendWrapper::new(stream);
        on_cleanup(move || handle.close());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (number, set_changes, reads);
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

    use super::{COALESCE, RETRY_MAX_MS, RETRY_MS, Reads, retry_after_ms};

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
        reads: Option<Reads>,
        alive: Rc<Cell<bool>>,
        /// A stream failed or was refused since the last open: what happened meanwhile
        /// was not reported. (Not "opened before": a page whose first stream was refused,
        /// e.g. while the server still counted a closed tab's, missed the gap too.)
        interrupted: Rc<Cell<bool>>,
        /// Tries refused in a row since the last open (for the back-off).
        refusals: Rc<Cell<u32>>,
        current: Rc<RefCell<Option<Open>>>,
    }

    impl Stream {
        pub fn new(
            number: Option<Signal<String>>,
            set_changes: WriteSignal<u32>,
            reads: Option<Reads>,
        ) -> Self {
            Self {
                number,
                set_changes,
                reads,
                alive: Rc::new(Cell::new(true)),
                interrupted: Rc::default(),
                refusals: Rc::default(),
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
            // When the latest relevant report arrived.
            let reported = Rc::new(Cell::new(0.0_f64));
            let (number, set_changes, reads) = (self.number, self.set_changes, self.reads);
            let on_event = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
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
            let (interrupted, refusals) = (self.interrupted.clone(), self.refusals.clone());
            let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                refusals.set(0);
                if interrupted.replace(false) {
                    set_changes.update(|n| *n += 1);
                }
            });
            let me = self.clone();
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                me.interrupted.set(true);
                let closed = me
                    .current
                    .borrow()
                    .as_ref()
                    .is_some_and(|o| o.source.ready_state() == EventSource::CLOSED);
                if closed {
                    let me = me.clone();
                    let refusals = me.refusals.get().saturating_add(1);
                    me.refusals.set(refusals);
                    let wait = retry_after_ms(refusals, RETRY_MS, RETRY_MAX_MS);
                    // The old source (whose callback this is) is dropped from the timer,
                    // never while it runs.
                    set_timeout(
                        move || {
                            if let Some(old) = me.current.borrow_mut().take() {
                                old.source.close();
                            }
                            me.connect();
                        },
                        std::time::Duration::from_millis(wait),
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

#[cfg(test)]
mod tests {
    use super::retry_after_ms;

    #[test]
    fn refused_streams_back_off_to_a_ceiling() {
        let waits: Vec<u64> = (1..=6).map(|n| retry_after_ms(n, 3_000, 30_000)).collect();
        assert_eq!(waits, [3_000, 6_000, 12_000, 24_000, 30_000, 30_000]);
        assert_eq!(retry_after_ms(u32::MAX, 3_000, 30_000), 30_000);
    }
}
