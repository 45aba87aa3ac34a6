//! Runtime configuration: `Leptos.toml` first, environment variables on top.
//!
//! Every problem is reported as one line naming the setting, so a wrong deployment stops
//! at start-up instead of failing on the first request.

use leptos::config::LeptosOptions;
use serde::Deserialize;
use std::{
    fmt,
    net::{IpAddr, SocketAddr},
    path::Path,
};

mod database;
mod limits;
mod security;

pub use database::{DatabaseConfig, DatabaseCredentials, DatabaseUrl};
use security::security_from;
pub use security::{PublicUrl, SecurityConfig};

#[derive(Clone, Debug)]
pub struct Config {
    pub leptos: LeptosOptions,
    pub database: DatabaseConfig,
    pub support: SupportConfig,
    pub security: SecurityConfig,
    /// SMTP for the e-mail copies; `None`: mail off.
    pub mail: Option<super::mail::config::MailConfig>,
    /// Where attachment bytes are kept.
    pub attachments: super::attachments::config::StoreUrl,
}

#[derive(Clone, Debug)]
pub struct SupportConfig {
    pub phone: String,
    /// Load the shipped Level 0 corpus (new and changed items) on start.
    pub demo_content: bool,
    /// Create the demo accounts (published passwords) and the demo companies: only when
    /// asked for (`SUPORTE_DEMO=1`, or `suporte serve --demo`), and only on loopback.
    pub demo: bool,
    /// How many occurrences and messages a customer (and a company) may send per hour.
    pub volume: crate::domain::occurrences::volume::VolumeLimits,
}

/// A start-up configuration error: which setting, and what is wrong with it.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub setting: String,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "configuração inválida: {}: {}",
            self.setting, self.problem
        )
    }
}

impl std::error::Error for ConfigError {}

