//! The `suporte` server binary.
//!
//! `suporte` (or `suporte serve`) runs the web app; `suporte bench` runs the search and
//! SSR benchmark. Configuration comes from `Leptos.toml` and the environment.

use suporte::server::{app, bench, config::Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    let outcome = match command.as_str() {
        "serve" => serve().await,
        "bench" => bench::run().await,
        other => Err(anyhow::anyhow!(
            "comando desconhecido \"{other}\": use `suporte serve` ou `suporte bench`"
        )),
    };
    if let Err(e) = outcome {
        // One line, naming what is wrong, so a bad deployment is obvious.
        eprintln!("suporte: {e:#}");
        std::process::exit(1);
    }
}

async fn serve() -> anyhow::Result<()> {
    let cfg = Config::load()?;
    let addr = cfg.leptos.site_addr;
    let state = app::build_state(&cfg).await?;
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| anyhow::anyhow!("LEPTOS_SITE_ADDR={addr}: não foi possível escutar ({e})"))?;
    tracing::info!("Suporte UNO em http://{addr}");
    axum::serve(listener, app::router(state).into_make_service())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
