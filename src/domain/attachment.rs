//! Files sent with occurrences: which types are accepted (decided by the bytes, not only
//! by the name), how large, how many, and a file name safe to store and send back.

use serde::{Deserialize, Serialize};
use std::fmt;

/// 10 MB per file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Files per message (an opening, a reply or a note).
pub const MAX_FILES_PER_MESSAGE: usize = 5;
/// What the file picker offers (the server checks the bytes anyway).
pub const ACCEPT: &str = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.xml,.txt,.log,.csv,.zip";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileKind {
    Png,
    Jpg,
    Gif,
    Webp,
    Pdf,
    Xml,
    Txt,
    Log,
    Csv,
    Zip,
}

impl FileKind {
    pub const ALL: [FileKind; 10] = [
        Self::Png,
        Self::Jpg,
        Self::Gif,
        Self::Webp,
        Self::Pdf,
        Self::Xml,
        Self::Txt,
        Self::Log,
        Self::Csv,
        Self::Zip,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpg => "jpg",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Pdf => "pdf",
            Self::Xml => "xml",
            Self::Txt => "txt",
            Self::Log => "log",
            Self::Csv => "csv",
            Self::Zip => "zip",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// The type named by a file's extension.
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpeg" => Some(Self::Jpg),
            other => Self::from_slug(other),
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Pdf => "application/pdf",
            Self::Xml => "application/xml",
            Self::Txt | Self::Log => "text/plain; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Zip => "application/zip",
        }
    }

    /// Whether the bytes are really of this type.
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            Self::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            Self::Jpg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
            Self::Gif => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
            Self::Webp => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
            Self::Pdf => bytes.starts_with(b"%PDF-"),
            Self::Zip => bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06"),
            Self::Xml => {
                is_text(bytes) && {
                    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    text.iter()
                        .find(|b| !b.is_ascii_whitespace())
                        .is_some_and(|b| *b == b'<')
                }
            }
            Self::Txt | Self::Log | Self::Csv => is_text(bytes),
        }
    }
}

/// Text as ERP logs and exports are written (UTF-8 or Windows-1252): no NUL and no
/// control bytes other than tab, line breaks and form feed, in the first 64 KB.
fn is_text(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .take(64 * 1024)
        .all(|b| *b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
}

/// Why a file was refused; the message names the file and the rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileRefusal {
    TooLarge {
        name: String,
    },
    Empty {
        name: String,
    },
    TypeNotAccepted {
        name: String,
    },
    /// The name says one type, the bytes another (or none).
    ContentMismatch {
        name: String,
        kind: FileKind,
    },
    TooMany,
}

impl fmt::Display for FileRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { name } => {
                write!(f, "\"{name}\" passa de 10 MB, o limite por arquivo.")
            }
            Self::Empty { name } => write!(f, "\"{name}\" está vazio."),
            Self::TypeNotAccepted { name } => write!(
                f,
                "\"{name}\": tipo não aceito. Envie png, jpg, gif, webp, pdf, xml, txt, log, csv ou zip."
            ),
            Self::ContentMismatch { name, kind } => write!(
                f,
                "\"{name}\" não é um arquivo {} de verdade (o conteúdo não confere com o nome).",
                kind.slug()
            ),
            Self::TooMany => write!(
                f,
                "No máximo {MAX_FILES_PER_MESSAGE} arquivos por mensagem."
            ),
        }
    }
}

/// Invisible Unicode format characters (category Cf): bidi overrides and isolates, which
/// make `fatura\u{202E}fdp.exe` read as `fatura.exe.pdf`, zero-width ones, which make two
/// names look alike, and the soft hyphen and BOM.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// A file name as stored and offered for download: no folders, no control or invisible
/// format characters, at most 200 characters, never empty.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control()
                && !is_format_char(*c)
                && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':')
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return "arquivo".into();
    }
    if cleaned.chars().count() <= 200 {
        return cleaned.to_owned();
    }
    // Keep the extension when cutting.
    let ext = cleaned
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.chars().count() <= 10)
        .unwrap_or("");
    let keep = 200 - ext.chars().count() - usize::from(!ext.is_empty());
    let mut out: String = cleaned.chars().take(keep).collect();
    if !ext.is_empty() {
        out.push('.');
        out.push_str(ext);
    }
    out
}

/// Accepts the file or says why not. `size` is the full size (the bytes may be a prefix).
pub fn check(name: &str, size: usize, bytes: &[u8]) -> Result<FileKind, FileRefusal> {
    let name = clean_name(name);
    if size == 0 {
        return Err(FileRefusal::Empty { name });
    }
    if size > MAX_FILE_BYTES {
        return Err(FileRefusal::TooLarge { name });
    }
    let Some(kind) = FileKind::from_name(&name) else {
        return Err(FileRefusal::TypeNotAccepted { name });
    };
    if !kind.matches(bytes) {
        return Err(FileRefusal::ContentMismatch { name, kind });
    }
    Ok(kind)
}

