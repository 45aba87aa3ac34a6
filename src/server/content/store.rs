//! Content storage in SurrealDB: import of drafts, and the reads the portal needs.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::{demo, draft::ContentDraft};
use crate::domain::content::{Article, ContentKind, ContentLink, ErpModule};
use crate::server::{
    db::Change, db::Db, db::first, db::rows, markdown, search, search::SearchIndex,
};

/// The stored form of a draft; options are skipped when empty so the database sees NONE.
#[derive(Serialize)]
struct ContentRecord<'a> {
    kind: ContentKind,
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    module: Option<ErpModule>,
    body_md: &'a str,
    body_html: String,
    body_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_minutes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    course_url: Option<&'a str>,
    popular: bool,
    published: bool,
    position: i64,
    origin: &'static str,
    source_hash: String,
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// New or changed items, written.
    pub written: usize,
    /// Items already stored exactly so.
    pub unchanged: usize,
    /// Items edited in the app since their import, left as edited.
    pub kept_edited: usize,
}

fn source_hash(d: &ContentDraft) -> String {
    // SHA-256 of the item's fields: the same on every machine and build, unlike
    // `DefaultHasher` (unspecified algorithm), so unchanged items are never rewritten.
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{d:?}").as_bytes()))
}

/// Where an item was last written from. Items written in the editor are never
/// overwritten by the repository import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Repo,
    Editor,
}

/// Writes (creates or replaces) one item imported from the repository.
pub async fn upsert_repo_item(db: &Db, d: &ContentDraft) -> Result<()> {
    upsert(db, d, Origin::Repo, true).await
}

/// Writes (creates or replaces) one item.
pub async fn upsert(db: &Db, d: &ContentDraft, origin: Origin, published: bool) -> Result<()> {
    upsert_statement(Change::new(), d, origin, published)?
        .commit(db)
        .await
}

/// Adds the write of one item to `change` (binds `$content_*`).
pub fn upsert_statement(
    change: Change,
    d: &ContentDraft,
    origin: Origin,
    published: bool,
) -> Result<Change> {
    let text = markdown::to_plain_text(&d.body_md);
    let record = ContentRecord {
        kind: d.kind,
        slug: d.slug.as_str(),
        title: &d.title,
        summary: &d.summary,
        module: d.module,
        body_md: &d.body_md,
        body_html: markdown::to_safe_html(&d.body_md),
        body_text: text,
        duration_minutes: d.duration_minutes,
        course_url: d.course_url.as_deref(),
        popular: d.popular,
        published,
        position: d.position,
        origin: match origin {
            Origin::Repo => "repo",
            Origin::Editor => "editor",
        },
        source_hash: source_hash(d),
    };
    Ok(change
        .statement("UPSERT content:[$content_kind, $content_slug] CONTENT $content_record")
        .bind("content_kind", d.kind.slug().to_owned())
        .bind("content_slug", d.slug.as_str().to_owned())
        .bind("content_record", serde_json::to_value(&record)?))
}

#[derive(Deserialize)]
struct Stamp {
    kind: ContentKind,
    slug: String,
    origin: String,
    source_hash: Option<String>,
}

/// Imports the demo corpus (see [`sync`]).
pub async fn sync_demo(db: &Db) -> Result<SyncReport> {
    let drafts = demo::corpus().map_err(|errs| anyhow::anyhow!(errs.join("; ")))?;
    sync(db, &drafts, |_, _| {}).await
}

/// Imports `drafts`: new and changed items are written; unchanged ones are skipped and items
/// since edited in the app (`origin = "editor"`) are never overwritten, so running it again
/// changes nothing. `progress(done, &report)` follows each item.
pub async fn sync(
    db: &Db,
    drafts: &[ContentDraft],
    mut progress: impl FnMut(usize, &SyncReport),
) -> Result<SyncReport> {
    let mut res = db
        .query("SELECT kind, slug, origin, source_hash FROM content")
        .await?;
    let stamps: std::collections::HashMap<(ContentKind, String), Stamp> =
        rows::<Stamp>(&mut res, 0)?
            .into_iter()
            .map(|s| ((s.kind, s.slug.clone()), s))
            .collect();
    let mut report = SyncReport::default();
    for (done, d) in drafts.iter().enumerate() {
        match stamps.get(&(d.kind, d.slug.as_str().to_owned())) {
            Some(s) if s.origin == "editor" => report.kept_edited += 1,
            Some(s) if s.source_hash.as_deref() == Some(source_hash(d).as_str()) => {
                report.unchanged += 1
            }
            _ => {
                upsert_repo_item(db, d).await?;
                report.written += 1;
            }
        }
        progress(done + 1, &report);
    }
    Ok(report)
}

const LINK_FIELDS: &str = "kind, slug, title, summary, module";

