//! Markdown to safe HTML. Content is written by people, so whatever it contains is
//! rendered with pulldown-cmark and then cleaned by ammonia: no scripts, no event
//! handlers, no `javascript:` URLs can reach a reader's browser.

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, Options, Parser, TagEnd, html};
use std::borrow::Cow;
use std::{collections::HashSet, sync::OnceLock};

fn sanitizer() -> &'static Builder<'static> {
    static CLEANER: OnceLock<Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = Builder::default();
        // No `id` attributes: a reader-controlled id could clobber the page's own
        // elements. Relative URLs only as paths of this site (`//host` is another site).
        b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"))
            .url_relative(UrlRelative::Custom(Box::new(same_site_only)));
        b
    })
}

/// Keeps a relative URL only when it cannot leave the site: a path must pass the editor's
/// own rule ([`is_safe_link`]: browsers drop tabs and line breaks, so `/\t/host` is
/// `//host`, another site); a fragment or a name beside the page has no blank in it.
fn same_site_only(url: &str) -> Option<Cow<'_, str>> {
    let safe = if url.starts_with(['/', '\\']) {
        crate::domain::content::is_safe_link(url)
    } else {
        !url.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    safe.then_some(Cow::Borrowed(url))
}

/// Renders Markdown to sanitized HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    sanitizer().clean(&raw).to_string()
}

/// The readable text of a Markdown document (for search snippets): no markup, one space
/// between blocks.
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) if !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_are_removed() {
        let html = to_safe_html("Olá <script>alert('x')</script> mundo");
        assert!(!html.to_lowercase().contains("<script"), "{html}");
        assert!(!html.contains("alert("), "{html}");
        assert!(html.contains("Olá"));
    }

    #[test]
    fn javascript_links_lose_their_target() {
        let html =
            to_safe_html("[clique](javascript:alert(1)) e <a href=\"JavaScript:evil()\">aqui</a>");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("clique"));
    }

    #[test]
    fn event_handlers_and_iframes_are_removed() {
        let html = to_safe_html(
            "<img src=\"x.png\" onerror=\"alert(1)\"><iframe src=\"https://x\"></iframe>",
        );
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("iframe"), "{html}");
    }

    #[test]
    fn ids_and_links_to_other_sites_without_a_scheme_are_dropped() {
        let html = to_safe_html(
            "<p id=\"app\">x</p>\n\n[a](//evil.example/x) <a href=\"/\\evil.example\">b</a> [c](/faq/quando-ligar)",
        );
        assert!(!html.contains("id="), "{html}");
        assert!(!html.contains("evil.example"), "{html}");
        assert!(html.contains("href=\"/faq/quando-ligar\""), "{html}");
    }

    #[test]
    fn a_blank_inside_a_path_cannot_make_it_another_site() {
        for href in ["/\t/evil.example", "/&#9;/evil.example", "\\\\evil.example"] {
            let html = to_safe_html(&format!("<a href=\"{href}\">x</a> [y](#passos)"));
            assert!(!html.contains("evil.example"), "{href}: {html}");
            assert!(html.contains("href=\"#passos\""), "{href}: {html}");
        }
    }

    #[test]
    fn ordinary_markdown_survives() {
        let html = to_safe_html(
            "## Passos\n\n1. Abra **Fiscal**\n2. Veja [ajuda](https://uno.example/ajuda)\n",
        );
        assert!(html.contains("<h2>Passos</h2>"), "{html}");
        assert!(html.contains("<strong>Fiscal</strong>"));
        assert!(html.contains("href=\"https://uno.example/ajuda\""));
        assert!(html.contains("rel=\"noopener noreferrer\""));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("# Título\n\nUm **texto** com [link](https://x)."),
            "Título Um texto com link."
        );
    }
}
