//! The coordinator's dashboard at a million occurrences, on an embedded SurrealKV file (the
//! default deployment): ten years of history at UNO's scale (about 1 900 openings a week,
//! so twelve weeks hold ~23 000), a backlog of ~2 000 open cases, state changes for the
//! cases of the window. Prints how long seeding took, how long one full dashboard read
//! takes from the database, and how long the coordinator's request takes through the
//! shared cache (the same read, once per change).

use std::time::Instant;

use anyhow::Result;
use chrono::{DateTime, Duration as Span, Utc};
use serde_json::{Value, json};

use crate::rng::{Lcg, percentile};
use std::time::Duration;
use suporte::server::db::Db;

const COMPANIES: usize = 300;
const BATCH: usize = 5_000;
const MODULES: [&str; 6] = [
    "fiscal",
    "financeiro",
    "estoque",
    "vendas",
    "folha",
    "compras",
];
const PLANS: [&str; 3] = ["prata", "ouro", "vip"];
const CRITICALITIES: [&str; 4] = ["critica", "alta", "media", "baixa"];
const OPEN: [&str; 4] = [
    "aberta",
    "em_atendimento",
    "aguardando_cliente",
    "escalada_n2",
];

/// Minutes of targets by criticality (Ouro's, close enough for volume).
fn targets(c: usize) -> Value {
    let (f, s) = [(1, 4), (2, 8), (4, 24), (8, 48)][c];
    json!({ "first_response_minutes": f * 60, "solution_minutes": s * 60 })
}

async fn insert(db: &Db, table: &str, rows: Vec<Value>, transform: &str) -> Result<()> {
    db.query(format!(
        "INSERT INTO {table} (SELECT {transform} FROM $rows)"
    ))
    .bind(("rows", Value::Array(rows)))
    .await?
    .check()?;
    Ok(())
}

const OCCURRENCE: &str = "*, type::record('company', c) AS company, person:bench AS opened_by,
    <datetime> o AS opened_at, <datetime> o AS last_activity_at,
    IF r THEN <datetime> r END AS first_public_reply_at,
    IF r THEN <datetime> r END AS taken_at,
    IF s THEN <datetime> s END AS resolved_at,
    sc.map(|$c| { at: <datetime> $c.a, from_state: $c.f, to_state: $c.t }) AS state_changes
    OMIT c, o, r, s, sc";

const EVENT: &str =
    "*, type::record('occurrence', oc) AS occurrence, <datetime> a AS at OMIT oc, a";

