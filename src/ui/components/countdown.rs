//! The live SLA countdown: remaining business time, ticking every second in the browser
//! with the same calendar code the server uses, holding still outside business hours, on
//! holidays and while paused, and saying why. One shared ticker drives every counter on a
//! page; each counter only updates its own text and attributes.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use leptos::prelude::*;

use crate::domain::sla::clock::{
    ClockStatus, PreparedClock, SlaClock, remaining_text, weekday_time,
};
use crate::ui::components::icon::{Glyph, Icon};

/// The current instant, advanced once a second in the browser.
#[derive(Clone, Copy)]
pub struct Ticker(ReadSignal<DateTime<Utc>>);

impl Ticker {
    /// The current instant (tracked: the caller re-runs every second).
    pub fn now(self) -> DateTime<Utc> {
        self.0.get()
    }
}

/// Starts the page's one ticker (in the browser; on the server, time stands at render).
pub fn provide_ticker() {
    let (now, set_now) = signal(Utc::now());
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                let started = frame_probe::start();
                set_now.set(Utc::now());
                // After the effects (microtasks) the tick woke: the whole update is done.
                set_timeout(
                    move || frame_probe::done(started),
                    std::time::Duration::ZERO,
                );
            },
            std::time::Duration::from_secs(1),
        );
        if let Ok(h) = handle {
            on_cleanup(move || h.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_now;
    provide_context(Ticker(now));
}

/// Every finished tick adds one to `window.__suporte_ticks` (browser tests wait for ticks,
/// not for fixed times). For `./bench.sh`: with `window.__suporte_measure = true`, each
/// tick's cost (signal set → every counter updated → layout) is pushed to
/// `window.__suporte_frames` (ms).
#[cfg(feature = "hydrate")]
mod frame_probe {
    use wasm_bindgen::{JsCast, JsValue};

    pub fn start() -> Option<f64> {
        let w = web_sys::window()?;
        let on = js_sys::Reflect::get(&w, &JsValue::from_str("__suporte_measure"))
            .ok()?
            .as_bool()?;
        on.then(|| w.performance().map(|p| p.now()))?
    }

    pub fn done(started: Option<f64>) {
        let Some(w) = web_sys::window() else { return };
        if let Some(t0) = started {
            record(&w, t0);
        }
        let key = JsValue::from_str("__suporte_ticks");
        let ticks = js_sys::Reflect::get(&w, &key)
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let _ = js_sys::Reflect::set(&w, &key, &JsValue::from_f64(ticks + 1.0));
    }

    fn record(w: &web_sys::Window, t0: f64) {
        // Reading a layout property makes the browser apply the changes now.
        if let Some(body) = w.document().and_then(|d| d.body()) {
            let _ = body.offset_height();
        }
        let Some(p) = w.performance() else { return };
        let key = JsValue::from_str("__suporte_frames");
        let frames = match js_sys::Reflect::get(w, &key) {
            // The page's own array (`Array::from` would push into a copy).
            Ok(v) if js_sys::Array::is_array(&v) => v.unchecked_into::<js_sys::Array>(),
            _ => {
                let a = js_sys::Array::new();
                let _ = js_sys::Reflect::set(w, &key, &a);
                a
            }
        };
        frames.push(&JsValue::from_f64(p.now() - t0));
    }
}

/// The status's icon (its words are in the text).
fn glyph(status: ClockStatus) -> Glyph {
    match status {
        ClockStatus::Running => Glyph::Clock,
        ClockStatus::Paused => Glyph::Pause,
        ClockStatus::Warning => Glyph::Warning,
        ClockStatus::Breached => Glyph::Stop,
        ClockStatus::Met => Glyph::Check,
    }
}

#[component]
pub fn SlaCountdown(clock: SlaClock) -> impl IntoView {
    let now = use_context::<Ticker>().map(|t| t.0);
    // The browser's clock error, measured once against the server's time of reading.
    let skew: Duration = clock.read_at - Utc::now();
    let skew = if skew.num_seconds().abs() > 5 {
        skew
    } else {
        Duration::zero()
    };
    let paused_because = clock.paused_because.clone();
    // The calendar the occurrence opened under (hours and holidays), kept once.
    let calendar = StoredValue::new(clock.calendar().clone());
    // The deadline is computed once; each tick only counts from now to it.
    let prepared = StoredValue::new(calendar.with_value(|cal| PreparedClock::new(clock, cal)));
    let reading = Memo::new(move |_| {
        let at = now.map_or_else(Utc::now, |n| n.get()) + skew;
        calendar.with_value(|cal| prepared.with_value(|p| p.read(cal, at)))
    });
    let deadline = move || {
        reading.with(|r| {
            r.deadline
                .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true))
                .unwrap_or_default()
        })
    };
    let status = move || reading.with(|r| r.status);
    let text = move || {
        reading.with(|r| {
            let label = r.status.label();
            let mut out = format!("{}: ", r.target.label());
            match r.status {
                ClockStatus::Met => out.push_str(label),
                ClockStatus::Paused => {
                    out.push_str(&remaining_text(r.remaining));
                    out.push_str(&format!(" ({} % usado)", r.used_percent));
                    out.push_str(" — pausado");
                    if let Some(why) = &paused_because {
                        out.push_str(" — ");
                        out.push_str(why);
                    }
                }
                ClockStatus::Breached => {
                    out.push_str(label);
                    out.push_str(" há ");
                    out.push_str(&remaining_text(-r.remaining));
                }
                _ => {
                    out.push_str(&remaining_text(r.remaining));
                    out.push_str(&format!(" restantes ({} % usado)", r.used_percent));
                    if r.status == ClockStatus::Warning {
                        out.push_str(" — ");
                        out.push_str(label);
                    }
                    if let Some(at) = r.resumes_at {
                        out.push_str(" — retoma ");
                        out.push_str(&calendar.with_value(|cal| weekday_time(cal, at)));
                    }
                }
            }
            out
        })
    };
    view! {
        <span
            class=move || format!("sla sla-{}", status().slug())
            data-testid="sla-countdown"
            data-deadline=deadline
            data-status=move || status().slug()
            data-used=move || reading.with(|r| r.used_percent.to_string())
            role="timer"
            aria-live="off"
        >
            <Icon glyph=Signal::derive(move || glyph(status())) />
            " "
            {text}
        </span>
    }
}
