//! Durable jobs: messages survive a restart, an SMTP outage and a second instance.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use kabinet_portal::{PortalConfig, SmtpConfig, SmtpSecurity};
use serde_json::json;
use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::support::{Duration, T};

// The harness's own instance runs no workers: the instances each test starts do.
both_backends!(with no_workers:
    delivered_once_after_a_restart,
    smtp_down_then_up,
    two_instances_deliver_each_message_once,
    two_instances_serve_one_citizen,
    production_drops_the_body_after_delivery,
);

fn no_workers(c: &mut PortalConfig) {
    c.jobs.run = false;
}

/// An SMTP server on loopback that accepts any number of sessions and keeps every
/// message it queued: its recipients and its DATA.
#[derive(Clone, Default)]
pub struct SmtpSink {
    pub messages: Arc<Mutex<Vec<Received>>>,
}

/// One queued message: its recipients and its DATA.
pub type Received = (Vec<String>, String);

impl SmtpSink {
    pub async fn start() -> (SmtpSink, u16) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        (Self::serve(listener), port)
    }

    pub fn serve(listener: TcpListener) -> SmtpSink {
        let sink = SmtpSink::default();
        let messages = sink.messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let messages = messages.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 localhost test SMTP\r\n").await;
                    let mut rcpt = Vec::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO")
                        {
                            b"250 localhost\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            rcpt.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                            b"250 OK\r\n"
                        } else if upper.starts_with("DATA") {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut data = String::new();
                            while let Ok(Some(body)) = lines.next_line().await {
                                if body == "." {
                                    break;
                                }
                                data.push_str(&body);
                                data.push('\n');
                            }
                            messages
                                .lock()
                                .unwrap()
                                .push((std::mem::take(&mut rcpt), data));
                            b"250 queued\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 OK\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        sink
    }

    pub fn count(&self, to: &str) -> usize {
        let messages = self.messages.lock().unwrap();
        messages
            .iter()
            .flat_map(|(r, _)| r)
            .filter(|r| *r == to)
            .count()
    }

    pub fn total(&self) -> usize {
        self.messages
            .lock()
            .unwrap()
            .iter()
            .map(|(r, _)| r.len())
            .sum()
    }
}

pub fn smtp_on(port: u16) -> impl Fn(&mut PortalConfig) + Clone {
    move |c: &mut PortalConfig| {
        c.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: Some(port),
            security: SmtpSecurity::None,
            username: None,
            password: None,
            from: "Кабинет <no-reply@kabinet.test>".into(),
        });
    }
}

async fn job_states(t: &T, kind: &str) -> Vec<(String, i64, Option<String>)> {
    let mut db = t.db().await;
    let rows =
        sqlx::query("SELECT status, attempts, last_error FROM jobs WHERE kind = $1 ORDER BY id")
            .bind(kind)
            .fetch_all(&mut db)
            .await
            .unwrap();
    rows.iter()
        .map(|r| (r.get("status"), r.get("attempts"), r.get("last_error")))
        .collect()
}

/// The portal stops (here: with its workers off, as if killed) after the
/// registration committed and before the e-mail went out; the next start delivers
/// it, once.
async fn delivered_once_after_a_restart(t: T) {
    let (sink, port) = SmtpSink::start().await;
    let first = t
        .sibling(|c| {
            smtp_on(port)(c);
            c.jobs.run = false;
        })
        .await;
    first
        .post(
            "/registrations",
            &json!({"surname": "Почтова", "first_name": "Анна", "contact": "anna@example.org"}),
        )
        .await
        .expect(202);
    assert_eq!(
        job_states(&t, "deliver_message").await.len(),
        1,
        "the job is written with the registration"
    );
    first.stop().await;
    assert_eq!(sink.total(), 0);

    let second = t.sibling(smtp_on(port)).await;
    t.eventually("the e-mail is delivered after the restart", || async {
        sink.count("anna@example.org") == 1
    })
    .await;
    t.eventually("the job is done", || async {
        job_states(&t, "deliver_message").await == vec![("done".to_owned(), 1, None)]
    })
    .await;
    // A third start sends nothing again.
    second.stop().await;
    let third = t.sibling(smtp_on(port)).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.count("anna@example.org"), 1);
    third.stop().await;
}

