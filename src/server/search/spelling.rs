//! "Você quis dizer" from the index itself: a word the corpus does not contain is matched
//! against the dictionary of folded words with a Levenshtein automaton (tantivy's
//! `FuzzyTermQuery` automaton, streamed over each segment's term dictionary); the nearest,
//! then most frequent, word wins and is written with its most common accented spelling.

use std::collections::HashMap;

use tantivy::{Searcher, Term, query::FuzzyTermQuery};

use super::schema::Fields;
use crate::domain::search::{analyzer, spelling};

/// At most this many unknown words of one query are looked for in the dictionary (each
/// streams a Levenshtein automaton over it): a 500-character query of nonsense words
/// costs a few lookups, not eighty.
pub const MAX_FUZZY_WORDS: usize = 6;

/// The corrected query, or `None` when every word is known (or nothing close exists).
pub fn correct(searcher: &Searcher, fields: &Fields, query: &str) -> Option<String> {
    let mut left = MAX_FUZZY_WORDS;
    spelling::correct(query, |word| {
        let folded = analyzer::fold(word);
        if doc_freq(searcher, &Term::from_field_text(fields.words, &folded)) > 0 || left == 0 {
            return None;
        }
        left -= 1;
        closest(searcher, fields, &folded)
    })
}

/// How many searchable documents contain the term.
fn doc_freq(searcher: &Searcher, term: &Term) -> u64 {
    searcher.doc_freq(term).unwrap_or(0)
}

/// The nearest known word to the unknown (folded) `folded`.
fn closest(searcher: &Searcher, f: &Fields, folded: &str) -> Option<String> {
    let query = FuzzyTermQuery::new(
        Term::from_field_text(f.words, folded),
        spelling::max_edits(folded),
        true,
    );
    let automaton = query.automaton().ok()?;
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(f.words) else {
            continue;
        };
        let Ok(mut terms) = inverted.terms().search(&automaton).into_stream() else {
            continue;
        };
        while terms.advance() {
            if let Ok(term) = std::str::from_utf8(terms.key()) {
                *found.entry(term.to_owned()).or_default() += u64::from(terms.value().doc_freq);
            }
        }
    }
    let target: Vec<char> = folded.chars().collect();
    let best = found
        .into_iter()
        .map(|(term, freq)| {
            let d = spelling::distance(&target, &term.chars().collect::<Vec<_>>());
            (d, std::cmp::Reverse(freq), term)
        })
        .min()?
        .2;
    Some(spelled(searcher, f, &best).unwrap_or(best))
}

/// The spelling most documents use for the folded word `folded` ("atualização").
fn spelled(searcher: &Searcher, f: &Fields, folded: &str) -> Option<String> {
    // Keys are "folded spelling"; every key of `folded` sorts between "folded " and "folded!".
    let (from, to) = (format!("{folded} "), format!("{folded}!"));
    let seen: HashMap<String, u64> = super::terms::in_range(searcher, &[f.spellings], &from, &to)
        .into_iter()
        .filter_map(|(key, n)| Some((key.split_once(' ')?.1.to_owned(), n)))
        .collect();
    seen.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| s)
}
