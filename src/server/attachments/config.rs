//! Where attachment bytes live: `[attachments] url` in `Leptos.toml` or
//! `ATTACHMENTS_URL`. A local folder next to the database by default; an S3-compatible
//! bucket (`s3://bucket/prefix`, credentials and endpoint from the usual `AWS_*`
//! variables) when several app servers must share the files.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::server::config::{ConfigError, DatabaseUrl};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreUrl {
    Local(PathBuf),
    /// Gone at exit: tests and `mem://` databases.
    Memory,
    S3 {
        bucket: String,
        prefix: String,
    },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileAttachments {
    url: Option<String>,
}

impl StoreUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw == "memory://" || raw == "mem://" {
            return Ok(Self::Memory);
        }
        if let Some(rest) = raw.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err("s3:// precisa do nome do bucket, ex.: s3://uno-anexos".into());
            }
            return Ok(Self::S3 {
                bucket: bucket.to_owned(),
                prefix: prefix.trim_matches('/').to_owned(),
            });
        }
        let path = raw.strip_prefix("file://").unwrap_or(raw);
        if path.is_empty() || raw.contains("://") && !raw.starts_with("file://") {
            return Err("use file://<pasta>, s3://<bucket>[/prefixo] ou memory://".into());
        }
        Ok(Self::Local(PathBuf::from(path)))
    }

    /// Next to an embedded database; in memory with an in-memory one.
    fn beside(db: &DatabaseUrl) -> Self {
        match db {
            DatabaseUrl::Memory => Self::Memory,
            DatabaseUrl::SurrealKv(path) => Self::Local(
                Path::new(path)
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .join("anexos"),
            ),
            DatabaseUrl::Remote(_) => Self::Local(PathBuf::from("data/anexos")),
        }
    }
}

pub fn store_from(
    file: FileAttachments,
    env: &impl Fn(&str) -> Option<String>,
    db: &DatabaseUrl,
) -> Result<StoreUrl, ConfigError> {
    match env("ATTACHMENTS_URL")
        .filter(|v| !v.trim().is_empty())
        .or(file.url)
    {
        Some(raw) => StoreUrl::parse(&raw).map_err(|problem| ConfigError {
            setting: "ATTACHMENTS_URL".into(),
            problem: format!("\"{raw}\": {problem}"),
        }),
        None => Ok(StoreUrl::beside(db)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_a_folder_next_to_the_database() {
        let none = |_: &str| None;
        let kv = DatabaseUrl::SurrealKv("data/db".into());
        assert_eq!(
            store_from(FileAttachments::default(), &none, &kv).unwrap(),
            StoreUrl::Local("data/anexos".into())
        );
        assert_eq!(
            store_from(FileAttachments::default(), &none, &DatabaseUrl::Memory).unwrap(),
            StoreUrl::Memory
        );
    }

    #[test]
    fn parses_the_supported_stores_and_names_the_setting_otherwise() {
        assert_eq!(
            StoreUrl::parse("s3://uno-anexos/prod/").unwrap(),
            StoreUrl::S3 {
                bucket: "uno-anexos".into(),
                prefix: "prod".into()
            }
        );
        assert_eq!(
            StoreUrl::parse("file:///srv/anexos").unwrap(),
            StoreUrl::Local("/srv/anexos".into())
        );
        let env = |k: &str| (k == "ATTACHMENTS_URL").then(|| "ftp://x".to_owned());
        let e = store_from(FileAttachments::default(), &env, &DatabaseUrl::Memory).unwrap_err();
        assert_eq!(e.setting, "ATTACHMENTS_URL");
    }
}
