//! Adapters and modes: e-mail through SMTP (lettre) against a minimal SMTP server on
//! loopback; the portal outside demo mode.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use kabinet_portal::{SmtpConfig, SmtpSecurity};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::support::{Backend, TestPortal};

/// Accepts one SMTP session and returns the DATA it received.
async fn fake_smtp(listener: TcpListener) -> String {
    let (socket, _) = listener.accept().await.expect("SMTP client connects");
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write
        .write_all(b"220 localhost test SMTP\r\n")
        .await
        .unwrap();
    let mut data = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250 localhost\r\n"
        } else if upper.starts_with("DATA") {
            write
                .write_all(b"354 end with <CRLF>.<CRLF>\r\n")
                .await
                .unwrap();
            while let Some(body_line) = lines.next_line().await.unwrap() {
                if body_line == "." {
                    break;
                }
                data.push_str(&body_line);
                data.push('\n');
            }
            b"250 queued\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await.unwrap();
            break;
        } else {
            b"250 OK\r\n"
        };
        write.write_all(reply).await.unwrap();
    }
    data
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_mail_goes_through_smtp_when_configured() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(fake_smtp(listener));
    let t = TestPortal::launch_with(Backend::Sqlite, |c| {
        c.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: Some(port),
            security: SmtpSecurity::None,
            username: None,
            password: None,
            from: "Кабинет <no-reply@kabinet.test>".into(),
        });
    })
    .await
    .expect("SQLite portal");
    t.post(
        "/registrations",
        &json!({"surname": "Почтова", "first_name": "Анна", "contact": "anna@example.org"}),
    )
    .await
    .expect(202);
    let data = tokio::time::timeout(std::time::Duration::from_secs(20), server)
        .await
        .expect("mail arrives")
        .unwrap();
    // The outbox keeps its copy either way.
    assert_eq!(t.messages_to("anna@example.org").await.len(), 1);
    t.stop().await;
    assert!(
        data.contains("anna@example.org"),
        "addressed to the person: {data}"
    );
    assert!(
        data.contains("no-reply@kabinet.test"),
        "from the configured sender"
    );
    assert!(
        data.to_ascii_lowercase().contains("subject:"),
        "has a subject"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_demo_mode_there_is_no_outbox_endpoint() {
    let t = TestPortal::launch_with(Backend::Sqlite, |c| c.demo = false)
        .await
        .expect("SQLite portal");
    let health = t.get("/health", None).await.expect(200);
    assert_eq!(health.json["demo"], false);
    t.get("/demo/outbox", None)
        .await
        .expect_error(404, "not_found");
    // No demo account either.
    t.sign_in(kabinet_portal::DEMO_LOGIN, kabinet_portal::DEMO_PASSWORD)
        .await
        .expect_error(401, "invalid_credentials");
    t.stop().await;
}
