//! A tiny SMTP server for tests: accepts connections on a free local port and keeps every
//! message it receives; it can be told to answer "try later" (451) or "never" (550) to
//! stand for an outage or a refusal.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Accept,
    TryLater,
    Refuse,
}

/// One received message: envelope recipients and the raw data.
#[derive(Clone, Debug)]
pub struct Received {
    pub recipients: Vec<String>,
    pub data: String,
}

#[derive(Clone)]
pub struct Sink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    mode: Arc<Mutex<Mode>>,
}

impl Sink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = Self {
            port: listener.local_addr().unwrap().port(),
            messages: Arc::default(),
            mode: Arc::new(Mutex::new(Mode::Accept)),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.session(stream).await });
            }
        });
        sink
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    /// The outbox rows the messages came from (their `Message-ID: <outbox.ID@…>`), in
    /// the order they arrived.
    pub fn outbox_ids(&self) -> Vec<String> {
        self.messages()
            .iter()
            .filter_map(|m| {
                let at = m.data.find("<outbox.")?;
                let rest = &m.data[at + 8..];
                Some(rest[..rest.find('@')?].to_owned())
            })
            .collect()
    }

    /// What an app process needs to send its mail here.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("SMTP_HOST".into(), "127.0.0.1".into()),
            ("SMTP_PORT".into(), self.port.to_string()),
            ("SMTP_TLS".into(), "none".into()),
        ]
    }

    async fn session(&self, stream: tokio::net::TcpStream) {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut recipients = Vec::new();
        let _ = write.write_all(b"220 sink ESMTP\r\n").await;
        while let Ok(Some(line)) = lines.next_line().await {
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                b"250-sink\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("MAIL FROM") {
                recipients.clear();
                match *self.mode.lock().unwrap() {
                    Mode::Accept => b"250 ok\r\n",
                    Mode::TryLater => b"451 4.3.0 tente mais tarde\r\n",
                    Mode::Refuse => b"550 5.7.1 recusado\r\n",
                }
            } else if upper.starts_with("RCPT TO") {
                recipients.push(
                    line[8..]
                        .trim()
                        .trim_start_matches(':')
                        .trim()
                        .trim_matches(['<', '>'])
                        .to_owned(),
                );
                b"250 ok\r\n"
            } else if upper == "DATA" {
                let _ = write.write_all(b"354 fim com .\r\n").await;
                let mut data = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    data.push_str(&l);
                    data.push('\n');
                }
                self.messages.lock().unwrap().push(Received {
                    recipients: std::mem::take(&mut recipients),
                    data,
                });
                b"250 recebido\r\n"
            } else if upper == "QUIT" {
                let _ = write.write_all(b"221 tchau\r\n").await;
                return;
            } else {
                b"250 ok\r\n"
            };
            if write.write_all(reply).await.is_err() {
                return;
            }
        }
    }
}
