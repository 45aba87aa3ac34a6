//! The `suporte` server binary.
//!
//! `suporte` (or `suporte serve`) runs the web app; `suporte bench` runs the search and
//! SSR benchmark; `suporte create-coordinator <e-mail> <nome>` creates the first coordinator. Configuration comes from `Leptos.toml` and the environment.

use suporte::server::{app, bench, config::Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str).unwrap_or("serve") {
        "serve" => serve().await,
        "bench" => bench::run().await,
        "create-coordinator" => create_coordinator(&args[1..]).await,
        other => Err(anyhow::anyhow!(
            "comando desconhecido \"{other}\": use `suporte serve`, `suporte bench` ou `suporte create-coordinator`"
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
    // Content edited through another app server reaches this one's spelling help.
    state.watch_content(std::time::Duration::from_secs(60));
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

/// `suporte create-coordinator <e-mail> <nome>`: the first-run path for the first
/// coordinator. The password comes from SUPORTE_COORDINATOR_PASSWORD or standard input.
async fn create_coordinator(args: &[String]) -> anyhow::Result<()> {
    use suporte::server::{bootstrap, db};
    let [email, name @ ..] = args else {
        anyhow::bail!("uso: suporte create-coordinator <e-mail> <nome>");
    };
    let name = if name.is_empty() {
        "Coordenação".to_owned()
    } else {
        name.join(" ")
    };
    let password = match std::env::var("SUPORTE_COORDINATOR_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Senha do coordenador (mínimo de 10 caracteres):");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let cfg = Config::load()?;
    let db = db::connect(&cfg.database).await?;
    bootstrap::create_coordinator(&db, email, &name, &password).await?;
    println!("Coordenador {email} criado. Entre em /entrar.");
    Ok(())
}
