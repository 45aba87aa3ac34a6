//! Search latency at a given corpus size: our whole search path (query analysis, word
//! families, completions, spelling help, snippets) against a bare tantivy query on the very
//! same index (OR of the stems, heading boosted, top 20, stored fields read).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use anyhow::Result;
use tantivy::{TantivyDocument, collector::TopDocs, query::BooleanQuery, schema::Value};

use suporte::domain::search::{SearchFilters, SearchQuery, analyzer};
use suporte::server::search::{self, SearchIndex, query::stem_clauses};

use crate::corpus::Vocabulary;
use crate::rng::{Lcg, percentile};

fn bare(index: &SearchIndex, q: &str) -> Result<usize> {
    let searcher = index.searcher();
    let f = index.fields();
    let mut seen = HashSet::new();
    let clauses: Vec<_> = analyzer::stems(q)
        .into_iter()
        .filter(|s| seen.insert(s.clone()))
        .flat_map(|s| stem_clauses(f, &s, 1.0))
        .collect();
    if clauses.is_empty() {
        return Ok(0);
    }
    let top = searcher.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(search::DEFAULT_LIMIT).order_by_score(),
    )?;
    let mut read = 0;
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        read += doc
            .get_first(f.title)
            .and_then(|v| v.as_str())
            .map_or(0, |t| usize::from(!t.is_empty()));
    }
    Ok(read)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn figures(
    articles: usize,
    queries: usize,
    vocabulary: &Vocabulary,
    rng: &mut Lcg,
) -> Result<()> {
    let index = SearchIndex::new()?;
    let started = Instant::now();
    let items: Vec<_> = (0..articles).map(|i| vocabulary.article(i, rng)).collect();
    let generated = started.elapsed();
    let started = Instant::now();
    index.replace_all(&items)?;
    drop(items);
    println!(
        "busca, {articles} artigos ({} palavras distintas no vocabulário de origem): gerados em {:.1} s, indexados em {:.1} s",
        vocabulary.len(),
        generated.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    let queries: Vec<String> = (0..queries).map(|_| vocabulary.query(rng)).collect();
    for q in queries.iter().take(50) {
        bare(&index, q)?;
        search::search(
            &index,
            &SearchQuery::parse(q)?,
            SearchFilters::default(),
            search::DEFAULT_LIMIT,
        )?;
    }
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut hits, mut corrected) = (0, 0);
    for q in &queries {
        let t = Instant::now();
        std::hint::black_box(bare(&index, q)?);
        theirs.push(t.elapsed());
        let t = Instant::now();
        let parsed = SearchQuery::parse(q)?;
        let res = search::search(
            &index,
            &parsed,
            SearchFilters::default(),
            search::DEFAULT_LIMIT,
        )?;
        ours.push(t.elapsed());
        hits += res.hits.len();
        corrected += usize::from(res.corrected_from.is_some() || res.suggestion.is_some());
    }
    ours.sort();
    theirs.sort();
    let n = queries.len();
    println!(
        "  nossa busca ({n} consultas, {:.1} resultados em média, {corrected} com \"você quis dizer\"): p50 {:.3} ms | p95 {:.3} ms | p99 {:.3} ms",
        hits as f64 / n as f64,
        ms(percentile(&ours, 0.50)),
        ms(percentile(&ours, 0.95)),
        ms(percentile(&ours, 0.99)),
    );
    println!(
        "  tantivy puro (mesmo índice e consultas):            p50 {:.3} ms | p95 {:.3} ms | p99 {:.3} ms",
        ms(percentile(&theirs, 0.50)),
        ms(percentile(&theirs, 0.95)),
        ms(percentile(&theirs, 0.99)),
    );
    println!(
        "  razão p95 nossa/puro: {:.2}× (meta: < 2×; p95 < 5 ms a 10 000 artigos)",
        percentile(&ours, 0.95).as_secs_f64() / percentile(&theirs, 0.95).as_secs_f64()
    );
    // Hostile: 500 characters of words nobody wrote (each one a dictionary lookup if the
    // work were not capped).
    let mut nonsense = Vec::new();
    for i in 0..50 {
        let mut q = String::new();
        let mut n = i as u64 * 7919 + 13;
        while q.chars().count() < SearchQuery::MAX_CHARS - 12 {
            n = n
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let word: String = (0..5 + (n >> 60) as usize)
                .map(|k| char::from(b'b' + ((n >> (k * 5)) % 24) as u8))
                .collect();
            q.push_str(&word);
            q.push(' ');
        }
        let t = Instant::now();
        let parsed = SearchQuery::parse(q.trim())?;
        std::hint::black_box(search::search(
            &index,
            &parsed,
            SearchFilters::default(),
            search::DEFAULT_LIMIT,
        )?);
        nonsense.push(t.elapsed());
    }
    nonsense.sort();
    println!(
        "  consulta hostil (500 caracteres de palavras inexistentes, 50 consultas): p50 {:.2} ms | p95 {:.2} ms | máx {:.2} ms (meta: < 50 ms)",
        ms(percentile(&nonsense, 0.50)),
        ms(percentile(&nonsense, 0.95)),
        ms(nonsense[nonsense.len() - 1]),
    );
    Ok(())
}