#[derive(Deserialize)]
struct ArticleRow {
    kind: ContentKind,
    slug: String,
    title: String,
    summary: String,
    module: Option<ErpModule>,
    body_html: String,
    duration_minutes: Option<u32>,
    course_url: Option<String>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

/// A published article with its related items, or `None`.
pub async fn article(
    db: &Db,
    index: &SearchIndex,
    kind: ContentKind,
    slug: &str,
) -> Result<Option<Article>> {
    let mut res = db
        .query(
            "SELECT kind, slug, title, summary, module, body_html, duration_minutes, course_url,
                    updated_at
             FROM content WHERE kind = $kind AND slug = $slug AND published = true LIMIT 1",
        )
        .bind(("kind", kind.slug().to_owned()))
        .bind(("slug", slug.to_owned()))
        .await?;
    let Some(row) = first::<ArticleRow>(&mut res, 0)? else {
        return Ok(None);
    };
    let related = related(db, index, &row).await?;
    Ok(Some(Article {
        kind: row.kind,
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        module: row.module,
        body_html: row.body_html,
        duration_minutes: row.duration_minutes,
        course_url: row.course_url,
        updated_at: row.updated_at,
        related,
    }))
}

/// Up to four items about the same subject: search matches on the title first (from the
/// in-RAM index), then items of the same module or kind to fill the box.
async fn related(db: &Db, index: &SearchIndex, row: &ArticleRow) -> Result<Vec<ContentLink>> {
    let mut links = search::related(index, &row.title, row.kind, &row.slug, 4)?;
    let mut res = db
        .query(format!(
            "SELECT {LINK_FIELDS}, position FROM content
               WHERE published = true AND !(kind = $kind AND slug = $slug)
                 AND (IF $module THEN module = $module ELSE kind = $kind END)
               ORDER BY position, title LIMIT 4;"
        ))
        .bind(("kind", row.kind.slug().to_owned()))
        .bind(("slug", row.slug.clone()))
        .bind(("module", row.module.map(|m| m.slug().to_owned())))
        .await?;
    for link in rows::<ContentLink>(&mut res, 0)? {
        if links.len() < 4
            && !links
                .iter()
                .any(|l| l.kind == link.kind && l.slug == link.slug)
        {
            links.push(link);
        }
    }
    Ok(links)
}

/// Published items of one kind, in their editorial order.
pub async fn section(db: &Db, kind: ContentKind) -> Result<Vec<ContentLink>> {
    let mut res = db
        .query(format!(
            "SELECT {LINK_FIELDS}, position FROM content WHERE kind = $kind AND published = true
             ORDER BY position, title"
        ))
        .bind(("kind", kind.slug().to_owned()))
        .await?;
    rows(&mut res, 0)
}

/// FAQs flagged as popular, for the portal home.
pub async fn popular_faqs(db: &Db) -> Result<Vec<ContentLink>> {
    let mut res = db
        .query(format!(
            "SELECT {LINK_FIELDS}, position FROM content
             WHERE popular = true AND kind = 'faq' AND published = true ORDER BY position, title"
        ))
        .await?;
    rows(&mut res, 0)
}

/// Publishes or unpublishes an item; returns false when there is no such item.
/// Adds (un)publishing an existing item to `change`; it then counts as edited in the app.
pub fn set_published(change: Change, kind: ContentKind, slug: &str, published: bool) -> Change {
    change
        .statement(
            "UPDATE content SET published = $pub_published, origin = 'editor'
             WHERE kind = $pub_kind AND slug = $pub_slug",
        )
        .bind("pub_published", published)
        .bind("pub_kind", kind.slug().to_owned())
        .bind("pub_slug", slug.to_owned())
}

#[derive(Deserialize)]
struct SourceRow {
    kind: ContentKind,
    slug: String,
    title: String,
    summary: String,
    module: Option<ErpModule>,
    body_md: String,
    popular: bool,
    position: i64,
    duration_minutes: Option<u32>,
    course_url: Option<String>,
    published: bool,
}

/// The editable source of an item (published or not) and whether it is published.
pub async fn source(
    db: &Db,
    kind: ContentKind,
    slug: &str,
) -> Result<Option<(ContentDraft, bool)>> {
    let mut res = db
        .query(
            "SELECT kind, slug, title, summary, module, body_md, popular, position, duration_minutes,
                    course_url, published
             FROM content WHERE kind = $kind AND slug = $slug",
        )
        .bind(("kind", kind.slug().to_owned()))
        .bind(("slug", slug.to_owned()))
        .await?;
    Ok(first::<SourceRow>(&mut res, 0)?.and_then(|r| {
        let draft = ContentDraft {
            kind: r.kind,
            slug: crate::domain::content::Slug::parse(&r.slug).ok()?,
            title: r.title,
            summary: r.summary,
            module: r.module,
            body_md: r.body_md,
            popular: r.popular,
            position: r.position,
            duration_minutes: r.duration_minutes,
            course_url: r.course_url,
        };
        Some((draft, r.published))
    }))
}

/// Every item, published or not, for the editor's list.
pub async fn all_for_editor(db: &Db) -> Result<Vec<crate::domain::editor::ContentRow>> {
    let mut res = db
        .query(
            "SELECT kind, slug, title, module, published, origin, updated_at,
                    (type::record('deflection', [kind, slug]).solved ?? 0) AS solved
             FROM content ORDER BY kind, position, title",
        )
        .await?;
    rows(&mut res, 0)
}
