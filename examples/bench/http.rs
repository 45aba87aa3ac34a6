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
        p99: percentile(&all, 0.99),
        bytes,
    })
}

/// `bench http APP NGINX`: the same page from the app and from nginx (which serves a copy
/// of the app's bytes), 32 connections for 10 s each.
pub async fn compare(app: &str, nginx: &str) -> Result<()> {
    const CONNECTIONS: usize = 32;
    let duration = Duration::from_secs(10);
    let mut results = Vec::new();
    for (name, addr) in [
        ("app (release, cache)", app),
        ("nginx, mesmos bytes", nginx),
    ] {
        let l = load(addr, "/", CONNECTIONS, duration).await?;
        println!(
            "HTTP GET / — {name}: {:.0} req/s ({} respostas de {} B; p50 {:.2} ms, p99 {:.2} ms; {CONNECTIONS} conexões, 10 s)",
            l.per_second,
            l.requests,
            l.bytes,
            l.p50.as_secs_f64() * 1e3,
            l.p99.as_secs_f64() * 1e3,
        );
        results.push(l.per_second);
    }
    println!(
        "HTTP: app/nginx = {:.2} (meta ≥ 0,50)",
        results[0] / results[1]
    );
    Ok(())
}
