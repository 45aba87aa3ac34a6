//! Attachments through the HTTP routes and the server functions against `mem://`: types
//! checked by content, size and count limits with messages naming the file, downloads
//! only for who may see the occurrence (as downloads, never rendered), internal files
//! kept from customers, and refusals that write nothing.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::http::{Reply, get, send};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::{AppError, occurrences as oc};
use suporte::domain::accounts::Role;
use suporte::domain::attachment::{AttachmentView, MAX_FILE_BYTES};
use suporte::domain::occurrences::{EntryKind, OccurrenceNumber};
use suporte::domain::rule::Rule;
use suporte::server::state::AppState;

const PM_A: &str = "gp@metalurgica.example";
const PM_OTHER: &str = "gp@alimentos.example";
const N1: &str = "ana.n1@uno.example";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake but well-typed";

fn upload_req(cookie: Option<&str>, name: &str, bytes: Vec<u8>) -> Request<Body> {
    let mut r = Request::post(format!("/anexos?nome={}", urlencode(name)))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, bytes.len());
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(bytes)).unwrap()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn upload(state: &AppState, cookie: &str, name: &str, bytes: &[u8]) -> AttachmentView {
    let Reply { status, body, .. } =
        send(state, upload_req(Some(cookie), name, bytes.to_vec())).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap()
}

async fn refused(
    state: &AppState,
    cookie: Option<&str>,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String) {
    let Reply { status, body, .. } = send(state, upload_req(cookie, name, bytes)).await;
    let message = serde_json::from_slice::<AppError>(&body)
        .map(|e| e.to_string())
        .unwrap_or_else(|_| String::from_utf8_lossy(&body).into_owned());
    (status, message)
}

async fn download(state: &AppState, cookie: Option<&str>, id: &str) -> Reply {
    let cookie: Vec<(&str, &str)> = cookie.map(|c| ("cookie", c)).into_iter().collect();
    get(state, &format!("/anexos/{id}"), &cookie).await
}

async fn open_with(
    state: &AppState,
    cookie: &str,
    ids: &[&str],
) -> Result<OccurrenceNumber, AppError> {
    call_as(state, Some(cookie), || {
        oc::open_occurrence(
            "fiscal".into(),
            "erro".into(),
            "alta".into(),
            "Rejeição 539".into(),
            "Segue a tela.".into(),
            "1. Emitir".into(),
            String::new(),
            Some(ids.join(",")),
        )
    })
    .await
}

async fn count(state: &AppState, table: &str) -> i64 {
    let mut res = state
        .db
        .query(format!("RETURN count(SELECT id FROM {table})"))
        .await
        .unwrap();
    res.take::<Option<i64>>(0).unwrap().unwrap_or(0)
}

#[tokio::test]
async fn files_are_accepted_by_content_and_refused_with_a_message_naming_them() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let ok = upload(&state, &pm, "tela do erro.png", PNG).await;
    assert_eq!(ok.name, "tela do erro.png");
    assert_eq!(ok.size, PNG.len() as u64);
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0".to_vec();
    let (status, m) = refused(&state, Some(&pm), "foto.png", exe.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        m.contains("\"foto.png\"") && m.contains("não é um arquivo png"),
        "{m}"
    );
    let (status, m) = refused(&state, Some(&pm), "setup.exe", exe).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(m.contains("\"setup.exe\": tipo não aceito"), "{m}");
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(MAX_FILE_BYTES + 1, b' ');
    let (status, m) = refused(&state, Some(&pm), "manual.pdf", big).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(m, "\"manual.pdf\" passa de 10 MB, o limite por arquivo.");
    let (status, _) = refused(&state, None, "a.png", PNG.to_vec()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Only the accepted file was kept.
    assert_eq!(count(&state, "attachment").await, 1);
}

