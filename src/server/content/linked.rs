//! The Level 0 items an occurrence's replies point to, as cards: only published ones
//! (a withdrawn item shows no card; its path stays in the text).

use anyhow::Result;
use serde::Deserialize;

use crate::domain::content::{ContentKind, Slug};
use crate::domain::knowledge::LinkedArticle;
use crate::server::db::{Db, rows};

/// At most this many cards per page.
const MAX: usize = 12;

pub async fn cards(db: &Db, links: &[(ContentKind, Slug)]) -> Result<Vec<LinkedArticle>> {
    #[derive(Deserialize)]
    struct Row {
        kind: ContentKind,
        slug: String,
        title: String,
        summary: String,
    }
    let mut wanted: Vec<(ContentKind, &Slug)> = Vec::new();
    for (k, s) in links {
        if !wanted.iter().any(|(wk, ws)| wk == k && *ws == s) {
            wanted.push((*k, s));
        }
    }
    wanted.truncate(MAX);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<serde_json::Value> = wanted
        .iter()
        .map(|(k, s)| serde_json::json!([k.slug(), s.as_str()]))
        .collect();
    let mut res = db
        .query(
            "LET $recs = array::map($ids, |$i| type::record('content', $i));
             SELECT kind, slug, title, summary FROM $recs WHERE published = true;",
        )
        .bind(("ids", ids))
        .await?;
    let found: Vec<Row> = rows(&mut res, 1)?;
    // In the order the replies named them.
    Ok(wanted
        .iter()
        .filter_map(|(k, s)| {
            found
                .iter()
                .find(|r| r.kind == *k && r.slug == s.as_str())
                .map(|r| LinkedArticle {
                    kind: r.kind,
                    slug: r.slug.clone(),
                    title: r.title.clone(),
                    summary: r.summary.clone(),
                })
        })
        .collect())
}
