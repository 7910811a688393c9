//! The stream task against a real embedded portal over HTTPS (no window): it
//! starts when someone signs in, hands over each event of an application's steps
//! once and in order, stops at sign-out, and a new sign-in starts after the newest
//! event (the older ones are in the inbox, not announced again).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kabinet_core::api::AccountLevel;
use kabinet_core::api::notifications::EventView;
use kabinet_core::secret::SecretString as Secret;

use super::{Deliver, run};
use crate::identity::flow_tests::{DEMO_LOGIN, DEMO_PASSWORD, demo_citizen};
use crate::platform::Kabinet;
use crate::testing::{key, on_disk_without_keyring};

#[derive(Clone, Default)]
struct Collected(Arc<Mutex<Vec<EventView>>>);

impl Deliver for Collected {
    fn deliver(&self, _: &Kabinet, event: &EventView) {
        self.0.lock().unwrap().push(event.clone());
    }
}

impl Collected {
    fn ids(&self) -> Vec<u32> {
        self.0.lock().unwrap().iter().map(|e| e.id).collect()
    }
    fn decided(&self) -> bool {
        self.0.lock().unwrap().iter().any(|e| {
            e.application
                .as_ref()
                .is_some_and(|a| a.state == "ready" || a.state == "refused")
        })
    }
}

async fn until(what: &str, secs: u64, mut check: impl FnMut() -> bool) {
    for _ in 0..secs * 10 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting: {what}");
}

async fn sign_in(app: &Kabinet) {
    app.sign_in(DEMO_LOGIN.into(), Secret::new(DEMO_PASSWORD), &key())
        .await
        .expect("demo sign-in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_follows_the_session_and_hands_over_each_event_once() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = on_disk_without_keyring(dir.path());
    app.startup().await.expect("startup");
    let got = Collected::default();
    tokio::spawn(run(got.clone(), app.clone()));

    sign_in(&app).await;
    app.profile_submit(demo_citizen(), &key())
        .await
        .expect("submit");
    for _ in 0..60 {
        if app.account().await.expect("account").level == AccountLevel::Standard {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let crate::services::outbox::Submitted::Sent { application: first } = app
        .application_submit("sfr-pension-delivery", delivery_form(), &key())
        .await
        .expect("apply")
    else {
        panic!("the portal is up: sent, not queued");
    };
    // The embedded demo agency takes a step every 5 s: four events.
    until("the decision's event", 60, || got.decided()).await;
    assert_eq!(got.ids(), [1, 2, 3, 4], "each step once, in order");
    let events = got.0.lock().unwrap().clone();
    assert!(
        events
            .iter()
            .all(|e| e.application.as_ref().unwrap().id == first.id)
    );
    assert_eq!(events[0].application.as_ref().unwrap().state, "submitted");

    // Signed out: the task stops and forgets; signed in again, it starts after
    // the newest event — the next application's steps are 5…8, nothing again.
    app.sign_out(&key()).await.expect("sign out");
    tokio::time::sleep(Duration::from_secs(1)).await;
    got.0.lock().unwrap().clear();
    sign_in(&app).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    app.application_submit("sfr-pension-delivery", delivery_form(), &key())
        .await
        .expect("apply again");
    until("the second decision's event", 60, || got.decided()).await;
    assert_eq!(got.ids(), [5, 6, 7, 8]);

    let inbox = app.notifications_list(None, 50).await.expect("inbox");
    assert_eq!(inbox.last_id, 8);
    assert_eq!(inbox.unread, 8);
    assert_eq!(
        app.notifications_mark_read(8, &key())
            .await
            .expect("read")
            .unread,
        0
    );
}

/// Good answers to the pension-delivery form.
fn delivery_form() -> serde_json::Value {
    serde_json::json!({
        "applicant": {"surname": "Демонстрационный", "first_name": "Пользователь",
                      "birth_date": "1972-06-14", "snils": "485-370-789 32"},
        "payment": {"method": "post"},
        "consent": true
    })
}
