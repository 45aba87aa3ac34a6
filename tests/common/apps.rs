//! Real `suporte serve` processes for the tests that need them (several processes on one
//! SurrealDB server, kill -9, contention): started on a free port and awaited, stopped
//! with SIGKILL or SIGTERM, started again on the same files; and a plain HTTP/1.1 client
//! that can speak from any loopback address (the server bounds requests in flight per
//! client address, and these tests are many clients).

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One `suporte serve`; killed when dropped.
pub struct App {
    child: Option<Child>,
    pub port: u16,
    env: Vec<(String, String)>,
    pub log: PathBuf,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The settings of a process on an embedded SurrealKV database in `dir` (its files beside
/// it), as one machine runs it.
pub fn embedded(dir: &std::path::Path) -> Vec<(String, String)> {
    vec![(
        "DATABASE_URL".into(),
        format!("surrealkv://{}", dir.join("banco").display()),
    )]
}

/// The settings of a process on database `database` of the SurrealDB server at `url`, as
/// the app's user `suporte` with `pass`; its files in `files`.
pub fn on_server(
    url: &str,
    database: &str,
    pass: &str,
    files: &std::path::Path,
) -> Vec<(String, String)> {
    [
        ("DATABASE_URL", url.to_owned()),
        ("DATABASE_NS", "testes".to_owned()),
        ("DATABASE_DB", database.to_owned()),
        ("DATABASE_USER", "suporte".to_owned()),
        ("DATABASE_PASS", pass.to_owned()),
        ("ATTACHMENTS_URL", format!("file://{}", files.display())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// A database named `name` + this test process's id on the SurrealDB server of
/// `./test.sh`'s second pass, with the app's user `suporte` (password `pass`); `None` in
/// the first pass (no server).
pub async fn server_database(
    name: &str,
    pass: &str,
) -> Option<suporte::server::config::DatabaseConfig> {
    use suporte::server::config::{DatabaseConfig, DatabaseCredentials, DatabaseUrl};
    let url = std::env::var(super::SERVER_URL_VAR).ok()?;
    let root = DatabaseCredentials {
        user: "root".into(),
        pass: std::env::var(super::SERVER_ROOT_PASS_VAR).unwrap(),
    };
    let cfg = DatabaseConfig {
        url: DatabaseUrl::parse(&url).unwrap(),
        namespace: "testes".into(),
        database: format!("{name}{}", std::process::id()),
        credentials: Some(DatabaseCredentials {
            user: "suporte".into(),
            pass: pass.into(),
        }),
    };
    // Two databases created at once conflict in the namespace's catalog.
    let _one_at_a_time = super::CREATING.lock().await;
    suporte::server::db::create_app_user(&cfg, Some(&root), "suporte", pass)
        .await
        .unwrap();
    Some(cfg)
}

impl App {
    /// Starts a process with `env` (plus: no hourly allowances, demo accounts if `demo`)
    /// and waits, at most a minute, for `/healthz` to answer 200.
    pub fn start(env: Vec<(String, String)>, demo: bool) -> App {
        let mut env = env;
        env.push(("SUPORTE_DEMO".into(), if demo { "1" } else { "0" }.into()));
        let port = free_port();
        let mut app = App {
            child: None,
            port,
            env,
            log: std::env::temp_dir().join(format!("suporte-processo-{port}.log")),
        };
        app.launch();
        app
    }

    fn launch(&mut self) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_suporte"));
        command
            .arg("serve")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port))
            .env("RUST_LOG", "warn")
            // These tests open and answer far more than a contact's hourly allowance.
            .env("LIMIT_OPENINGS_PERSON", "0")
            .env("LIMIT_OPENINGS_COMPANY", "0")
            .env("LIMIT_MESSAGES_PERSON", "0")
            .env("LIMIT_MESSAGES_COMPANY", "0")
            .env_remove("TRUSTED_PROXIES")
            .env_remove("PUBLIC_URL")
            .env_remove("SMTP_HOST")
            .env_remove("ATTACHMENTS_URL")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.log)
                    .unwrap(),
            );
        self.child = Some(command.spawn().unwrap());
        self.wait_healthy();
    }

