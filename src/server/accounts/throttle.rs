//! Guessing limits for sign-in and password change, shared by all app servers.
//!
//! Each attempt is counted *before* the password is checked, in one atomic transaction
//! per scope (the account's e-mail, the client's address, or a person changing their
//! password), so parallel guesses cannot slip past the count: twenty at once count as
//! twenty. A few failures are free; after that every allowed attempt opens a pause that
//! doubles each time (30 s, 1 min, 2 min … up to 15 min). Attempts during a pause are
//! refused unchecked and do not extend it, so nobody can hold an account locked for good;
//! a quiet hour forgets the count. Success clears the count of the account from that client
//! (the account-wide one stays, for the clients that failed). Keys are stored as
//! SHA-256, and rows expire, so unknown e-mails leave nothing behind for long.
//!
//! Sign-in counts three records: the client's address (IPv6 by /64), the account, and the
//! account from that client. The account's pause holds back only clients that have
//! already failed at it: a stranger guessing from many addresses cannot keep the owner out.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::server::db::{Db, first};

/// What is being limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Sign-in attempts for one e-mail (registered or not).
    Account,
    /// Sign-in attempts from one client address, whatever the e-mail.
    Client,
    /// Wrong current passwords given by one signed-in person.
    PasswordChange,
    /// Sign-in attempts at one e-mail from one client address: the client's own record
    /// there, so an account's pause never holds back a client that has not failed at it.
    AccountFromClient,
}

impl Scope {
    fn slug(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Client => "client",
            Self::PasswordChange => "password",
            Self::AccountFromClient => "account-client",
        }
    }

    /// Failures allowed before pauses start.
    pub fn free_failures(self) -> i64 {
        match self {
            Self::Account | Self::PasswordChange | Self::AccountFromClient => 5,
            // Offices share one address behind NAT: more room, same growth after.
            Self::Client => 30,
        }
    }
}

/// First pause, and the cap the doubling stops at.
pub const FIRST_PAUSE_SECS: i64 = 30;
pub const MAX_PAUSE_SECS: i64 = 15 * 60;
/// A count is forgotten this long after its last failure (or pause end).
pub const FORGET_AFTER_SECS: i64 = 3600;

/// The pause opened by the `n`-th counted attempt (`None` while still free).
pub fn pause_after(scope: Scope, n: i64) -> Option<i64> {
    let over = n - scope.free_failures();
    (over >= 0).then(|| {
        let doubled = FIRST_PAUSE_SECS.saturating_mul(1i64 << over.min(20));
        doubled.min(MAX_PAUSE_SECS)
    })
}

fn key_of(scope: Scope, key: &str) -> String {
    let digest = Sha256::digest(format!("{}:{key}", scope.slug()).as_bytes());
    hex::encode(digest)
}

/// The outcome of counting an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Go ahead and check the password.
    Allowed,
    /// Refused unchecked: try again after this many seconds.
    Paused { retry_after_secs: u64 },
}

#[derive(Deserialize)]
struct Outcome {
    blocked_until: Option<DateTime<Utc>>,
    was_blocked: bool,
    failures: i64,
}

/// The key of a client address: an IPv6 address stands for its /64 (one subscriber's
/// network hands out a whole /64, so a single address would be free to rotate), an
/// IPv4-mapped one for its IPv4 address. Anything else is kept as given.
pub fn client_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
        Ok(v4) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

/// Counts one attempt in `scope` for `key`, atomically, and says whether it may proceed.
pub async fn attempt(db: &Db, scope: Scope, key: &str) -> Result<Attempt> {
    Ok(attempt_counted(db, scope, key).await?.0)
}

/// Like [`attempt`], also returning how many attempts are counted with this one (1: the
/// first in the forget window).
pub async fn attempt_counted(db: &Db, scope: Scope, key: &str) -> Result<(Attempt, i64)> {
    // The pause each count opens, precomputed so the database only picks from it.
    let pauses: Vec<i64> = (0..=6)
        .map(|over| pause_after(scope, scope.free_failures() + over).unwrap_or(0))
        .collect();
    let sql = "BEGIN TRANSACTION;
        LET $t = type::record('throttle', $key);
        LET $old = (SELECT failures, blocked_until, expires_at FROM ONLY $t);
        LET $live = $old != NONE AND $old.expires_at > time::now();
        LET $n = IF $live THEN $old.failures + 1 ELSE 1 END;
        LET $was_blocked = $live AND $old.blocked_until != NONE AND $old.blocked_until > time::now();
        LET $over = $n - $free;
        LET $until = IF $was_blocked THEN $old.blocked_until
            ELSE IF $over >= 0 THEN time::now() + <duration> string::concat(<string> $pauses[math::min([$over, 6])], 's')
            ELSE NONE END;
        LET $forget = IF $until != NONE THEN $until + <duration> $forget_after ELSE time::now() + <duration> $forget_after END;
        UPSERT $t SET scope = $scope, failures = $n, blocked_until = $until, expires_at = $forget;
        DELETE throttle WHERE expires_at < time::now();
        RETURN { blocked_until: $until, was_blocked: $was_blocked, failures: $n };
        COMMIT TRANSACTION;";
    let outcome: Outcome = crate::server::db::retry_on_conflict(|| async {
        let mut res = db
            .query(sql)
            .bind(("key", key_of(scope, key)))
            .bind(("scope", scope.slug()))
            .bind(("free", scope.free_failures()))
            .bind(("pauses", pauses.clone()))
            .bind(("forget_after", format!("{FORGET_AFTER_SECS}s")))
            .await?;
        res = crate::server::db::checked(res)?;
        // The outcome is the RETURN's value: the last statement result that is not empty.
        for i in (0..res.num_statements()).rev() {
            let v: Option<serde_json::Value> = res.take(i)?;
            if let Some(v) = v.filter(|v| v.get("was_blocked").is_some()) {
                return Ok(serde_json::from_value::<Outcome>(v)?);
            }
        }
        anyhow::bail!("throttle: no outcome")
    })
    .await?;
    let attempt = match (outcome.was_blocked, outcome.blocked_until) {
        (true, Some(until)) => Attempt::Paused {
            retry_after_secs: (until - Utc::now()).num_seconds().max(1) as u64,
        },
        _ => Attempt::Allowed,
    };
    Ok((attempt, outcome.failures))
}

