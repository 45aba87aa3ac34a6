//! In-app notifications: written inside the change they tell of (so none is lost and none
//! is sent for a change that did not happen), listed per person, marked read.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::notification::{Inbox, NotificationView};
use crate::server::db::{Change, Db, rows};

/// Adds, to `change`, a notification about the occurrence to its owner and every active
/// coordinator (the same people `outbox::notify_staff` mails).
pub fn notify_staff(change: Change, occurrence_id: &str, text: &str) -> Change {
    change
        .statement(
            "LET $nt_occ = type::record('occurrence', $nt_occurrence);
             LET $nt_owner = (SELECT VALUE owner FROM ONLY $nt_occ);
             FOR $nt_p IN (SELECT VALUE id FROM person WHERE active = true
                     AND (roles CONTAINS 'coordinator' OR id = $nt_owner)) {
                 CREATE notification SET person = $nt_p, occurrence = $nt_occ, text = $nt_text;
             }",
        )
        .bind("nt_occurrence", occurrence_id.to_owned())
        .bind("nt_text", text.chars().take(500).collect::<String>())
}

/// The person's latest notifications (newest first) and the unread count.
pub async fn inbox(db: &Db, person_id: &str, limit: usize) -> Result<Inbox> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        at: DateTime<Utc>,
        text: String,
        year: Option<i32>,
        seq: Option<i64>,
        read: bool,
    }
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, at, text, occurrence.year AS year,
                 occurrence.seq AS seq, read_at != NONE AS read
             FROM notification WHERE person = type::record('person', $p)
             ORDER BY at DESC LIMIT $limit;
             SELECT VALUE count() FROM notification
             WHERE person = type::record('person', $p) AND read_at = NONE GROUP ALL;",
        )
        .bind(("p", person_id.to_owned()))
        .bind(("limit", limit as i64))
        .await?;
    let items = rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| NotificationView {
            link: r
                .year
                .zip(r.seq)
                .and_then(|(y, s)| crate::domain::occurrences::OccurrenceNumber::new(y, s).ok())
                .map(|n| format!("/ocorrencias/{}", n.path_part())),
            id: r.id,
            at: r.at,
            text: r.text,
            read: r.read,
        })
        .collect();
    let unread: Option<i64> = res.take(1)?;
    Ok(Inbox {
        items,
        unread: unread.unwrap_or(0).max(0) as u32,
    })
}

/// How many unread notifications the person has.
pub async fn unread(db: &Db, person_id: &str) -> Result<u32> {
    let mut res = db
        .query(
            "SELECT VALUE count() FROM notification
             WHERE person = type::record('person', $p) AND read_at = NONE GROUP ALL",
        )
        .bind(("p", person_id.to_owned()))
        .await?;
    let n: Option<i64> = res.take(0)?;
    Ok(n.unwrap_or(0).max(0) as u32)
}

/// Marks all of the person's notifications read.
pub async fn mark_all_read(db: &Db, person_id: &str) -> Result<()> {
    Change::new()
        .statement(
            "UPDATE notification SET read_at = time::now()
             WHERE person = type::record('person', $mr_p) AND read_at = NONE",
        )
        .bind("mr_p", person_id.to_owned())
        .commit(db)
        .await
}
