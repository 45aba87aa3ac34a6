//! Slow clients over real TCP: a body trickled a byte a second is cut with 408 after the
//! body deadline, and six hundred such connections from one address do not keep another
//! client from being answered at once.

#![cfg(feature = "ssr")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A server on a free loopback port, stopped when the sender is dropped.
async fn serve() -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = suporte::app::router(common::demo_state().await);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(suporte::server::http::serve::run_with(
        listener,
        app,
        async {
            let _ = stopped.await;
        },
        Duration::from_secs(5),
    ));
    (addr, stop)
}

/// A request whose headers promise a body that then comes slowly (or never).
const SLOW_HEAD: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nq";

#[tokio::test]
async fn a_body_trickled_a_byte_a_second_is_cut_with_408() {
    let (addr, _stop) = serve().await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(SLOW_HEAD).await.unwrap();
    let started = Instant::now();
    let mut answer = vec![0u8; 64];
    let read = async {
        loop {
            tokio::select! {
                n = slow.read(&mut answer) => return n.unwrap(),
                () = tokio::time::sleep(Duration::from_secs(1)) => {
                    // One more byte; the server may already have answered and closed.
                    let _ = slow.write_all(b"x").await;
                }
            }
        }
    };
    let n = tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .expect("no answer 20 s into a trickled body");
    let head = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    let took = started.elapsed();
    assert!(
        (Duration::from_secs(9)..Duration::from_secs(15)).contains(&took),
        "cut after {took:?}"
    );
}

#[tokio::test]
async fn six_hundred_slow_bodies_from_one_address_leave_the_home_page_answering() {
    let (addr, _stop) = serve().await;
    let mut slow = Vec::new();
    for _ in 0..600 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(SLOW_HEAD).await.unwrap();
        slow.push(s);
    }
    // Give the server a moment to take them all in.
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Another client (another loopback address) is answered at once.
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let started = Instant::now();
    let mut other = socket.connect(addr).await.unwrap();
    other
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), other.read_to_end(&mut answer))
        .await
        .expect("the home page did not answer within 5 s")
        .unwrap();
    let took = started.elapsed();
    let head = String::from_utf8_lossy(&answer[..answer.len().min(40)]).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(took < Duration::from_secs(1), "the home page took {took:?}");
    // The slow address itself got 429 beyond its bound.
    let mut refused = 0;
    for s in slow.iter_mut().rev().take(50) {
        let mut buf = vec![0u8; 32];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await
            && String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 429")
        {
            refused += 1;
        }
    }
    assert!(
        refused > 0,
        "none of the last 50 slow requests was refused with 429"
    );
}
