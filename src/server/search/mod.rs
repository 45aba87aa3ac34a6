//! Level 0 search, served from an in-process tantivy index in RAM (see [`index`]); the
//! database stays the source of truth and the index follows it through the content feed.
//!
//! A title (or summary) match weighs three times a body match. When a query finds
//! nothing, the index's own dictionary proposes a corrected query, which is run instead;
//! when it finds something, a better spelling is only offered.

pub mod document;
pub mod index;
pub mod query;
mod schema;
mod spelling;
mod terms;
mod tokenizer;

use anyhow::Result;
use std::collections::HashSet;
use tantivy::{Searcher, TantivyDocument, collector::TopDocs, schema::Value};

pub use index::{IndexUpdate, SearchIndex};
pub use schema::Fields;

use crate::domain::{
    content::{ContentKind, ContentLink, ErpModule},
    search::{SearchFilters, SearchHit, SearchQuery, SearchResults, snippet},
};

pub const DEFAULT_LIMIT: usize = 20;

/// [`search`] on the blocking pool, so the async workers keep answering other requests
/// while a long query is worked on (its work is capped too: see `query::MAX_STEMS` and
/// `spelling::MAX_FUZZY_WORDS`).
pub async fn search_off_workers(
    index: &SearchIndex,
    query: SearchQuery,
    filters: SearchFilters,
    limit: usize,
) -> Result<SearchResults> {
    let index = index.clone();
    tokio::task::spawn_blocking(move || search(&index, &query, filters, limit)).await?
}

/// Runs `query` with `filters`; never fails on odd input. Sub-millisecond work on a
/// read-only snapshot for ordinary queries.
pub fn search(
    index: &SearchIndex,
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
    let searcher = index.searcher();
    let f = index.fields();
    results.hits = ranked_hits(&searcher, f, query, filters, limit)?;
    let correction =
        spelling::correct(&searcher, f, query.as_str()).and_then(|c| SearchQuery::parse(&c).ok());
    match correction {
        Some(corrected) if results.hits.is_empty() => {
            results.hits = ranked_hits(&searcher, f, &corrected, filters, limit)?;
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

fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> &str {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("")
}

/// The stored fields of a hit, parsed back (they were written from typed values).
struct Stored<'a> {
    kind: ContentKind,
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    module: Option<ErpModule>,
}

fn stored<'a>(doc: &'a TantivyDocument, f: &Fields) -> Option<Stored<'a>> {
    Some(Stored {
        kind: ContentKind::parse(text(doc, f.kind)).ok()?,
        slug: text(doc, f.slug),
        title: text(doc, f.title),
        summary: text(doc, f.summary),
        module: ErpModule::parse(text(doc, f.module)).ok(),
    })
}

fn ranked_hits(
    searcher: &Searcher,
    f: &Fields,
    query: &SearchQuery,
    filters: SearchFilters,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let Some(plan) = query::plan(searcher, f, query, filters) else {
        return Ok(Vec::new());
    };
    let top = searcher.search(&plan.query, &TopDocs::with_limit(limit).order_by_score())?;
    let mut hits = Vec::with_capacity(top.len());
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let Some(item) = stored(&doc, f) else {
            continue;
        };
        let mut parts = snippet::build(text(&doc, f.text), &plan.stems);
        if !parts.iter().any(|p| p.matched) && !item.summary.is_empty() {
            parts = snippet::build(item.summary, &plan.stems);
        }
        hits.push(SearchHit {
            kind: item.kind,
            slug: item.slug.to_owned(),
            title: item.title.to_owned(),
            module: item.module,
            snippet: parts,
            score: f64::from(score),
        });
    }
    Ok(hits)
}

/// Up to `limit` published items about the subject of `title` (its words, in the body),
/// other than the item at `kind`/`slug` itself: the "related" box of an article.
pub fn related(
    index: &SearchIndex,
    title: &str,
    kind: ContentKind,
    slug: &str,
    limit: usize,
) -> Result<Vec<ContentLink>> {
    let searcher = index.searcher();
    let f = index.fields();
    let stems: HashSet<String> = crate::domain::search::analyzer::stems(title)
        .into_iter()
        .collect();
    if stems.is_empty() {
        return Ok(Vec::new());
    }
    let clauses = stems
        .iter()
        .flat_map(|s| query::stem_clauses(f, s, 1.0))
        .collect();
    let query = tantivy::query::BooleanQuery::new(clauses);
    let top = searcher.search(&query, &TopDocs::with_limit(limit + 1).order_by_score())?;
    let mut links = Vec::new();
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        if let Some(item) = stored(&doc, f).filter(|i| !(i.kind == kind && i.slug == slug)) {
            links.push(ContentLink {
                kind: item.kind,
                slug: item.slug.to_owned(),
                title: item.title.to_owned(),
                summary: item.summary.to_owned(),
                module: item.module,
            });
        }
    }
    links.truncate(limit);
    Ok(links)
}
