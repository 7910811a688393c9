//! The outbox against a real embedded portal behind a TCP relay the test can cut:
//! an application submitted with the portal unreachable is kept (not lost, the
//! draft gone), tries while it is still unreachable send nothing, and once it
//! answers the application is sent exactly once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use kabinet_core::secret::SecretString as Secret;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};

use super::outbox::Submitted;
use crate::identity::flow_tests::{DEMO_LOGIN, DEMO_PASSWORD};
use crate::platform::Kabinet;
use crate::platform::embedded::Embedded;
use crate::testing::key;

const SERVICE: &str = "fssp-debts";

/// Forwards localhost:port to the portal while `up`; cutting it also ends the
/// connections it holds.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    live: Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn start(target: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let live = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (u, l) = (up.clone(), live.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !u.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut out) = TcpStream::connect(("127.0.0.1", target)).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                });
                l.lock().expect("lock").push(task);
            }
        });
        Relay { port, up, live }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for t in self.live.lock().expect("lock").drain(..) {
            t.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn answers() -> serde_json::Value {
    json!({
        "applicant": {"surname": "Демонстрационный", "first_name": "Пользователь",
                      "birth_date": "1972-06-14", "snils": "485-370-789 32"},
        "consent": true
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_made_offline_waits_and_is_sent_once_when_the_portal_answers() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let portal = Embedded::start(&dir.path().join("portal"))
        .await
        .expect("portal");
    let relay = Relay::start(portal.base.port().expect("port")).await;
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &portal.certificate_pem).expect("ca");
    let url = format!("https://localhost:{}/", relay.port);
    let env = |k: &str| match k {
        "KABINET_PORTAL_URL" => Some(url.clone()),
        "KABINET_PORTAL_CA" => Some(ca.display().to_string()),
        _ => None,
    };
    let config = crate::platform::config::resolve(None, &env, &[]).expect("config");
    let app = Kabinet::new(Ok(config), Some(dir.path().join("data")));
    app.sign_in(DEMO_LOGIN.into(), Secret::new(DEMO_PASSWORD), &key())
        .await
        .expect("demo sign-in");
    app.application_draft_save(SERVICE, r#"{"consent":true}"#)
        .expect("draft");

    relay.cut();
    let outcome = app
        .application_submit(SERVICE, answers(), &key())
        .await
        .expect("kept, not lost");
    assert_eq!(
        outcome,
        Submitted::Queued {
            service_id: SERVICE.into()
        }
    );
    assert!(
        app.application_drafts().expect("drafts").is_empty(),
        "the outbox holds it now"
    );
    let queued = app.outbox_list().expect("outbox");
    assert_eq!(queued.len(), 1);
    assert_eq!(
        app.outbox_flush().await.expect("flush"),
        0,
        "still unreachable"
    );
    assert_eq!(app.outbox_list().expect("outbox")[0].attempts, 1);

    relay.restore();
    // Two tries at once (the background task and the button): one application.
    let (a, b) = tokio::join!(app.outbox_flush(), app.outbox_flush());
    assert_eq!(a.expect("flush") + b.expect("flush"), 1);
    assert!(app.outbox_list().expect("outbox").is_empty());
    assert_eq!(app.outbox_flush().await.expect("flush"), 0);
    let list = app.applications().await.expect("list").applications;
    assert_eq!(list.len(), 1, "sent once");
    assert_eq!(list[0].service_id, SERVICE);
    assert_eq!(list[0].form["applicant"]["surname"], "Демонстрационный");

    // A definite refusal is kept with its code, not retried.
    relay.cut();
    // (The app checks the form; the level is the portal's to say.)
    let mut above = answers();
    above["payment"] = json!({"method": "post"});
    app.application_submit("sfr-pension-delivery", above, &key())
        .await
        .expect("queued");
    relay.restore();
    assert_eq!(app.outbox_flush().await.expect("flush"), 0);
    let refused = app.outbox_list().expect("outbox");
    assert_eq!(
        refused[0].rejected.as_deref(),
        Some("standard_level_required")
    );
    assert_eq!(app.outbox_flush().await.expect("flush"), 0);
    assert_eq!(
        app.outbox_list().expect("outbox")[0].attempts,
        1,
        "not tried again"
    );
    app.outbox_remove(&refused[0].idempotency_key)
        .expect("remove");
    assert!(app.outbox_list().expect("outbox").is_empty());

    app.shutdown().await;
    portal.shutdown().await;
}
