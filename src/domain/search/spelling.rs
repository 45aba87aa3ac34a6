//! "Você quis dizer…": corrects words that appear nowhere in the corpus to the closest
//! word that does, by edit distance (a typo in a long word still finds its article).

use std::collections::HashMap;

use super::analyzer;

/// Words of the published corpus, folded (lowercase, no accents), with how often each
/// occurs and the spelling most often seen, so suggestions keep their accents.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    words: HashMap<String, Entry>,
}

#[derive(Clone, Debug)]
struct Entry {
    count: u32,
    display: String,
    display_count: HashMap<String, u32>,
}

/// Words shorter than this are never corrected: too many near neighbours.
const MIN_CORRECTABLE_CHARS: usize = 4;

impl Vocabulary {
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut vocab = Self::default();
        for text in texts {
            vocab.add_text(text);
        }
        vocab
    }

    pub fn add_text(&mut self, text: &str) {
        for (_, word) in analyzer::words(text) {
            if word.chars().any(char::is_numeric) {
                continue;
            }
            let lower = word.to_lowercase();
            let entry = self
                .words
                .entry(analyzer::fold(word))
                .or_insert_with(|| Entry {
                    count: 0,
                    display: lower.clone(),
                    display_count: HashMap::new(),
                });
            entry.count += 1;
            let seen = entry.display_count.entry(lower.clone()).or_default();
            *seen += 1;
            if *seen > entry.display_count[&entry.display] {
                entry.display = lower;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(&analyzer::fold(word))
    }

    /// The query with every unknown word replaced by its closest known word, or `None`
    /// when nothing needed (or could be given) a correction.
    pub fn correct(&self, query: &str) -> Option<String> {
        let mut out = String::with_capacity(query.len());
        let mut cursor = 0;
        let mut changed = false;
        for (i, word) in analyzer::words(query) {
            out.push_str(&query[cursor..i]);
            cursor = i + word.len();
            match self.closest(word) {
                Some(better) => {
                    out.push_str(&better);
                    changed = true;
                }
                None => out.push_str(word),
            }
        }
        out.push_str(&query[cursor..]);
        changed.then_some(out)
    }

    fn closest(&self, word: &str) -> Option<String> {
        let folded = analyzer::fold(word);
        let len = folded.chars().count();
        if len < MIN_CORRECTABLE_CHARS
            || self.words.contains_key(&folded)
            || analyzer::is_stop_word(word)
            || folded.chars().any(char::is_numeric)
        {
            return None;
        }
        let max = if len >= 8 { 2 } else { 1 };
        let target: Vec<char> = folded.chars().collect();
        self.words
            .iter()
            .filter(|(w, _)| w.chars().count().abs_diff(len) <= max)
            .filter_map(|(w, e)| {
                let d = distance(&target, &w.chars().collect::<Vec<_>>());
                (d <= max).then_some((d, e))
            })
            .min_by(|(da, a), (db, b)| {
                da.cmp(db)
                    .then(b.count.cmp(&a.count))
                    .then(a.display.cmp(&b.display))
            })
            .map(|(_, e)| e.display.clone())
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two adjacent letters each cost one.
pub fn distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn vocab() -> Vocabulary {
        Vocabulary::from_texts([
            "Rejeição da nota fiscal eletrônica",
            "Atualização de versão do UNO ERP",
            "Atualização semanal. Conciliação bancária.",
        ])
    }

    #[test]
    fn one_letter_typos_in_long_words_are_corrected_with_accents() {
        let v = vocab();
        assert_eq!(
            v.correct("atualizaçao").as_deref(),
            None,
            "accents alone are no typo"
        );
        assert_eq!(v.correct("atualizasão").as_deref(), Some("atualização"));
        assert_eq!(
            v.correct("conciliaçãp bancaria").as_deref(),
            Some("conciliação bancaria")
        );
        assert_eq!(
            v.correct("rejeicão da ntoa").as_deref(),
            Some("rejeicão da nota")
        );
    }

    #[test]
    fn known_short_and_numeric_words_are_kept() {
        let v = vocab();
        assert_eq!(v.correct("nota fiscal"), None);
        assert_eq!(v.correct("xyz"), None);
        assert_eq!(v.correct("erro 539"), None);
        assert_eq!(v.correct("completamente desconhecida"), None);
    }

    #[test]
    fn distance_counts_single_edits_and_swaps() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance(&c("nota"), &c("nota")), 0);
        assert_eq!(distance(&c("nota"), &c("ntoa")), 1);
        assert_eq!(distance(&c("nota"), &c("notas")), 1);
        assert_eq!(distance(&c("nota"), &c("bota")), 1);
        assert_eq!(distance(&c(""), &c("abc")), 3);
    }

    proptest! {
        #[test]
        fn distance_is_symmetric_and_bounded(a in "[a-z]{0,12}", b in "[a-z]{0,12}") {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let d = distance(&ca, &cb);
            prop_assert_eq!(d, distance(&cb, &ca));
            prop_assert!(d <= ca.len().max(cb.len()));
            prop_assert!(d >= ca.len().abs_diff(cb.len()));
            prop_assert_eq!(d == 0, a == b);
        }
    }
}
