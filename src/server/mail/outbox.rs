//! The outbox: a mail is a row written in the transaction of the update it reports, so it
//! exists exactly when the update does. Delivery claims a row before sending and marks it
//! after; a row found claimed by a worker that died mid-send is never sent again (it is
//! marked `uncertain` and logged), so a crash cannot send a copy twice.

use anyhow::Result;
use serde::Deserialize;

use crate::server::db::{self, Change, Db, first, rows};

/// One public update of an occurrence, for its company's contacts.
pub struct Notice<'a> {
    pub occurrence_id: &'a str,
    pub company_id: &'a str,
    /// Whose update it is: they get no copy of their own words.
    pub author_person_id: Option<&'a str>,
    pub headline: String,
    pub text: &'a str,
}

/// Adds the mail to `change`: addressed to the company's active contacts (read in the same
/// transaction), none if nobody is left to tell. At most one notice per change.
pub fn notify(change: Change, n: &Notice<'_>) -> Change {
    let not_author = if n.author_person_id.is_some() {
        " AND id != type::record('person', $ob_author)"
    } else {
        ""
    };
    change
        .statement(format!(
            "LET $ob_to = (SELECT VALUE email FROM person
                 WHERE company = type::record('company', $ob_company) AND active = true{not_author})"
        ))
        .statement(
            "IF array::len($ob_to) > 0 THEN
                 (CREATE outbox SET occurrence = type::record('occurrence', $ob_occurrence),
                     recipients = $ob_to, headline = $ob_headline, text = $ob_text)
             END",
        )
        .bind("ob_company", n.company_id.to_owned())
        .bind("ob_author", n.author_person_id.map(str::to_owned))
        .bind("ob_occurrence", n.occurrence_id.to_owned())
        .bind("ob_headline", n.headline.chars().take(500).collect::<String>())
        .bind("ob_text", n.text.to_owned())
}

/// A notice for support itself (an SLA warning or breach): the occurrence's owner, if
/// any, and every active coordinator. At most one notice per change.
pub fn notify_staff(change: Change, occurrence_id: &str, headline: String, text: &str) -> Change {
    change
        .statement(
            "LET $os_owner = (SELECT VALUE owner FROM ONLY type::record('occurrence', $os_occurrence))",
        )
        .statement(
            "LET $os_to = (SELECT VALUE email FROM person WHERE active = true
                 AND (roles CONTAINS 'coordinator' OR id = $os_owner))",
        )
        .statement(
            "IF array::len($os_to) > 0 THEN
                 (CREATE outbox SET occurrence = type::record('occurrence', $os_occurrence),
                     recipients = $os_to, headline = $os_headline, text = $os_text)
             END",
        )
        .bind("os_occurrence", occurrence_id.to_owned())
        .bind("os_headline", headline.chars().take(500).collect::<String>())
        .bind("os_text", text.to_owned())
}

/// A mail claimed for delivery, with what the message needs.
#[derive(Debug, Deserialize)]
pub struct Claimed {
    pub id: String,
    pub recipients: Vec<String>,
    pub headline: String,
    pub text: String,
    pub attempts: i64,
    /// The occurrence it reports on; none for a release mail, which has its own `link`.
    pub year: Option<i32>,
    pub seq: Option<i64>,
    pub title: Option<String>,
    pub link: Option<String>,
}

/// How long a worker may take to send a claimed mail before it is presumed dead.
const CLAIM_SECS: i64 = 300;

