//! How the app is reached (public address, trusted proxies, extra hosts) and how long
//! sessions live.

use std::net::IpAddr;

use super::{ConfigError, FileSecurity, err};

/// How the app is reached and how long sessions live.
#[derive(Clone, Debug)]
pub struct SecurityConfig {
    /// The address people type, e.g. `https://suporte.uno.com.br`. When it is HTTPS the
    /// session cookie is `__Host-` and `Secure`, and HSTS is sent.
    pub public_url: Option<PublicUrl>,
    /// A session unused this long ends (besides the 12 h limit).
    pub idle_timeout_secs: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the real client.
    pub trusted_proxies: Vec<IpAddr>,
    /// Host names (with port, if any) that state-changing requests may come from, besides
    /// the public URL's.
    pub allowed_hosts: Vec<String>,
    /// Live streams (SSE) this server holds open in all.
    pub live_streams_max: usize,
    /// How long one live stream lasts before the browser reconnects (an hour; tests
    /// shorten it).
    pub live_stream_lifetime: std::time::Duration,
}

impl SecurityConfig {
    pub fn https(&self) -> bool {
        self.public_url.as_ref().is_some_and(|u| u.https)
    }

    /// Whether `host` (a `Host`/`Origin` authority) is one this app answers as.
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.public_url.as_ref().is_some_and(|u| u.host == host)
            || self.allowed_hosts.contains(&host)
    }
}

impl Default for SecurityConfig {
    fn default() -> Self {
        Self {
            public_url: None,
            idle_timeout_secs: 2 * 3600,
            trusted_proxies: Vec::new(),
            allowed_hosts: Vec::new(),
            live_streams_max: crate::server::live::streams::DEFAULT_TOTAL,
            live_stream_lifetime: crate::server::live::streams::LIFETIME,
        }
    }
}

/// `http(s)://host[:port]`, without path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    pub https: bool,
    /// Lowercase `host[:port]`.
    pub host: String,
}

impl PublicUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim().trim_end_matches('/');
        let (https, rest) = if let Some(r) = raw.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = raw.strip_prefix("http://") {
            (false, r)
        } else {
            return Err("use http://host ou https://host".into());
        };
        let ok = !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !ok {
            return Err("só o endereço, sem caminho: ex.: https://suporte.uno.com.br".into());
        }
        Ok(Self {
            https,
            host: rest.to_ascii_lowercase(),
        })
    }
}

fn list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

pub(super) fn security_from(
    file: FileSecurity,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<SecurityConfig, ConfigError> {
    let public_url = env("PUBLIC_URL")
        .filter(|v| !v.trim().is_empty())
        .or(file.public_url)
        .map(|raw| PublicUrl::parse(&raw).map_err(|p| err("PUBLIC_URL", format!("\"{raw}\": {p}"))))
        .transpose()?;
    let idle_minutes = match env("SESSION_IDLE_MINUTES") {
        Some(raw) => raw.trim().parse::<i64>().map_err(|_| {
            err(
                "SESSION_IDLE_MINUTES",
                format!("\"{raw}\" não é um número de minutos"),
            )
        })?,
        None => file.idle_timeout_minutes.unwrap_or(120),
    };
    if !(1..=12 * 60).contains(&idle_minutes) {
        return Err(err(
            "SESSION_IDLE_MINUTES",
            "use de 1 a 720 minutos (a sessão dura no máximo 12 h)",
        ));
    }
    let proxies = env("TRUSTED_PROXIES")
        .map(|v| list(&v))
        .or(file.trusted_proxies)
        .unwrap_or_default();
    let trusted_proxies = proxies
        .iter()
        .map(|p| {
            p.trim()
                .parse::<IpAddr>()
                .map_err(|_| err("TRUSTED_PROXIES", format!("\"{p}\" não é um endereço IP")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let allowed_hosts = env("ALLOWED_HOSTS")
        .map(|v| list(&v))
        .or(file
            .allowed_hosts
            .map(|h| h.iter().map(|x| x.to_ascii_lowercase()).collect()))
        .unwrap_or_default();
    let live_streams_max = match env("LIVE_STREAMS_MAX") {
        Some(raw) => raw
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| {
                err(
                    "LIVE_STREAMS_MAX",
                    format!("\"{raw}\" não é um número de conexões"),
                )
            })?,
        None => file
            .live_streams_max
            .unwrap_or(crate::server::live::streams::DEFAULT_TOTAL),
    };
    Ok(SecurityConfig {
        live_streams_max,
        live_stream_lifetime: crate::server::live::streams::LIFETIME,
        public_url,
        idle_timeout_secs: idle_minutes * 60,
        trusted_proxies,
        allowed_hosts,
    })
}
