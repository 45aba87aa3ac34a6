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
        let mut gone = db::checked(
            db.query(
                "DELETE type::record('attachment', $id) WHERE occurrence = NONE RETURN BEFORE",
            )
            .bind(("id", row.id.clone()))
            .await?,
        )?;
        if rows::<serde_json::Value>(&mut gone, 0)?.is_empty() {
            continue;
        }
        files.delete(&row.id).await?;
        removed += 1;
    }
    Ok(removed)
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
