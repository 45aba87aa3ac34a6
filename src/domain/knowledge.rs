//! The knowledge loop: a solved occurrence seeds a Level 0 FAQ draft, and a reply that
//! points to Level 0 items (by their paths) shows them as cards and counts them.

use serde::{Deserialize, Serialize};

use super::content::{ContentKind, Slug};
use super::occurrences::OccurrenceNumber;
use super::search::analyzer::fold;

/// A FAQ draft made from a solved occurrence: the coordinator edits and publishes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaqSeed {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// The draft of occurrence `number`: the question from its title, the answer from the
/// solution's text. The address ends in the case's sequence, so two cases with the same
/// title never collide.
pub fn faq_seed(title: &str, solution: &str, number: OccurrenceNumber) -> Result<FaqSeed, String> {
    let solution = solution.trim();
    if solution.is_empty() {
        return Err(
            "Esta ocorrência não tem um texto de solução público para virar resposta de FAQ."
                .into(),
        );
    }
    let mut base: String = fold(title)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while base.contains("--") {
        base = base.replace("--", "-");
    }
    let base: String = base.trim_matches('-').chars().take(80).collect();
    let base = base.trim_end_matches('-');
    let slug = if base.is_empty() {
        format!("ocorrencia-{}-{}", number.year(), number.seq())
    } else {
        format!("{base}-{}-{}", number.year(), number.seq())
    };
    let slug = Slug::parse(&slug).map_err(|e| e.to_string())?;
    let title = title.trim().trim_end_matches(['.', '!', ':', ';']);
    let title = if title.ends_with('?') {
        title.to_owned()
    } else {
        format!("Como resolver: {title}?")
    };
    let summary: String = solution
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(200)
        .collect();
    Ok(FaqSeed {
        slug,
        title: title.chars().take(200).collect(),
        summary,
        body: solution.to_owned(),
    })
}

/// A Level 0 item a reply pointed to, as the occurrence page shows it (a card).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedArticle {
    pub kind: ContentKind,
    pub slug: String,
    pub title: String,
    pub summary: String,
}

/// The Level 0 items `text` points to (`/faq/…`, `/manual/…`, `/blog/…`, `/ead/…`,
/// alone or in a full address), each once, in order.
pub fn level0_links(text: &str) -> Vec<(ContentKind, Slug)> {
    let mut found: Vec<(ContentKind, Slug)> = Vec::new();
    for kind in ContentKind::ALL {
        let marker = format!("/{}/", kind.slug());
        let mut rest = text;
        while let Some(at) = rest.find(&marker) {
            let after = &rest[at + marker.len()..];
            // The path starts a word, or follows just a host ("https://host/faq/x").
            let head = &rest[..at];
            let token = head
                .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '"'))
                .map_or(head, |i| &head[i + 1..]);
            let host = token
                .strip_prefix("https://")
                .or_else(|| token.strip_prefix("http://"));
            let starts =
                token.is_empty() || host.is_some_and(|h| !h.is_empty() && !h.contains('/'));
            let slug: String = after
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            if starts
                && let Ok(slug) = Slug::parse(slug.trim_end_matches('-'))
                && !found.iter().any(|(k, s)| *k == kind && *s == slug)
            {
                found.push((kind, slug));
            }
            rest = after;
        }
    }
    found
}

/// One Level 0 item's count in a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCount {
    pub kind: ContentKind,
    pub slug: String,
    pub title: String,
    pub count: u32,
}

/// A month's most counted items, most first (`month` is `aaaa-mm`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTop {
    pub month: String,
    pub items: Vec<ItemCount>,
}

/// What the coordinator sees of the loop: per month, the items that answered people
/// ("isto resolveu", once per person and item) and those replies pointed to most.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeReport {
    pub deflected: Vec<MonthTop>,
    pub linked: Vec<MonthTop>,
}

/// Groups `(month, kind, slug, title, count)` rows into months (newest first), each
/// with its `top` items, most counted first (ties by title).
pub fn top_by_month(rows: Vec<(String, ItemCount)>, top: usize) -> Vec<MonthTop> {
    let mut months: Vec<MonthTop> = Vec::new();
    for (month, item) in rows {
        match months.iter_mut().find(|m| m.month == month) {
            Some(m) => m.items.push(item),
            None => months.push(MonthTop {
                month,
                items: vec![item],
            }),
        }
    }
    months.sort_by(|a, b| b.month.cmp(&a.month));
    for m in &mut months {
        m.items
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.title.cmp(&b.title)));
        m.items.truncate(top);
    }
    months
}

/// The content editor's address of a FAQ draft.
pub fn editor_path(slug: &str) -> String {
    format!("/coordenacao/conteudo/faq/{slug}")
}

/// The line an analyst's reply gets for a picked item.
pub fn link_line(title: &str, kind: ContentKind, slug: &str) -> String {
    format!("{title}: {}", super::content::content_path(kind, slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_solved_case_seeds_a_question_and_its_answer() {
        let n = OccurrenceNumber::new(2026, 123).unwrap();
        let s = faq_seed(
            "CT-e com rejeição 539!",
            "  Atualize o cadastro do NCM.\n\nDepois reenvie. ",
            n,
        )
        .unwrap();
        assert_eq!(s.slug.as_str(), "ct-e-com-rejeicao-539-2026-123");
        assert_eq!(s.title, "Como resolver: CT-e com rejeição 539?");
        assert_eq!(s.summary, "Atualize o cadastro do NCM. Depois reenvie.");
        assert!(s.body.starts_with("Atualize"));
        assert_eq!(
            faq_seed("Por que a nota volta?", "x", n).unwrap().title,
            "Por que a nota volta?"
        );
        assert!(
            faq_seed("???", "x", n)
                .unwrap()
                .slug
                .as_str()
                .starts_with("ocorrencia-")
        );
        assert!(faq_seed("Título", "  ", n).is_err());
    }

    #[test]
    fn counts_group_by_month_most_first() {
        let item = |slug: &str, count| ItemCount {
            kind: ContentKind::Faq,
            slug: slug.into(),
            title: slug.into(),
            count,
        };
        let rows = vec![
            ("2026-11".to_owned(), item("a", 1)),
            ("2026-12".to_owned(), item("b", 2)),
            ("2026-11".to_owned(), item("c", 5)),
            ("2026-11".to_owned(), item("d", 3)),
        ];
        let got = top_by_month(rows, 2);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].month, "2026-12");
        let nov: Vec<&str> = got[1].items.iter().map(|i| i.slug.as_str()).collect();
        assert_eq!(nov, ["c", "d"]);
    }

    #[test]
    fn links_are_found_once_as_paths_or_addresses() {
        let text = "Veja /faq/quando-ligar e https://suporte.uno.example/manual/emissao-nfe.\n\
                    De novo: /faq/quando-ligar (e abc/faq/nao-conta, /faq/).";
        let got: Vec<String> = level0_links(text)
            .into_iter()
            .map(|(k, s)| format!("{}:{}", k.slug(), s.as_str()))
            .collect();
        assert_eq!(got, ["faq:quando-ligar", "manual:emissao-nfe"]);
        assert_eq!(
            link_line("Quando ligar", ContentKind::Faq, "quando-ligar"),
            "Quando ligar: /faq/quando-ligar"
        );
    }
}
