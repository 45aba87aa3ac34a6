//! The in-process search index: tantivy in RAM, one per app server, derived entirely from
//! the database (built at start, then kept current by the content feed, see
//! `server::content::changes`). Writes take a lock and run on a blocking thread; searches
//! read the last committed state without waiting for writers.

use std::sync::{Arc, Mutex, MutexGuard};

use anyhow::{Context, Result};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use super::{
    document::{IndexedContent, key},
    schema::{self, Fields},
};
use crate::domain::content::ContentKind;
use crate::server::db::{Db, rows};

/// Memory the writer may fill before it flushes a segment.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;

/// What changed about one content record.
#[derive(Clone, Debug)]
pub enum IndexUpdate {
    /// Created or edited: indexed again if published, dropped if not.
    Upsert(IndexedContent),
    /// Deleted (the record key).
    Remove(String),
}

#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

struct Inner {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl SearchIndex {
    /// An empty index.
    pub fn new() -> Result<Self> {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        let writer = index
            .writer_with_num_threads(threads, WRITER_BUDGET)
            .context("search index writer")?;
        // Reloaded by hand after each commit, so a change is visible when `apply` returns.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("search index reader")?;
        Ok(Self {
            inner: Arc::new(Inner {
                reader,
                writer: Mutex::new(writer),
                fields,
            }),
        })
    }

    pub fn searcher(&self) -> Searcher {
        self.inner.reader.searcher()
    }

    pub fn fields(&self) -> &Fields {
        &self.inner.fields
    }

    /// The writer. If a thread panicked while holding it, the half-applied batch it left is
    /// rolled back (logged; those items are indexed again at their next change or restart)
    /// and the index goes on, instead of every later update failing too.
    fn writer(&self) -> MutexGuard<'_, IndexWriter> {
        match self.inner.writer.lock() {
            Ok(writer) => writer,
            Err(poisoned) => {
                let mut writer = poisoned.into_inner();
                tracing::error!("search index writer poisoned by a panic: rolling back its batch");
                if let Err(e) = writer.rollback() {
                    tracing::error!(error = %e, "search index rollback failed");
                }
                self.inner.writer.clear_poison();
                writer
            }
        }
    }

    /// Replaces the whole index with `items` (blocking: call off the async workers).
    pub fn replace_all(&self, items: &[IndexedContent]) -> Result<()> {
        let mut writer = self.writer();
        writer.delete_all_documents()?;
        for item in items.iter().filter(|i| i.published) {
            writer.add_document(item.to_document(&self.inner.fields))?;
        }
        self.commit(&mut writer)
    }

    /// Applies `changes` in one commit (blocking: call off the async workers).
    pub fn apply(&self, changes: &[IndexUpdate]) -> Result<()> {
        let mut writer = self.writer();
        for change in changes {
            let key = match change {
                IndexUpdate::Upsert(item) => item.key(),
                IndexUpdate::Remove(key) => key.clone(),
            };
            writer.delete_term(Term::from_field_text(self.inner.fields.key, &key));
            if let IndexUpdate::Upsert(item) = change
                && item.published
            {
                writer.add_document(item.to_document(&self.inner.fields))?;
            }
        }
        self.commit(&mut writer)
    }

    fn commit(&self, writer: &mut IndexWriter) -> Result<()> {
        writer.commit().context("search index commit")?;
        self.inner.reader.reload().context("search index reload")?;
        Ok(())
    }

    /// Rebuilds the index from every published item in the database.
    pub async fn rebuild(&self, db: &Db) -> Result<()> {
        let mut res = db
            .query(format!(
                "SELECT {} FROM content WHERE published = true",
                IndexedContent::COLUMNS
            ))
            .await?;
        let items: Vec<IndexedContent> = rows(&mut res, 0)?;
        let index = self.clone();
        tokio::task::spawn_blocking(move || index.replace_all(&items)).await?
    }

    /// One item as the index would take it, read from the database now (a removal if
    /// it is gone).
    pub async fn read_item(db: &Db, kind: ContentKind, slug: &str) -> Result<IndexUpdate> {
        let mut res = db
            .query(format!(
                "SELECT {} FROM content:[$kind, $slug]",
                IndexedContent::COLUMNS
            ))
            .bind(("kind", kind.slug().to_owned()))
            .bind(("slug", slug.to_owned()))
            .await?;
        Ok(
            match rows::<IndexedContent>(&mut res, 0)?.into_iter().next() {
                Some(item) => IndexUpdate::Upsert(item),
                None => IndexUpdate::Remove(key(kind, slug)),
            },
        )
    }
}