/// Seeds `total` occurrences: all but the last twelve weeks closed and quiet; the window's
/// with their state changes; about 2 000 still open.
async fn seed(db: &Db, total: usize, now: DateTime<Utc>, rng: &mut Lcg) -> Result<()> {
    let companies: Vec<Value> = (0..COMPANIES)
        .map(|i| {
            json!({ "id": format!("c{i}"), "name": format!("Empresa {i:03} Ltda."),
                "cnpj": format!("{:014}", 10_000_000_000_000u64 + i as u64),
                "segment": "Indústria", "modules": ["fiscal"], "plan": PLANS[i % 3] })
        })
        .collect();
    db.query("INSERT INTO company $rows")
        .bind(("rows", Value::Array(companies)))
        .await?
        .check()?;
    let weekly = 1_900.0_f64;
    let window_weeks = 12.0;
    let span_minutes = (total as f64 / weekly * 7.0 * 24.0 * 60.0) as i64;
    let window_minutes = (window_weeks * 7.0 * 24.0 * 60.0) as i64;
    let open_share = 2_000.0 / (weekly * window_weeks);
    let mut seq_by_year = std::collections::HashMap::<i32, i64>::new();
    // Oldest first, so numbers grow with time as the real counter's do.
    let mut minutes: Vec<i64> = (0..total)
        .map(|_| rng.next(span_minutes as usize) as i64)
        .collect();
    minutes.sort_unstable_by(|a, b| b.cmp(a));
    let (mut rows, mut events) = (Vec::with_capacity(BATCH), Vec::new());
    for (i, back) in minutes.into_iter().enumerate() {
        let opened = now - Span::minutes(back + 1);
        let year = chrono::Datelike::year(&suporte::domain::time::to_local(opened));
        let seq = seq_by_year.entry(year).and_modify(|s| *s += 1).or_insert(1);
        let id = format!("o{i}");
        let recent = back < window_minutes;
        let c = rng.next(4);
        let reply = opened + Span::minutes(30 + rng.next(600) as i64);
        let is_open = recent && (rng.next(10_000) as f64) < open_share * 10_000.0;
        let state = if is_open {
            OPEN[rng.next(OPEN.len())]
        } else {
            "encerrada"
        };
        let solved = (!is_open).then(|| reply + Span::minutes(60 + rng.next(3_000) as i64));
        // Every case carries its state changes on the record, as the app writes them (a
        // closed case without them would have a clock running to now); the window's cases
        // also have them as timeline events (older ones are quiet: seeding stays fast).
        let mut changes: Vec<(DateTime<Utc>, &str, &str)> = Vec::new();
        if state != "aberta" {
            changes.push((reply, "aberta", "em_atendimento"));
        }
        if let Some(s) = solved {
            changes.push((s, "em_atendimento", "resolvida"));
            changes.push((s + Span::days(5), "resolvida", "encerrada"));
        }
        for (at, from, to) in changes.iter().filter(|_| recent) {
            events.push(json!({ "oc": id, "a": at.to_rfc3339(), "kind": "state",
                "public": true, "author_name": "Bench", "author_role": "analyst_n1",
                "text": "", "from_state": from, "to_state": to }));
        }
        rows.push(json!({
            "id": id, "year": year, "seq": *seq, "c": format!("c{}", rng.next(COMPANIES)),
            "channel": if rng.next(5) == 0 { "telefone" } else { "extranet" },
            "module": MODULES[rng.next(MODULES.len())], "kind": "erro",
            "criticality": CRITICALITIES[c], "plan": PLANS[rng.next(3)],
            "title": format!("Ocorrência de volume {i}"), "description": "", "steps": "",
            "state": state, "o": opened.to_rfc3339(),
            "r": (state != "aberta").then(|| reply.to_rfc3339()),
            "s": solved.map(|s| s.to_rfc3339()),
            "sc": changes.iter().map(|(at, from, to)| json!({ "a": at.to_rfc3339(), "f": from, "t": to }))
                .collect::<Vec<_>>(),
            "sla_targets": targets(c),
        }));
        if rows.len() == BATCH {
            insert(db, "occurrence", std::mem::take(&mut rows), OCCURRENCE).await?;
        }
        if events.len() >= BATCH {
            insert(db, "occurrence_event", std::mem::take(&mut events), EVENT).await?;
        }
    }
    insert(db, "occurrence", rows, OCCURRENCE).await?;
    insert(db, "occurrence_event", events, EVENT).await?;
    Ok(())
}

/// Full reads measured (`BENCH_RUNS`, default 20).
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

