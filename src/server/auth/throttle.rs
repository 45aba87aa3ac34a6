//! Sign-in throttling: after repeated failures for an e-mail (registered or not), further
//! attempts are refused for a while. Stored in the database, so all app servers agree.

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::server::db::{Db, first};

pub const MAX_FAILURES: i64 = 5;
pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;

#[derive(Deserialize)]
struct Attempt {
    failures: i64,
    window_start: DateTime<Utc>,
    locked_until: Option<DateTime<Utc>>,
}

async fn current(db: &Db, email: &str) -> Result<Option<Attempt>> {
    let mut res = db
        .query(
            "SELECT failures, window_start, locked_until FROM login_attempt WHERE email = $email",
        )
        .bind(("email", email.to_owned()))
        .await?;
    first(&mut res, 0)
}

pub async fn is_locked(db: &Db, email: &str) -> Result<bool> {
    Ok(current(db, email)
        .await?
        .and_then(|a| a.locked_until)
        .is_some_and(|until| until > Utc::now()))
}

pub async fn record_failure(db: &Db, email: &str) -> Result<()> {
    let now = Utc::now();
    let (failures, window_start) = match current(db, email).await? {
        Some(a) if a.window_start > now - Duration::minutes(WINDOW_MINUTES) => {
            (a.failures + 1, a.window_start)
        }
        _ => (1, now),
    };
    let locked_until = (failures >= MAX_FAILURES).then(|| now + Duration::minutes(LOCK_MINUTES));
    db.query(
        "UPSERT login_attempt:[$email] SET email = $email, failures = $failures,
             window_start = <datetime> $window_start, locked_until = <option<datetime>> $locked_until",
    )
    .bind(("email", email.to_owned()))
    .bind(("failures", failures))
    .bind(("window_start", window_start))
    .bind(("locked_until", locked_until))
    .await?
    .check()?;
    Ok(())
}

pub async fn clear(db: &Db, email: &str) -> Result<()> {
    db.query("DELETE login_attempt WHERE email = $email")
        .bind(("email", email.to_owned()))
        .await?
        .check()?;
    Ok(())
}
