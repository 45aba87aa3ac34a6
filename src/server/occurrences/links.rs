//! The Level 0 items a public text points to, counted per month for the coordinator's
//! "linked most" (written in the step's transaction).

use crate::server::db::Change;

/// Adds the counting of what `text` links to, when it is public.
pub(super) fn with_links(change: Change, text: &str, public: bool) -> Change {
    let links = crate::domain::knowledge::level0_links(text);
    if !public || links.is_empty() {
        return change;
    }
    let links: Vec<serde_json::Value> = links
        .iter()
        .map(|(k, s)| serde_json::json!({ "kind": k.slug(), "slug": s.as_str() }))
        .collect();
    change
        .statement(
            "FOR $l IN $st_links { CREATE content_link SET
                 occurrence = type::record('occurrence', $st_id), kind = $l.kind,
                 slug = $l.slug, month = $st_month }",
        )
        .bind("st_links", links)
        .bind(
            "st_month",
            crate::domain::time::month_key(chrono::Utc::now()),
        )
}
