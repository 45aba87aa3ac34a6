//! Short excerpts of a document around the words that matched a query.
//!
//! The excerpt is built as plain-text parts, each flagged as matched or not, so the view
//! renders `<mark>` elements itself and no document text is ever injected as HTML.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::analyzer;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// Roughly how long an excerpt is, in bytes of the source text.
pub const SNIPPET_BYTES: usize = 220;
/// How much context to keep before the first matched word.
const LEAD_BYTES: usize = 50;

/// Builds an excerpt of `text` around the densest cluster of words whose stem is in
/// `query_stems`. With no match it returns the opening of the text.
pub fn build(text: &str, query_stems: &HashSet<String>) -> Vec<SnippetPart> {
    let words = analyzer::words(text);
    if words.is_empty() {
        return Vec::new();
    }
    let heads = Heads::of(query_stems);
    let matched: Vec<bool> = words
        .iter()
        .map(|(_, w)| {
            heads.may_match(w)
                && !analyzer::is_stop_word(w)
                && query_stems.contains(&analyzer::stem(w))
        })
        .collect();

    let first = best_window_start(&words, &matched);
    let lead_from = words[first].0.saturating_sub(LEAD_BYTES);
    let start = words[..=first]
        .iter()
        .find(|(i, _)| *i >= lead_from)
        .map_or(0, |(i, _)| *i);
    let start = if start <= words[0].0 { 0 } else { start };
    let last_word_end = words.last().map_or(text.len(), |(i, w)| i + w.len());
    let end = words
        .iter()
        .filter(|(i, _)| *i >= start)
        .map(|(i, w)| i + w.len())
        .take_while(|e| e - start <= SNIPPET_BYTES)
        .last()
        .unwrap_or(last_word_end);
    // Keep the closing punctuation when the excerpt reaches the end of the text.
    let end = if end == last_word_end {
        text.len()
    } else {
        end
    };

    let mut parts = Vec::new();
    let mut cursor = start;
    let push = |parts: &mut Vec<SnippetPart>, text: &str, matched: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(SnippetPart {
                text: t,
                matched: m,
            }) if *m == matched => t.push_str(text),
            _ => parts.push(SnippetPart {
                text: text.to_owned(),
                matched,
            }),
        }
    };
    if start > 0 {
        push(&mut parts, "… ", false);
    }
    for ((i, w), is_match) in words.iter().zip(&matched) {
        if *i < start || i + w.len() > end {
            continue;
        }
        push(&mut parts, &text[cursor..*i], false);
        push(&mut parts, w, *is_match);
        cursor = i + w.len();
    }
    push(&mut parts, text[cursor..end].trim_end(), false);
    if end < text.len() {
        push(&mut parts, " …", false);
    }
    parts
}

/// The first two letters of the query stems: a word whose own first two letters (folded)
/// are not among them cannot stem to any of them, since normalising and stemming only
/// rewrite the end of a word (Snowball's regions start after the second letter). Checking
/// that first spares stemming nearly every word of a text.
struct Heads(Option<HashSet<[char; 2]>>);

impl Heads {
    fn of(stems: &HashSet<String>) -> Self {
        let heads: Option<HashSet<[char; 2]>> = stems.iter().map(|s| head(s)).collect();
        Self(heads)
    }

    fn may_match(&self, word: &str) -> bool {
        match (&self.0, head(word)) {
            (Some(heads), Some(h)) => heads.contains(&h),
            // A short stem, or a letter the cheap fold does not know: check for real.
            _ => true,
        }
    }
}

/// `word`'s first two characters, lowercase and without accents, if they are plain.
fn head(word: &str) -> Option<[char; 2]> {
    let mut chars = word.chars().map(fold_char);
    Some([chars.next()??, chars.next()??])
}

fn fold_char(c: char) -> Option<char> {
    let c = c.to_lowercase().next()?;
    Some(match c {
        'a'..='z' | '0'..='9' => c,
        'à' | 'á' | 'â' | 'ã' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        _ => return None,
    })
}

/// Index of the word that starts the window holding the most distinct matched words.
fn best_window_start(words: &[(usize, &str)], matched: &[bool]) -> usize {
    let mut best = (0usize, 0usize);
    for (i, _) in matched.iter().enumerate().filter(|(_, m)| **m) {
        let from = words[i].0;
        let distinct: HashSet<String> = words[i..]
            .iter()
            .zip(&matched[i..])
            .take_while(|((o, w), _)| o + w.len() - from <= SNIPPET_BYTES - LEAD_BYTES)
            .filter(|(_, m)| **m)
            .map(|((_, w), _)| analyzer::stem(w))
            .collect();
        if distinct.len() > best.1 {
            best = (i, distinct.len());
        }
    }
    best.0
}

/// The plain text of the parts, as a person would read it.
pub fn plain(parts: &[SnippetPart]) -> String {
    parts.iter().map(|p| p.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The cheap check never turns away a word that really matches.
        #[test]
        fn the_head_check_never_rejects_a_match(word in "[a-zA-ZáàâãéêíóôõúçÁÉÍÓÚÇ]{1,14}(ções|ção|coes|cao|ões|ais|ável|ível|encia|ância|s|r|ado|ada)?") {
            let stem = analyzer::stem(&word);
            prop_assume!(!stem.is_empty());
            let stems: HashSet<String> = [stem].into_iter().collect();
            prop_assert!(Heads::of(&stems).may_match(&word));
        }
    }

    #[test]
    fn the_head_check_turns_away_unrelated_words() {
        let stems: HashSet<String> = ["boleto", "rejeica"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let heads = Heads::of(&stems);
        assert!(heads.may_match("Boletos") && heads.may_match("rejeição"));
        assert!(!heads.may_match("nota") && !heads.may_match("fiscal"));
        assert!(
            heads.may_match("øre"),
            "an unknown letter is checked for real"
        );
    }

    fn stems(q: &str) -> HashSet<String> {
        analyzer::stems(q).into_iter().collect()
    }

    #[test]
    fn marks_every_form_of_the_query_words() {
        let parts = build(
            "Consulte as versões anteriores e a versão atual.",
            &stems("versao"),
        );
        let marked: Vec<_> = parts
            .iter()
            .filter(|p| p.matched)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["versões", "versão"]);
        assert_eq!(
            plain(&parts),
            "Consulte as versões anteriores e a versão atual."
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_match_with_ellipses() {
        let filler = "palavra ".repeat(80);
        let text = format!("{filler}A nota fiscal foi rejeitada pela SEFAZ. {filler}");
        let parts = build(&text, &stems("rejeitada"));
        let s = plain(&parts);
        assert!(s.starts_with("… ") && s.ends_with(" …"), "{s}");
        assert!(s.len() <= SNIPPET_BYTES + 10, "{}", s.len());
        assert!(parts.iter().any(|p| p.matched && p.text == "rejeitada"));
    }

    #[test]
    fn without_a_match_the_opening_is_shown() {
        let parts = build("Introdução ao módulo financeiro.", &stems("estoque"));
        assert!(parts.iter().all(|p| !p.matched));
        assert_eq!(plain(&parts), "Introdução ao módulo financeiro.");
    }

    #[test]
    fn empty_text_gives_no_parts() {
        assert!(build("", &stems("nota")).is_empty());
    }
}
