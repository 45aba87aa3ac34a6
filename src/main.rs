//! The `suporte` server binary.
//!
//! `suporte` (or `suporte serve`) runs the web app; `suporte create-coordinator <e-mail>
//! <nome>` creates the first coordinator; `suporte import-content DIR` loads Markdown content;
//! `suporte sla-deadline …` prints SLA deadlines.
//! Configuration comes from `Leptos.toml` and the environment. (The benchmark is
//! `./bench.sh`, an example target, not this binary.)

use suporte::app;
use suporte::server::{config::Config, http::serve};
use tracing_subscriber::EnvFilter;

/// How long the embedded database gets to close after the last request.
/// Background rounds in progress at shutdown get this long (after the HTTP drain) to end.
const JOBS_GRACE: std::time::Duration = std::time::Duration::from_secs(3);
const DATABASE_CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("sla-deadline") {
        // No database, no configuration: the shipped table and the national calendar.
        match sla_deadline(&args[1..]) {
            Ok(json) => println!("{json}"),
            Err(line) => {
                eprintln!("suporte: {line}");
                std::process::exit(2);
            }
        }
        return;
    }
    let outcome = match args.first().map(String::as_str).unwrap_or("serve") {
        "serve" => serve(args.get(1..).unwrap_or_default()).await,
        "create-coordinator" => create_coordinator(&args[1..]).await,
        "remove-demo-accounts" => remove_demo_accounts().await,
        "create-db-user" => create_db_user(&args[1..]).await,
        "import-content" => import_content(&args[1..]).await,
        other => Err(anyhow::anyhow!(
            "comando desconhecido \"{other}\": use `suporte serve`, `suporte create-coordinator`, `suporte create-db-user`, `suporte import-content`, `suporte remove-demo-accounts` ou `suporte sla-deadline`"
        )),
    };
    if let Err(e) = outcome {
        // One line, naming what is wrong, so a bad deployment is obvious.
        eprintln!("suporte: {e:#}");
        std::process::exit(1);
    }
}

async fn serve(args: &[String]) -> anyhow::Result<()> {
    let mut cfg = Config::load()?;
    match args {
        [] => {}
        [flag] if flag == "--demo" => {
            // The same as SUPORTE_DEMO=1: demo accounts (on loopback) and the demo corpus.
            cfg.support.demo = true;
            cfg.support.demo_content = true;
        }
        _ => anyhow::bail!("uso: suporte serve [--demo]"),
    }
    let addr = cfg.leptos.site_addr;
    let state = app::build_state(&cfg).await?;
    // Resolved occurrences nobody answered for 5 working days close by themselves.
    let closer = suporte::server::occurrences::autoclose::watch(
        state.db.clone(),
        std::time::Duration::from_secs(600),
    );
    // SLA warnings and breaches, recorded and mailed once whichever server sees them.
    let sla_alerts =
        suporte::server::sla::alerts::watch(state.db.clone(), std::time::Duration::from_secs(60));
    // Uploads no message used within a day are deleted.
    let sweeper = suporte::server::attachments::sweep::watch(
        state.db.clone(),
        state.files.clone(),
        std::time::Duration::from_secs(3600),
    );
    // Published versions: cases left waiting and release mails still owed.
    let versions = suporte::server::versions::release_mail::watch(
        state.db.clone(),
        std::time::Duration::from_secs(30),
    );
    // E-mail copies of public updates, from the outbox (off without an SMTP host).
    let mailer = start_mail(&cfg, &state)?;
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| anyhow::anyhow!("LEPTOS_SITE_ADDR={addr}: não foi possível escutar ({e})"))?;
    tracing::info!("Suporte UNO em http://{addr}");
    let live = state.live.clone();
    let stopping = async move {
        serve::shutdown_signal().await;
        // Live streams end now with a reconnect hint (they would hold the drain for its
        // whole time), and the jobs take no new work while requests finish.
        live.close_streams();
        suporte::server::jobs::stop_all();
    };
    serve::run(listener, app::router(state), stopping).await;
    // Let the rounds in hand finish (a mail being sent is recorded as sent), then stop
    // the rest, so the last database handles go away with them…
    let deadline = tokio::time::Instant::now() + JOBS_GRACE;
    for mut job in [closer, sweeper, sla_alerts, versions]
        .into_iter()
        .chain(mailer)
    {
        if tokio::time::timeout_at(deadline, &mut job).await.is_err() {
            job.abort();
            let _ = job.await;
        }
    }
    // …then give the embedded engine, which shuts itself down once its last handle is
    // dropped, time to stop its maintenance tasks and close its files before the
    // runtime ends (the SDK offers no handle to await that).
    tokio::time::sleep(DATABASE_CLOSE_GRACE).await;
    tracing::info!("encerrado");
    Ok(())
}

fn start_mail(
    cfg: &Config,
    state: &suporte::server::state::AppState,
) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    use suporte::server::mail::{smtp::Mailer, worker};
    let Some(mail) = &cfg.mail else {
        tracing::info!(
            "e-mail desligado: defina SMTP_HOST (ou [mail] host no Leptos.toml) para enviar as cópias das atualizações; até lá elas ficam na caixa de saída"
        );
        return Ok(None);
    };
    let mailer = Mailer::new(mail, &cfg.base_url())
        .map_err(|e| anyhow::anyhow!("SMTP_HOST={}: {e}", mail.host))?;
    tracing::info!(host = %mail.host, port = mail.port, "e-mail ligado");
    Ok(Some(worker::start(
        state.db.clone(),
        mailer,
        std::time::Duration::from_secs(5),
    )))
}

