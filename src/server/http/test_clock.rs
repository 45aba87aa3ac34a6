//! A clock source for browser tests, switched on by `SUPORTE_TEST_CLOCK=1`: the cookie
//! `suporte_agora` (RFC 3339) sets the instant the server says it is when it hands SLA
//! clocks to a page, so a test can show a countdown during business hours or on a weekend
//! whatever the real date. It moves nothing stored (openings, replies, alerts keep real
//! time). The browser tests run on the release build, so the release binary carries it,
//! but a server starts with it only on an in-memory database listening on loopback —
//! never where real data or real people are ([`check`]).

use axum::{extract::Request, middleware::Next, response::Response};
use chrono::{DateTime, Utc};

/// The instant a test asked for, in the request's extensions.
#[derive(Clone, Copy, Debug)]
pub struct TestNow(pub DateTime<Utc>);

/// Whether this process accepts the test clock (`SUPORTE_TEST_CLOCK=1`).
pub fn enabled() -> bool {
    std::env::var("SUPORTE_TEST_CLOCK").is_ok_and(|v| v == "1")
}

/// Refuses a start with the test clock anywhere but a throwaway test server.
pub fn check(cfg: &crate::server::config::Config) -> anyhow::Result<()> {
    let throwaway = cfg.database.url == crate::server::config::DatabaseUrl::Memory
        && cfg.leptos.site_addr.ip().is_loopback();
    if enabled() && !throwaway {
        anyhow::bail!(
            "SUPORTE_TEST_CLOCK=1 é só para testes: exige DATABASE_URL=mem:// e um endereço de loopback"
        );
    }
    Ok(())
}

pub async fn read(mut req: Request, next: Next) -> Response {
    let asked = req
        .headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("suporte_agora="))
        .find_map(|v| DateTime::parse_from_rfc3339(&v.replace("%3A", ":")).ok());
    if let Some(at) = asked {
        req.extensions_mut().insert(TestNow(at.to_utc()));
    }
    next.run(req).await
}
