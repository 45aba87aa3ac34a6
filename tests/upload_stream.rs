//! Uploads and downloads stream (issue 20 item 3): a 10 MB file goes to the store a part
//! at a time and comes back the same way, so neither holds the file in memory; a file
//! over the limit is cut off without leaving bytes behind. One test in its own binary, so
//! no other test's allocations blur the memory figure.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use axum::{
    body::{Body, Bytes},
    http::{Request, StatusCode, header},
};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use suporte::domain::accounts::Role;
use suporte::domain::attachment::{AttachmentView, MAX_FILE_BYTES};
use suporte::server::attachments::{config::StoreUrl, store::FileStore};
use tower::ServiceExt;

const CHUNK: usize = 64 * 1024;

/// Resident memory of this process, in bytes (Linux).
fn rss() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

/// A text file of `chunks` × 64 KB, made as it is sent (never whole in memory).
fn text_body(chunks: usize) -> Body {
    let line = b"2026-12-06 10:00:00 NF-e 539 rejeitada pelo SEFAZ; reenviando\n";
    Body::from_stream(futures::stream::iter(0..chunks).map(move |_| {
        let chunk: Vec<u8> = line.iter().copied().cycle().take(CHUNK).collect();
        Ok::<_, std::convert::Infallible>(Bytes::from(chunk))
    }))
}

fn upload(cookie: &str, name: &str, body: Body) -> Request<Body> {
    Request::post(format!("/anexos?nome={name}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::COOKIE, cookie)
        .body(body)
        .unwrap()
}

fn files_in(dir: &std::path::Path) -> usize {
    walk(dir).len()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() { walk(&p) } else { vec![p] }
        })
        .collect()
}

#[tokio::test]
async fn a_10_mb_file_streams_in_and_out_and_one_over_the_limit_leaves_nothing() {
    let dir = std::env::temp_dir().join(format!("suporte-stream-{}", std::process::id()));
    let files = FileStore::open(&StoreUrl::Local(dir.clone())).unwrap();
    let state = common::demo_state_with_accounts().await.with_files(files);
    let pm = common::session(&state, "gp@metalurgica.example", Some(Role::Customer)).await;
    let router = suporte::app::router(state.clone());
    // The live feed's first read (the start-up's writes, content bodies included) is done.
    state.live.fed().await;

    // Warm up (allocator arenas, the first request's lazies), then measure one 10 MB upload.
    let warm = router
        .clone()
        .oneshot(upload(&pm, "aquece.log", text_body(2)))
        .await
        .unwrap();
    assert_eq!(warm.status(), StatusCode::OK);
    let before = rss();
    let res = router
        .clone()
        .oneshot(upload(&pm, "erp.log", text_body(MAX_FILE_BYTES / CHUNK)))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = axum::body::to_bytes(res.into_body(), 4096).await.unwrap();
    let view: AttachmentView = serde_json::from_slice(&body).unwrap();
    let grew = rss().saturating_sub(before);
    println!("RSS cresceu {} KB com um envio de 10 MB", grew / 1024);
    assert_eq!(view.size as usize, MAX_FILE_BYTES);
    assert!(
        grew < 5 * 1024 * 1024,
        "the upload grew RSS by {grew} bytes"
    );

    // Back as it went in, read a part at a time.
    let before = rss();
    let res = router
        .clone()
        .oneshot(
            Request::get(format!("/anexos/{}", view.id))
                .header(header::COOKIE, &pm)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_LENGTH].to_str().unwrap(),
        MAX_FILE_BYTES.to_string()
    );
    let mut stream = res.into_body().into_data_stream();
    let (mut got, mut hash) = (0usize, Sha256::new());
    while let Some(part) = stream.next().await {
        let part = part.unwrap();
        got += part.len();
        hash.update(&part);
    }
    let grew = rss().saturating_sub(before);
    println!("RSS cresceu {} KB com o download", grew / 1024);
    assert_eq!(got, MAX_FILE_BYTES);
    assert!(
        grew < 5 * 1024 * 1024,
        "the download grew RSS by {grew} bytes"
    );
    let mut expected = Sha256::new();
    let mut all = text_body(MAX_FILE_BYTES / CHUNK).into_data_stream();
    while let Some(part) = all.next().await {
        expected.update(part.unwrap());
    }
    assert_eq!(
        hash.finalize(),
        expected.finalize(),
        "the bytes came back changed"
    );

    // One part over the limit: refused, and no bytes of it stay in the store.
    let stored = files_in(&dir);
    let res = router
        .clone()
        .oneshot(upload(
            &pm,
            "grande.log",
            text_body(MAX_FILE_BYTES / CHUNK + 1),
        ))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(files_in(&dir), stored, "a refused upload left bytes behind");
    let _ = std::fs::remove_dir_all(dir);
}
