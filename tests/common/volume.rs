//! A realistic volume of occurrences written straight into the database (a million
//! openings through HTTP would take hours): about 1 900 openings a week going back as far
//! as `total` needs, about 2 000 still open (all in the last twelve weeks), owners among the
//! analysts, the recent ones' state changes in their timelines, the companies' share
//! uniform over the demo companies and generated ones. The year counters are moved past
//! what was written, so openings through the app go on numbering without gaps.

use chrono::{DateTime, Datelike, Duration as Span, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use suporte::domain::occurrences::OccurrenceNumber;
use suporte::domain::time::to_local;
use suporte::server::db::{Db, rows};

const COMPANIES: usize = 300;
const BATCH: usize = 5_000;
const WEEKLY: f64 = 1_900.0;
const WINDOW_WEEKS: i64 = 12;
const MODULES: [&str; 6] = [
    "fiscal",
    "financeiro",
    "estoque",
    "vendas",
    "folha",
    "compras",
];
const CRITICALITIES: [&str; 4] = ["critica", "alta", "media", "baixa"];
const PLANS: [&str; 3] = ["prata", "ouro", "vip"];
const OPEN: [&str; 4] = [
    "aberta",
    "em_atendimento",
    "aguardando_cliente",
    "escalada_n2",
];

/// One seeded occurrence the load asks for by number.
#[derive(Clone)]
pub struct Sample {
    pub number: OccurrenceNumber,
    pub title: String,
}

#[derive(Deserialize)]
struct Contact {
    id: String,
    company: String,
}

#[derive(Deserialize)]
struct Counter {
    year: i32,
    last: i64,
}

async fn values(db: &Db, sql: &str) -> Vec<String> {
    db.query(sql).await.unwrap().take(0).unwrap()
}

async fn insert(db: &Db, table: &str, rows: Vec<Value>, transform: &str) {
    db.query(format!(
        "INSERT INTO {table} (SELECT {transform} FROM $rows)"
    ))
    .bind(("rows", Value::Array(rows)))
    .await
    .unwrap()
    .check()
    .unwrap_or_else(|e| panic!("seeding {table}: {e}"));
}

const OCCURRENCE: &str = "*, type::record('company', c) AS company,
    type::record('person', p) AS opened_by, IF w THEN type::record('person', w) END AS owner,
    <datetime> o AS opened_at, <datetime> o AS last_activity_at,
    IF r THEN <datetime> r END AS first_public_reply_at, IF r THEN <datetime> r END AS taken_at,
    IF s THEN <datetime> s END AS resolved_at,
    sc.map(|$c| { at: <datetime> $c.a, from_state: $c.f, to_state: $c.t }) AS state_changes
    OMIT c, p, w, o, r, s, sc";

const EVENT: &str =
    "*, type::record('occurrence', oc) AS occurrence, <datetime> a AS at OMIT oc, a";

/// Generated companies beside the demo ones, up to [`COMPANIES`]; all their ids.
async fn companies(db: &Db) -> Vec<String> {
    let mut ids = values(db, "SELECT VALUE record::id(id) FROM company").await;
    let rows: Vec<Value> = (ids.len()..COMPANIES)
        .map(|i| {
            ids.push(format!("volume{i}"));
            json!({ "id": format!("volume{i}"), "name": format!("Empresa {i:03} Ltda."),
                "cnpj": format!("{:014}", 20_000_000_000_000u64 + i as u64),
                "segment": "Indústria", "modules": ["fiscal"], "plan": PLANS[i % 3] })
        })
        .collect();
    db.query("INSERT INTO company $rows")
        .bind(("rows", Value::Array(rows)))
        .await
        .unwrap()
        .check()
        .unwrap();
    ids
}

/// Seeds `total` occurrences ending now; a sample of their numbers (one in a hundred, at
/// most 2 000) for the load to ask for.
pub async fn seed(db: &Db, total: usize) -> Vec<Sample> {
    let now = Utc::now();
    let mut rng = StdRng::seed_from_u64(21);
    let companies = companies(db).await;
    let analysts = values(
        db,
        "SELECT VALUE record::id(id) FROM person WHERE roles CONTAINSANY ['analyst_n1', 'analyst_n2']",
    )
    .await;
    let contacts: Vec<Contact> = rows(
        &mut db
            .query("SELECT record::id(id) AS id, record::id(company) AS company FROM person WHERE company != NONE")
            .await
            .unwrap(),
        0,
    )
    .unwrap();
    assert!(
        !analysts.is_empty() && !contacts.is_empty(),
        "seed needs the demo accounts"
    );
    let opener: HashMap<&str, &str> = contacts
        .iter()
        .map(|c| (c.company.as_str(), c.id.as_str()))
        .collect();
    let counters: Vec<Counter> = rows(
        &mut db
            .query("SELECT record::id(id) AS year, last FROM occurrence_counter")
            .await
            .unwrap(),
        0,
    )
    .unwrap();
    let mut seq_by_year: HashMap<i32, i64> =
        counters.into_iter().map(|c| (c.year, c.last)).collect();
    let span_minutes = (total as f64 / WEEKLY * 7.0 * 24.0 * 60.0) as i64;
    let window_minutes = WINDOW_WEEKS * 7 * 24 * 60;
    let open_share = 2_000.0 / (WEEKLY * WINDOW_WEEKS as f64);
    // Oldest first, so numbers grow with time as the real counter's do.
    let mut minutes: Vec<i64> = (0..total)
        .map(|_| rng.gen_range(0..span_minutes.max(1)))
        .collect();
    minutes.sort_unstable_by(|a, b| b.cmp(a));
    let (mut rows, mut events, mut sample) = (Vec::with_capacity(BATCH), Vec::new(), Vec::new());
    for (i, back) in minutes.into_iter().enumerate() {
        let opened = now - Span::minutes(back + 1);
        let year = to_local(opened).year();
        let seq = *seq_by_year.entry(year).and_modify(|s| *s += 1).or_insert(1);
        let id = format!("volume{i}");
        let recent = back < window_minutes;
        let c = rng.gen_range(0..CRITICALITIES.len());
        let reply = opened + Span::minutes(rng.gen_range(30..630));
        let state = if recent && rng.gen_bool(open_share.min(1.0)) {
            OPEN[rng.gen_range(0..OPEN.len())]
        } else {
            "encerrada"
        };
        let solved =
            (state == "encerrada").then(|| reply + Span::minutes(rng.gen_range(60..3_060)));
        let company = &companies[rng.gen_range(0..companies.len())];
        let title = format!("Ocorrência de volume {i}");
        if i % 100 == 7 && sample.len() < 2_000 {
            sample.push(Sample {
                number: OccurrenceNumber::new(year, seq).unwrap(),
                title: title.clone(),
            });
        }
        let taken = state != "aberta";
        let (f, s) = [(1, 4), (2, 8), (4, 24), (8, 48)][c];
        // Every case carries its state changes on the record, as the app writes them (a
        // closed case without them would have a clock running to now); the window's cases
        // also have them as timeline events (older ones are quiet: seeding stays fast).
        let mut changes: Vec<(DateTime<Utc>, &str, &str)> = Vec::new();
        if taken {
            changes.push((reply, "aberta", "em_atendimento"));
        }
        if let Some(s) = solved {
            changes.push((s, "em_atendimento", "resolvida"));
            changes.push((s + Span::days(5), "resolvida", "encerrada"));
        }
        for (at, from, to) in changes.iter().filter(|_| recent) {
            events.push(json!({ "oc": id, "a": at.to_rfc3339(), "kind": "state",
                "public": true, "author_name": "Analista", "author_role": "analyst_n1",
                "text": "", "from_state": from, "to_state": to }));
        }
        rows.push(json!({
            "id": id, "year": year, "seq": seq, "c": company,
            "p": opener.get(company.as_str()).copied().unwrap_or(&contacts[0].id),
            "w": taken.then(|| analysts[rng.gen_range(0..analysts.len())].clone()),
            "channel": if rng.gen_range(0..5) == 0 { "telefone" } else { "extranet" },
            "module": MODULES[rng.gen_range(0..MODULES.len())], "kind": "erro",
            "criticality": CRITICALITIES[c], "plan": PLANS[rng.gen_range(0..3)],
            "title": title,
            "description": "A nota fiscal de saída não transmite; o retorno da SEFAZ é a rejeição 539.",
            "steps": "Faturar o pedido e transmitir a nota.",
            "state": state, "o": opened.to_rfc3339(),
            "r": taken.then(|| reply.to_rfc3339()),
            "s": solved.map(|s| s.to_rfc3339()),
            "sc": changes.iter().map(|(at, from, to)| json!({ "a": at.to_rfc3339(), "f": from, "t": to }))
                .collect::<Vec<_>>(),
            "sla_targets": { "first_response_minutes": f * 60, "solution_minutes": s * 60 },
        }));
        if rows.len() == BATCH {
            insert(db, "occurrence", std::mem::take(&mut rows), OCCURRENCE).await;
        }
        if events.len() >= BATCH {
            insert(db, "occurrence_event", std::mem::take(&mut events), EVENT).await;
        }
    }
    insert(db, "occurrence", rows, OCCURRENCE).await;
    insert(db, "occurrence_event", events, EVENT).await;
    for (year, last) in seq_by_year {
        db.query("UPSERT type::record('occurrence_counter', $year) SET last = $last")
            .bind(("year", year))
            .bind(("last", last))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    sample
}

/// `n` more contacts of the company of `like` (each may hold a few live streams), with
/// their password; VIP extra contacts, so the project manager stays the one who counts for
/// the company's prerequisites. Their ids.
pub async fn contacts(db: &Db, like: &str, n: usize) -> Vec<String> {
    let ids: Vec<String> = (0..n).map(|i| format!("carga{i}")).collect();
    db.query(
        "LET $p = (SELECT * FROM ONLY person WHERE email = $like LIMIT 1);
         FOR $id IN $ids {
             CREATE type::record('person', $id) SET email = $id + '@carga.example',
                 name = 'Contato ' + $id, password_hash = $p.password_hash, roles = $p.roles,
                 company = $p.company, contact_role = 'vip_extra';
         };",
    )
    .bind(("like", like.to_owned()))
    .bind(("ids", ids.clone()))
    .await
    .unwrap()
    .check()
    .unwrap();
    ids
}