/// Whether `id` has the shape of an attachment id (20 hex digits, as ids are made):
/// anything else is refused before the database or the store is asked.
pub fn is_id(id: &str) -> bool {
    id.len() == 20 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A file attached to an occurrence, as pages list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub name: String,
    pub size: u64,
}

impl AttachmentView {
    pub fn url(&self) -> String {
        format!("/anexos/{}", self.id)
    }

    /// "1,2 MB", "340 KB".
    pub fn size_text(&self) -> String {
        let kb = self.size as f64 / 1024.0;
        if kb < 1024.0 {
            format!("{} KB", kb.ceil() as u64)
        } else {
            format!("{:.1} MB", kb / 1024.0).replace('.', ",")
        }
    }
}

/// The upload ids a message carries (comma-separated), at most
/// [`MAX_FILES_PER_MESSAGE`], each of the right shape and none twice.
pub fn upload_ids(raw: Option<&str>) -> Result<Vec<String>, crate::domain::error::AppError> {
    use crate::domain::{error::AppError, rule::Rule};
    let ids: Vec<String> = raw
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if ids.len() > MAX_FILES_PER_MESSAGE {
        return Err(AppError::invalid(FileRefusal::TooMany));
    }
    if !ids.iter().all(|id| is_id(id)) {
        return Err(Rule::UnknownUpload.into());
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    if unique.len() != ids.len() {
        return Err(AppError::invalid("O mesmo anexo foi enviado duas vezes."));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_files_of_each_type() {
        let cases: &[(&str, &[u8])] = &[
            ("tela.png", b"\x89PNG\r\n\x1a\n...."),
            ("foto.JPEG", &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            ("a.gif", b"GIF89a..."),
            ("a.webp", b"RIFF\x10\0\0\0WEBPVP8 "),
            ("nota.pdf", b"%PDF-1.7\n"),
            ("nfe.xml", b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><NFe/>"),
            ("erro.log", b"2026-11-29 ERRO: falha\r\n"),
            ("itens.csv", b"codigo;descri\xe7\xe3o\n1;Pe\xe7a\n"),
            ("leia.txt", "Atualização".as_bytes()),
            ("logs.zip", b"PK\x03\x04\x14\0"),
        ];
        for (name, bytes) in cases {
            assert!(check(name, bytes.len(), bytes).is_ok(), "{name}");
        }
    }

    #[test]
    fn refuses_by_content_not_only_by_name() {
        let exe = b"MZ\x90\0\x03\0\0\0";
        assert_eq!(
            check("foto.png", exe.len(), exe),
            Err(FileRefusal::ContentMismatch {
                name: "foto.png".into(),
                kind: FileKind::Png
            })
        );
        assert!(matches!(
            check("dados.csv", 4, b"a\0b\0"),
            Err(FileRefusal::ContentMismatch { .. })
        ));
        assert!(matches!(
            check("nfe.xml", 3, b"abc"),
            Err(FileRefusal::ContentMismatch { .. })
        ));
        assert!(matches!(
            check("setup.exe", exe.len(), exe),
            Err(FileRefusal::TypeNotAccepted { .. })
        ));
        assert!(matches!(
            check("semextensao", 3, b"abc"),
            Err(FileRefusal::TypeNotAccepted { .. })
        ));
    }

    #[test]
    fn size_limits_name_the_file_and_the_limit() {
        let e = check("grande.pdf", MAX_FILE_BYTES + 1, b"%PDF-").unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"grande.pdf\" passa de 10 MB, o limite por arquivo."
        );
        assert!(check("limite.pdf", MAX_FILE_BYTES, b"%PDF-").is_ok());
        assert!(matches!(
            check("vazio.txt", 0, b""),
            Err(FileRefusal::Empty { .. })
        ));
    }

    #[test]
    fn names_lose_folders_and_control_characters_and_keep_their_extension() {
        assert_eq!(clean_name("C:\\Users\\ana\\nota.pdf"), "nota.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\r\nb\".txt"), "ab.txt");
        assert_eq!(clean_name("..."), "arquivo");
        // A right-to-left override would show "fatura\u{202E}fdp.exe" as "fatura.exe.pdf".
        assert_eq!(clean_name("fatura\u{202E}fdp.exe"), "faturafdp.exe");
        assert_eq!(
            clean_name("no\u{200B}ta\u{2066}.p\u{FEFF}df\u{00AD}"),
            "nota.pdf"
        );
        let long = format!("{}.pdf", "x".repeat(300));
        let cut = clean_name(&long);
        assert_eq!(cut.chars().count(), 200);
        assert!(cut.ends_with(".pdf"));
    }

    #[test]
    fn sizes_read_in_portuguese() {
        let v = |size| {
            AttachmentView {
                id: "a".into(),
                name: "n".into(),
                size,
            }
            .size_text()
        };
        assert_eq!(v(1000), "1 KB");
        assert_eq!(v(1_300_000), "1,2 MB");
    }
}
