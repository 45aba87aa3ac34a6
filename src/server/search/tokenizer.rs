//! The index's text analysis: the very functions of `domain::search::analyzer` (used for
//! snippets and in the browser too), wrapped as tantivy tokenizers, so "what the index
//! matched" and "what the snippet marks" can never disagree.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::domain::search::analyzer;

/// Portuguese stems: accents and plurals normalised, stop words dropped, Snowball, folded.
pub const STEMS: &str = "pt_br_stems";
/// Whole words, lowercase without accents: the dictionary spelling help searches.
pub const WORDS: &str = "pt_br_words";
/// `folded spelling` pairs ("atualizacao atualização"): which accented spelling a folded
/// word is usually written with, so a suggestion keeps its accents.
pub const SPELLINGS: &str = "pt_br_spellings";

#[derive(Clone, Copy)]
pub enum Kind {
    Stems,
    Words,
    Spellings,
}

/// One tokenizer per [`Kind`]; tokens are computed at once (texts are articles, not books).
#[derive(Clone)]
pub struct PtBr {
    kind: Kind,
}

impl PtBr {
    pub fn new(kind: Kind) -> Self {
        Self { kind }
    }
}

/// The terms `text` yields for `kind`, in order.
pub fn terms(kind: Kind, text: &str) -> Vec<String> {
    match kind {
        Kind::Stems => analyzer::stems(text),
        Kind::Words => spellable(text).map(analyzer::fold).collect(),
        Kind::Spellings => spellable(text)
            .map(|w| format!("{} {}", analyzer::fold(w), w.to_lowercase()))
            .collect(),
    }
}

/// Words worth suggesting: no digits (codes and numbers are never "corrected").
fn spellable(text: &str) -> impl Iterator<Item = &str> {
    analyzer::words(text)
        .into_iter()
        .map(|(_, w)| w)
        .filter(|w| !w.chars().any(char::is_numeric))
}

pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for PtBr {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let tokens = terms(self.kind, text)
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect();
        Tokens { tokens, next: 0 }
    }
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(kind: Kind, text: &str) -> Vec<String> {
        let mut tokenizer = PtBr::new(kind);
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_are_the_analyzers_stems() {
        let text = "Como emitir a NF-e rejeitada? Atualizações de versões.";
        assert_eq!(run(Kind::Stems, text), analyzer::stems(text));
        assert_eq!(
            run(Kind::Stems, "atualizacao"),
            run(Kind::Stems, "Atualização")
        );
        assert!(run(Kind::Stems, "de a o").is_empty());
    }

    #[test]
    fn words_are_folded_and_spellings_keep_the_accents() {
        assert_eq!(
            run(Kind::Words, "Rejeição 539 da NF"),
            ["rejeicao", "da", "nf"]
        );
        assert_eq!(
            run(Kind::Spellings, "Versão"),
            ["versao versão"],
            "folded form first, then the spelling seen"
        );
    }
}
