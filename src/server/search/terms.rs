//! Reading the index's term dictionaries: which terms of a field lie in a range, with how
//! many documents hold each (summed over the index's segments).

use std::collections::HashMap;

use tantivy::{Searcher, schema::Field};

/// Terms `t` of `fields` with `from <= t < to`, and their document frequencies.
pub fn in_range(
    searcher: &Searcher,
    fields: &[Field],
    from: &str,
    to: &str,
) -> HashMap<String, u64> {
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        for &field in fields {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut terms) = inverted.terms().range().ge(from).lt(to).into_stream() else {
                continue;
            };
            while terms.advance() {
                if let Ok(t) = std::str::from_utf8(terms.key()) {
                    *found.entry(t.to_owned()).or_default() += u64::from(terms.value().doc_freq);
                }
            }
        }
    }
    found
}
