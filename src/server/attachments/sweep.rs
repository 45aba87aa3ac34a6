//! Uploads that no message used within a day (a form abandoned, a file removed before
//! sending) are deleted, bytes and row, so the store holds only files someone can see.

use anyhow::Result;

use super::store::FileStore;
use crate::server::db::{self, Db, rows};

/// Deletes unused uploads older than `hours`; returns how many.
pub async fn run_once(db: &Db, files: &FileStore, hours: i64) -> Result<usize> {
    let mut res = db
        .query(format!(
            "SELECT record::id(id) AS id FROM attachment
                 WHERE occurrence = NONE AND uploaded_at < time::now() - {hours}h LIMIT 500"
        ))
        .await?;
    let mut removed = 0;
    for row in rows::<db::IdRow>(&mut res, 0)? {
        // The row goes only if it is still unused (a message may have taken it meanwhile);
        // the bytes go after the row, so a failure leaves a stray file, never a dead link.
        if !remove_row(db, &row.id).await? {
            continue;
        }
        files.delete(&row.id).await?;
        removed += 1;
    }
    Ok(removed)
}

/// Deletes the row of an upload still unused, and gives its bytes back to the company's
/// space in the same transaction. Whether it went.
async fn remove_row(db: &Db, id: &str) -> Result<bool> {
    #[derive(serde::Deserialize)]
    struct Removed {
        removed: i64,
    }
    db::retry_on_conflict(|| async {
        let mut res = db::checked(
            db.query(
                "BEGIN TRANSACTION;
                 LET $gone = (DELETE type::record('attachment', $id) WHERE occurrence = NONE
                     RETURN BEFORE);
                 FOR $g IN $gone {
                     IF $g.company != NONE {
                         UPDATE $g.company SET attachment_bytes =
                             math::max([0, (attachment_bytes ?? 0) - $g.size]);
                     };
                 };
                 RETURN { removed: count($gone) };
                 COMMIT TRANSACTION;",
            )
            .bind(("id", id.to_owned()))
            .await?,
        )?;
        // The outcome is the last statement that returned one.
        for i in (0..res.num_statements()).rev() {
            if let Some(r) = res.take::<Option<serde_json::Value>>(i)?
                && let Ok(r) = serde_json::from_value::<Removed>(r)
            {
                return Ok(r.removed > 0);
            }
        }
        anyhow::bail!("limpeza de anexos: sem resultado")
    })
    .await
}

/// Runs [`run_once`] every `every` in the background.
pub fn watch(db: Db, files: FileStore, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    crate::server::jobs::every(every, "limpeza de anexos", move || {
        let (db, files) = (db.clone(), files.clone());
        async move {
            let removed = run_once(&db, &files, 24).await?;
            if removed > 0 {
                tracing::info!(removed, "anexos não usados removidos");
            }
            Ok(())
        }
    })
}
