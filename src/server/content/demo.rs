//! The demo corpus, embedded from `src/server/demo/<kind>/<slug>.md` so the binary needs
//! no files beside it and the content stays reviewable in git.

use include_dir::{Dir, include_dir};

use super::draft::ContentDraft;
use crate::domain::content::ContentKind;

static DEMO: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/server/demo");

/// Every demo item, or the list of files that do not parse.
pub fn corpus() -> Result<Vec<ContentDraft>, Vec<String>> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for kind in ContentKind::ALL {
        let Some(dir) = DEMO.get_dir(kind.slug()) else {
            continue;
        };
        for file in dir.files() {
            let path = file.path();
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                continue;
            }
            let name = path.display().to_string();
            let slug = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let parsed = file
                .contents_utf8()
                .ok_or_else(|| format!("{name}: não é UTF-8"))
                .and_then(|text| ContentDraft::parse(kind, slug, text, &name));
            match parsed {
                Ok(d) => items.push(d),
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_corpus_parses_and_is_big_enough_to_search() {
        let items =
            corpus().unwrap_or_else(|e| panic!("demo files do not parse:\n{}", e.join("\n")));
        assert!(items.len() >= 40, "only {} items", items.len());
        let count = |k| items.iter().filter(|i| i.kind == k).count();
        assert!(
            count(ContentKind::Faq) >= 10,
            "all ten FAQ topics of the manual"
        );
        for k in ContentKind::ALL {
            assert!(count(k) >= 5, "{k} has only {} items", count(k));
        }
        assert!(
            items.iter().any(|i| i.popular),
            "the home page needs popular FAQs"
        );
    }
}
