//! E-mail copies through the outbox, delivered to a local SMTP sink started here: written
//! with the update (and only with a public one), delivered once, kept and retried through
//! an outage, never resent after a crash mid-send.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{act, open};
use common::smtp_sink::{Mode, Sink};
use common::{call_as, demo_state_with_accounts, session};
use suporte::api::occurrences as oc;
use suporte::domain::accounts::Role;
use suporte::server::mail::{
    config::{MailConfig, SmtpTls},
    smtp::Mailer,
    worker::{Round, deliver_due},
};
use suporte::server::state::AppState;

const VIP_PM: &str = "gp@alimentos.example";
const VIP_EXTRA: &str = "ti@alimentos.example";
const N1: &str = "ana.n1@uno.example";

fn mailer(sink: &Sink) -> Mailer {
    Mailer::new(
        &MailConfig {
            host: "127.0.0.1".into(),
            port: sink.port,
            tls: SmtpTls::None,
            credentials: None,
            from: "Suporte UNO <nao-responda@suporte.uno.example>".into(),
        },
        "https://suporte.uno.example",
    )
    .unwrap()
}

async fn outbox(state: &AppState) -> Vec<serde_json::Value> {
    let mut res = state
        .db
        .query("SELECT record::id(id) AS id, status, attempts, recipients, headline, text, last_error FROM outbox ORDER BY created_at")
        .await
        .unwrap();
    res.take(0).unwrap()
}

#[tokio::test]
async fn public_updates_are_mailed_once_to_the_companys_contacts_and_notes_never() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    let n = open(&state, &pm, "alta", "NF-e rejeitada").await;
    // The opener gets no copy of their own words; the other contact does.
    let rows = outbox(&state).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["recipients"], serde_json::json!([VIP_EXTRA]));
    act(&state, &n1, n, "take", "").await;
    act(
        &state,
        &n1,
        n,
        "note",
        "SEGREDO: cliente com certificado vencido",
    )
    .await;
    act(&state, &n1, n, "reply", "Confira o CST do item 3.").await;
    let rows = outbox(&state).await;
    assert_eq!(
        rows.len(),
        3,
        "opening, take and reply; the note adds nothing: {rows:#?}"
    );

    let sink = Sink::start().await;
    let mailer = mailer(&sink);
    let round = deliver_due(&state.db, &mailer).await.unwrap();
    assert_eq!(
        round,
        Round {
            sent: 3,
            retried: 0,
            failed: 0
        }
    );
    let got = sink.messages();
    assert_eq!(got.len(), 3);
    let reply = &got[2];
    let mut to = reply.recipients.clone();
    to.sort();
    assert_eq!(to, vec![VIP_PM.to_owned(), VIP_EXTRA.to_owned()]);
    // Headers and body (quoted-printable or plain, so compare without soft breaks).
    let data = reply.data.replace("=\n", "");
    assert!(data.contains(&n.to_string()), "{data}");
    assert!(data.contains("Confira o CST do item 3."), "{data}");
    assert!(
        data.contains(&format!("https://suporte.uno.example{}", n.url())),
        "{data}"
    );
    assert!(
        data.contains("=C3=A9 s=C3=B3 um aviso") || data.contains("é só um aviso"),
        "{data}"
    );
    assert!(
        got.iter().all(|m| !m.data.contains("SEGREDO")),
        "an internal note never reaches the customer's mail"
    );
    // Delivered once: a second round sends nothing.
    let again = deliver_due(&state.db, &mailer).await.unwrap();
    assert_eq!(again, Round::default());
    assert_eq!(sink.messages().len(), 3);
    assert!(outbox(&state).await.iter().all(|r| r["status"] == "sent"));
}

