//! Occurrence steps the integration tests share: open one (module fiscal, type erro), read
//! its page, act on it, and move its opening into the past.

use suporte::api::occurrences as oc;
use suporte::domain::occurrences::{OccurrenceNumber, OccurrenceView};
use suporte::server::state::AppState;

use super::call_as;

/// Opens an occurrence as the customer behind `cookie` with this criticality and title.
pub async fn open(
    state: &AppState,
    cookie: &str,
    criticality: &str,
    title: &str,
) -> OccurrenceNumber {
    try_open(state, cookie, criticality, title).await.unwrap()
}

/// Like [`open`], for a test that expects a refusal.
pub async fn try_open(
    state: &AppState,
    cookie: &str,
    criticality: &str,
    title: &str,
) -> Result<OccurrenceNumber, suporte::domain::error::AppError> {
    call_as(state, Some(cookie), || {
        oc::open_occurrence(
            "fiscal".into(),
            "erro".into(),
            criticality.into(),
            title.into(),
            "A nota volta com rejeição 539.".into(),
            "1. Emitir 2. Transmitir".into(),
            String::new(),
            None,
        )
    })
    .await
}

/// The occurrence page as the person behind `cookie` sees it.
pub async fn page(state: &AppState, cookie: &str, n: OccurrenceNumber) -> OccurrenceView {
    call_as(state, Some(cookie), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap()
}

/// Takes `action` (with `text`) on the occurrence; it must succeed.
pub async fn act(state: &AppState, cookie: &str, n: OccurrenceNumber, action: &str, text: &str) {
    call_as(state, Some(cookie), || {
        oc::act_on_occurrence(n.path_part(), action.into(), text.into(), None, None)
    })
    .await
    .unwrap();
}

/// Sets the opening instant (RFC 3339).
pub async fn set_opened_at(state: &AppState, n: OccurrenceNumber, at: &str) {
    state
        .db
        .query("UPDATE occurrence SET opened_at = <datetime> $t WHERE year = $y AND seq = $s")
        .bind(("t", at.to_owned()))
        .bind(("y", n.year()))
        .bind(("s", i64::from(n.seq())))
        .await
        .unwrap()
        .check()
        .unwrap();
}

/// Moves the opening `days` into the past.
pub async fn age(state: &AppState, n: OccurrenceNumber, days: i64) {
    let at = chrono::Utc::now() - chrono::Duration::days(days);
    set_opened_at(state, n, &at.to_rfc3339()).await;
}
