//! The occurrence draft in the browser's storage (nothing on the server side), one per
//! person: on a shared computer the next person signing in never sees it, and signing out
//! wipes every draft.

use crate::domain::occurrences::OccurrenceForm;

#[cfg(feature = "hydrate")]
const PREFIX: &str = "suporte.rascunho-ocorrencia";

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(feature = "hydrate")]
fn key(owner: &str) -> String {
    format!("{PREFIX}:{owner}")
}

/// `owner`'s draft (the empty form if none).
pub fn load(owner: &str) -> OccurrenceForm {
    #[cfg(feature = "hydrate")]
    if let Some(text) = storage().and_then(|s| s.get_item(&key(owner)).ok().flatten()) {
        return serde_json::from_str(&text).unwrap_or_default();
    }
    let _ = owner;
    OccurrenceForm::default()
}

pub fn save(owner: &str, form: &OccurrenceForm) {
    #[cfg(feature = "hydrate")]
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(form)) {
        let _ = s.set_item(&key(owner), &text);
    }
    let _ = (owner, form);
}

pub fn clear(owner: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(owner));
    }
    let _ = owner;
}

/// Every draft kept in this browser, whoever wrote it (on sign-out).
pub fn clear_all() {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..n)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
}