async fn smtp_down_then_up(t: T) {
    // A port with nothing listening: the relay is down.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let portal = t.sibling(smtp_on(port)).await;
    portal
        .post(
            "/registrations",
            &json!({"surname": "Почтова", "first_name": "Анна", "contact": "anna@example.org"}),
        )
        .await
        .expect(202);
    t.eventually("the first attempt fails and is rescheduled", || async {
        matches!(job_states(&t, "deliver_message").await.as_slice(),
            [(status, 1, Some(reason))] if status == "pending" && reason.contains("SMTP"))
    })
    .await;
    // The relay comes back; the retry is due 10 s later.
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let sink = SmtpSink::serve(listener);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(sink.total(), 0, "not before the backoff");
    t.advance(Duration::seconds(11));
    t.eventually("delivered on the retry", || async {
        sink.count("anna@example.org") == 1
    })
    .await;
    t.eventually("the job is done after two attempts", || async {
        job_states(&t, "deliver_message").await == vec![("done".to_owned(), 2, None)]
    })
    .await;
    portal.stop().await;
}

async fn two_instances_deliver_each_message_once(t: T) {
    let (sink, port) = SmtpSink::start().await;
    let a = t.sibling(smtp_on(port)).await;
    let b = t.sibling(smtp_on(port)).await;
    let n = 24;
    let mut starts = Vec::new();
    for i in 0..n {
        let portal = if i % 2 == 0 { &a } else { &b };
        let body = json!({"surname": "Почтова", "first_name": "Анна", "contact": format!("user{i}@example.org")});
        starts.push(async move { portal.post("/registrations", &body).await.expect(202) });
    }
    futures_util::future::join_all(starts).await;
    t.eventually("every message is delivered", || async { sink.total() >= n })
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for i in 0..n {
        assert_eq!(sink.count(&format!("user{i}@example.org")), 1, "user{i}");
    }
    a.stop().await;
    b.stop().await;
}

/// Start on A, confirm on B, set the password on A, sign in on B, refresh on A.
async fn two_instances_serve_one_citizen(t: T) {
    let b = t.sibling(|_| {}).await;
    let id = t.start("Двоева", "Анна", "89161230000").await;
    let code = b.latest_code("+79161230000").await;
    b.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
    )
    .await
    .expect(200);
    let pw = crate::support::PASSWORD;
    t.post(
        &format!("/registrations/{id}/password"),
        &json!({"password": pw, "password_repeat": pw}),
    )
    .await
    .expect(201);
    let grant = b.sign_in("89161230000", pw).await.expect(201);
    let refreshed = t
        .post(
            "/sessions/refresh",
            &json!({"refresh_token": grant.json["refresh_token"]}),
        )
        .await
        .expect(200);
    let access = refreshed.json["access_token"].as_str().unwrap();
    b.get("/me", Some(access)).await.expect(200);
    t.get("/me", Some(access)).await.expect(200);
    b.stop().await;
}

/// Outside demo mode the code leaves the database once delivered.
async fn production_drops_the_body_after_delivery(t: T) {
    let portal = t.sibling(|c| c.demo = false).await;
    portal
        .post(
            "/registrations",
            &json!({"surname": "Тихонова", "first_name": "Анна", "contact": "89160001122"}),
        )
        .await
        .expect(202);
    t.eventually("the SMS is delivered and its body dropped", || async {
        let mut db = t.db().await;
        let row = sqlx::query("SELECT body, delivered_at FROM outbox")
            .fetch_one(&mut db)
            .await
            .unwrap();
        row.get::<Option<i64>, _>("delivered_at").is_some()
            && row.get::<String, _>("body").is_empty()
    })
    .await;
    portal.stop().await;
}

/// PostgreSQL over TLS: `sslmode=require` works (sqlx with rustls).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_over_tls() {
    let Some(t) = crate::support::TestPortal::launch(crate::support::Backend::Postgres).await
    else {
        eprintln!("SKIPPED (PostgreSQL variant): KABINET_TEST_POSTGRES_URL is not set");
        return;
    };
    let sep = if t.database_url.contains('?') {
        '&'
    } else {
        '?'
    };
    let url = format!("{}{sep}sslmode=require", t.database_url);
    let clock = t.clock.clone();
    let tls =
        crate::support::TestPortal::instance(t.backend, &url, &t.key_file, clock, |_| {}).await;
    tls.get("/health", None).await.expect(200);
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let row = sqlx::query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(row.get::<bool, _>("ssl"), "the connection is encrypted");
    tls.stop().await;
    t.stop().await;
}