#[tokio::test]
async fn an_occurrence_opened_with_files_shows_them_and_serves_them_only_to_who_may_see_it() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let other = session(&state, PM_OTHER, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let png = upload(&state, &pm, "relatório.png", PNG).await;
    let log = upload(&state, &pm, "erro.log", b"ERRO 539\n").await;
    // Before a message uses it, the upload is its uploader's alone.
    assert_eq!(
        download(&state, Some(&n1), &png.id).await.status,
        StatusCode::NOT_FOUND
    );
    let n = open_with(&state, &pm, &[&png.id, &log.id]).await.unwrap();
    let page = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    let files: Vec<&AttachmentView> = page
        .timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Attachment)
        .filter_map(|e| e.attachment.as_ref())
        .collect();
    assert_eq!(files, vec![&png, &log]);

    let Reply {
        status,
        headers,
        body,
    } = download(&state, Some(&pm), &png.id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, PNG);
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("relat%C3%B3rio.png"), "{disposition}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(
        download(&state, Some(&n1), &log.id).await.status,
        StatusCode::OK
    );
    // Another company's contact: as if it did not exist. Nobody signed in: sign in first.
    assert_eq!(
        download(&state, Some(&other), &png.id).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        download(&state, None, &png.id).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        download(&state, Some(&pm), "../../etc/passwd").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        download(&state, Some(&pm), "00000000000000000000")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn files_of_an_internal_note_never_reach_the_customer() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open_with(&state, &pm, &[]).await.unwrap();
    let dump = upload(&state, &n1, "dump-interno.txt", b"senha do banco: x\n").await;
    call_as(&state, Some(&n1), || {
        oc::act_on_occurrence(
            n.path_part(),
            "note".into(),
            String::new(),
            Some(dump.id.clone()),
            None,
        )
    })
    .await
    .unwrap();
    let customer = call_as(&state, Some(&pm), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert!(customer.timeline.iter().all(|e| e.attachment.is_none()));
    assert_eq!(
        download(&state, Some(&pm), &dump.id).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        download(&state, Some(&n1), &dump.id).await.status,
        StatusCode::OK
    );
    let analyst = call_as(&state, Some(&n1), || oc::get_occurrence(n.path_part()))
        .await
        .unwrap();
    assert!(
        analyst
            .timeline
            .iter()
            .any(|e| e.attachment.as_ref() == Some(&dump) && !e.public)
    );
    // No mail for what the customer cannot read.
    assert_eq!(
        count(&state, "outbox").await,
        0,
        "PM_A's company has one contact: the opener"
    );
}

#[tokio::test]
async fn foreign_reused_or_too_many_uploads_are_refused_and_nothing_is_written() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let theirs = upload(&state, &n1, "deles.png", PNG).await;
    let before = (
        count(&state, "occurrence").await,
        count(&state, "occurrence_event").await,
    );
    let e = open_with(&state, &pm, &[&theirs.id]).await.unwrap_err();
    assert_eq!(e, AppError::Rule(Rule::UnknownUpload));
    assert!(e.to_string().contains("não foi encontrado"), "{e}");
    let mine = upload(&state, &pm, "minha.png", PNG).await;
    open_with(&state, &pm, &[&mine.id]).await.unwrap();
    let after_one = (
        count(&state, "occurrence").await,
        count(&state, "occurrence_event").await,
    );
    assert_eq!(after_one.0, before.0 + 1);
    // Used once: a second message cannot take it again.
    let e = open_with(&state, &pm, &[&mine.id]).await.unwrap_err();
    assert_eq!(e, AppError::Rule(Rule::UnknownUpload));
    let mut six = Vec::new();
    for i in 0..6 {
        six.push(upload(&state, &pm, &format!("t{i}.png"), PNG).await.id);
    }
    let refs: Vec<&str> = six.iter().map(String::as_str).collect();
    let e = open_with(&state, &pm, &refs).await.unwrap_err();
    assert_eq!(e, AppError::invalid("No máximo 5 arquivos por mensagem."));
    assert_eq!(
        (
            count(&state, "occurrence").await,
            count(&state, "occurrence_event").await
        ),
        after_one,
        "no refusal wrote anything"
    );
}

