//! Inline line icons. Emoji and symbol characters (⏱, ⚠, ✔) are missing-glyph boxes on
//! systems without a colour-emoji font — Debian's Chromium among them — so every symbol
//! the interface shows is drawn here instead, in the text's colour and size.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Glyph {
    Bell,
    Clock,
    Pause,
    Warning,
    Stop,
    Check,
    Cross,
}

impl Glyph {
    /// The icon's outline on a 24 × 24 grid.
    fn path(self) -> &'static str {
        match self {
            Self::Bell => "M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9 M13.7 21a2 2 0 0 1-3.4 0",
            Self::Clock => "M12 22a8 8 0 1 0 0-16 8 8 0 0 0 0 16z M12 10v4l2.5 2 M9 2h6 M12 2v4",
            Self::Pause => "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M10 8v8 M14 8v8",
            Self::Warning => {
                "M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z M12 9v4 M12 17h.01"
            }
            Self::Stop => "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M7 12h10",
            Self::Check => "M20 6 9 17l-5-5",
            Self::Cross => "M18 6 6 18 M6 6l12 12",
        }
    }
}

/// A decorative icon (`aria-hidden`): the text beside it says the same thing.
#[component]
pub fn Icon(
    #[prop(into)] glyph: Signal<Glyph>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <svg class=format!("icon {class}") aria-hidden="true" focusable="false" viewBox="0 0 24 24"
            width="1.1em" height="1.1em" fill="none" stroke="currentColor" stroke-width="2"
            stroke-linecap="round" stroke-linejoin="round">
            <path d=move || glyph.get().path()></path>
        </svg>
    }
}
