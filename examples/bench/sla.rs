//! SLA clock figures: deadlines for many open occurrences, one countdown frame.

use std::time::Instant;

use crate::rng::{Lcg, percentile};

/// SLA deadlines for 100 000 open occurrences, and one countdown frame of 500 counters (the
/// work the browser does each second on a full page; measured natively here).
pub fn figures(rng: &mut Lcg) {
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
                calendar: Default::default(),
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