/// Ids of mails due now, oldest first.
pub async fn due(db: &Db, limit: usize) -> Result<Vec<String>> {
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, created_at FROM outbox
                 WHERE status = 'pending' AND next_attempt_at <= time::now()
                 ORDER BY created_at LIMIT $limit",
        )
        .bind(("limit", limit as i64))
        .await?;
    Ok(rows::<db::IdRow>(&mut res, 0)?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// Takes the mail for this worker (`token`), unless another worker took it first.
pub async fn claim(db: &Db, id: &str, token: &str) -> Result<Option<Claimed>> {
    let claimed = db
        .query(format!(
            "UPDATE type::record('outbox', $id) SET status = 'sending', claim = $claim_token,
                 claimed_until = time::now() + {CLAIM_SECS}s
                 WHERE status = 'pending' AND next_attempt_at <= time::now() RETURN NONE;
             SELECT record::id(id) AS id, recipients, headline, text, attempts,
                 occurrence.year AS year, occurrence.seq AS seq, occurrence.title AS title, link
                 FROM type::record('outbox', $id) WHERE status = 'sending' AND claim = $claim_token;"
        ))
        .bind(("id", id.to_owned()))
        .bind(("claim_token", token.to_owned()))
        .await
        .map_err(anyhow::Error::from)
        .and_then(db::checked);
    match claimed {
        Ok(mut res) => first::<Claimed>(&mut res, 1),
        // Another worker's claim of the same row won the race.
        Err(e) if db::is_conflict(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// What became of one delivery attempt.
pub enum Outcome {
    Sent,
    /// Try again after `delay_secs` (the SMTP server was unreachable or said "later").
    Retry {
        error: String,
        delay_secs: i64,
    },
    /// The SMTP server refused it for good (e.g. no valid recipient).
    Failed {
        error: String,
    },
}

pub async fn settle(db: &Db, id: &str, token: &str, outcome: &Outcome) -> Result<()> {
    let (sets, error, delay) = match outcome {
        Outcome::Sent => ("status = 'sent', sent_at = time::now()", None, 0),
        Outcome::Retry { error, delay_secs } => (
            "status = 'pending', attempts += 1, last_error = $error,
             next_attempt_at = time::now() + <duration> string::concat($delay, 's')",
            Some(error.clone()),
            *delay_secs,
        ),
        Outcome::Failed { error } => (
            "status = 'failed', attempts += 1, last_error = $error",
            Some(error.clone()),
            0,
        ),
    };
    db::checked(
        db.query(format!(
            "UPDATE type::record('outbox', $id) SET {sets}, claim = NONE, claimed_until = NONE
                 WHERE claim = $claim_token"
        ))
        .bind(("id", id.to_owned()))
        .bind(("claim_token", token.to_owned()))
        .bind((
            "error",
            error.map(|e| e.chars().take(500).collect::<String>()),
        ))
        .bind(("delay", delay))
        .await?,
    )?;
    Ok(())
}

/// Mails whose worker died while sending: marked `uncertain`, never resent. Returns them.
pub async fn sweep_interrupted(db: &Db) -> Result<Vec<String>> {
    let mut res = db::checked(
        db.query(
            "UPDATE outbox SET status = 'uncertain', claim = NONE, claimed_until = NONE,
             last_error = 'o envio foi interrompido (servidor parou no meio); não reenviado'
             WHERE status = 'sending' AND claimed_until < time::now()
             RETURN record::id(id) AS id",
        )
        .await?,
    )?;
    Ok(rows::<db::IdRow>(&mut res, 0)?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// Retry delay after `attempts` failed tries: 30 s doubling, at most one hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exp = attempts.clamp(0, 7) as u32;
    (30_i64 << exp).min(3600)
}

/// Mail undelivered for this long is given up (an outage of a week is someone's problem
/// already; a flood of week-old copies helps nobody).
pub const GIVE_UP_DAYS: i64 = 7;

pub async fn give_up_stale(db: &Db) -> Result<()> {
    db::checked(
        db.query(format!(
        "UPDATE outbox SET status = 'failed', last_error = 'não entregue em {GIVE_UP_DAYS} dias'
             WHERE status = 'pending' AND created_at < time::now() - {GIVE_UP_DAYS}d"
    ))
        .await?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        let d: Vec<i64> = (0..10).map(super::backoff_secs).collect();
        assert_eq!(&d[..4], &[30, 60, 120, 240]);
        assert!(d.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(d[9], 3600);
    }
}
