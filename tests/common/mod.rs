//! Helpers shared by the integration tests: a fresh in-memory database per test, and a
//! way to call server functions the way a request would (with the app state in context).
#![allow(dead_code)]

pub mod apps;
pub mod http;
pub mod occurrences;
pub mod smtp_sink;
pub mod volume;
pub mod wait;

use leptos::prelude::{Owner, provide_context};
use leptos::reactive::computed::ScopedFuture;
use std::future::Future;
use suporte::domain::accounts::Role;
use suporte::domain::content::{ContentKind, Slug};
use suporte::server::{
    config::{DatabaseConfig, DatabaseCredentials, DatabaseUrl, SecurityConfig, SupportConfig},
    content::draft::ContentDraft,
    content::store,
    db,
    state::AppState,
};

/// Names the SurrealDB server of `./test.sh`'s second pass (`ws://127.0.0.1:PORT`).
pub const SERVER_URL_VAR: &str = "SUPORTE_TEST_SURREAL_URL";
/// That server's root password (root only creates each test's database and user).
pub const SERVER_ROOT_PASS_VAR: &str = "SUPORTE_TEST_SURREAL_ROOT_PASS";

static CREATING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A fresh database with the schema applied: `mem://`, or — in the second pass, when
/// [`SERVER_URL_VAR`] is set — a database of its own on that SurrealDB server, reached
/// over ws:// as the app's database-level user (role EDITOR), as in production.
pub async fn fresh_db() -> db::Db {
    let Ok(url) = std::env::var(SERVER_URL_VAR) else {
        return db::memory().await.expect("in-memory database");
    };
    let root = DatabaseCredentials {
        user: "root".into(),
        pass: std::env::var(SERVER_ROOT_PASS_VAR).expect("root password of the test server"),
    };
    let app = DatabaseCredentials {
        user: "suporte".into(),
        pass: "senha-do-app-nos-testes".into(),
    };
    let cfg = DatabaseConfig {
        url: DatabaseUrl::parse(&url).expect("server URL"),
        namespace: "testes".into(),
        database: format!("t{}", hex_id()),
        credentials: Some(app.clone()),
    };
    {
        // Tests of one binary run at once, and two new databases conflict in the
        // namespace's catalog (SurrealDB numbers them): one at a time.
        let _one = CREATING.lock().await;
        db::create_app_user(&cfg, Some(&root), &app.user, &app.pass)
            .await
            .expect("database and user on the test server");
    }
    db::connect(&cfg)
        .await
        .expect("the app's connection to the test server")
}

/// 16 random hex digits: a database name no other test uses.
fn hex_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    format!("{:016x}", h.finish())
}

/// App state over a fresh `mem://` database holding only `items`.
pub async fn state_with(items: &[ContentDraft]) -> AppState {
    state_with_security(items, Default::default()).await
}

/// [`state_with`], with edge settings of the test's own.
pub async fn state_with_security(items: &[ContentDraft], security: SecurityConfig) -> AppState {
    let db = fresh_db().await;
    for item in items {
        store::upsert_repo_item(&db, item).await.expect("upsert");
    }
    let options = leptos::config::LeptosOptions::builder()
        .output_name("suporte")
        .build();
    let support = SupportConfig {
        phone: "(15) 3000-0000".into(),
        demo_content: false,
        demo: false,
        // Tests open hundreds of occurrences as one person; `tests/volume.rs` sets limits.
        volume: suporte::domain::occurrences::volume::VolumeLimits::UNLIMITED,
    };
    AppState::new(options, db, support, security)
        .await
        .expect("state")
}

/// App state over a fresh `mem://` database holding the demo corpus.
pub async fn demo_state() -> AppState {
    let state = state_with(&[]).await;
    store::sync_demo(&state.db).await.expect("demo import");
    state.reindex().await.expect("search index");
    state
}

/// Runs a server function as an anonymous request would: with the state in context.
pub async fn call<T>(state: &AppState, f: impl FnOnce() -> T) -> T::Output
where
    T: Future,
{
    call_as(state, None, f).await
}

/// Runs a server function as a request carrying `cookie` (a `Cookie` header value).
pub async fn call_as<T>(state: &AppState, cookie: Option<&str>, f: impl FnOnce() -> T) -> T::Output
where
    T: Future,
{
    call_full(state, cookie, f).await.0
}

