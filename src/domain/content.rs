//! Level 0 content: the kinds of self-service material and the ERP modules they cover.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a piece of self-service content is. The slug doubles as the URL segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    Faq,
    Manual,
    Blog,
    #[serde(rename = "ead")]
    Course,
}

impl ContentKind {
    pub const ALL: [ContentKind; 4] = [Self::Faq, Self::Manual, Self::Blog, Self::Course];

    /// Stable identifier used in URLs and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Faq => "faq",
            Self::Manual => "manual",
            Self::Blog => "blog",
            Self::Course => "ead",
        }
    }

    /// Singular label shown on a result.
    pub fn label(self) -> &'static str {
        match self {
            Self::Faq => "Pergunta frequente",
            Self::Manual => "Manual",
            Self::Blog => "Blog",
            Self::Course => "Curso EAD",
        }
    }

    /// Label of the section that lists this kind (breadcrumbs, filters).
    pub fn section(self) -> &'static str {
        match self {
            Self::Faq => "Perguntas frequentes",
            Self::Manual => "Manual do UNO ERP",
            Self::Blog => "Blog",
            Self::Course => "Universidade UNO",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ContentError> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == raw.trim())
            .ok_or_else(|| ContentError::UnknownKind(raw.to_owned()))
    }
}

impl fmt::Display for ContentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// The UNO ERP modules that manual pages and articles are filed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErpModule {
    Financeiro,
    Fiscal,
    Estoque,
    Compras,
    Vendas,
    Contabil,
    Folha,
    Producao,
    Crm,
    Seguranca,
}

impl ErpModule {
    pub const ALL: [ErpModule; 10] = [
        Self::Financeiro,
        Self::Fiscal,
        Self::Estoque,
        Self::Compras,
        Self::Vendas,
        Self::Contabil,
        Self::Folha,
        Self::Producao,
        Self::Crm,
        Self::Seguranca,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Financeiro => "financeiro",
            Self::Fiscal => "fiscal",
            Self::Estoque => "estoque",
            Self::Compras => "compras",
            Self::Vendas => "vendas",
            Self::Contabil => "contabil",
            Self::Folha => "folha",
            Self::Producao => "producao",
            Self::Crm => "crm",
            Self::Seguranca => "seguranca",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Financeiro => "Financeiro",
            Self::Fiscal => "Fiscal",
            Self::Estoque => "Estoque",
            Self::Compras => "Compras",
            Self::Vendas => "Vendas e Faturamento",
            Self::Contabil => "Contábil",
            Self::Folha => "Folha de Pagamento",
            Self::Producao => "Produção",
            Self::Crm => "CRM",
            Self::Seguranca => "Segurança",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ContentError> {
        Self::ALL
            .into_iter()
            .find(|m| m.slug() == raw.trim())
            .ok_or_else(|| ContentError::UnknownModule(raw.to_owned()))
    }
}

/// A URL-safe identifier: lowercase ASCII letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, ContentError> {
        let ok = !raw.is_empty()
            && raw.len() <= Self::MAX_LEN
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--")
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ContentError::InvalidSlug(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = ContentError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ContentError {
    #[error("tipo de conteúdo desconhecido: \"{0}\"")]
    UnknownKind(String),
    #[error("módulo do ERP desconhecido: \"{0}\"")]
    UnknownModule(String),
    #[error("identificador inválido: \"{0}\" (use letras minúsculas, números e hífens)")]
    InvalidSlug(String),
}

/// Path of a content page: `/{kind}/{slug}`.
/// A link that stays on this site (a path such as `/ead/extranet`, never `//host` or
/// `/\host`, which browsers read as another site) or goes to an HTTPS address.
pub fn is_safe_link(url: &str) -> bool {
    let no_space = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    let same_site = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
    let https = url.strip_prefix("https://").is_some_and(|rest| {
        rest.split(['/', '?', '#'])
            .next()
            .is_some_and(|host| !host.is_empty() && !host.contains('\\'))
    });
    no_space && (same_site || https)
}

pub fn content_path(kind: ContentKind, slug: &str) -> String {
    format!("/{}/{}", kind.slug(), slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_and_https_addresses_are_safe_links() {
        for ok in [
            "/ead/extranet",
            "/",
            "https://universidade.uno.example/c?x=1",
        ] {
            assert!(is_safe_link(ok), "{ok}");
        }
        for bad in [
            "//evil.example/x",
            "/\\evil.example",
            "http://x.example",
            "javascript:alert(1)",
            "https://",
            "https:///x",
            "ead/extranet",
            "/a b",
            "",
        ] {
            assert!(!is_safe_link(bad), "{bad}");
        }
    }

    #[test]
    fn kinds_and_modules_round_trip_through_their_slugs() {
        for k in ContentKind::ALL {
            assert_eq!(ContentKind::parse(k.slug()), Ok(k));
        }
        for m in ErpModule::ALL {
            assert_eq!(ErpModule::parse(m.slug()), Ok(m));
        }
        assert!(ContentKind::parse("wiki").is_err());
        assert!(ErpModule::parse("").is_err());
    }

    #[test]
    fn slugs_reject_anything_that_is_not_url_safe() {
        assert!(Slug::parse("nota-fiscal-rejeitada").is_ok());
        assert!(Slug::parse("v2-atualizacao").is_ok());
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "Maiuscula",
            "com espaço",
            "ç",
            "../etc",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(Slug::parse(&"a".repeat(121)).is_err());
    }
}

/// A link to a piece of content, as lists and "related" boxes show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentLink {
    pub kind: ContentKind,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub module: Option<ErpModule>,
}

impl ContentLink {
    pub fn path(&self) -> String {
        content_path(self.kind, &self.slug)
    }
}

/// A full content page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub kind: ContentKind,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub module: Option<ErpModule>,
    /// Already sanitized on the server.
    pub body_html: String,
    pub duration_minutes: Option<u32>,
    pub course_url: Option<String>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub related: Vec<ContentLink>,
}

/// "1 h 30 min" style duration of an EAD course.
pub fn format_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod duration_tests {
    #[test]
    fn durations_read_naturally() {
        assert_eq!(super::format_duration(45), "45 min");
        assert_eq!(super::format_duration(120), "2 h");
        assert_eq!(super::format_duration(90), "1 h 30 min");
    }
}
