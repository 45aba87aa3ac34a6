//! The shipped binary as an operator runs it: a clean stop on SIGTERM, and the refusal to
//! serve published demo passwords on a public address.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(all(feature = "ssr", unix))]

use std::{
    io::Read,
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// One server at a time: a port found free could otherwise be handed to both tests.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn suporte(addr: &str, database: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suporte"));
    c.arg("serve")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LEPTOS_SITE_ADDR", addr)
        .env("DATABASE_URL", database)
        .env("RUST_LOG", "info")
        .env_remove("SUPORTE_COORDINATOR_EMAIL")
        .env_remove("SUPORTE_DEMO")
        .env_remove("TRUSTED_PROXIES")
        // A public start needs the public address (the loopback ones ignore it).
        .env("PUBLIC_URL", "http://127.0.0.1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Waits until the server answers a page (so its database has done real work).
fn wait_healthy(port: u16, child: &mut Child) {
    use std::io::Write;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer);
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the server exited early"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server did not start");
}

/// The exit status and log of a server that must stop by itself (or after a SIGTERM):
/// one still running after a minute is killed and fails the test instead of hanging it.
fn output(mut child: Child) -> (std::process::ExitStatus, String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server was still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut text = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    (status, text)
}

#[test]
fn sigterm_stops_the_server_cleanly_with_its_database_closed() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("suporte-sigterm-{}", std::process::id()));
    let port = free_port();
    let mut child = suporte(
        &format!("127.0.0.1:{port}"),
        &format!("surrealkv://{}", dir.display()),
    )
    .spawn()
    .unwrap();
    wait_healthy(port, &mut child);
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let (status, log) = output(child);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "{status}: {log}");
    assert!(log.contains("encerrado"), "{log}");
    assert!(!log.contains("ERROR"), "{log}");
}

#[test]
fn demo_accounts_stop_a_public_start_with_one_line_saying_how_to_remove_them() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("suporte-demo-{}", std::process::id()));
    let url = format!("surrealkv://{}", dir.display());
    // A first run on loopback, asked for the demo, creates the demo accounts…
    let port = free_port();
    let mut child = suporte(&format!("127.0.0.1:{port}"), &url)
        .env("SUPORTE_DEMO", "1")
        .spawn()
        .unwrap();
    wait_healthy(port, &mut child);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(output(child).0.success());
    // …and the same database is then refused on a public address.
    let (status, log) = output(
        suporte(&format!("0.0.0.0:{}", free_port()), &url)
            .spawn()
            .unwrap(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status.code(), Some(1), "{log}");
    let last = log.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("suporte: ") && last.contains("suporte remove-demo-accounts"),
        "{log}"
    );
}

#[test]
fn a_plain_start_creates_no_account_and_says_how_to_create_the_first_coordinator() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("suporte-plain-{}", std::process::id()));
    let url = format!("surrealkv://{}", dir.display());
    let port = free_port();
    let mut child = suporte(&format!("127.0.0.1:{port}"), &url).spawn().unwrap();
    wait_healthy(port, &mut child);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let (status, log) = output(child);
    assert!(status.success(), "{log}");
    assert!(log.contains("suporte create-coordinator"), "{log}");
    // No demo account was created: the same database starts on a public address.
    let port = free_port();
    let mut child = suporte(&format!("0.0.0.0:{port}"), &url).spawn().unwrap();
    wait_healthy(port, &mut child);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let (status, log) = output(child);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "{log}");
}

/// One plain request from 127.0.0.1 with these extra header lines; the status line back.
fn get_with(port: u16, headers: &str) -> String {
    use std::io::Write;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(
        format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n")
            .as_bytes(),
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn a_local_proxy_without_trusted_proxies_is_warned_about_once() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let port = free_port();
    let mut child = suporte(&format!("127.0.0.1:{port}"), "mem://")
        .spawn()
        .unwrap();
    wait_healthy(port, &mut child);
    for i in 0..3 {
        let status = get_with(port, &format!("X-Forwarded-For: 203.0.113.{i}\r\n"));
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let (status, log) = output(child);
    assert!(status.success(), "{log}");
    let warnings = log.matches("defina `trusted-proxies`").count();
    assert_eq!(
        warnings, 1,
        "expected one warning about trusted-proxies:\n{log}"
    );
}

#[test]
fn the_test_clock_is_refused_on_a_server_with_real_data() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("suporte-clock-{}", std::process::id()));
    let (status, log) = output(
        suporte(
            &format!("127.0.0.1:{}", free_port()),
            &format!("surrealkv://{}", dir.display()),
        )
        .env("SUPORTE_TEST_CLOCK", "1")
        .spawn()
        .unwrap(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status.code(), Some(1), "{log}");
    assert!(
        log.lines()
            .last()
            .is_some_and(|l| l.contains("SUPORTE_TEST_CLOCK=1 é só para testes")),
        "{log}"
    );
}

/// Signs in through the real endpoint; the session cookie (`name=value`).
fn sign_in(port: u16, email: &str, password: &str) -> String {
    use std::io::Write;
    let form = format!("email={email}&password={}", password.replace('#', "%23"));
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "POST /api/entrar HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{form}",
        form.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie: {answer}"))
        .to_owned()
}

#[test]
fn sigterm_ends_live_streams_with_a_reconnect_hint_and_exits_promptly() {
    use std::io::{BufRead, Write};
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("suporte-streams-{}", std::process::id()));
    let port = free_port();
    let mut child = suporte(
        &format!("127.0.0.1:{port}"),
        &format!("surrealkv://{}", dir.display()),
    )
    .env("SUPORTE_DEMO", "1")
    // Requests then come from the address they are sent to (the CSRF guard's rule).
    .env_remove("PUBLIC_URL")
    .spawn()
    .unwrap();
    wait_healthy(port, &mut child);
    let cookie = sign_in(port, "ana.n1@uno.example", "AnalistaN1#2026");
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /eventos/ocorrencias HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut lines = std::io::BufReader::new(stream);
    let mut status = String::new();
    lines.read_line(&mut status).unwrap();
    assert!(status.contains(" 200 "), "live stream: {status}");

    let asked = Instant::now();
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    // The stream ends by itself, its last word when to come back.
    let mut rest = Vec::new();
    for line in lines.lines() {
        match line {
            Ok(l) => rest.push(l),
            Err(e) => panic!("the stream did not end after SIGTERM ({e}); it sent {rest:?}"),
        }
    }
    let retry: u64 = rest
        .iter()
        .find_map(|l| l.strip_prefix("retry:"))
        .unwrap_or_else(|| panic!("no reconnect hint in {rest:?}"))
        .trim()
        .parse()
        .unwrap();
    assert!((1_000..5_000).contains(&retry), "{retry}");
    let (status, log) = output(child);
    let took = asked.elapsed();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "{status}: {log}");
    // Without the close, the open stream held the drain for its whole 10 s.
    assert!(took < Duration::from_secs(6), "exit took {took:?}: {log}");
}