#[tokio::test]
async fn an_smtp_outage_loses_nothing_and_the_mail_goes_out_after_a_retry() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n = open(&state, &pm, "alta", "NF-e rejeitada").await;
    let sink = Sink::start().await;
    let mailer = mailer(&sink);
    sink.set_mode(Mode::TryLater);
    let round = deliver_due(&state.db, &mailer).await.unwrap();
    assert_eq!(
        round,
        Round {
            sent: 0,
            retried: 1,
            failed: 0
        }
    );
    let row = &outbox(&state).await[0];
    assert_eq!(row["status"], "pending");
    assert_eq!(row["attempts"], 1);
    assert!(row["last_error"].as_str().unwrap().contains("451"), "{row}");
    // Not due yet: the next round waits for the back-off.
    assert_eq!(
        deliver_due(&state.db, &mailer).await.unwrap(),
        Round::default()
    );
    // The SMTP server is back and the wait is over.
    sink.set_mode(Mode::Accept);
    state
        .db
        .query("UPDATE outbox SET next_attempt_at = time::now()")
        .await
        .unwrap();
    let round = deliver_due(&state.db, &mailer).await.unwrap();
    assert_eq!(round.sent, 1);
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert!(got[0].data.contains(&n.to_string()));
    // A refusal for good is recorded, not retried forever.
    let n1 = session(&state, N1, Some(Role::AnalystN1)).await;
    act(&state, &n1, n, "take", "").await;
    sink.set_mode(Mode::Refuse);
    let round = deliver_due(&state.db, &mailer).await.unwrap();
    assert_eq!(
        round,
        Round {
            sent: 0,
            retried: 0,
            failed: 1
        }
    );
}

#[tokio::test]
async fn a_mail_whose_sender_crashed_mid_send_is_never_sent_twice() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    open(&state, &pm, "alta", "NF-e rejeitada").await;
    // A worker claimed it and died before recording the outcome.
    state
        .db
        .query("UPDATE outbox SET status = 'sending', claim = 'morto', claimed_until = time::now() - 1m")
        .await
        .unwrap();
    let sink = Sink::start().await;
    let round = deliver_due(&state.db, &mailer(&sink)).await.unwrap();
    assert_eq!(round, Round::default());
    assert!(sink.messages().is_empty());
    assert_eq!(outbox(&state).await[0]["status"], "uncertain");
}

#[tokio::test]
async fn two_workers_never_send_the_same_mail() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    for _ in 0..5 {
        open(&state, &pm, "alta", "NF-e rejeitada").await;
    }
    let sink = Sink::start().await;
    let mailer = mailer(&sink);
    let (a, b) = tokio::join!(
        deliver_due(&state.db, &mailer),
        deliver_due(&state.db, &mailer)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 5);
    assert_eq!(sink.messages().len(), 5);
}

#[tokio::test]
async fn a_refused_update_writes_no_mail() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, VIP_PM, Some(Role::Customer)).await;
    let n = open(&state, &pm, "alta", "NF-e rejeitada").await;
    let before = outbox(&state).await.len();
    // The customer cannot resolve; nothing is written, mail included.
    let refused = call_as(&state, Some(&pm), || {
        oc::act_on_occurrence(n.path_part(), "resolve".into(), "x".into(), None, None)
    })
    .await;
    assert!(refused.is_err());
    assert_eq!(outbox(&state).await.len(), before);
}

#[tokio::test]
async fn a_release_mail_belongs_to_no_occurrence_and_links_to_the_versions_page() {
    use suporte::domain::versions::VersionNumber;
    let state = demo_state_with_accounts().await;
    let coord = session(&state, "coordenacao@uno.example", Some(Role::Coordinator)).await;
    call_as(&state, Some(&coord), || {
        suporte::api::versions::create_version(
            "2026.49".into(),
            "04/12/2026".into(),
            "- Corrige a rejeição 539.".into(),
        )
    })
    .await
    .unwrap();
    let actor = suporte::server::db::Actor {
        name: "Carla".into(),
        ..Default::default()
    };
    let v = VersionNumber::parse("2026.49").unwrap();
    suporte::server::versions::publish::publish(&state.db, &actor, v)
        .await
        .unwrap();
    let written = suporte::server::versions::release_mail::drain(&state.db)
        .await
        .unwrap();
    // The demo's four customer contacts.
    assert_eq!(written, 4);
    let sink = Sink::start().await;
    let round = deliver_due(&state.db, &mailer(&sink)).await.unwrap();
    assert_eq!(round.sent, 4, "{round:?}");
    let got = sink.messages();
    let mut to: Vec<String> = got.iter().flat_map(|m| m.recipients.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "gp@alimentos.example",
            "gp@distribuidora.example",
            "gp@metalurgica.example",
            "ti@alimentos.example"
        ]
    );
    let data = got[0].data.replace("=\n", "");
    assert!(data.contains("2026.49"), "{data}");
    assert!(
        data.contains("https://suporte.uno.example/versoes"),
        "{data}"
    );
}