/// `suporte sla-deadline --plan … --criticality … --opened … [--pause FROM/TO]…
/// [--calendar FILE]`: the deadlines as one JSON object, with the default table and UNO's
/// calendar, or the hours and holidays of FILE (the JSON `CalendarSpec` documents).
fn sla_deadline(args: &[String]) -> Result<String, String> {
    use chrono::SecondsFormat;
    use suporte::domain::sla::{
        calendar_spec::CalendarSpec, command::DeadlineQuery, deadline::deadlines, default_targets,
    };
    let q = DeadlineQuery::parse(args)?;
    let spec = match &q.calendar {
        None => CalendarSpec::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--calendar \"{path}\": não foi possível ler ({e})"))?;
            CalendarSpec::from_json(&text).map_err(|e| format!("--calendar \"{path}\": {e}"))?
        }
    };
    let calendar = spec.calendar();
    let d = deadlines(
        calendar,
        default_targets(q.plan, q.criticality),
        q.opened,
        &q.pauses,
    );
    let show = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|t| {
            t.with_timezone(&calendar.tz())
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        })
        .ok_or_else(|| "o prazo não cabe no calendário".to_owned())
    };
    Ok(serde_json::json!({
        "first_response": show(d.first_response)?,
        "solution": show(d.solution)?,
    })
    .to_string())
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
    let password = secret(
        "SUPORTE_COORDINATOR_PASSWORD",
        "Senha do coordenador (mínimo de 10 caracteres):",
    )?;
    let cfg = Config::load()?;
    let db = db::connect(&cfg.database).await?;
    bootstrap::create_coordinator(&db, email, &name, &password).await?;
    println!("Coordenador {email} criado. Entre em /entrar.");
    Ok(())
}

/// `suporte remove-demo-accounts`: deletes the accounts whose passwords the README
/// publishes, so the database can be served on a public address.
/// `suporte import-content DIR`: loads `DIR/<tipo>/<slug>.md` into the configured database
/// (see `server::content::import`). Running servers on the same database pick the content
/// up through their content feed; the embedded database is opened by one process at a time.
async fn import_content(args: &[String]) -> anyhow::Result<()> {
    use std::time::{Duration, Instant};
    use suporte::server::{
        content::{import, store},
        db,
    };
    let [dir] = args else {
        anyhow::bail!(
            "uso: suporte import-content DIR (arquivos DIR/<tipo>/<slug>.md; tipos: faq, manual, blog, ead)"
        );
    };
    let loaded = import::read_dir(std::path::Path::new(dir))?;
    for ignored in &loaded.ignored {
        eprintln!("ignorado (fora do formato DIR/<tipo>/<slug>.md): {ignored}");
    }
    if !loaded.errors.is_empty() {
        anyhow::bail!(
            "{} arquivo(s) com problema; nada foi importado:\n{}",
            loaded.errors.len(),
            loaded.errors.join("\n")
        );
    }
    let total = loaded.drafts.len();
    let cfg = Config::load()?;
    let db = db::connect(&cfg.database).await?;
    let mut shown = Instant::now();
    let report = store::sync(&db, &loaded.drafts, |done, r| {
        if shown.elapsed() >= Duration::from_secs(1) || done == total {
            eprintln!(
                "importando: {done}/{total} ({} gravados, {} sem mudança)",
                r.written, r.unchanged
            );
            shown = Instant::now();
        }
    })
    .await?;
    println!(
        "importação concluída: {total} arquivo(s) — {} gravado(s), {} sem mudança, {} mantido(s) como editado(s) no app",
        report.written, report.unchanged, report.kept_edited
    );
    Ok(())
}

async fn remove_demo_accounts() -> anyhow::Result<()> {
    use suporte::server::{bootstrap, db};
    let cfg = Config::load()?;
    let db = db::connect(&cfg.database).await?;
    let removed = bootstrap::remove_demo_accounts(&db).await?;
    println!("{removed} conta(s) de demonstração removida(s).");
    Ok(())
}

/// `suporte create-db-user <nome>`: creates the app's database-level user on a SurrealDB
/// server, signed in as root with DATABASE_ROOT_USER / DATABASE_ROOT_PASS. The new user's
/// password comes from DATABASE_PASS or standard input. The app then runs with
/// DATABASE_USER=<nome> and DATABASE_PASS, never as root.
async fn create_db_user(args: &[String]) -> anyhow::Result<()> {
    use suporte::server::{config::DatabaseCredentials, db};
    let [user] = args else {
        anyhow::bail!("uso: suporte create-db-user <nome>");
    };
    // Signed in as root: DATABASE_USER / DATABASE_PASS name the user being created here,
    // not a connection (README "Escala" sets only DATABASE_PASS).
    let cfg = Config::load_with(|k| match k {
        "DATABASE_USER" | "DATABASE_PASS" => None,
        other => std::env::var(other).ok(),
    })?;
    let root = match (
        std::env::var("DATABASE_ROOT_USER"),
        std::env::var("DATABASE_ROOT_PASS"),
    ) {
        (Ok(user), Ok(pass)) => Some(DatabaseCredentials { user, pass }),
        _ => None,
    };
    let password = secret(
        "DATABASE_PASS",
        "Senha do usuário do banco (mínimo de 16 caracteres):",
    )?;
    db::create_app_user(&cfg.database, root.as_ref(), user, &password).await?;
    println!(
        "Usuário {user} criado em {}/{} (papel EDITOR). Rode o app com DATABASE_USER={user} e DATABASE_PASS.",
        cfg.database.namespace, cfg.database.database
    );
    Ok(())
}

/// A password from the environment variable `var`, or typed on standard input after
/// `prompt` (so it stays out of the shell history).
fn secret(var: &str, prompt: &str) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    eprintln!("{prompt}");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
