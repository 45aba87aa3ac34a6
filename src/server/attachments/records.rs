//! Attachment rows: an upload belongs to its uploader until a message uses it; using it
//! (in the transaction that writes the message) ties it to the occurrence, with the
//! message's visibility, and adds its timeline entry.

use anyhow::Result;
use serde::Deserialize;

use crate::domain::attachment::{AttachmentView, FileKind};
use crate::domain::attachment_quota::{AttachmentSpace, DEFAULT_QUOTA_BYTES};
use crate::server::db::{Change, Db, first};

/// Uploads not yet used by a message, per person: enough for a few messages in progress.
pub const MAX_PENDING_UPLOADS: i64 = 30;

/// Records an upload (the bytes are already stored under `id`), unless the person has
/// [`MAX_PENDING_UPLOADS`] unused already (`Rule::TooManyPendingUploads`). The count is
/// taken in the transaction, which also writes the person's upload mark: two uploads at
/// once write the same record, so one of them retries and counts the other. A contact's
/// upload also counts against the company's space (`Rule::AttachmentQuotaFull`).
pub async fn record_upload(
    db: &Db,
    id: &str,
    uploader_id: &str,
    name: &str,
    kind: FileKind,
    size: usize,
    sha256: &str,
) -> Result<()> {
    use crate::domain::rule::Rule;
    crate::server::db::retry_on_conflict(|| {
        Change::new()
            .statement(format!(
                "LET $up_pending = count(SELECT id FROM attachment
                     WHERE uploader = type::record('person', $up_person) AND occurrence = NONE
                       AND uploaded_at > time::now() - 1d);
                 IF $up_pending >= $up_max THEN {} END;
                 UPSERT type::record('upload_mark', $up_person) SET at = time::now();",
                crate::server::db::throw(&Rule::TooManyPendingUploads)
            ))
            .bind("up_max", MAX_PENDING_UPLOADS)
            // A contact's file counts against the company's space; the company row is
            // written, so two uploads at once conflict and the retry sees the other's bytes.
            .statement(format!(
                "LET $up_company = type::record('person', $up_person).company;
                 IF $up_company != NONE {{
                     IF ($up_company.attachment_bytes ?? 0) + $up_size
                         > ($up_company.attachment_quota_bytes ?? $up_quota) THEN {} END;
                     UPDATE $up_company SET attachment_bytes = (attachment_bytes ?? 0) + $up_size;
                 }};",
                crate::server::db::throw(&Rule::AttachmentQuotaFull)
            ))
            .bind("up_quota", DEFAULT_QUOTA_BYTES)
            .statement(
                "CREATE type::record('attachment', $up_id) SET uploader = type::record('person', $up_person),
                     company = $up_company, name = $up_name, kind = $up_kind, size = $up_size,
                     sha256 = $up_sha",
            )
            .bind("up_id", id.to_owned())
            .bind("up_person", uploader_id.to_owned())
            .bind("up_name", name.to_owned())
            .bind("up_kind", kind.slug().to_owned())
            .bind("up_size", size as i64)
            .bind("up_sha", sha256.to_owned())
            .commit(db)
    })
    .await
}

/// Who is attaching what to which occurrence, and whether the customer may see it.
pub struct Attaching<'a> {
    pub upload_ids: &'a [String],
    pub occurrence_id: &'a str,
    pub uploader_id: &'a str,
    pub author_name: &'a str,
    pub author_role: &'a str,
    pub public: bool,
}

/// Adds the attaching to `change`; the transaction fails (with `Rule::UnknownUpload`) if any
/// id is not an unused upload of this person. At most one per change.
pub fn attach(change: Change, a: &Attaching<'_>) -> Change {
    if a.upload_ids.is_empty() {
        return change;
    }
    change
        .statement(format!(
            "FOR $at_key IN $at_keys {{
                 LET $at = type::record('attachment', $at_key);
                 IF $at.uploader != type::record('person', $at_person) OR $at.occurrence != NONE
                     THEN {throw} END;
                 UPDATE $at SET occurrence = type::record('occurrence', $at_occ), public = $at_public;
                 CREATE occurrence_event SET occurrence = type::record('occurrence', $at_occ),
                     at = time::now() + 3ms, kind = 'attachment', public = $at_public,
                     author = type::record('person', $at_person), author_name = $at_author,
                     author_role = $at_role, text = $at.name, attachment = $at;
             }}",
            throw = crate::server::db::throw(&crate::domain::rule::Rule::UnknownUpload)
        ))
        .bind("at_keys", a.upload_ids.to_vec())
        .bind("at_person", a.uploader_id.to_owned())
        .bind("at_occ", a.occurrence_id.to_owned())
        .bind("at_public", a.public)
        .bind("at_author", a.author_name.to_owned())
        .bind("at_role", a.author_role.to_owned())
}

/// An attachment with what deciding access needs.
#[derive(Debug, Deserialize)]
pub struct Stored {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub size: u64,
    pub uploader_id: String,
    pub occurrence_company_id: Option<String>,
    pub public: bool,
}

pub async fn find(db: &Db, id: &str) -> Result<Option<Stored>> {
    let mut res = db
        .query(
            "SELECT record::id(id) AS id, name, kind, size, record::id(uploader) AS uploader_id,
                 IF occurrence THEN record::id(occurrence.company) END AS occurrence_company_id,
                 public
             FROM type::record('attachment', $id)",
        )
        .bind(("id", id.to_owned()))
        .await?;
    first(&mut res, 0)
}

impl Stored {
    pub fn view(&self) -> AttachmentView {
        AttachmentView {
            id: self.id.clone(),
            name: self.name.clone(),
            size: self.size,
        }
    }
}

/// The space of the company whose contact `person_id` is (`None` for UNO's staff, whose
/// files count against no company).
pub async fn space_of(db: &Db, person_id: &str) -> Result<Option<AttachmentSpace>> {
    let mut res = db
        .query(
            "SELECT company.attachment_bytes ?? 0 AS used_bytes,
                 company.attachment_quota_bytes AS quota_bytes
             FROM type::record('person', $id) WHERE company != NONE",
        )
        .bind(("id", person_id.to_owned()))
        .await?;
    first(&mut res, 0)
}