    fn wait_healthy(&mut self) {
        let started = Instant::now();
        loop {
            if let Some((200, _)) = request(self.port, "GET", "/healthz", "", "") {
                return;
            }
            let child = self.child.as_mut().unwrap();
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "process on :{} exited ({status}): {}",
                    self.port,
                    self.log_text()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "process on :{} did not answer /healthz in 60 s: {}",
                self.port,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: the process ends at once, mid-write, as in a power cut of the machine.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// SIGTERM, then waits for the exit (at most `limit`); the time it took.
    pub fn terminate(&mut self, limit: Duration) -> Duration {
        let mut child = self.child.take().expect("a running process");
        let started = Instant::now();
        let pid = child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "exit after SIGTERM: {status}");
                return started.elapsed();
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                panic!("still running {limit:?} after SIGTERM: {}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Resident memory now (VmRSS), in MiB.
    pub fn rss_mib(&self) -> f64 {
        let pid = self.child.as_ref().expect("a running process").id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no VmRSS in /proc/{pid}/status"));
        kib / 1024.0
    }

    /// Starts it again, same port and settings (no demo seeding: the data is there).
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "restart of a running process");
        self.launch();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// One HTTP/1.1 request from 127.0.0.1; the status and body, or `None` if nothing
/// listens (or the answer broke off).
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    cookie: &str,
    form: &str,
) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(
        head(
            port,
            method,
            path,
            cookie,
            "application/x-www-form-urlencoded",
            form.len(),
        )
        .as_bytes(),
    )
    .ok()?;
    s.write_all(form.as_bytes()).ok()?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).ok()?;
    parse(&answer)
}

fn head(port: u16, method: &str, path: &str, cookie: &str, kind: &str, length: usize) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Cookie: {cookie}\r\nContent-Type: {kind}\r\nContent-Length: {length}\r\n\
         Connection: close\r\n\r\n"
    )
}

fn parse(answer: &[u8]) -> Option<(u16, String)> {
    let answer = String::from_utf8_lossy(answer);
    let status = answer.get(9..12)?.parse().ok()?;
    let (_, body) = answer.split_once("\r\n\r\n")?;
    Some((status, body.to_owned()))
}

/// The same request from loopback address 127.0.0.`from` (any of 127/8 is this machine),
/// async; an error when the connection fails or breaks off (no answer: not acknowledged).
pub async fn send(
    from: u8,
    port: u16,
    method: &str,
    path: &str,
    cookie: &str,
    kind: &str,
    body: &[u8],
) -> std::io::Result<(u16, String)> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((Ipv4Addr::new(127, 0, 0, from), 0)))?;
    let mut s = socket
        .connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await?;
    let mut message = head(port, method, path, cookie, kind, body.len()).into_bytes();
    message.extend_from_slice(body);
    let work = async {
        s.write_all(&message).await?;
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    let answer = tokio::time::timeout(Duration::from_secs(60), work)
        .await
        .map_err(|_| std::io::Error::other("no answer in 60 s"))??;
    parse(&answer).ok_or_else(|| std::io::Error::other("answer broken off"))
}

/// A form POST from 127.0.0.`from`.
pub async fn post_form(
    from: u8,
    port: u16,
    path: &str,
    cookie: &str,
    form: &str,
) -> std::io::Result<(u16, String)> {
    send(
        from,
        port,
        "POST",
        path,
        cookie,
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    )
    .await
}

/// Signs in through the real endpoint; the session cookie (`name=value`).
pub fn sign_in(port: u16, email: &str, password: &str) -> String {
    use std::io::{Read, Write};
    let form = format!("email={email}&password={}", password.replace('#', "%23"));
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(
        head(
            port,
            "POST",
            "/api/entrar",
            "",
            "application/x-www-form-urlencoded",
            form.len(),
        )
        .as_bytes(),
    )
    .unwrap();
    s.write_all(form.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie: {answer}"))
        .to_owned()
}

/// Form-encodes a value (only what these tests send needs it).
pub fn form_value(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
