//! A search query as typed by a person, parsed once at the edge.

use serde::{Deserialize, Serialize};

use super::analyzer;

/// A trimmed, whitespace-collapsed query of at most [`SearchQuery::MAX_CHARS`] characters.
/// It is always plain text: it is never spliced into a database statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum QueryError {
    #[error(
        "A busca aceita no máximo {max} caracteres; a sua tem {len}. Resuma em poucas palavras."
    )]
    TooLong { len: usize, max: usize },
}

impl SearchQuery {
    pub const MAX_CHARS: usize = 500;

    pub fn parse(raw: &str) -> Result<Self, QueryError> {
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let len = collapsed.chars().count();
        if len > Self::MAX_CHARS {
            return Err(QueryError::TooLong {
                len,
                max: Self::MAX_CHARS,
            });
        }
        Ok(Self(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when there is nothing to search for (blank, or only stop words and symbols).
    pub fn is_empty(&self) -> bool {
        self.index_text().is_empty()
    }

    /// The query in the form the full-text index stores (see [`analyzer::index_text`]).
    pub fn index_text(&self) -> String {
        analyzer::index_text(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_collapses_whitespace() {
        let q = SearchQuery::parse("  nota   fiscal\t rejeitada \n").unwrap();
        assert_eq!(q.as_str(), "nota fiscal rejeitada");
    }

    #[test]
    fn accepts_exactly_the_maximum_and_refuses_one_more() {
        assert!(SearchQuery::parse(&"a".repeat(500)).is_ok());
        let err = SearchQuery::parse(&"a".repeat(501)).unwrap_err();
        assert_eq!(err, QueryError::TooLong { len: 501, max: 500 });
        assert!(err.to_string().contains("500 caracteres"));
    }

    #[test]
    fn blank_and_stop_word_only_queries_are_empty() {
        assert!(SearchQuery::parse("   ").unwrap().is_empty());
        assert!(SearchQuery::parse("de a o como").unwrap().is_empty());
        assert!(SearchQuery::parse("'; --").unwrap().is_empty());
        assert!(!SearchQuery::parse("boleto").unwrap().is_empty());
    }
}