/// Like [`call_as`], also returning the response headers the function set.
pub async fn call_full<T>(
    state: &AppState,
    cookie: Option<&str>,
    f: impl FnOnce() -> T,
) -> (T::Output, axum::http::HeaderMap)
where
    T: Future,
{
    let owner = Owner::new();
    let response = leptos_axum::ResponseOptions::default();
    let fut = owner.with(|| {
        provide_context(state.clone());
        let mut request = axum::http::Request::post("/api/x");
        if let Some(c) = cookie {
            request = request.header("cookie", c);
        }
        let (mut parts, _) = request.body(()).expect("request").into_parts();
        parts
            .extensions
            .insert(suporte::server::http::client::ClientInfo(
                suporte::server::accounts::sessions::Client {
                    ip: Some(TEST_IP.into()),
                    user_agent: Some(TEST_AGENT.into()),
                },
            ));
        provide_context(parts);
        provide_context(response.clone());
        ScopedFuture::new(f())
    });
    let out = fut.await;
    let headers = response.0.read().expect("lock").headers.clone();
    (out, headers)
}

/// The client address and browser every direct call appears to come from.
pub const TEST_IP: &str = "192.0.2.10";
pub const TEST_AGENT: &str = "testes/1.0";

/// Every row of the tables people change, for "nothing changed" assertions.
pub async fn snapshot(state: &AppState) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for table in [
        "person",
        "company",
        "session",
        "audit",
        "content",
        "throttle",
        "occurrence",
        "occurrence_event",
        "outbox",
        "attachment",
        "deflection",
        "sla_alert",
    ] {
        // A session's last use is touched by any request made with it (once a minute):
        // that is the session being used, not data a request changed.
        let fields = if table == "session" {
            "* OMIT last_seen_at"
        } else {
            "*"
        };
        let mut res = state
            .db
            .query(format!("SELECT {fields} FROM {table} ORDER BY id"))
            .await
            .expect("snapshot query");
        let rows: Vec<serde_json::Value> = res.take(0).expect("snapshot rows");
        out.push(serde_json::json!({ table: rows }));
    }
    out
}

/// A session cookie for an existing account, acting as `role`.
pub async fn session(state: &AppState, email: &str, role: Option<Role>) -> String {
    let id = suporte::server::accounts::people::find_id(&state.db, email)
        .await
        .unwrap()
        .expect("account exists");
    let token = suporte::server::accounts::sessions::create(&state.db, &id, role)
        .await
        .unwrap();
    format!(
        "{}={}",
        suporte::server::accounts::cookie::NAME,
        token.expose()
    )
}

/// A second N1 analyst, "Olga Outra" (`outra.n1@uno.example`, available), and a session
/// of hers acting as N1.
pub async fn second_n1(state: &AppState) -> String {
    suporte::server::bootstrap::create_coordinator(
        &state.db,
        "outra.n1@uno.example",
        "Olga Outra",
        "senha bem longa",
    )
    .await
    .unwrap();
    state
        .db
        .query(
            "UPDATE person SET roles = ['analyst_n1'], available = true
             WHERE email = 'outra.n1@uno.example'",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    session(state, "outra.n1@uno.example", Some(Role::AnalystN1)).await
}

/// Demo corpus plus the demo companies and accounts of the README.
pub async fn demo_state_with_accounts() -> AppState {
    let state = demo_state().await;
    seed_accounts(state).await
}

/// The demo companies and accounts (no content) on a state with edge settings of its own.
pub async fn accounts_state_with_security(security: SecurityConfig) -> AppState {
    seed_accounts(state_with_security(&[], security).await).await
}

async fn seed_accounts(state: AppState) -> AppState {
    suporte::server::bootstrap::seed_demo_accounts(&state.db)
        .await
        .expect("demo accounts");
    state
}

pub fn draft(kind: ContentKind, slug: &str, title: &str, body: &str) -> ContentDraft {
    ContentDraft {
        kind,
        slug: Slug::parse(slug).expect("valid slug"),
        title: title.into(),
        summary: String::new(),
        module: None,
        body_md: body.into(),
        popular: false,
        position: 0,
        duration_minutes: (kind == ContentKind::Course).then_some(60),
        course_url: (kind == ContentKind::Course).then(|| "https://example.com/c".into()),
    }
}