#[tokio::test]
async fn uploads_no_message_used_are_swept_after_a_day_and_used_ones_stay() {
    use suporte::server::attachments::sweep;
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let used = upload(&state, &pm, "usada.png", PNG).await;
    let unused = upload(&state, &pm, "esquecida.png", PNG).await;
    open_with(&state, &pm, &[&used.id]).await.unwrap();
    // Fresh uploads are kept (a form may still be in progress).
    assert_eq!(
        sweep::run_once(&state.db, &state.files, 24).await.unwrap(),
        0
    );
    state
        .db
        .query("UPDATE attachment SET uploaded_at = time::now() - 2d")
        .await
        .unwrap();
    assert_eq!(
        sweep::run_once(&state.db, &state.files, 24).await.unwrap(),
        1
    );
    assert_eq!(
        download(&state, Some(&pm), &unused.id).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(state.files.get(&unused.id).await.is_err());
    assert_eq!(
        download(&state, Some(&pm), &used.id).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn forty_uploads_at_once_leave_exactly_the_thirty_pending_allowed() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let sends = (0..40).map(|i| {
        let (state, pm) = (state.clone(), pm.clone());
        tokio::spawn(async move {
            send(
                &state,
                upload_req(Some(&pm), &format!("p{i}.png"), PNG.to_vec()),
            )
            .await
        })
    });
    let mut ok = 0;
    for reply in futures::future::join_all(sends).await {
        let reply = reply.unwrap();
        match reply.status {
            StatusCode::OK => ok += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                let e: AppError = serde_json::from_slice(&reply.body).unwrap();
                assert_eq!(e, AppError::Rule(Rule::TooManyPendingUploads));
            }
            other => panic!("unexpected {other}: {}", reply.text()),
        }
    }
    assert_eq!(ok, 30);
    assert_eq!(count(&state, "attachment").await, 30);
    // A message uses some of them, and there is room again.
    let used: Vec<String> = {
        let mut res = state
            .db
            .query("SELECT VALUE record::id(id) FROM attachment LIMIT 5")
            .await
            .unwrap();
        res.take(0).unwrap()
    };
    let refs: Vec<&str> = used.iter().map(String::as_str).collect();
    open_with(&state, &pm, &refs).await.unwrap();
    upload(&state, &pm, "mais.png", PNG).await;
}

async fn space(state: &AppState, company: &str) -> (i64, Option<i64>) {
    let mut res = state
        .db
        .query(
            "SELECT attachment_bytes ?? 0 AS used, attachment_quota_bytes AS quota
             FROM type::record('company', $c)",
        )
        .bind(("c", company.to_owned()))
        .await
        .unwrap();
    let v: Vec<serde_json::Value> = res.take(0).unwrap();
    (v[0]["used"].as_i64().unwrap(), v[0]["quota"].as_i64())
}

async fn company_of(state: &AppState, email: &str) -> String {
    let mut res = state
        .db
        .query("SELECT VALUE record::id(company) FROM person WHERE email = $e")
        .bind(("e", email.to_owned()))
        .await
        .unwrap();
    let v: Vec<String> = res.take(0).unwrap();
    v.into_iter().next().unwrap()
}

#[tokio::test]
async fn a_full_company_space_refuses_the_next_file_with_413_and_the_sweep_gives_the_room_back() {
    use suporte::api::accounts::companies::set_attachment_quota;
    use suporte::server::attachments::sweep;
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    let company = company_of(&state, PM_A).await;
    let (used, quota) = space(&state, &company).await;
    assert_eq!(
        (used, quota),
        (0, None),
        "a new company starts empty, on the default"
    );

    // Only the coordination sets the space, in GB, with a clear message for nonsense.
    let set = |cookie: String, gb: &'static str| {
        let (state, company) = (state.clone(), company.clone());
        async move {
            call_as(&state, Some(&cookie), || {
                set_attachment_quota(company.clone(), gb.into())
            })
            .await
        }
    };
    assert_eq!(set(n1.clone(), "5").await, Err(AppError::Forbidden));
    let Err(AppError::Invalid(message)) = set(coord.clone(), "muito").await else {
        panic!("a quota of words was accepted")
    };
    assert!(message.contains("GB"), "{message}");
    set(coord.clone(), "0,5").await.unwrap();
    assert_eq!(space(&state, &company).await.1, Some(500_000_000));

    // Room for two files of this size and not three (set below the GB form's range here).
    let file = [PNG, &vec![b'x'; 4_000]].concat();
    state
        .db
        .query("UPDATE type::record('company', $c) SET attachment_quota_bytes = $q")
        .bind(("c", company.clone()))
        .bind(("q", (file.len() * 2 + 100) as i64))
        .await
        .unwrap()
        .check()
        .unwrap();
    let kept = upload(&state, &pm, "a.png", &file).await;
    upload(&state, &pm, "b.png", &file).await;
    assert_eq!(space(&state, &company).await.0, (file.len() * 2) as i64);
    let before = count(&state, "attachment").await;
    let (status, message) = refused(&state, Some(&pm), "c.png", file.clone()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{message}");
    assert_eq!(message, Rule::AttachmentQuotaFull.to_string());
    assert_eq!(
        count(&state, "attachment").await,
        before,
        "nothing was written"
    );
    // UNO's staff count against no company.
    upload(&state, &n1, "analista.png", &file).await;
    assert_eq!(space(&state, &company).await.0, (file.len() * 2) as i64);

    // One file used in an occurrence stays counted; the forgotten one is swept and its room
    // comes back, so the next upload goes through.
    open_with(&state, &pm, &[&kept.id]).await.unwrap();
    state
        .db
        .query("UPDATE attachment SET uploaded_at = time::now() - 2d")
        .await
        .unwrap();
    assert_eq!(
        sweep::run_once(&state.db, &state.files, 24).await.unwrap(),
        2,
        "the customer's forgotten file and the analyst's"
    );
    assert_eq!(space(&state, &company).await.0, file.len() as i64);
    upload(&state, &pm, "c.png", &file).await;
}

#[tokio::test]
async fn the_quota_migration_counts_the_files_already_stored_against_their_companies() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM_A, Some(Role::Customer)).await;
    let other = session(&state, PM_OTHER, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    upload(&state, &pm, "a.png", PNG).await;
    upload(&state, &pm, "b.png", PNG).await;
    upload(&state, &other, "c.png", PNG).await;
    upload(&state, &n1, "d.png", PNG).await;
    // As before the migration: no company on the files, no totals.
    state
        .db
        .query("UPDATE attachment SET company = NONE; UPDATE company SET attachment_bytes = 0;")
        .await
        .unwrap()
        .check()
        .unwrap();
    let migration =
        std::fs::read_to_string("src/server/migrations/0022_attachment_quota.surql").unwrap();
    state.db.query(migration).await.unwrap().check().unwrap();
    let size = PNG.len() as i64;
    let a = company_of(&state, PM_A).await;
    let b = company_of(&state, PM_OTHER).await;
    assert_eq!(space(&state, &a).await.0, 2 * size);
    assert_eq!(space(&state, &b).await.0, size);
    assert_eq!(
        count(&state, "attachment WHERE company != NONE").await,
        3,
        "the analyst's file counts against no company"
    );
}
