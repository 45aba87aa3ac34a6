//! `POST /anexos?nome=…` (the body is the file) and `GET /anexos/{id}`. Uploads are checked
//! by content; downloads go only to who may see the occurrence (or, before a message uses
//! it, to the uploader), always as a download, never rendered by the browser.

use axum::{
    Extension,
    body::Body,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::records;
use crate::domain::error::AppError;
use crate::domain::{
    accounts::Role,
    attachment::{self, FileRefusal, MAX_FILE_BYTES},
};
use crate::server::{
    accounts::{admission::admit, sessions::Caller},
    http::{errors::app_error, session::Resolved},
    state::AppState,
};

/// What the content check reads before anything is stored.
const HEAD_BYTES: usize = 64 * 1024;

/// The caller, if they may send or read occurrence files at all: whoever may read an
/// occurrence page.
fn reader(caller: Option<Caller>) -> Result<Caller, AppError> {
    admit(
        caller.ok_or(AppError::Unauthenticated)?,
        crate::domain::occurrences::READERS,
    )
}

#[derive(Deserialize)]
pub struct UploadQuery {
    nome: Option<String>,
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match receive(&state, caller, query, &headers, body).await {
        Ok(view) => axum::Json(view).into_response(),
        Err(e) => app_error(e),
    }
}

async fn receive(
    state: &AppState,
    caller: Option<Caller>,
    query: UploadQuery,
    headers: &HeaderMap,
    body: Body,
) -> Result<attachment::AttachmentView, AppError> {
    let caller = reader(caller)?;
    let name = attachment::clean_name(query.nome.as_deref().unwrap_or_default());
    let too_large = || AppError::invalid(FileRefusal::TooLarge { name: name.clone() });
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_FILE_BYTES) {
        return Err(too_large());
    }
    // Cheap early refusal; the transaction that records the upload decides for good.
    if pending_uploads(state, &caller.person_id).await? >= records::MAX_PENDING_UPLOADS {
        return Err(crate::domain::rule::Rule::TooManyPendingUploads.into());
    }
    if let Some(space) = records::space_of(&state.db, &caller.person_id).await?
        && space.used_bytes + declared.unwrap_or(1) as i64 > space.limit()
    {
        return Err(crate::domain::rule::Rule::AttachmentQuotaFull.into());
    }
    let mut body = body.into_data_stream();
    // The content is checked on its first 64 KB (what `attachment::check` reads) before
    // anything is stored; the rest goes to the store as it arrives, never whole in memory.
    let mut head = Vec::with_capacity(HEAD_BYTES);
    while head.len() < HEAD_BYTES {
        match body.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(broken()),
            None => break,
        }
        if head.len() > MAX_FILE_BYTES {
            return Err(too_large());
        }
    }
    let rest = (head.len() >= HEAD_BYTES).then_some(body);
    let kind = attachment::check(&name, head.len(), &head).map_err(AppError::invalid)?;
    let id = crate::server::accounts::people::new_id()?;
    let mut writer = state.files.writer(&id).await?;
    let mut hasher = Sha256::new();
    let mut size = head.len();
    // Hashing a part is a fraction of a millisecond: fine on the async worker.
    hasher.update(&head);
    writer.write(&head);
    drop(head);
    if let Some(mut rest) = rest {
        loop {
            let chunk = match rest.next().await {
                Some(Ok(chunk)) => chunk,
                Some(Err(_)) => {
                    let _ = writer.abort().await;
                    return Err(broken());
                }
                None => break,
            };
            size += chunk.len();
            if size > MAX_FILE_BYTES {
                let _ = writer.abort().await;
                return Err(too_large());
            }
            hasher.update(&chunk);
            writer.write(&chunk);
            // At most one part on its way to the store while the next one fills.
            writer
                .wait_for_capacity(1)
                .await
                .map_err(anyhow::Error::from)?;
        }
    }
    writer.finish().await.map_err(anyhow::Error::from)?;
    let sha256 = hex::encode(hasher.finalize());
    let recorded = records::record_upload(
        &state.db,
        &id,
        &caller.person_id,
        &name,
        kind,
        size,
        &sha256,
    )
    .await;
    if let Err(e) = recorded {
        // Refused (too many pending) or failed: the stored bytes must not stay behind.
        let _ = state.files.delete(&id).await;
        return Err(e.into());
    }
    Ok(attachment::AttachmentView {
        id,
        name,
        size: size as u64,
    })
}

/// The body broke off before its end.
fn broken() -> AppError {
    AppError::invalid("O envio do arquivo foi interrompido. Tente de novo.")
}

async fn pending_uploads(state: &AppState, person_id: &str) -> Result<i64, AppError> {
    let mut res = state
        .db
        .query(
            "RETURN count(SELECT id FROM attachment
                 WHERE uploader = type::record('person', $p) AND occurrence = NONE
                   AND uploaded_at > time::now() - 1d)",
        )
        .bind(("p", person_id.to_owned()))
        .await
        .map_err(anyhow::Error::from)?;
    Ok(res
        .take::<Option<i64>>(0)
        .map_err(anyhow::Error::from)?
        .unwrap_or(0))
}

pub async fn download(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
    Path(id): Path<String>,
) -> Response {
    match serve(&state, caller, &id).await {
        Ok(r) => r,
        Err(e) => app_error(e),
    }
}

async fn serve(state: &AppState, caller: Option<Caller>, id: &str) -> Result<Response, AppError> {
    let caller = reader(caller)?;
    let not_found = || AppError::not_found("Anexo não encontrado.");
    if !attachment::is_id(id) {
        return Err(not_found());
    }
    let stored = records::find(&state.db, id).await?.ok_or_else(not_found)?;
    let visible = match (&stored.occurrence_company_id, caller.active_role) {
        // Not yet in a message: only its uploader.
        (None, _) => stored.uploader_id == caller.person_id,
        (Some(company), Some(Role::Customer)) => {
            stored.public && caller.company_id.as_deref() == Some(company.as_str())
        }
        (Some(_), _) => true,
    };
    if !visible {
        return Err(not_found());
    }
    let kind = attachment::FileKind::from_slug(&stored.kind).ok_or_else(not_found)?;
    let bytes = state.files.stream(id).await?;
    let mut response = Body::from_stream(bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(stored.size));
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    if let Ok(v) = HeaderValue::from_str(&disposition(&stored.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(response)
}

/// `attachment` with an ASCII fallback name and the real one (RFC 6266 / 5987).
pub fn disposition(name: &str) -> String {
    let ascii: String = deunicode::deunicode(name)
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn disposition_always_downloads_and_keeps_accents_for_capable_browsers() {
        assert_eq!(
            super::disposition("relatório \"final\".pdf"),
            "attachment; filename=\"relatorio _final_.pdf\"; filename*=UTF-8''relat%C3%B3rio%20%22final%22.pdf"
        );
    }
}
