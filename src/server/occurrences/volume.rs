//! Spends a customer's hourly allowance (theirs and their company's, in one transaction
//! every app server shares) before an opening or a message, and gives it back when the
//! request is refused for another reason, so a mistyped form costs nothing.

use anyhow::Result;
use serde::Deserialize;

use crate::domain::error::AppError;
use crate::domain::occurrences::volume::{Volume, VolumeLimits, VolumeScope, wait_secs};
use crate::server::accounts::sessions::Caller;
use crate::server::db::{Db, checked, retry_on_conflict};

/// The buckets a caller spends from: (scope, record key, allowance per hour).
fn buckets(
    limits: &VolumeLimits,
    volume: Volume,
    caller: &Caller,
) -> Vec<(VolumeScope, String, u32)> {
    let mut out = Vec::with_capacity(2);
    let mut push = |scope: VolumeScope, id: &str| {
        if let Some(cap) = limits.per_hour(volume, scope) {
            out.push((
                scope,
                format!("{}:{}:{id}", volume.slug(), scope.slug()),
                cap,
            ));
        }
    };
    push(VolumeScope::Person, &caller.person_id);
    if let Some(company) = &caller.company_id {
        push(VolumeScope::Company, company);
    }
    out
}

#[derive(Deserialize)]
struct Outcome {
    spent: bool,
    /// Tokens each bucket held before this request, in the order given.
    tokens: Vec<f64>,
}

/// Takes one from each of the caller's buckets, or none when any is empty: then the
/// refusal names whose allowance ran out and when the next one comes.
pub async fn spend(
    db: &Db,
    limits: &VolumeLimits,
    volume: Volume,
    caller: &Caller,
) -> Result<(), AppError> {
    let buckets = buckets(limits, volume, caller);
    if buckets.is_empty() {
        return Ok(());
    }
    let keys: Vec<String> = buckets.iter().map(|b| b.1.clone()).collect();
    let caps: Vec<f64> = buckets.iter().map(|b| f64::from(b.2)).collect();
    // Each bucket refills evenly: cap per hour, never above cap. The clock is the
    // database's, the same for every app server.
    let sql = "BEGIN TRANSACTION;
        LET $now = time::now();
        LET $old = array::map($keys, |$k| (SELECT tokens, at FROM ONLY type::record('volume', $k)));
        LET $tokens = array::map(array::transpose([$old, $caps]), |$p|
            IF $p[0] = NONE THEN $p[1]
            ELSE IF $p[0].at >= $now THEN $p[0].tokens
            ELSE math::min([$p[1], $p[0].tokens + <float> duration::millis($now - $p[0].at) * $p[1] / 3600000.0])
            END);
        LET $spent = array::all($tokens, |$t| $t >= 1.0);
        IF $spent {
            FOR $p IN array::transpose([$keys, $tokens]) {
                UPSERT type::record('volume', $p[0]) SET tokens = $p[1] - 1.0, at = $now;
            };
        };
        RETURN { spent: $spent, tokens: $tokens };
        COMMIT TRANSACTION;";
    let outcome: Outcome = retry_on_conflict(|| async {
        let mut res = db
            .query(sql)
            .bind(("keys", keys.clone()))
            .bind(("caps", caps.clone()))
            .await?;
        res = checked(res)?;
        for i in (0..res.num_statements()).rev() {
            let v: Option<serde_json::Value> = res.take(i)?;
            if let Some(v) = v.filter(|v| v.get("spent").is_some()) {
                return Ok(serde_json::from_value::<Outcome>(v)?);
            }
        }
        anyhow::bail!("volume: no outcome")
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "volume: could not count");
        AppError::Internal
    })?;
    if outcome.spent {
        return Ok(());
    }
    // The emptiest bucket is the one to name (the person's before the company's on a tie).
    let (scope, cap, tokens) = buckets
        .iter()
        .zip(&outcome.tokens)
        .filter(|(_, t)| **t < 1.0)
        .map(|((scope, _, cap), t)| (*scope, *cap, *t))
        .max_by_key(|(_, cap, t)| wait_secs(*t, *cap))
        .unwrap_or((VolumeScope::Person, 1, 0.0));
    Err(AppError::TooMany {
        volume,
        scope,
        retry_after_secs: wait_secs(tokens, cap),
    })
}

/// Returns what [`spend`] took, when the request then failed for another reason.
pub async fn give_back(db: &Db, limits: &VolumeLimits, volume: Volume, caller: &Caller) {
    for (_, key, cap) in buckets(limits, volume, caller) {
        let done = retry_on_conflict(|| async {
            let res = db
                .query(
                    "UPDATE type::record('volume', $key)
                     SET tokens = math::min([$cap, tokens + 1.0])",
                )
                .bind(("key", key.clone()))
                .bind(("cap", f64::from(cap)))
                .await?;
            checked(res).map(drop)
        })
        .await;
        if let Err(e) = done {
            tracing::warn!(error = %e, "volume: could not give back");
        }
    }
}
