//! A realistic pt-BR corpus for the search benchmark: the words of the shipped demo content
//! with their ranks, drawn Zipf-like (the r-th most common word with weight 1/r), so common
//! words are common and rare ones rare, as in the real manual. Queries are 1–3 content words
//! as people type them: a third without accents, some with a typo.

use std::collections::HashMap;

use suporte::domain::content::{ContentKind, ErpModule};
use suporte::domain::search::analyzer;
use suporte::server::{content::demo, search::document::IndexedContent};

use crate::rng::Lcg;

pub struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
    /// The words people search with (no stop words, no short words, no numbers).
    keywords: Vec<String>,
    keyword_cumulative: Vec<f64>,
}

fn zipf(n: usize) -> Vec<f64> {
    let mut total = 0.0;
    (1..=n)
        .map(|rank| {
            total += 1.0 / rank as f64;
            total
        })
        .collect()
}

fn draw<'a>(words: &'a [String], cumulative: &[f64], rng: &mut Lcg) -> &'a str {
    let target = rng.unit() * cumulative.last().copied().unwrap_or(0.0);
    let i = cumulative.partition_point(|c| *c < target);
    &words[i.min(words.len() - 1)]
}

impl Vocabulary {
    pub fn from_demo() -> Self {
        let drafts = demo::corpus().expect("the shipped demo content parses");
        let mut counts: HashMap<String, usize> = HashMap::new();
        for d in &drafts {
            for text in [&d.title, &d.summary, &d.body_md] {
                for (_, w) in analyzer::words(text) {
                    *counts.entry(w.to_lowercase()).or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let words: Vec<String> = ranked.into_iter().map(|(w, _)| w).collect();
        let keywords: Vec<String> = words
            .iter()
            .filter(|w| {
                w.chars().count() >= 4
                    && !analyzer::is_stop_word(w)
                    && !w.chars().any(char::is_numeric)
            })
            .cloned()
            .collect();
        Self {
            cumulative: zipf(words.len()),
            keyword_cumulative: zipf(keywords.len()),
            words,
            keywords,
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    fn text(&self, rng: &mut Lcg, n: usize) -> String {
        (0..n)
            .map(|_| draw(&self.words, &self.cumulative, rng))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn article(&self, i: usize, rng: &mut Lcg) -> IndexedContent {
        let kinds = [ContentKind::Manual, ContentKind::Blog, ContentKind::Faq];
        let title_words = 4 + rng.next(6);
        let summary_words = 10 + rng.next(11);
        let mut body = String::new();
        let body_words = 150 + rng.next(201);
        let mut written = 0;
        while written < body_words {
            let n = 8 + rng.next(13);
            body.push_str(&self.text(rng, n));
            body.push_str(". ");
            written += n;
        }
        IndexedContent {
            kind: kinds[i % kinds.len()],
            slug: format!("gerado-{i}"),
            title: self.text(rng, title_words),
            summary: self.text(rng, summary_words),
            module: Some(ErpModule::ALL[i % ErpModule::ALL.len()]),
            body_text: body,
            published: true,
        }
    }

    pub fn query(&self, rng: &mut Lcg) -> String {
        let n = 1 + rng.next(3);
        let mut words: Vec<String> = (0..n)
            .map(|_| draw(&self.keywords, &self.keyword_cumulative, rng).to_owned())
            .collect();
        if rng.next(3) == 0 {
            words = words.iter().map(|w| analyzer::fold(w)).collect();
        }
        if rng.next(7) == 0 {
            // A typo: two neighbouring letters swapped in the longest word.
            if let Some(w) = words.iter_mut().max_by_key(|w| w.chars().count()) {
                let mut chars: Vec<char> = w.chars().collect();
                if chars.len() >= 5 {
                    let at = 1 + rng.next(chars.len() - 2);
                    chars.swap(at, at - 1);
                    *w = chars.into_iter().collect();
                }
            }
        }
        words.join(" ")
    }
}
