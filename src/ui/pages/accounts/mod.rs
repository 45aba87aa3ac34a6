//! Account screens: the person's own account, a contact's company, and the
//! coordinator's companies (with contacts and prerequisites) and analysts. The server
//! checks the role on every call; these pages only show.

pub mod access;
pub mod analysts;
pub mod away_cases;
pub mod companies;
pub mod my_account;
pub mod my_company;

use leptos::prelude::*;

use crate::api::AppError;
use crate::ui::components::errors::message;

/// Shows the outcome of an action: its error, or `ok` when it succeeded.
pub(crate) fn outcome<T: Clone + Send + Sync + 'static>(
    value: Option<Result<T, AppError>>,
    ok: &'static str,
) -> Option<AnyView> {
    value.map(|r| match r {
        Ok(_) => view! { <p class="notice" role="status" data-testid="action-ok">{ok}</p> }.into_any(),
        Err(e) => view! { <p class="notice notice-error" role="alert" data-testid="action-error">{message(&e)}</p> }.into_any(),
    })
}

/// Asks the person to confirm an action that cannot be undone from here.
pub(crate) fn confirmed(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        true
    }
}
