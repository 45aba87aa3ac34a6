//! Level 0 search.

use leptos::prelude::*;

use super::AppError;

use crate::domain::content::{ContentKind, ErpModule};
use crate::domain::search::{SearchFilters, SearchResults};

/// Parses the optional filters of the search form; an empty value means "any".
pub fn parse_filters(kind: Option<&str>, module: Option<&str>) -> Result<SearchFilters, String> {
    let present = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    Ok(SearchFilters {
        kind: present(kind)
            .map(|k| ContentKind::parse(&k))
            .transpose()
            .map_err(|e| e.to_string())?,
        module: present(module)
            .map(|m| ErpModule::parse(&m))
            .transpose()
            .map_err(|e| e.to_string())?,
    })
}

/// Searches published content. Anonymous callers are welcome (Level 0 is public).
#[server(endpoint = "buscar")]
pub async fn search_content(
    q: String,
    kind: Option<String>,
    module: Option<String>,
) -> Result<SearchResults, AppError> {
    use crate::domain::search::SearchQuery;
    use crate::server::search;

    let query = SearchQuery::parse(&q).map_err(AppError::invalid)?;
    let filters = parse_filters(kind.as_deref(), module.as_deref()).map_err(AppError::invalid)?;
    let state = super::state()?;
    Ok(search::search_off_workers(&state.search, query, filters, search::DEFAULT_LIMIT).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filters_mean_any_and_unknown_ones_are_refused() {
        assert_eq!(parse_filters(None, Some("")), Ok(SearchFilters::default()));
        let f = parse_filters(Some("faq"), Some("fiscal")).unwrap();
        assert_eq!(f.kind, Some(ContentKind::Faq));
        assert_eq!(f.module, Some(ErpModule::Fiscal));
        assert!(
            parse_filters(Some("wiki"), None)
                .unwrap_err()
                .contains("wiki")
        );
    }
}
