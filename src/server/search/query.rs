//! From a person's query to a tantivy query: any word may match (OR), a heading match
//! weighs three times a body match, a word also finds its family (emitir → emissão), and a
//! word that matches nothing at all falls back to the indexed words it begins
//! ("parametr" → parametrização).

use std::collections::HashSet;

use tantivy::{
    Searcher, Term,
    query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery},
    schema::{Field, IndexRecordOption},
};

use super::schema::Fields;
use crate::domain::search::{SearchFilters, SearchQuery, analyzer, families};

pub const HEADING_WEIGHT: f32 = 3.0;
/// A relative of the typed word counts a little less than the word itself.
const FAMILY_WEIGHT: f32 = 0.7;
/// A completion of a word that matched nothing counts less still.
const PREFIX_WEIGHT: f32 = 0.5;
/// At most this many completions per word (the most common ones).
const MAX_COMPLETIONS: usize = 8;
/// A word shorter than this is not completed: it begins far too many words.
const MIN_PREFIX_CHARS: usize = 4;
/// A query counts its first this many distinct stems (a 500-character query holds ~80
/// words: beyond these they add cost, not relevance), and completes at most this many
/// unknown ones by prefix (each a scan of the dictionary's range).
pub const MAX_STEMS: usize = 24;
pub const MAX_COMPLETED_STEMS: usize = 4;

/// What to run, and the stems a snippet should mark.
pub struct Plan {
    pub query: Box<dyn Query>,
    pub stems: HashSet<String>,
}

/// The stems of the query, each once, in order.
pub fn query_stems(query: &SearchQuery) -> Vec<String> {
    let mut seen = HashSet::new();
    analyzer::stems(query.as_str())
        .into_iter()
        .filter(|s| seen.insert(s.clone()))
        .take(MAX_STEMS)
        .collect()
}

/// `stem` in the heading (weighted) or the body, times `weight`.
pub fn stem_clauses(f: &Fields, stem: &str, weight: f32) -> [(Occur, Box<dyn Query>); 2] {
    let term = |field: Field| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, stem),
            IndexRecordOption::WithFreqs,
        ))
    };
    [
        (
            Occur::Should,
            Box::new(BoostQuery::new(term(f.heading), HEADING_WEIGHT * weight)),
        ),
        (
            Occur::Should,
            if (weight - 1.0).abs() < f32::EPSILON {
                term(f.body)
            } else {
                Box::new(BoostQuery::new(term(f.body), weight))
            },
        ),
    ]
}

fn occurs(searcher: &Searcher, f: &Fields, stem: &str) -> bool {
    [f.heading, f.body].into_iter().any(|field| {
        searcher
            .doc_freq(&Term::from_field_text(field, stem))
            .is_ok_and(|n| n > 0)
    })
}

/// The most common indexed stems that begin with `stem`.
fn completions(searcher: &Searcher, f: &Fields, stem: &str) -> Vec<String> {
    let upper = format!("{stem}\u{10FFFF}");
    let mut found: Vec<_> = super::terms::in_range(searcher, &[f.heading, f.body], stem, &upper)
        .into_iter()
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    found
        .into_iter()
        .take(MAX_COMPLETIONS)
        .map(|(t, _)| t)
        .collect()
}

/// The plan for `query`, or `None` when it has no searchable word.
pub fn plan(
    searcher: &Searcher,
    f: &Fields,
    query: &SearchQuery,
    filters: SearchFilters,
) -> Option<Plan> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut stems = HashSet::new();
    let mut completions_left = MAX_COMPLETED_STEMS;
    for stem in query_stems(query) {
        clauses.extend(stem_clauses(f, &stem, 1.0));
        let relatives = families::relatives(&stem);
        for relative in relatives {
            clauses.extend(stem_clauses(f, relative, FAMILY_WEIGHT));
            stems.insert(relative.clone());
        }
        let found = occurs(searcher, f, &stem) || relatives.iter().any(|r| occurs(searcher, f, r));
        if !found && stem.chars().count() >= MIN_PREFIX_CHARS && completions_left > 0 {
            completions_left -= 1;
            for completion in completions(searcher, f, &stem) {
                clauses.extend(stem_clauses(f, &completion, PREFIX_WEIGHT));
                stems.insert(completion);
            }
        }
        stems.insert(stem);
    }
    if clauses.is_empty() {
        return None;
    }
    let words: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    let filter = |field: Field, value: &str| -> (Occur, Box<dyn Query>) {
        let term = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(term), 0.0)),
        )
    };
    let mut must = vec![(Occur::Must, words)];
    if let Some(kind) = filters.kind {
        must.push(filter(f.kind, kind.slug()));
    }
    if let Some(module) = filters.module {
        must.push(filter(f.module, module.slug()));
    }
    let query: Box<dyn Query> = match <[_; 1]>::try_from(must) {
        Ok([(_, only)]) => only,
        Err(must) => Box::new(BooleanQuery::new(must)),
    };
    Some(Plan { query, stems })
}
