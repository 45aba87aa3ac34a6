//! HTTP load on one page, wrk-style: `connections` keep-alive connections, each sending
//! `GET path` and reading the whole answer in a loop for `duration`. Plain HTTP/1.1 over
//! tokio sockets (answers must carry `Content-Length`, as the cached pages and nginx's do).

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::rng::percentile;

pub struct Load {
    pub requests: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub bytes: usize,
}

async fn one(stream: &mut TcpStream, request: &[u8], buf: &mut Vec<u8>) -> Result<usize> {
    stream.write_all(request).await?;
    buf.clear();
    let mut chunk = [0u8; 64 * 1024];
    let (head_end, length) = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("a conexão fechou no meio da resposta");
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&buf[..end]).context("cabeçalho não é texto")?;
            if !head.starts_with("HTTP/1.1 200") {
                bail!("resposta {}", head.lines().next().unwrap_or(""));
            }
            let length = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())
                        .flatten()
                })
                .context("resposta sem Content-Length")?;
            break (end + 4, length);
        }
    };
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("a conexão fechou no meio do corpo");
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(length)
}

pub async fn load(addr: &str, path: &str, connections: usize, duration: Duration) -> Result<Load> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: bench\r\n\r\n");
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let addr = addr.to_owned();
        let request = request.clone().into_bytes();
        tasks.push(tokio::spawn(async move {
            let connect = || async {
                let stream = TcpStream::connect(&addr).await?;
                stream.set_nodelay(true)?;
                anyhow::Ok(stream)
            };
            let mut stream = connect().await?;
            let mut buf = Vec::with_capacity(256 * 1024);
            let mut times = Vec::new();
            let mut bytes = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                bytes = match one(&mut stream, &request, &mut buf).await {
                    Ok(b) => b,
                    // The server may end a keep-alive connection after N requests (as
                    // wrk does, open another and ask again).
                    Err(_) => {
                        stream = connect().await?;
                        one(&mut stream, &request, &mut buf).await?
                    }
                };
                times.push(t.elapsed());
            }
            anyhow::Ok((times, bytes))
        }));
    }
    let started = Instant::now();
    let mut all = Vec::new();
    let mut bytes = 0;
    for t in tasks {
        let (times, b) = t.await??;
        all.extend(times);
        bytes = b;
    }
    let secs = started.elapsed().as_secs_f64().max(duration.as_secs_f64());
    all.sort();
    Ok(Load {
        requests: all.len(),
        per_second: all.len() as f64 / secs,
        p50: percentile(&all, 0.50),
        p95: percentile(&all, 0.95),
        p99: percentile(&all, 0.99),
        bytes,
    })
}

/// `bench http APP NGINX`: the home page, a search and an article from the app, each next
/// to nginx serving a copy of the same bytes (at `/`, `/busca`, `/artigo`), 32 connections
/// for 10 s each.
pub async fn compare(app: &str, nginx: &str) -> Result<()> {
    const CONNECTIONS: usize = 32;
    let duration = Duration::from_secs(10);
    let pages = [
        ("página inicial", "/", "/"),
        ("busca", "/busca?q=nota+fiscal", "/busca"),
        ("artigo", "/faq/quando-ligar", "/artigo"),
    ];
    for (name, app_path, nginx_path) in pages {
        let mut rates = Vec::new();
        for (who, addr, path) in [("app", app, app_path), ("nginx", nginx, nginx_path)] {
            let l = load(addr, path, CONNECTIONS, duration).await?;
            println!(
                "HTTP {name} — {who:5}: {:6.0} req/s ({} respostas de {} B; p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms)",
                l.per_second,
                l.requests,
                l.bytes,
                l.p50.as_secs_f64() * 1e3,
                l.p95.as_secs_f64() * 1e3,
                l.p99.as_secs_f64() * 1e3,
            );
            rates.push(l.per_second);
        }
        println!(
            "HTTP {name}: app/nginx = {:.2} (meta ≥ 0,50; {CONNECTIONS} conexões, 10 s cada)",
            rates[0] / rates[1]
        );
    }
    Ok(())
}
