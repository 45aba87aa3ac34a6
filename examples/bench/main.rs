//! The benchmark (`./bench.sh`, not a test and not part of the shipped binary): search
//! latency on generated pt-BR corpora of 10 000 and 100 000 articles (ours against bare
//! tantivy), SLA clock figures, and the SSR throughput of the home page through the full
//! middleware stack. Figures are printed, never asserted.
// A measuring tool run by hand: a broken set-up stops it loudly, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod corpus;
mod dashboard;
mod http;
mod rng;
mod search;
mod sla;

use anyhow::Result;
use axum::{body::Body, http::Request};
use std::time::Instant;
use tower::ServiceExt;

use suporte::app;
use suporte::server::config::Config;

const QUERIES: usize = 1_000;
const SSR_REQUESTS: usize = 2_000;
const SSR_CONCURRENCY: usize = 8;

/// Corpus sizes; `BENCH_ARTICLES=10000` measures one only.
fn sizes() -> Vec<usize> {
    match std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => vec![n],
        None => vec![10_000, 100_000],
    }
}

/// `requests` GETs of `path(i)` through the router, 8 at a time; requests per second.
async fn throughput(
    router: &axum::Router,
    path: impl Fn(usize) -> String + Clone + Send + 'static,
) -> Result<f64> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..SSR_CONCURRENCY {
        let router = router.clone();
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..SSR_REQUESTS / SSR_CONCURRENCY {
                let res = router
                    .clone()
                    .oneshot(Request::get(path(t * SSR_REQUESTS + i)).body(Body::empty())?)
                    .await?;
                anyhow::ensure!(res.status().is_success(), "home respondeu {}", res.status());
                axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok(SSR_REQUESTS as f64 / started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, app, nginx] = args.as_slice()
        && mode == "http"
    {
        return http::compare(app, nginx).await;
    }
    // The dashboard at a million occurrences (seeding takes minutes): a mode of its own.
    if let [mode, rest @ ..] = args.as_slice()
        && mode == "painel"
    {
        let total = rest
            .first()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        return dashboard::figures(total).await;
    }
    let mut rng = rng::Lcg(42);
    let vocabulary = corpus::Vocabulary::from_demo();
    for size in sizes() {
        search::figures(size, QUERIES, &vocabulary, &mut rng)?;
    }

    sla::figures(&mut rng);

    let file = std::fs::read_to_string("Leptos.toml").unwrap_or_default();
    let cfg = Config::from_parts(&file, |k| match k {
        "DATABASE_URL" => Some("mem://".into()),
        // The home page of the measurement shows the shipped corpus.
        "SUPORTE_DEMO" => Some("1".into()),
        other => std::env::var(other).ok(),
    })?;
    let state = app::build_state(&cfg).await?;
    let router = app::router(state);
    let cached = throughput(&router, |_| "/".to_owned()).await?;
    // A new query string each time: every request renders (and fills the cache).
    let rendered = throughput(&router, |i| format!("/?r={i}")).await?;
    println!(
        "SSR da página inicial ({SSR_REQUESTS} requisições, {SSR_CONCURRENCY} simultâneas, em processo): {cached:.0} requisições/s do cache | {rendered:.0} requisições/s renderizando"
    );
    Ok(())
}
