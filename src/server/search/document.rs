//! One content item as the index holds it, read from the database.

use serde::Deserialize;
use tantivy::TantivyDocument;

use super::schema::Fields;
use crate::domain::content::{ContentKind, ErpModule};

/// The columns the index needs (`SELECT` [`IndexedContent::COLUMNS`] `FROM content`).
#[derive(Clone, Debug, Deserialize)]
pub struct IndexedContent {
    pub kind: ContentKind,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub module: Option<ErpModule>,
    pub body_text: String,
    pub published: bool,
}

impl IndexedContent {
    pub const COLUMNS: &'static str = "kind, slug, title, summary, module, body_text, published";

    /// Unique per item, as the record id (`content:[kind, slug]`) is.
    pub fn key(&self) -> String {
        key(self.kind, &self.slug)
    }

    /// Equal for two reports of the same text (the `LIVE SELECT` and the change feed
    /// both report an edit).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (
            self.kind.slug(),
            &self.slug,
            &self.title,
            &self.summary,
            self.module.map(|m| m.slug()),
            &self.body_text,
            self.published,
        )
            .hash(&mut hasher);
        hasher.finish()
    }

    pub fn to_document(&self, f: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, self.key());
        doc.add_text(f.kind, self.kind.slug());
        if let Some(module) = self.module {
            doc.add_text(f.module, module.slug());
        }
        doc.add_text(f.slug, &self.slug);
        doc.add_text(f.title, &self.title);
        doc.add_text(f.summary, &self.summary);
        doc.add_text(f.text, &self.body_text);
        let heading = format!("{} {}", self.title, self.summary);
        doc.add_text(f.heading, &heading);
        doc.add_text(f.body, &self.body_text);
        for field in [f.words, f.spellings] {
            doc.add_text(field, &heading);
            doc.add_text(field, &self.body_text);
        }
        doc
    }
}

pub fn key(kind: ContentKind, slug: &str) -> String {
    format!("{}/{slug}", kind.slug())
}
