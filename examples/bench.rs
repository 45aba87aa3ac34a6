//! The benchmark (`./bench.sh`, not a test and not part of the shipped binary): loads
//! 10 000 generated articles into an in-memory database, then prints search latency
//! percentiles over 1 000 queries and the SSR throughput of the home page through the
//! full middleware stack. Figures are printed, never asserted.

use anyhow::Result;
use axum::{body::Body, http::Request};
use std::time::{Duration, Instant};
use tower::ServiceExt;

use suporte::app;
use suporte::domain::{
    content::{ContentKind, ErpModule, Slug},
    search::{SearchFilters, SearchQuery},
};
use suporte::server::{config::Config, content::draft::ContentDraft, content::store, search};

const ARTICLES: usize = 10_000;
const QUERIES: usize = 1_000;
const SSR_REQUESTS: usize = 2_000;
const SSR_CONCURRENCY: usize = 8;

const WORDS: &[&str] = &[
    "nota",
    "fiscal",
    "rejeição",
    "boleto",
    "remessa",
    "retorno",
    "banco",
    "conciliação",
    "estoque",
    "inventário",
    "pedido",
    "compra",
    "venda",
    "faturamento",
    "cliente",
    "fornecedor",
    "atualização",
    "versão",
    "relatório",
    "imposto",
    "ICMS",
    "PIS",
    "COFINS",
    "lançamento",
    "contábil",
    "balancete",
    "folha",
    "férias",
    "rescisão",
    "produção",
    "ordem",
    "apontamento",
    "permissão",
    "usuário",
    "senha",
    "cadastro",
    "produto",
    "tabela",
    "preço",
    "desconto",
    "parcela",
    "vencimento",
    "cobrança",
    "SPED",
    "XML",
    "certificado",
    "digital",
    "emissão",
    "cancelamento",
    "carta",
    "correção",
    "manifesto",
];

/// A tiny deterministic generator, so every run searches the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| WORDS[self.next(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn generated(i: usize, rng: &mut Lcg) -> ContentDraft {
    let kinds = [ContentKind::Manual, ContentKind::Blog, ContentKind::Faq];
    let title = rng.words(5);
    let body = (0..6)
        .map(|_| format!("{}.", rng.words(25)))
        .collect::<Vec<_>>()
        .join("\n\n");
    ContentDraft {
        kind: kinds[i % kinds.len()],
        slug: Slug::parse(&format!("gerado-{i}")).expect("generated slugs are valid"),
        summary: rng.words(12),
        title,
        module: Some(ErpModule::ALL[i % ErpModule::ALL.len()]),
        body_md: body,
        popular: false,
        position: 0,
        duration_minutes: None,
        course_url: None,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

/// SLA deadlines for 100 000 open occurrences, and one countdown frame of 500 counters (the
/// work the browser does each second on a full page; measured natively here).
fn sla_figures(rng: &mut Lcg) {
    use chrono::{Duration as Span, Utc};
    use suporte::domain::sla::{
        Criticality, SlaPlan,
        calendar::Pause,
        clock::{PreparedClock, SlaClock, calendar},
        default_targets,
    };
    let now = Utc::now();
    let clocks: Vec<SlaClock> = (0..100_000)
        .map(|_| {
            let opened = now - Span::minutes(rng.next(60 * 24 * 20) as i64);
            let t = default_targets(SlaPlan::ALL[rng.next(3)], Criticality::ALL[rng.next(4)]);
            let pauses = if rng.next(4) == 0 {
                let from = opened + Span::minutes(rng.next(600) as i64);
                vec![Pause {
                    from,
                    to: Some(from + Span::minutes(rng.next(3000) as i64)),
                }]
            } else {
                Vec::new()
            };
            SlaClock {
                opened_at: opened,
                first_response_minutes: t.first_response_hours * 60,
                solution_minutes: t.solution_hours * 60,
                first_response_at: None,
                stopped_at: None,
                pauses,
                paused_because: None,
                read_at: now,
                warning_percent: 80,
                holidays: Vec::new(),
            }
        })
        .collect();
    let started = Instant::now();
    let mut due = 0;
    for c in &clocks {
        let cal = calendar();
        due += usize::from(
            cal.add(c.opened_at, c.first_response_minutes, &c.pauses)
                .is_some(),
        );
        due += usize::from(
            cal.add(c.opened_at, c.solution_minutes, &c.pauses)
                .is_some(),
        );
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "SLA: prazos de 100 000 ocorrências abertas ({due} prazos): {:.2} s ({:.1} µs por ocorrência)",
        secs,
        secs * 1e6 / 100_000.0
    );
    // As the page does: each counter prepared once, then read every second.
    let prepared: Vec<PreparedClock> = clocks[..500]
        .iter()
        .map(|c| PreparedClock::new(c.clone(), calendar()))
        .collect();
    let mut frames = Vec::with_capacity(20);
    for i in 0..20 {
        let at = now + Span::seconds(i);
        let t = Instant::now();
        let mut breached = 0;
        for c in &prepared {
            breached += usize::from(c.read(calendar(), at).remaining < Span::zero());
        }
        std::hint::black_box(breached);
        frames.push(t.elapsed());
    }
    frames.sort();
    println!(
        "SLA: um quadro da contagem regressiva com 500 contadores: p50 {:.2} ms | p95 {:.2} ms (nativo; o navegador roda o mesmo código em WASM)",
        percentile(&frames, 0.50).as_secs_f64() * 1e3,
        percentile(&frames, 0.95).as_secs_f64() * 1e3,
    );
}

#[tokio::main]
async fn main() -> Result<()> {
    let file = std::fs::read_to_string("Leptos.toml").unwrap_or_default();
    let cfg = Config::from_parts(&file, |k| match k {
        "DATABASE_URL" => Some("mem://".into()),
        other => std::env::var(other).ok(),
    })?;
    let state = app::build_state(&cfg).await?;

    println!("carregando {ARTICLES} artigos gerados…");
    let started = Instant::now();
    let mut rng = Lcg(42);
    for i in 0..ARTICLES {
        store::upsert_repo_item(&state.db, &generated(i, &mut rng)).await?;
    }
    state.refresh_vocabulary().await?;
    println!("carga: {:.1} s", started.elapsed().as_secs_f64());

    sla_figures(&mut rng);

    let vocabulary = state.vocabulary();
    let mut latencies = Vec::with_capacity(QUERIES);
    let mut total_hits = 0;
    for _ in 0..QUERIES {
        let n = 1 + rng.next(3);
        let q = SearchQuery::parse(&rng.words(n))?;
        let t = Instant::now();
        let res = search::search(
            &state.db,
            &vocabulary,
            &q,
            SearchFilters::default(),
            search::DEFAULT_LIMIT,
        )
        .await?;
        latencies.push(t.elapsed());
        total_hits += res.hits.len();
    }
    latencies.sort();
    println!(
        "busca ({QUERIES} consultas, média de {:.1} resultados): p50 {:.2} ms | p95 {:.2} ms | p99 {:.2} ms",
        total_hits as f64 / QUERIES as f64,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.95).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
    );

    let router = app::router(state);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..SSR_CONCURRENCY {
        let router = router.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..SSR_REQUESTS / SSR_CONCURRENCY {
                let res = router
                    .clone()
                    .oneshot(Request::get("/").body(Body::empty())?)
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
    let secs = started.elapsed().as_secs_f64();
    println!(
        "SSR da página inicial: {:.0} requisições/s ({SSR_REQUESTS} requisições, {SSR_CONCURRENCY} simultâneas, em processo)",
        SSR_REQUESTS as f64 / secs
    );
    Ok(())
}
