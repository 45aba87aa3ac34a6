//! Portuguese text analysis shared by indexing, querying and snippet highlighting.
//!
//! Snowball's Portuguese stemmer expects accented spelling: it stems "atualização" to
//! `atualiz` but "atualizacao" to `atualizaca`, and it keeps plurals in "-ões" apart from
//! the singular ("versões" → `verso`, "versão" → `versa`). People type without accents and
//! in the plural, so before the stemmer we restore the canonical accented suffix and
//! reduce the common plurals to the singular ([`normalize_word`]), then stem and fold to
//! ASCII ([`stem`]). The search index's tokenizer is this very chain, so the words a
//! snippet marks are exactly the ones the index matched.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Function words (articles, prepositions, pronouns…) that say nothing about a subject;
/// dropped from both documents and queries so "como emitir a nota" is about "emitir" and
/// "nota". Meaningful question words ("quando", "onde") stay: titles are full of them.
const STOP_WORDS: &[&str] = &[
    "a", "o", "as", "os", "um", "uma", "uns", "umas", "de", "da", "do", "das", "dos", "em", "na",
    "no", "nas", "nos", "num", "numa", "e", "ou", "para", "pra", "pro", "por", "pelo", "pela",
    "pelos", "pelas", "com", "que", "se", "ao", "aos", "como", "meu", "minha", "meus", "minhas",
    "seu", "sua", "seus", "suas", "eu", "voce", "ele", "ela", "isso", "isto", "este", "esta",
    "esse", "essa", "me", "lhe", "the", "of",
];

/// Suffix rewrites applied to a lowercase word, first match wins. Each pair maps a plural
/// or an unaccented spelling to the accented singular the stemmer handles.
const SUFFIX_RULES: &[(&str, &str)] = &[
    ("ções", "ção"),
    ("çoes", "ção"),
    ("cões", "ção"),
    ("coes", "ção"),
    ("sões", "são"),
    ("soes", "são"),
    ("ões", "ão"),
    ("oes", "ão"),
    ("áveis", "ável"),
    ("aveis", "ável"),
    ("íveis", "ível"),
    ("iveis", "ível"),
    ("ais", "al"),
    ("éis", "el"),
    ("çao", "ção"),
    ("cao", "ção"),
    ("sao", "são"),
    ("ao", "ão"),
    ("encias", "ências"),
    ("encia", "ência"),
    ("ancias", "âncias"),
    ("ancia", "ância"),
    ("avel", "ável"),
    ("ivel", "ível"),
];

/// Rules only touch words at least this long, so "ao", "mais", "seis" stay as they are.
const MIN_RULE_CHARS: usize = 5;

/// Splits text into words (maximal runs of letters and digits) with their byte offsets.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some(last) if last.1 == i => last.1 = end,
            _ => runs.push((i, end)),
        }
    }
    runs.into_iter().map(|(s, e)| (s, &text[s..e])).collect()
}

/// Lowercase and strip accents: the form used for stop words and spelling suggestions.
pub fn fold(word: &str) -> String {
    deunicode::deunicode(&word.to_lowercase())
}

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&fold(word).as_str())
}

/// Restores the accented singular the stemmer understands (see module docs).
pub fn normalize_word(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.chars().count() < MIN_RULE_CHARS {
        return lower;
    }
    for (from, to) in SUFFIX_RULES {
        if let Some(stem) = lower.strip_suffix(from) {
            return format!("{stem}{to}");
        }
    }
    lower
}

/// The text stored in (and queried against) the full-text index: normalised words,
/// stop words removed, hyphenated compounds ("NF-e") also kept joined ("nfe").
pub fn index_text(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for (_, word) in words(text) {
        if !is_stop_word(word) {
            out.push(normalize_word(word));
        }
    }
    for compound in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let joined: String = compound.chars().filter(|c| *c != '-').collect();
        if compound.contains('-') && joined.chars().count() > 1 {
            out.push(normalize_word(&joined));
        }
    }
    out.join(" ")
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Portuguese))
}

/// The term the database index stores for `word`: normalise, Snowball, strip accents.
pub fn stem(word: &str) -> String {
    let normalized = normalize_word(word);
    deunicode::deunicode(&stemmer().stem(&normalized))
}

/// Stems of every indexable word in `text`, in order (duplicates kept).
pub fn stems(text: &str) -> Vec<String> {
    index_text(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(stem)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_stem(a: &str, b: &str) {
        assert_eq!(stem(a), stem(b), "{a} and {b} should share a stem");
    }

    #[test]
    fn unaccented_spellings_meet_the_accented_word() {
        same_stem("rejeicao", "rejeição");
        same_stem("atualizacao", "atualização");
        same_stem("atualizar", "atualização");
        same_stem("emissao", "emissão");
        same_stem("frequencia", "frequência");
        same_stem("disponivel", "disponível");
        same_stem("modulo", "módulo");
        same_stem("lancamento", "lançamento");
    }

    #[test]
    fn plurals_meet_the_singular() {
        same_stem("versoes", "versão");
        same_stem("versões", "versão");
        same_stem("rejeições", "rejeição");
        same_stem("atualizações", "atualização");
        same_stem("fiscais", "fiscal");
        same_stem("disponíveis", "disponível");
        same_stem("boletos", "boleto");
    }

    #[test]
    fn different_words_keep_different_stems() {
        assert_ne!(stem("boleto"), stem("balanço"));
        assert_ne!(stem("versão"), stem("venda"));
    }

    #[test]
    fn short_words_are_left_alone_by_the_suffix_rules() {
        assert_eq!(normalize_word("ao"), "ao");
        assert_eq!(normalize_word("mais"), "mais");
        assert_eq!(normalize_word("Versao"), "versão");
    }

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        let w: Vec<_> = words("NF-e rejeitada (código 539)!")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["NF", "e", "rejeitada", "código", "539"]);
        let offsets: Vec<_> = words("é já").into_iter().map(|(i, _)| i).collect();
        assert_eq!(offsets, [0, 3]);
    }

    #[test]
    fn index_text_drops_stop_words_and_keeps_compounds_joined() {
        assert_eq!(index_text("Como emitir a NF-e"), "emitir nf nfe");
        assert_eq!(index_text("'; DELETE faq; --"), "delete faq");
        assert_eq!(index_text(""), "");
    }
}
