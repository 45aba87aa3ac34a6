//! A content item parsed from a Markdown file with a small front-matter header.
//!
//! ```text
//! ---
//! title: Quando ligar para o suporte?
//! summary: Em que casos o telefone é o canal certo.
//! module: fiscal          (optional: ERP module slug)
//! popular: true           (optional: shown on the portal home)
//! position: 2             (optional: order inside its section)
//! duration: 90            (EAD only: minutes)
//! link: https://…         (EAD only: where the course runs)
//! ---
//! Markdown body…
//! ```

use crate::domain::content::{ContentKind, ErpModule, Slug};

#[derive(Clone, Debug, PartialEq)]
pub struct ContentDraft {
    pub kind: ContentKind,
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub module: Option<ErpModule>,
    pub body_md: String,
    pub popular: bool,
    pub position: i64,
    pub duration_minutes: Option<u32>,
    pub course_url: Option<String>,
}

const MAX_TITLE_CHARS: usize = 200;
/// Far above any manual page; keeps one item from filling the database or the index.
const MAX_BODY_CHARS: usize = 200_000;
const MAX_SUMMARY_CHARS: usize = 400;

impl ContentDraft {
    /// Parses one file. `name` is used in error messages.
    pub fn parse(kind: ContentKind, slug: &str, text: &str, name: &str) -> Result<Self, String> {
        let fail = |msg: String| format!("{name}: {msg}");
        let slug = Slug::parse(slug).map_err(|e| fail(e.to_string()))?;
        let rest = text
            .strip_prefix("---\n")
            .ok_or_else(|| fail("o arquivo deve começar com um cabeçalho '---'".into()))?;
        let (header, body) = rest
            .split_once("\n---\n")
            .ok_or_else(|| fail("cabeçalho sem o '---' de fechamento".into()))?;

        let mut draft = ContentDraft {
            kind,
            slug,
            title: String::new(),
            summary: String::new(),
            module: None,
            body_md: body.trim().to_owned(),
            popular: false,
            position: 0,
            duration_minutes: None,
            course_url: None,
        };
        for line in header.lines().filter(|l| !l.trim().is_empty()) {
            let (key, value) = line
                .split_once(':')
                .ok_or_else(|| fail(format!("linha de cabeçalho sem ':': \"{line}\"")))?;
            let value = value.trim().to_owned();
            match key.trim() {
                "title" => draft.title = value,
                "summary" => draft.summary = value,
                "module" => {
                    draft.module = Some(ErpModule::parse(&value).map_err(|e| fail(e.to_string()))?)
                }
                "popular" => draft.popular = value == "true",
                "position" => {
                    draft.position = value
                        .parse()
                        .map_err(|_| fail(format!("position inválida: \"{value}\"")))?
                }
                "duration" => {
                    draft.duration_minutes = Some(
                        value
                            .parse()
                            .ok()
                            .filter(|m| *m > 0)
                            .ok_or_else(|| fail(format!("duration inválida: \"{value}\"")))?,
                    )
                }
                "link" => draft.course_url = Some(value),
                other => {
                    return Err(fail(format!(
                        "campo desconhecido no cabeçalho: \"{other}\""
                    )));
                }
            }
        }
        draft.validate().map_err(fail)?;
        Ok(draft)
    }

    /// Checks the rules every item obeys, whether it comes from a file or the editor.
    pub fn validate(&self) -> Result<(), String> {
        let title_len = self.title.chars().count();
        if title_len == 0 || title_len > MAX_TITLE_CHARS {
            return Err(format!(
                "title deve ter de 1 a {MAX_TITLE_CHARS} caracteres"
            ));
        }
        if self.summary.chars().count() > MAX_SUMMARY_CHARS {
            return Err(format!(
                "summary deve ter até {MAX_SUMMARY_CHARS} caracteres"
            ));
        }
        if self.body_md.is_empty() {
            return Err("o texto está vazio".into());
        }
        let is_course = self.kind == ContentKind::Course;
        if is_course != self.duration_minutes.is_some() || is_course != self.course_url.is_some() {
            return Err("duration e link são obrigatórios nos cursos EAD e só neles".into());
        }
        if let Some(url) = &self.course_url
            && !crate::domain::content::is_safe_link(url)
        {
            return Err(format!(
                "link deve ser um caminho deste site (/…) ou um endereço https://: \"{url}\""
            ));
        }
        if self.body_md.chars().count() > MAX_BODY_CHARS {
            return Err(format!("o texto deve ter até {MAX_BODY_CHARS} caracteres"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAQ: &str =
        "---\ntitle: Quando ligar?\nsummary: Resumo.\npopular: true\n---\nTexto **aqui**.\n";

    #[test]
    fn parses_header_and_body() {
        let d = ContentDraft::parse(ContentKind::Faq, "quando-ligar", FAQ, "faq/quando-ligar.md")
            .unwrap();
        assert_eq!(d.title, "Quando ligar?");
        assert!(d.popular);
        assert_eq!(d.body_md, "Texto **aqui**.");
        assert_eq!(d.module, None);
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let e =
            ContentDraft::parse(ContentKind::Faq, "x", "sem cabeçalho", "faq/x.md").unwrap_err();
        assert!(e.starts_with("faq/x.md: "), "{e}");
        let bad_module = FAQ.replace("popular: true", "module: marte");
        let e = ContentDraft::parse(ContentKind::Faq, "x", &bad_module, "faq/x.md").unwrap_err();
        assert!(e.contains("marte"), "{e}");
        let e = ContentDraft::parse(ContentKind::Course, "x", FAQ, "ead/x.md").unwrap_err();
        assert!(e.contains("duration"), "{e}");
        let e = ContentDraft::parse(ContentKind::Faq, "X Y", FAQ, "faq/X Y.md").unwrap_err();
        assert!(e.contains("identificador"), "{e}");
    }
}
