//! "Você quis dizer…": which words of a query may be corrected, and how a query is rewritten
//! once the closest known word for each is found (the server finds it in the search index's
//! dictionary with a Levenshtein automaton; see `server::search::spelling`).

use super::analyzer;

/// Words shorter than this are never corrected: too many near neighbours.
pub const MIN_CORRECTABLE_CHARS: usize = 4;

/// Whether `word` may be replaced: long enough, no digits (codes stay), not a stop word.
pub fn correctable(word: &str) -> bool {
    let folded = analyzer::fold(word);
    folded.chars().count() >= MIN_CORRECTABLE_CHARS
        && !folded.chars().any(char::is_numeric)
        && !analyzer::is_stop_word(word)
}

/// How many edits a correction of `folded` may make: two in long words, one otherwise.
pub fn max_edits(folded: &str) -> u8 {
    if folded.chars().count() >= 8 { 2 } else { 1 }
}

/// The query with every correctable word for which `closest` knows a better word replaced
/// by it, or `None` when nothing changed. `closest` answers `None` for known words.
pub fn correct(query: &str, mut closest: impl FnMut(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(query.len());
    let mut cursor = 0;
    let mut changed = false;
    for (i, word) in analyzer::words(query) {
        out.push_str(&query[cursor..i]);
        cursor = i + word.len();
        match correctable(word).then(|| closest(word)).flatten() {
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

    #[test]
    fn only_correctable_words_are_offered_and_replaced_in_place() {
        let mut asked = Vec::new();
        let out = correct("a ntoa fiscal 539, rejeicão!", |w| {
            asked.push(w.to_owned());
            (w == "ntoa").then(|| "nota".to_owned())
        });
        assert_eq!(out.as_deref(), Some("a nota fiscal 539, rejeicão!"));
        assert_eq!(
            asked,
            ["ntoa", "fiscal", "rejeicão"],
            "short words and numbers are never asked"
        );
        assert_eq!(correct("nota fiscal", |_| None), None);
    }

    #[test]
    fn long_words_allow_two_edits() {
        assert_eq!(max_edits("nota"), 1);
        assert_eq!(max_edits("atualizacao"), 2);
        assert!(!correctable("como"), "stop word");
        assert!(!correctable("xyz"));
        assert!(!correctable("nfe539"));
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
