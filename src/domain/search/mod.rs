//! Level 0 search: Portuguese text analysis, query parsing, snippets and spelling help.
//!
//! The analysis pipeline mirrors the database analyzer exactly (see `analyzer`), so the
//! server can mark matched words in snippets with the same notion of "match" the
//! full-text index used to find the document.

pub mod analyzer;
pub mod families;
pub mod query;
pub mod snippet;
pub mod spelling;

use serde::{Deserialize, Serialize};

use super::content::{ContentKind, ErpModule};
pub use query::{QueryError, SearchQuery};
pub use snippet::SnippetPart;

/// One search result as the browser shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: ContentKind,
    pub slug: String,
    pub title: String,
    pub module: Option<ErpModule>,
    pub snippet: Vec<SnippetPart>,
    pub score: f64,
}

/// Filters a user may apply to a search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchFilters {
    pub kind: Option<ContentKind>,
    pub module: Option<ErpModule>,
}

/// The answer to one search.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as understood (trimmed, spaces collapsed).
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// Set when the original query found nothing and these results are for a corrected one.
    pub corrected_from: Option<String>,
    /// A better spelling worth offering even though the query found something.
    pub suggestion: Option<String>,
}
