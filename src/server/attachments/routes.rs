//! `POST /anexos?nome=…` (the body is the file) and `GET /anexos/{id}`. Uploads are checked
//! by content; downloads go only to who may see the occurrence (or, before a message uses
//! it, to the uploader), always as a download, never rendered by the browser.

use axum::{
    Extension,
    body::{Body, to_bytes},
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

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

/// Uploads not yet used by a message, per person: enough for a few messages in progress.
const MAX_PENDING_UPLOADS: i64 = 30;

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
    let pending = pending_uploads(state, &caller.person_id).await?;
    if pending >= MAX_PENDING_UPLOADS {
        return Err(AppError::invalid(
            "Há arquivos demais enviados e ainda não usados em uma mensagem. Envie a mensagem ou recarregue a página.",
        ));
    }
    let bytes = to_bytes(body, MAX_FILE_BYTES)
        .await
        .map_err(|_| too_large())?;
    let kind = attachment::check(&name, bytes.len(), &bytes).map_err(AppError::invalid)?;
    let id = crate::server::accounts::people::new_id()?;
    let hashed = bytes.clone();
    let sha256 = tokio::task::spawn_blocking(move || {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&hashed))
    })
    .await
    .map_err(|e| anyhow::anyhow!("hash do anexo: {e}"))?;
    let size = bytes.len();
    state.files.put(&id, bytes).await?;
    records::record_upload(
        &state.db,
        &id,
        &caller.person_id,
        &name,
        kind,
        size,
        &sha256,
    )
    .await?;
    Ok(attachment::AttachmentView {
        id,
        name,
        size: size as u64,
    })
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
    let bytes = state.files.get(id).await?;
    let kind = attachment::FileKind::from_slug(&stored.kind).ok_or_else(not_found)?;
    let mut response = Body::from(bytes).into_response();
    let h = response.headers_mut();
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