fn err(setting: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.into(),
        problem: problem.into(),
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    site: FileSite,
    #[serde(default)]
    database: FileDatabase,
    #[serde(default)]
    support: FileSupport,
    #[serde(default)]
    security: FileSecurity,
    #[serde(default)]
    mail: super::mail::config::FileMail,
    #[serde(default)]
    attachments: super::attachments::config::FileAttachments,
    #[serde(default)]
    limits: limits::FileLimits,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSecurity {
    public_url: Option<String>,
    idle_timeout_minutes: Option<i64>,
    trusted_proxies: Option<Vec<String>>,
    allowed_hosts: Option<Vec<String>>,
    live_streams_max: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSite {
    addr: Option<String>,
    root: Option<String>,
    pkg_dir: Option<String>,
    output_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "kebab-case")]
struct FileDatabase {
    url: Option<String>,
    allow_insecure_remote: Option<bool>,
    namespace: Option<String>,
    database: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSupport {
    phone: Option<String>,
    demo_content: Option<bool>,
}

impl Config {
    /// Reads the file named by `SUPORTE_CONFIG` (default `Leptos.toml`) and the environment.
    pub fn load() -> Result<Self, ConfigError> {
        Self::load_with(|k| std::env::var(k).ok())
    }

    /// [`Config::load`] with another environment lookup (a command that gives some
    /// variables a meaning of its own).
    pub fn load_with(env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let path = env("SUPORTE_CONFIG").unwrap_or_else(|| "Leptos.toml".into());
        let text = std::fs::read_to_string(Path::new(&path)).map_err(|e| {
            err(
                "SUPORTE_CONFIG",
                format!("não foi possível ler \"{path}\" ({e}); rode na raiz do projeto"),
            )
        })?;
        Self::from_parts(&text, env)
    }

    /// Builds the configuration from the file's text and an environment lookup.
    pub fn from_parts(
        file_text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let file: FileConfig =
            toml::from_str(file_text).map_err(|e| err("Leptos.toml", e.message().to_owned()))?;
        let pick = |var: &str, from_file: Option<String>, default: &str| {
            env(var)
                .filter(|v| !v.trim().is_empty())
                .or(from_file)
                .unwrap_or_else(|| default.to_owned())
        };

        let addr_raw = pick("LEPTOS_SITE_ADDR", file.site.addr, "127.0.0.1:3000");
        let site_addr: SocketAddr = addr_raw.parse().map_err(|_| {
            err(
                "LEPTOS_SITE_ADDR",
                format!("\"{addr_raw}\" não é um endereço ip:porta, ex.: 127.0.0.1:3000"),
            )
        })?;
        let leptos = LeptosOptions::builder()
            .output_name(pick("LEPTOS_OUTPUT_NAME", file.site.output_name, "suporte"))
            .site_root(pick("LEPTOS_SITE_ROOT", file.site.root, "target/site"))
            .site_pkg_dir(pick("LEPTOS_SITE_PKG_DIR", file.site.pkg_dir, "pkg"))
            .site_addr(site_addr)
            .build();

        let url_raw = pick("DATABASE_URL", file.database.url, "surrealkv://data/db");
        let url = DatabaseUrl::parse(&url_raw)
            .map_err(|p| err("DATABASE_URL", format!("\"{url_raw}\": {p}")))?;
        let credentials = match (env("DATABASE_USER"), env("DATABASE_PASS")) {
            (Some(user), Some(pass)) => Some(DatabaseCredentials { user, pass }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(err(
                    "DATABASE_PASS",
                    "DATABASE_USER foi definido sem a senha",
                ));
            }
            (None, Some(_)) => {
                return Err(err(
                    "DATABASE_USER",
                    "DATABASE_PASS foi definido sem o usuário",
                ));
            }
        };
        let insecure_ok = env("DATABASE_ALLOW_INSECURE")
            .map(|v| v == "1" || v == "true")
            .or(file.database.allow_insecure_remote)
            .unwrap_or(false);
        if let DatabaseUrl::Remote(remote) = &url
            && remote.starts_with("ws://")
            && !insecure_ok
            && !is_loopback_host(&remote["ws://".len()..])
        {
            return Err(err(
                "DATABASE_URL",
                format!(
                    "\"{url_raw}\": ws:// sem TLS só para o próprio computador; use wss:// ou defina DATABASE_ALLOW_INSECURE=1"
                ),
            ));
        }
        let namespace = pick("DATABASE_NS", file.database.namespace, "uno");
        let database = pick("DATABASE_DB", file.database.database, "suporte");

        let demo = match env("SUPORTE_DEMO").as_deref().map(str::trim) {
            None | Some("" | "0" | "false" | "nao" | "não") => false,
            Some("1" | "true" | "sim") => true,
            Some(other) => {
                return Err(err(
                    "SUPORTE_DEMO",
                    format!(
                        "\"{other}\": use 1 para criar as contas e o conteúdo de demonstração, ou 0"
                    ),
                ));
            }
        };
        let phone = pick("SUPPORT_PHONE", file.support.phone, "(15) 3000-0000");
        if !phone.chars().any(|c| c.is_ascii_digit()) {
            return Err(err(
                "SUPPORT_PHONE",
                format!("\"{phone}\" não parece um telefone"),
            ));
        }
        let security = security_from(file.security, &env)?;
        let volume = limits::limits_from(file.limits, &env)?;
        // Reached by others (another interface, or through a proxy): cookies must be
        // `__Host-`/Secure and the CSRF check must know the real origin.
        let reached_by_others =
            !leptos.site_addr.ip().is_loopback() || !security.trusted_proxies.is_empty();
        if reached_by_others && security.public_url.is_none() {
            return Err(err(
                "PUBLIC_URL",
                format!(
                    "o servidor seria acessado por outros ({}{}): defina o endereço público, ex.: PUBLIC_URL=https://suporte.uno.com.br",
                    leptos.site_addr,
                    if security.trusted_proxies.is_empty() {
                        ""
                    } else {
                        ", atrás de proxy"
                    }
                ),
            ));
        }
        let mail = super::mail::config::mail_from(file.mail, &env)?;
        let attachments = super::attachments::config::store_from(file.attachments, &env, &url)?;
        Ok(Self {
            security,
            mail,
            attachments,
            leptos,
            database: DatabaseConfig {
                url,
                namespace,
                database,
                credentials,
            },
            support: SupportConfig {
                phone,
                demo_content: file.support.demo_content.unwrap_or(demo),
                demo,
                volume,
            },
        })
    }
}

impl Config {
    /// The start of absolute links (in e-mails): the public URL, or the listening address.
    pub fn base_url(&self) -> String {
        match &self.security.public_url {
            Some(u) => format!("{}://{}", if u.https { "https" } else { "http" }, u.host),
            None => format!("http://{}", self.leptos.site_addr),
        }
    }
}

/// `host[:port][/…]` names this computer.
fn is_loopback_host(authority: &str) -> bool {
    let authority = authority.split('/').next().unwrap_or_default();
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => authority,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = include_str!("../../../Leptos.toml");

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_shipped_file_gives_the_documented_defaults() {
        let c = Config::from_parts(FILE, no_env).unwrap();
        assert_eq!(c.database.url, DatabaseUrl::SurrealKv("data/db".into()));
        assert_eq!(c.leptos.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(&*c.leptos.output_name, "suporte");
        // No demo unless asked for.
        assert!(!c.support.demo_content);
        assert!(!c.support.demo);
    }

    #[test]
    fn the_demo_is_asked_for_explicitly() {
        for (value, demo) in [("1", true), ("sim", true), ("0", false), ("", false)] {
            let c =
                Config::from_parts(FILE, |k| (k == "SUPORTE_DEMO").then(|| value.into())).unwrap();
            assert_eq!(
                (c.support.demo, c.support.demo_content),
                (demo, demo),
                "{value}"
            );
        }
        let e = Config::from_parts(FILE, |k| (k == "SUPORTE_DEMO").then(|| "yes".into()))
            .err()
            .unwrap();
        assert_eq!(e.setting, "SUPORTE_DEMO");
        let only_content = Config::from_parts(
            &format!("{FILE}\n").replace("[support]", "[support]\ndemo-content = true"),
            no_env,
        )
        .unwrap();
        assert!(only_content.support.demo_content && !only_content.support.demo);
    }

    #[test]
    fn environment_overrides_the_file() {
        let env = |k: &str| match k {
            "DATABASE_URL" => Some("mem://".to_owned()),
            "LEPTOS_SITE_ADDR" => Some("0.0.0.0:8080".to_owned()),
            "PUBLIC_URL" => Some("https://suporte.uno.example".to_owned()),
            _ => None,
        };
        let c = Config::from_parts(FILE, env).unwrap();
        assert_eq!(c.database.url, DatabaseUrl::Memory);
        assert_eq!(c.leptos.site_addr.to_string(), "0.0.0.0:8080");
    }

    #[test]
    fn a_public_start_needs_the_public_url() {
        for (k, v) in [
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("LEPTOS_SITE_ADDR", "[::]:8080"),
            ("TRUSTED_PROXIES", "127.0.0.1"),
        ] {
            let env = |key: &str| match key {
                "DATABASE_URL" => Some("mem://".to_owned()),
                _ if key == k => Some(v.to_owned()),
                _ => None,
            };
            assert_eq!(
                Config::from_parts(FILE, env).unwrap_err().setting,
                "PUBLIC_URL",
                "{k}={v}"
            );
        }
        // On this computer alone, no public address is needed.
        let local = |key: &str| (key == "DATABASE_URL").then(|| "mem://".to_owned());
        assert!(Config::from_parts(FILE, local).is_ok());
    }

    #[test]
    fn a_wrong_setting_is_named_in_one_line() {
        let env = |k: &str| (k == "DATABASE_URL").then(|| "postgres://x".to_owned());
        let e = Config::from_parts(FILE, env).unwrap_err();
        assert_eq!(e.setting, "DATABASE_URL");
        assert!(!e.to_string().contains('\n'));

        let env = |k: &str| (k == "LEPTOS_SITE_ADDR").then(|| "localhost".to_owned());
        assert_eq!(
            Config::from_parts(FILE, env).unwrap_err().setting,
            "LEPTOS_SITE_ADDR"
        );

        let env = |k: &str| (k == "DATABASE_USER").then(|| "root".to_owned());
        assert_eq!(
            Config::from_parts(FILE, env).unwrap_err().setting,
            "DATABASE_PASS"
        );

        let e = Config::from_parts("[site]\nadress = 1\n", no_env).unwrap_err();
        assert_eq!(e.setting, "Leptos.toml");
    }

    #[test]
    fn remote_databases_need_tls_unless_local_or_allowed() {
        let with = |url: &'static str, allow: bool| {
            move |k: &str| match k {
                "DATABASE_URL" => Some(url.to_owned()),
                "DATABASE_ALLOW_INSECURE" if allow => Some("1".to_owned()),
                _ => None,
            }
        };
        let e = Config::from_parts(FILE, with("ws://db.interno:8000", false)).unwrap_err();
        assert_eq!(e.setting, "DATABASE_URL");
        assert!(Config::from_parts(FILE, with("ws://db.interno:8000", true)).is_ok());
        assert!(Config::from_parts(FILE, with("ws://127.0.0.1:8000", false)).is_ok());
        assert!(Config::from_parts(FILE, with("ws://localhost:8000/rpc", false)).is_ok());
        assert!(Config::from_parts(FILE, with("wss://db.interno", false)).is_ok());
    }

    #[test]
    fn security_settings_parse_with_clear_errors() {
        let c = Config::from_parts(FILE, no_env).unwrap();
        assert_eq!(c.security.idle_timeout_secs, 7200);
        assert!(!c.security.https());
        let env = |k: &str| match k {
            "PUBLIC_URL" => Some("https://Suporte.Uno.example/".to_owned()),
            "TRUSTED_PROXIES" => Some("10.0.0.1, ::1".to_owned()),
            "SESSION_IDLE_MINUTES" => Some("30".to_owned()),
            _ => None,
        };
        let c = Config::from_parts(FILE, env).unwrap();
        assert!(c.security.https());
        assert!(c.security.host_allowed("suporte.uno.example"));
        assert!(!c.security.host_allowed("evil.example"));
        assert_eq!(c.security.trusted_proxies.len(), 2);
        assert_eq!(c.security.idle_timeout_secs, 1800);
        for (k, v) in [
            ("PUBLIC_URL", "suporte.uno"),
            ("PUBLIC_URL", "https://x/y"),
            ("TRUSTED_PROXIES", "proxy"),
            ("SESSION_IDLE_MINUTES", "0"),
        ] {
            let env = move |key: &str| (key == k).then(|| v.to_owned());
            assert_eq!(Config::from_parts(FILE, env).unwrap_err().setting, k, "{v}");
        }
    }

    #[test]
    fn database_urls_parse_to_their_engine() {
        assert_eq!(
            DatabaseUrl::parse("ws://db:8000"),
            Ok(DatabaseUrl::Remote("ws://db:8000".into()))
        );
        assert!(DatabaseUrl::parse("surrealkv://").is_err());
        assert!(DatabaseUrl::parse("ws://").is_err());
        assert_eq!(DatabaseUrl::parse("mem://").unwrap().endpoint(), "mem://");
        assert_eq!(
            DatabaseUrl::parse("surrealkv://data/db")
                .unwrap()
                .endpoint(),
            "surrealkv://data/db?sync=every"
        );
        assert_eq!(
            DatabaseUrl::parse("surrealkv://data/db?sync=1s")
                .unwrap()
                .endpoint(),
            "surrealkv://data/db?sync=1s"
        );
    }
}
