//! An occurrence's timeline, a page at a time: the newest entries first shown, older ones
//! on request ("ver anteriores"), so a case with thousands of messages (or a flood of
//! them) never makes one huge page. A customer's pages hold public entries only.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::attachment::AttachmentView;
use crate::domain::occurrences::{EntryKind, State, TIMELINE_PAGE, TimelineEntry, TimelinePage};
use crate::server::db::{Db, rows};

/// Where a page ends: the oldest entry already shown.
pub struct Before {
    pub at: DateTime<Utc>,
    pub id: String,
}

/// Up to [`TIMELINE_PAGE`] entries of occurrence `id` before `before` (or the newest),
/// oldest first; only public ones when `public_only`.
pub async fn page(
    db: &Db,
    id: &str,
    public_only: bool,
    before: Option<Before>,
) -> Result<TimelinePage> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        at: DateTime<Utc>,
        kind: EntryKind,
        public: bool,
        author_name: String,
        text: String,
        from_state: Option<State>,
        to_state: Option<State>,
        attachment: Option<AttachmentView>,
    }
    // Newest first, one more than a page (to know whether there are older ones); entries
    // of the same instant are told apart by id, so a page boundary never skips one.
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, at, kind, public, author_name, text, from_state, to_state,
                 IF attachment THEN { id: record::id(attachment), name: attachment.name,
                     size: attachment.size } END AS attachment
             FROM occurrence_event
             WHERE occurrence = type::record('occurrence', $id) AND (public = true OR $all = true)
                 AND ($at = NONE OR at < $at
                     OR (at = $at AND id < type::record('occurrence_event', $before)))
             ORDER BY at DESC, id DESC
             LIMIT $limit",
        )
        .bind(("id", id.to_owned()))
        .bind(("all", !public_only))
        .bind(("at", before.as_ref().map(|b| b.at)))
        .bind(("before", before.map_or_else(|| "-".to_owned(), |b| b.id)))
        .bind(("limit", TIMELINE_PAGE + 1))
        .await?;
    let mut found = rows::<Row>(&mut res, 0)?;
    let earlier = found.len() > TIMELINE_PAGE;
    found.truncate(TIMELINE_PAGE);
    found.reverse();
    let entries = found
        .into_iter()
        .map(|r| TimelineEntry {
            id: r.id,
            at: r.at,
            kind: r.kind,
            public: r.public,
            author_name: r.author_name,
            text: r.text,
            from_state: r.from_state,
            to_state: r.to_state,
            attachment: r.attachment,
        })
        .collect();
    Ok(TimelinePage { entries, earlier })
}

/// The entry `entry` of occurrence `id`, as a cursor, if it is one the caller may see.
pub async fn cursor(db: &Db, id: &str, entry: &str, public_only: bool) -> Result<Option<Before>> {
    let mut res = db
        .query(
            "SELECT VALUE at FROM ONLY type::record('occurrence_event', $entry)
             WHERE occurrence = type::record('occurrence', $id) AND (public = true OR $all = true)",
        )
        .bind(("entry", entry.to_owned()))
        .bind(("id", id.to_owned()))
        .bind(("all", !public_only))
        .await?;
    let at: Option<DateTime<Utc>> = res.take(0)?;
    Ok(at.map(|at| Before {
        at,
        id: entry.to_owned(),
    }))
}
