//! Slow clients: half-sent headers or bodies are not held open.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::T;

both_backends!(with quick_timeouts: half_sent_headers_are_cut_off, half_sent_body_gets_408);
both_backends!(with four_connections: a_client_holds_at_most_its_connections);

fn four_connections(c: &mut kabinet_portal::PortalConfig) {
    c.max_connections_per_client = 4;
}

fn quick_timeouts(c: &mut kabinet_portal::PortalConfig) {
    c.read_timeout = Duration::from_secs(1);
}

async fn connect(t: &T) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
    try_connect(t).await.unwrap()
}

/// A TLS connection, or the error of a connection the server closed.
async fn try_connect(
    t: &T,
) -> std::io::Result<tokio_rustls::client::TlsStream<tokio::net::TcpStream>> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(t.cert_pem.as_bytes()) {
        roots.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", t.port))
        .await
        .unwrap();
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
}

/// Reads until the server closes (or 10 s pass); returns what it said and when.
async fn until_closed(
    stream: &mut tokio_rustls::client::TlsStream<tokio::net::TcpStream>,
) -> (String, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the server held the connection open for 10 s"),
        }
    }
    (
        String::from_utf8_lossy(&got).into_owned(),
        started.elapsed(),
    )
}

async fn half_sent_headers_are_cut_off(t: T) {
    let mut stream = connect(&t).await;
    stream
        .write_all(b"POST /api/v1/registrations HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl")
        .await
        .unwrap();
    let (_, after) = until_closed(&mut stream).await;
    assert!(after < Duration::from_secs(5), "closed after {after:?}");
}

async fn half_sent_body_gets_408(t: T) {
    let mut stream = connect(&t).await;
    stream
        .write_all(
            b"POST /api/v1/registrations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
              Idempotency-Key: slow-1\r\nContent-Length: 100\r\n\r\n{\"surname\":",
        )
        .await
        .unwrap();
    let (answer, after) = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(after < Duration::from_secs(5), "answered after {after:?}");
}

async fn a_client_holds_at_most_its_connections(t: T) {
    // The test's own HTTP client may hold one pooled connection too.
    let mut held = Vec::new();
    let mut refused = false;
    for _ in 0..10 {
        match try_connect(&t).await {
            Ok(stream) => held.push(stream),
            Err(_) => {
                refused = true;
                break;
            }
        }
    }
    assert!(
        refused,
        "10 open connections from one client were all accepted"
    );
    assert!(
        (3..=4).contains(&held.len()),
        "{} connections accepted before the refusal",
        held.len()
    );
    // A closed connection frees its place, and the portal still answers.
    drop(held.pop());
    let mut again = None;
    for _ in 0..50 {
        if let Ok(stream) = try_connect(&t).await {
            again = Some(stream);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut stream = again.expect("no connection after one was closed");
    stream
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
