//! The index's fields. Titles and summaries ("heading") are indexed apart from the body so
//! a heading match can weigh more; what the result list shows is stored as is.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, tokenizer::TextAnalyzer};

use super::tokenizer::{self, Kind, PtBr};

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The database record (`content:…`): how an edit finds the document to replace.
    pub key: Field,
    pub kind: Field,
    pub module: Field,
    pub slug: Field,
    pub title: Field,
    pub summary: Field,
    /// The body as plain text, stored for snippets.
    pub text: Field,
    /// Stems of title + summary.
    pub heading: Field,
    /// Stems of the body.
    pub body: Field,
    /// Folded words and their spellings, for "você quis dizer".
    pub words: Field,
    pub spellings: Field,
}

fn analyzed(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

pub fn build() -> (Schema, Fields) {
    let mut s = Schema::builder();
    let stems = analyzed(tokenizer::STEMS, IndexRecordOption::WithFreqs);
    let fields = Fields {
        key: s.add_text_field("key", STRING | STORED),
        kind: s.add_text_field("kind", STRING | STORED),
        module: s.add_text_field("module", STRING | STORED),
        slug: s.add_text_field("slug", STORED),
        title: s.add_text_field("title", STORED),
        summary: s.add_text_field("summary", STORED),
        text: s.add_text_field("text", STORED),
        heading: s.add_text_field("heading", stems.clone()),
        body: s.add_text_field("body", stems),
        words: s.add_text_field(
            "words",
            analyzed(tokenizer::WORDS, IndexRecordOption::Basic),
        ),
        spellings: s.add_text_field(
            "spellings",
            analyzed(tokenizer::SPELLINGS, IndexRecordOption::Basic),
        ),
    };
    (s.build(), fields)
}

/// Makes the index know the Portuguese tokenizers its fields name.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    for (name, kind) in [
        (tokenizer::STEMS, Kind::Stems),
        (tokenizer::WORDS, Kind::Words),
        (tokenizer::SPELLINGS, Kind::Spellings),
    ] {
        manager.register(name, TextAnalyzer::from(PtBr::new(kind)));
    }
}
