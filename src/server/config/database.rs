//! Where the data lives: the database URL and the credentials of a remote server.

use std::fmt;

#[derive(Clone, Debug)]
pub struct DatabaseConfig {
    pub url: DatabaseUrl,
    pub namespace: String,
    pub database: String,
    pub credentials: Option<DatabaseCredentials>,
}

/// Root credentials for a remote server. Deliberately neither `Serialize` nor `Debug`-leaky.
#[derive(Clone)]
pub struct DatabaseCredentials {
    pub user: String,
    pub pass: String,
}

impl fmt::Debug for DatabaseCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DatabaseCredentials {{ user: {:?}, pass: \"***\" }}",
            self.user
        )
    }
}

/// Where the data lives; only the engines this build supports can be expressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// Embedded SurrealKV files in a local folder.
    SurrealKv(String),
    /// In-memory, gone at exit: tests and benchmarks.
    Memory,
    /// A SurrealDB server over WebSocket (`ws://` or `wss://`).
    Remote(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw == "mem://" || raw == "memory" {
            return Ok(Self::Memory);
        }
        if let Some(path) = raw.strip_prefix("surrealkv://") {
            if path.is_empty() {
                return Err("surrealkv:// precisa de uma pasta, ex.: surrealkv://data/db".into());
            }
            return Ok(Self::SurrealKv(path.to_owned()));
        }
        for scheme in ["ws://", "wss://"] {
            if let Some(host) = raw.strip_prefix(scheme) {
                if host.is_empty() || host.contains(' ') {
                    return Err(format!(
                        "{scheme} precisa de host:porta, ex.: {scheme}db:8000"
                    ));
                }
                return Ok(Self::Remote(raw.to_owned()));
            }
        }
        Err("use surrealkv://<pasta>, mem:// ou ws://host:porta".into())
    }

    /// The endpoint string understood by `surrealdb::engine::any::connect`.
    pub fn endpoint(&self) -> String {
        match self {
            // Every commit on disk before it is acknowledged: SurrealDB 3's default,
            // pinned so that a release changing it cannot lose acknowledged writes.
            Self::SurrealKv(path) if path.contains('?') => format!("surrealkv://{path}"),
            Self::SurrealKv(path) => format!("surrealkv://{path}?sync=every"),
            Self::Memory => "mem://".into(),
            Self::Remote(url) => url.clone(),
        }
    }
}