/// Seeds `total` occurrences in a fresh SurrealKV file and prints the dashboard's figures.
pub async fn figures(total: usize) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("suporte-bench-painel-{}", std::process::id()));
    let file = std::fs::read_to_string("Leptos.toml").unwrap_or_default();
    let url = format!("surrealkv://{}", dir.display());
    let cfg = suporte::server::config::Config::from_parts(&file, |k| match k {
        "DATABASE_URL" => Some(url.clone()),
        other => std::env::var(other).ok(),
    })?;
    let db = suporte::server::db::connect(&cfg.database).await?;
    let now = Utc::now();
    let mut rng = Lcg(7);
    let started = Instant::now();
    seed(&db, total, now, &mut rng).await?;
    let seeded = started.elapsed();
    println!("  semeadas {total} em {:.0} s", seeded.as_secs_f64());

    // Where the time goes: the SLA report's lines of the window, alone.
    let policy = suporte::server::sla::policy::load(&db).await?;
    let t = Instant::now();
    let lines = suporte::server::sla::report::lines(
        &db,
        &policy,
        suporte::domain::dashboard::window_start(now),
        now,
    )
    .await?;
    println!(
        "  linhas do SLA da janela: {} em {:.0} ms",
        lines.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut cold = Vec::new();
    for _ in 0..runs() {
        let t = Instant::now();
        let d = suporte::server::dashboard::load(&db, now).await?;
        cold.push(t.elapsed());
        std::hint::black_box(d);
    }
    let cache = suporte::server::dashboard::cache::DashboardCache::default();
    let t = Instant::now();
    std::hint::black_box(cache.get(&db, 0, now).await?);
    let first = t.elapsed();
    let mut cached = Vec::new();
    for _ in 0..1_000 {
        let t = Instant::now();
        let d = cache.get(&db, 0, now).await?;
        cached.push(t.elapsed());
        std::hint::black_box(d);
    }
    // A change anywhere (an occurrence of the window written), then the coordinator's next
    // request: the copy reads what changed since its last read. The first one, not timed,
    // also re-reads the seeding's last seconds (the copy reads from a margin earlier).
    let mut changed = Vec::new();
    for seen in 1..=runs().max(20) as u64 + 1 {
        let key = format!("o{}", total - 1 - rng.next(total.min(20_000)));
        db.query("UPDATE type::record('occurrence', $k) SET last_activity_at = time::now()")
            .bind(("k", key))
            .await?
            .check()?;
        let t = Instant::now();
        let d = cache.get(&db, seen, now).await?;
        if seen > 1 {
            changed.push(t.elapsed());
        }
        std::hint::black_box(d);
    }
    // The same request in its two parts: the window brought up to date, the rest read.
    let (mut refresh, mut rest) = (Vec::new(), Vec::new());
    let mut window = suporte::server::dashboard::window::Window::read(&db, now)
        .await?
        .refresh(&db, now)
        .await?;
    for _ in 0..runs().max(20) {
        let key = format!("o{}", total - 1 - rng.next(total.min(20_000)));
        db.query("UPDATE type::record('occurrence', $k) SET last_activity_at = time::now()")
            .bind(("k", key))
            .await?
            .check()?;
        let t = Instant::now();
        window = window.refresh(&db, now).await?;
        refresh.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(suporte::server::dashboard::build(&db, now, &window).await?);
        rest.push(t.elapsed());
    }
    refresh.sort();
    rest.sort();
    cold.sort();
    cached.sort();
    changed.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let window: usize = suporte::server::dashboard::load(&db, now)
        .await?
        .weeks
        .iter()
        .map(|w| w.total as usize)
        .sum();
    println!(
        "Painel da coordenação com {total} ocorrências (SurrealKV em arquivo; {window} abertas nas 12 semanas; semeadas em {:.0} s):\n  leitura completa do banco: p50 {:.0} ms, p95 {:.0} ms (a primeira do processo: {:.0} ms)\n  pedido do coordenador sem mudança (cópia do processo): p50 {:.3} ms, p95 {:.3} ms\n  pedido do coordenador após uma mudança (lê só o que mudou): p50 {:.1} ms, p95 {:.1} ms",
        seeded.as_secs_f64(),
        ms(percentile(&cold, 0.5)),
        ms(percentile(&cold, 0.95)),
        ms(first),
        ms(percentile(&cached, 0.5)),
        ms(percentile(&cached, 0.95)),
        ms(percentile(&changed, 0.5)),
        ms(percentile(&changed, 0.95)),
    );
    println!(
        "    em partes: janela posta em dia p50 {:.1} ms, p95 {:.1} ms; o resto (fila aberta, mais antigas, \"isto resolveu\", montagem) p50 {:.1} ms, p95 {:.1} ms",
        ms(percentile(&refresh, 0.5)),
        ms(percentile(&refresh, 0.95)),
        ms(percentile(&rest, 0.5)),
        ms(percentile(&rest, 0.95)),
    );
    drop(db);
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
