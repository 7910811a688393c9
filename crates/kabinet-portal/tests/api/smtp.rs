//! Adapters and modes: e-mail through SMTP (lettre) against a minimal SMTP server on
//! loopback; the portal outside demo mode.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::jobs::{SmtpSink, smtp_on};
use crate::support::{Backend, TestPortal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_mail_goes_through_smtp_when_configured() {
    let (sink, port) = SmtpSink::start().await;
    let t = TestPortal::launch_with(Backend::Sqlite, smtp_on(port))
        .await
        .expect("SQLite portal");
    t.post(
        "/registrations",
        &json!({"surname": "Почтова", "first_name": "Анна", "contact": "anna@example.org"}),
    )
    .await
    .expect(202);
    t.eventually("mail arrives", || async { sink.total() == 1 })
        .await;
    let data = sink.messages.lock().unwrap()[0].1.clone();
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
