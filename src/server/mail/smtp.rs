//! Delivery through a real SMTP server (lettre): one message per outbox row, addressed to
//! the company's contacts, with a Message-ID derived from the row so any duplicate would be
//! recognisable downstream.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
    transport::smtp::authentication::Credentials,
};
use std::time::Duration;

use super::config::{MailConfig, SmtpTls};
use super::outbox::{Claimed, Outcome, backoff_secs};
use super::render::{Update, render, render_notice};
use crate::domain::occurrences::OccurrenceNumber;

/// A connection recipe to the SMTP server plus what every message shares.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// `https://host` the links in mails start with.
    base_url: String,
    /// The right-hand side of Message-IDs.
    domain: String,
}

impl Mailer {
    pub fn new(cfg: &MailConfig, base_url: &str) -> anyhow::Result<Self> {
        let mut builder = match cfg.tls {
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host)?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host),
        }
        .port(cfg.port)
        .timeout(Some(Duration::from_secs(30)));
        if let Some(c) = &cfg.credentials {
            builder = builder.credentials(Credentials::new(c.user.clone(), c.password.clone()));
        }
        let from: Mailbox = cfg.from.parse()?;
        let domain = from.email.domain().to_owned();
        Ok(Self {
            transport: builder.build(),
            from,
            base_url: base_url.trim_end_matches('/').to_owned(),
            domain,
        })
    }

    /// Sends one claimed mail and says what the outbox should record.
    pub async fn deliver(&self, mail: &Claimed) -> Outcome {
        let message = match self.message(mail) {
            Ok(m) => m,
            Err(error) => return Outcome::Failed { error },
        };
        match self.transport.send(message).await {
            Ok(_) => Outcome::Sent,
            Err(e) if e.is_permanent() => Outcome::Failed {
                error: e.to_string(),
            },
            Err(e) => Outcome::Retry {
                error: e.to_string(),
                delay_secs: backoff_secs(mail.attempts),
            },
        }
    }

    fn message(&self, mail: &Claimed) -> Result<Message, String> {
        let text = match (mail.year, mail.seq) {
            (Some(year), Some(seq)) => {
                let number = OccurrenceNumber::new(year, seq)?;
                let link = format!("{}{}", self.base_url, number.url());
                render(&Update {
                    number,
                    title: mail.title.as_deref().unwrap_or_default(),
                    headline: &mail.headline,
                    text: &mail.text,
                    link: &link,
                })
            }
            // A notice of its own (a published version): its text names its link.
            _ => render_notice(
                &mail.headline,
                &mail.text,
                &format!("{}{}", self.base_url, mail.link.as_deref().unwrap_or("/")),
            ),
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(text.subject)
            .message_id(Some(format!("<outbox.{}@{}>", mail.id, self.domain)));
        for to in &mail.recipients {
            let mailbox: Mailbox = to.parse().map_err(|_| format!("endereço inválido: {to}"))?;
            builder = builder.to(mailbox);
        }
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(text.body)
            .map_err(|e| e.to_string())
    }
}
