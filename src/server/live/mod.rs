//! Live updates: one SurrealDB `LIVE SELECT` per app server on the occurrence table, and
//! the table's change feed read each second (`tail`: what reaches the database through
//! another node of a SurrealDB cluster, which a `LIVE SELECT` never hears), fanned out to
//! the browsers connected to this server through Server-Sent Events. A change made
//! through any app server reaches every browser, since each server watches the database
//! itself (no process-to-process messaging). Browsers get only the number of what
//! changed, and only for what they may see; they then reload it through the usual
//! (authorized) server functions.
//!
//! Streams are bounded (`streams`: per person, per server, a lifetime) and close when
//! the session they were opened with ends or changes role (`sessions`).

pub mod relay;
pub mod sessions;
pub mod streams;
pub mod tail;

use axum::{
    Extension,
    extract::State,
    http::StatusCode,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use futures::StreamExt;
use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};
use std::{convert::Infallible, time::Duration};
use surrealdb::Notification;
use tokio::sync::broadcast;

use crate::domain::{accounts::Role, occurrences::OccurrenceNumber};
use crate::server::content::changes::FeedSink;
use crate::server::{db::Db, http::session::Resolved, state::AppState};

/// Something about an occurrence changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OccurrenceChanged {
    pub number: OccurrenceNumber,
    pub company_id: String,
}

/// What a browser is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    One(OccurrenceChanged),
    /// Anything may have changed (the subscription was down for a moment): reload.
    All,
}

/// The fan-out of the database's live notifications inside one app server.
#[derive(Clone)]
pub struct LiveFeed {
    tx: broadcast::Sender<Change>,
    sessions: broadcast::Sender<sessions::SessionChanged>,
    pub streams: streams::StreamLimits,
    /// Set when the process stops: every stream ends with a reconnect hint.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
    /// Set once the change feed has been read past the start-up's writes (the first reads
    /// go back a few seconds, content bodies included).
    fed: tokio::sync::watch::Receiver<bool>,
    /// Counts changes seen (and re-subscriptions, which may have missed some), bumped
    /// before each broadcast: whatever a browser reloads on an event, a cache keyed on
    /// this count has already been told about.
    seen: Arc<AtomicU64>,
}

/// Where both listeners hand what they heard: each write is told once.
#[derive(Clone)]
struct Outlet {
    tx: broadcast::Sender<Change>,
    seen: Arc<AtomicU64>,
    reported: tail::Reported,
}

impl Outlet {
    fn changed(&self, change: tail::Changed) {
        if !self.reported.first_time(&change) {
            return;
        }
        self.seen.fetch_add(1, Ordering::SeqCst);
        if let Ok(number) = OccurrenceNumber::new(change.year, change.seq) {
            // No receivers (nobody connected to this server) is not an error.
            let _ = self.tx.send(Change::One(OccurrenceChanged {
                number,
                company_id: change.company_id,
            }));
        }
    }

    fn everything(&self) {
        self.seen.fetch_add(1, Ordering::SeqCst);
        let _ = self.tx.send(Change::All);
    }
}

