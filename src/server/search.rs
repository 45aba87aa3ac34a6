//! Full-text search over Level 0 content, BM25-ranked by SurrealDB.
//!
//! A title (or summary) match weighs three times a body match. When a query finds
//! nothing, the spelling vocabulary proposes a corrected query, which is run instead.

use anyhow::Result;
use serde::Deserialize;
use std::collections::HashSet;

use super::db::{Db, rows};
use crate::domain::{
    content::{ContentKind, ErpModule},
    search::{
        SearchFilters, SearchHit, SearchQuery, SearchResults, analyzer, snippet,
        spelling::Vocabulary,
    },
};

pub const DEFAULT_LIMIT: usize = 20;
const TITLE_WEIGHT: f64 = 3.0;

#[derive(Deserialize)]
struct HitRow {
    kind: ContentKind,
    slug: String,
    title: String,
    summary: String,
    module: Option<ErpModule>,
    body_text: String,
    score: f64,
}

/// Runs `query` with `filters`; never fails on odd input, only on database errors.
pub async fn search(
    db: &Db,
    vocabulary: &Vocabulary,
    query: &SearchQuery,
    filters: SearchFilters,
    limit: usize,
) -> Result<SearchResults> {
    let mut results = SearchResults {
        query: query.as_str().to_owned(),
        ..Default::default()
    };
    if query.is_empty() {
        return Ok(results);
    }
    results.hits = ranked_hits(db, query, filters, limit).await?;
    let correction = vocabulary
        .correct(query.as_str())
        .and_then(|c| SearchQuery::parse(&c).ok());
    match correction {
        Some(corrected) if results.hits.is_empty() => {
            results.hits = ranked_hits(db, &corrected, filters, limit).await?;
            if !results.hits.is_empty() {
                results.corrected_from = Some(results.query.clone());
                results.query = corrected.as_str().to_owned();
            }
        }
        Some(better) => results.suggestion = Some(better.as_str().to_owned()),
        None => {}
    }
    Ok(results)
}

async fn ranked_hits(
    db: &Db,
    query: &SearchQuery,
    filters: SearchFilters,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let mut res = db
        .query(
            "SELECT kind, slug, title, summary, module, body_text,
                    (search::score(0) ?? 0) * $title_weight + (search::score(1) ?? 0) AS score
             FROM content
             WHERE (search_title @0,OR@ $terms OR search_body @1,OR@ $terms)
               AND published = true
               AND ($kind = NONE OR kind = $kind)
               AND ($module = NONE OR module = $module)
             ORDER BY score DESC
             LIMIT $limit",
        )
        .bind(("terms", query.index_text()))
        .bind(("title_weight", TITLE_WEIGHT))
        .bind(("kind", filters.kind.map(|k| k.slug().to_owned())))
        .bind(("module", filters.module.map(|m| m.slug().to_owned())))
        .bind(("limit", limit as i64))
        .await?;
    let stems: HashSet<String> = analyzer::stems(query.as_str()).into_iter().collect();
    Ok(rows::<HitRow>(&mut res, 0)?
        .into_iter()
        .map(|row| {
            let mut parts = snippet::build(&row.body_text, &stems);
            if !parts.iter().any(|p| p.matched) && !row.summary.is_empty() {
                parts = snippet::build(&row.summary, &stems);
            }
            SearchHit {
                kind: row.kind,
                slug: row.slug,
                title: row.title,
                module: row.module,
                snippet: parts,
                score: row.score,
            }
        })
        .collect())
}