/// Whether a refused attempt at `key` should be audited: true at most once a minute per
/// key (the claim is a throttle row of its own, expiring with the others), so a flood of
/// refused guesses writes one audit row a minute, not one per guess.
pub async fn audit_due(db: &Db, key: &str) -> Result<bool> {
    let sql = "BEGIN TRANSACTION;
        LET $t = type::record('throttle', $key);
        LET $old = (SELECT expires_at FROM ONLY $t);
        LET $due = $old = NONE OR $old.expires_at <= time::now();
        IF $due THEN (UPSERT $t SET scope = 'audit', failures = 0, blocked_until = NONE,
            expires_at = time::now() + 1m) END;
        RETURN { due: $due };
        COMMIT TRANSACTION;";
    crate::server::db::retry_on_conflict(|| async {
        let mut res = db.query(sql).bind(("key", key_of_audit(key))).await?;
        res = crate::server::db::checked(res)?;
        for i in (0..res.num_statements()).rev() {
            let v: Option<serde_json::Value> = res.take(i)?;
            if let Some(due) = v.and_then(|v| v.get("due").and_then(serde_json::Value::as_bool)) {
                return Ok(due);
            }
        }
        anyhow::bail!("throttle: no audit claim outcome")
    })
    .await
}

fn key_of_audit(key: &str) -> String {
    hex::encode(Sha256::digest(format!("audit:{key}").as_bytes()))
}

/// The attempt in `scope` was legitimate: forget the count.
pub async fn clear(db: &Db, scope: Scope, key: &str) -> Result<()> {
    db.query("DELETE type::record('throttle', $key)")
        .bind(("key", key_of(scope, key)))
        .await?
        .check()?;
    Ok(())
}

/// The attempt in `scope` succeeded: take back the count it reserved (and the pause that
/// count may have opened), keeping earlier failures. For the client address, where a
/// success must not wipe the failures of others behind the same address.
pub async fn forgive(db: &Db, scope: Scope, key: &str) -> Result<()> {
    let sql = "BEGIN TRANSACTION;
        LET $t = type::record('throttle', $key);
        LET $f = (SELECT VALUE failures FROM ONLY $t) ?? 0;
        IF $f > 0 THEN (UPDATE $t SET failures = $f - 1,
            blocked_until = IF $f - 1 < $free THEN NONE ELSE blocked_until END) END;
        COMMIT TRANSACTION;";
    crate::server::db::retry_on_conflict(|| async {
        let res = db
            .query(sql)
            .bind(("key", key_of(scope, key)))
            .bind(("free", scope.free_failures()))
            .await?;
        crate::server::db::checked(res)?;
        Ok(())
    })
    .await
}

/// Failed attempts currently counted for `key` (0 when forgotten).
pub async fn failures(db: &Db, scope: Scope, key: &str) -> Result<i64> {
    #[derive(Deserialize)]
    struct Row {
        failures: i64,
    }
    let mut res = db
        .query("SELECT failures FROM type::record('throttle', $key) WHERE expires_at > time::now()")
        .bind(("key", key_of(scope, key)))
        .await?;
    Ok(first::<Row>(&mut res, 0)?.map_or(0, |r| r.failures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_start_after_the_free_failures_double_and_stop_at_the_cap() {
        let s = Scope::Account;
        assert_eq!(pause_after(s, 4), None);
        assert_eq!(pause_after(s, 5), Some(30));
        assert_eq!(pause_after(s, 6), Some(60));
        assert_eq!(pause_after(s, 7), Some(120));
        assert_eq!(pause_after(s, 10), Some(900));
        assert_eq!(pause_after(s, 1000), Some(MAX_PAUSE_SECS));
        assert_eq!(pause_after(Scope::Client, 29), None);
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_is_the_ipv4() {
        assert_eq!(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            client_key("2001:db8:1:2:ffff:1:2:3"),
            client_key("2001:db8:1:2::9")
        );
        assert_ne!(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
        assert_eq!(client_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(client_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(client_key("desconhecido"), "desconhecido");
    }

    #[test]
    fn keys_are_hashed_per_scope() {
        assert_ne!(
            key_of(Scope::Account, "a@b.c"),
            key_of(Scope::Client, "a@b.c")
        );
        assert_eq!(key_of(Scope::Account, "a@b.c").len(), 64);
    }
}
