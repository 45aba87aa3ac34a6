//! SMTP settings: `[mail]` in `Leptos.toml`, environment variables on top. No host means
//! mail is off (copies wait in the outbox until it is turned on).

use serde::Deserialize;
use std::fmt;

use crate::server::config::ConfigError;

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (required), usually port 587.
    StartTls,
    /// TLS from the first byte ("SMTPS"), usually port 465.
    Tls,
    /// No encryption: only for a relay on the same machine or network (and tests).
    None,
}

impl SmtpTls {
    fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "starttls" => Some(Self::StartTls),
            "tls" | "smtps" => Some(Self::Tls),
            "none" | "nenhum" | "off" => Some(Self::None),
            _ => None,
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Self::StartTls => 587,
            Self::Tls => 465,
            Self::None => 25,
        }
    }
}

/// Login for the SMTP server. Neither `Serialize` nor `Debug`-leaky.
#[derive(Clone)]
pub struct SmtpCredentials {
    pub user: String,
    pub password: String,
}

impl fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SmtpCredentials {{ user: {:?}, password: \"***\" }}",
            self.user
        )
    }
}

#[derive(Clone, Debug)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub credentials: Option<SmtpCredentials>,
    /// The sender, e.g. `Suporte UNO <nao-responda@uno.com.br>`.
    pub from: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileMail {
    host: Option<String>,
    port: Option<u16>,
    tls: Option<String>,
    user: Option<String>,
    password: Option<String>,
    from: Option<String>,
}

pub const DEFAULT_FROM: &str = "Suporte UNO <nao-responda@suporte.uno.example>";

fn err(setting: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.into(),
        problem: problem.into(),
    }
}

/// `None` when no SMTP host is configured (mail off).
pub fn mail_from(
    file: FileMail,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<Option<MailConfig>, ConfigError> {
    let get = |var: &str, from_file: Option<String>| {
        env(var)
            .filter(|v| !v.trim().is_empty())
            .or(from_file.filter(|v| !v.trim().is_empty()))
    };
    let Some(host) = get("SMTP_HOST", file.host) else {
        return Ok(None);
    };
    if host.contains(['/', ' ', '@']) {
        return Err(err(
            "SMTP_HOST",
            format!("\"{host}\": só o nome do servidor, ex.: smtp.uno.com.br"),
        ));
    }
    let tls_raw = get("SMTP_TLS", file.tls).unwrap_or_else(|| "starttls".into());
    let tls = SmtpTls::parse(&tls_raw).ok_or_else(|| {
        err(
            "SMTP_TLS",
            format!("\"{tls_raw}\": use starttls, tls ou none"),
        )
    })?;
    let port = match env("SMTP_PORT").filter(|v| !v.trim().is_empty()) {
        Some(raw) => raw
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| err("SMTP_PORT", format!("\"{raw}\" não é uma porta")))?,
        None => file.port.unwrap_or(tls.default_port()),
    };
    let credentials = match (
        get("SMTP_USER", file.user),
        get("SMTP_PASSWORD", file.password),
    ) {
        (Some(user), Some(password)) => Some(SmtpCredentials { user, password }),
        (None, None) => None,
        (Some(_), None) => return Err(err("SMTP_PASSWORD", "SMTP_USER foi definido sem a senha")),
        (None, Some(_)) => {
            return Err(err("SMTP_USER", "SMTP_PASSWORD foi definido sem o usuário"));
        }
    };
    // A password sent in clear crosses the network only to this computer's own relay.
    let local = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if credentials.is_some() && tls == SmtpTls::None && !local {
        return Err(err(
            "SMTP_TLS",
            format!(
                "\"none\" com SMTP_USER/SMTP_PASSWORD mandaria a senha sem criptografia para {host}; use starttls ou tls (sem TLS, só um relay em 127.0.0.1)"
            ),
        ));
    }
    let from = get("MAIL_FROM", file.from).unwrap_or_else(|| DEFAULT_FROM.into());
    if from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(err(
            "MAIL_FROM",
            format!("\"{from}\" não é um remetente, ex.: Suporte UNO <nao-responda@uno.com.br>"),
        ));
    }
    Ok(Some(MailConfig {
        host,
        port,
        tls,
        credentials,
        from,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn mail_is_off_without_a_host() {
        assert!(
            mail_from(FileMail::default(), &env_of(&[]))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn environment_configures_the_server_with_defaults_by_tls_mode() {
        let c = mail_from(
            FileMail::default(),
            &env_of(&[("SMTP_HOST", "smtp.uno.example")]),
        )
        .unwrap()
        .unwrap();
        assert_eq!((c.port, c.tls), (587, SmtpTls::StartTls));
        assert_eq!(c.from, DEFAULT_FROM);
        let c = mail_from(
            FileMail::default(),
            &env_of(&[
                ("SMTP_HOST", "h"),
                ("SMTP_TLS", "tls"),
                ("SMTP_USER", "u"),
                ("SMTP_PASSWORD", "segredo"),
            ]),
        )
        .unwrap()
        .unwrap();
        assert_eq!((c.port, c.tls), (465, SmtpTls::Tls));
        assert!(
            !format!("{c:?}").contains("segredo"),
            "the password never reaches a log"
        );
    }

    #[test]
    fn credentials_without_tls_are_accepted_only_for_a_local_relay() {
        for host in ["127.0.0.1", "localhost", "::1"] {
            let env = |k: &str| match k {
                "SMTP_HOST" => Some(host.to_owned()),
                "SMTP_TLS" => Some("none".to_owned()),
                "SMTP_USER" => Some("u".to_owned()),
                "SMTP_PASSWORD" => Some("p".to_owned()),
                _ => None,
            };
            let c = mail_from(FileMail::default(), &env).unwrap().unwrap();
            assert!(c.credentials.is_some(), "{host}");
        }
    }

    #[test]
    fn bad_settings_name_the_setting() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("SMTP_HOST", "h"), ("SMTP_TLS", "ssl3")], "SMTP_TLS"),
            (&[("SMTP_HOST", "h"), ("SMTP_PORT", "abc")], "SMTP_PORT"),
            (&[("SMTP_HOST", "h"), ("SMTP_USER", "u")], "SMTP_PASSWORD"),
            (
                &[("SMTP_HOST", "h"), ("MAIL_FROM", "não é e-mail")],
                "MAIL_FROM",
            ),
            (&[("SMTP_HOST", "smtp://h")], "SMTP_HOST"),
            (
                &[
                    ("SMTP_HOST", "smtp.exemplo.com"),
                    ("SMTP_TLS", "none"),
                    ("SMTP_USER", "u"),
                    ("SMTP_PASSWORD", "p"),
                ],
                "SMTP_TLS",
            ),
        ];
        for (pairs, setting) in cases {
            let env = |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            };
            let e = mail_from(FileMail::default(), &env).unwrap_err();
            assert_eq!(&e.setting, setting, "{pairs:?}");
        }
    }
}
