//! `suporte import-content DIR`: Markdown files with front matter in the demo layout
//! (`DIR/<tipo>/<slug>.md`, `tipo` = faq, manual, blog or ead) — the way a coordinator loads
//! the exported ERP manual. Every file is read and checked before anything is written: one
//! bad file names itself and nothing is imported.

use std::path::Path;

use anyhow::{Context, Result};

use super::draft::ContentDraft;
use crate::domain::content::ContentKind;

/// What a folder holds.
#[derive(Debug, Default)]
pub struct Loaded {
    pub drafts: Vec<ContentDraft>,
    /// One line per file that does not parse ("DIR/faq/x.md: …").
    pub errors: Vec<String>,
    /// Folders and files that are not part of the layout (left alone, but said).
    pub ignored: Vec<String>,
}

/// Reads every `DIR/<tipo>/<slug>.md`, in a stable order.
pub fn read_dir(dir: &Path) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut entries = sorted(dir).with_context(|| {
        format!(
            "{}: não é uma pasta legível (esperado DIR/<tipo>/<slug>.md)",
            dir.display()
        )
    })?;
    entries.retain(|p| {
        let kind = p
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| ContentKind::parse(n).ok());
        if kind.is_none() || !p.is_dir() {
            loaded.ignored.push(p.display().to_string());
        }
        kind.is_some() && p.is_dir()
    });
    for folder in entries {
        // Only kind folders were kept above.
        let Ok(kind) =
            ContentKind::parse(&folder.file_name().unwrap_or_default().to_string_lossy())
        else {
            continue;
        };
        for file in sorted(&folder).with_context(|| format!("{}", folder.display()))? {
            let name = file.display().to_string();
            let slug = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if file.extension().and_then(|e| e.to_str()) != Some("md") || !file.is_file() {
                loaded.ignored.push(name);
                continue;
            }
            let parsed = std::fs::read(&file)
                .map_err(|e| format!("{name}: {e}"))
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| format!("{name}: não é UTF-8"))
                })
                .and_then(|text| ContentDraft::parse(kind, slug, &text, &name));
            match parsed {
                Ok(d) => loaded.drafts.push(d),
                Err(e) => loaded.errors.push(e),
            }
        }
    }
    Ok(loaded)
}

fn sorted(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    paths.sort();
    Ok(paths)
}