impl LiveFeed {
    /// Starts watching the database (and re-subscribes if the subscription ends, e.g.
    /// after a remote database restarts), as `options` say; `content`: where the change
    /// feed hands content edits (the search index).
    pub fn start_with(
        db: Db,
        streams: streams::StreamLimits,
        options: tail::FeedOptions,
        content: Option<FeedSink>,
    ) -> Self {
        let (tx, _) = broadcast::channel(1024);
        let seen = Arc::new(AtomicU64::new(0));
        let (fed_tx, fed) = tokio::sync::watch::channel(false);
        let feed = Self {
            tx: tx.clone(),
            // Without LIVE SELECT, sessions are heard through the change feed alone.
            sessions: if options.live_select {
                sessions::start(db.clone())
            } else {
                broadcast::channel(1024).0
            },
            streams,
            closing: Arc::new(tokio::sync::watch::channel(false).0),
            fed,
            seen: seen.clone(),
        };
        let outlet = Outlet {
            tx,
            seen,
            reported: tail::Reported::default(),
        };
        if options.live_select {
            let (db, outlet) = (db.clone(), outlet.clone());
            tokio::spawn(async move {
                let mut again = false;
                loop {
                    outlet.seen.fetch_add(1, Ordering::SeqCst);
                    if let Err(e) = watch(&db, &outlet, again).await {
                        tracing::warn!(error = %format!("{e:#}"), "live feed interrupted; subscribing again");
                    }
                    again = true;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            });
        }
        let relay = relay::Relay::new(feed.sessions.clone(), content);
        tokio::spawn(tail::run(
            db,
            options,
            move |c| outlet.changed(c),
            relay,
            fed_tx,
        ));
        feed
    }

    /// Resolves once the change feed has read past the start-up's writes (tests that
    /// measure the process's memory wait for it).
    pub async fn fed(&self) {
        let mut fed = self.fed.clone();
        let _ = fed.wait_for(|f| *f).await;
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// Ends every live stream of this process (it is stopping): each browser is told to
    /// come back in a few seconds, spread out, and reaches whichever server answers then.
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
    }

    /// How many changes this process has seen: equal counts, nothing changed between.
    pub fn seen(&self) -> u64 {
        self.seen.load(Ordering::SeqCst)
    }
}

async fn watch(db: &Db, outlet: &Outlet, again: bool) -> anyhow::Result<()> {
    let mut response = db
        .query(format!(
            "LIVE SELECT {} FROM occurrence",
            tail::CHANGED_FIELDS
        ))
        .await?;
    let mut stream = response.stream::<Notification<serde_json::Value>>(0)?;
    // Whatever changed while no subscription was registered (a dropped connection, a
    // database restart) was not reported: every open page reloads what it shows.
    if again {
        outlet.everything();
    }
    while let Some(item) = stream.next().await {
        outlet.changed(serde_json::from_value(item?.data)?);
    }
    Ok(())
}

/// `GET /eventos/ocorrencias`: an SSE stream of `ocorrencia` events whose data is the
/// number (`2026/000123`) of an occurrence that changed and that the caller may see:
/// their company's for a customer; any for analysts and the coordinator.
pub async fn events(
    State(state): State<AppState>,
    Extension(Resolved(caller)): Extension<Resolved>,
) -> Response {
    let Some(caller) = caller else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let only_company = match caller.active_role {
        Some(Role::Customer) => match caller.company_id {
            Some(company) => Some(company),
            None => return StatusCode::FORBIDDEN.into_response(),
        },
        Some(_) => None,
        None => return StatusCode::FORBIDDEN.into_response(),
    };
    // A temporary password may do nothing but be changed.
    if caller.must_change_password {
        return StatusCode::FORBIDDEN.into_response();
    }
    let slot = match state.live.streams.claim(&caller.person_id) {
        Ok(slot) => {
            tracing::debug!(person = %caller.person_id, open = state.live.streams.open(), "live stream opened");
            slot
        }
        Err(refused) => {
            // Worth seeing in the log: a person at their limit, or a server at its total.
            tracing::info!(person = %caller.person_id, ?refused, "live stream refused");
            let text = match refused {
                streams::Refused::PerPerson => {
                    "Muitas abas abertas com atualização ao vivo: feche algumas e recarregue esta página."
                }
                streams::Refused::Server => {
                    "O servidor está no limite de conexões ao vivo; a página se atualiza ao recarregar."
                }
            };
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(axum::http::header::RETRY_AFTER, "30")],
                text,
            )
                .into_response();
        }
    };
    let rx = state.live.subscribe();
    let mut ended = state.live.sessions.subscribe();
    let session_id = caller.session_id.clone();
    let role = caller.active_role.map(|r| r.slug().to_owned());
    // Ends when the session ends or changes role (the browser reconnects and is asked
    // again who it is), or after the lifetime.
    let session_over = async move {
        loop {
            match ended.recv().await {
                Ok(c) if c.session_id == session_id && c.role.as_ref() != Some(&role) => return,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    };
    let lifetime = state.live.streams.lifetime();
    let mut closing = state.live.closing.subscribe();
    let over = Box::pin(async move {
        tokio::select! {
            () = session_over => {}
            () = tokio::time::sleep(lifetime) => {}
            _ = closing.wait_for(|c| *c) => {}
        }
    });
    let stream = futures::stream::unfold((rx, slot), move |(mut rx, slot)| {
        let only_company = only_company.clone();
        async move {
            loop {
                match rx.recv().await {
                    Ok(Change::One(change)) => {
                        if only_company
                            .as_ref()
                            .is_none_or(|c| *c == change.company_id)
                        {
                            let event = Event::default()
                                .event("ocorrencia")
                                .data(change.number.path_part());
                            return Some((Ok::<_, Infallible>(event), (rx, slot)));
                        }
                    }
                    // A slow browser missed some, or the feed was down: reload everything.
                    Ok(Change::All) | Err(broadcast::error::RecvError::Lagged(_)) => {
                        let event = Event::default().event("ocorrencia").data("*");
                        return Some((Ok(event), (rx, slot)));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        }
    })
    .take_until(over)
    // The last word: when to reconnect (spread out, so a restart is not a stampede).
    .chain(futures::stream::once(async {
        Ok(Event::default().retry(streams::reconnect_after()))
    }));
    Sse::new(stream)
        // A closed browser is noticed only when a write fails: a short keep-alive frees
        // its place (of the person's eight) within seconds.
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(3)))
        .into_response()
}
