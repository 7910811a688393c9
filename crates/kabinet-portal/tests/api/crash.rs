//! The portal killed with SIGKILL at random moments while 50 citizens register.
//!
//! The real `kabinet-portal` binary runs as a child process on one database; a
//! killer stops it with SIGKILL every 0.2–0.9 s and starts it again, while
//! clients register the way the app does: every step with its own idempotency key,
//! retried with the same key until a definite answer. Afterwards: every
//! registration finished, no contact has two accounts, every code was sent exactly
//! once, and everyone signs in. The seed is printed so a failure can be replayed
//! (`KABINET_CRASH_SEED`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use sqlx::Connection;
use tokio::sync::Mutex;

use crate::support::{extract_code, random_hex};

const CITIZENS: usize = 50;
const AT_ONCE: usize = 5;
/// The whole run must finish in this time (the test is bounded).
const DEADLINE: Duration = Duration::from_secs(240);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_survive_sigkill_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = kabinet_portal::sqlite_url(&dir.path().join("portal.db"));
    run(dir.path(), &url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_survive_sigkill_postgres() {
    let Some(admin) = std::env::var("KABINET_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("skipped: KABINET_TEST_POSTGRES_URL is not set");
        return;
    };
    let name = format!("crash_{}", random_hex(6));
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &crate::support::with_database(&admin, &name)).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// The portal process, started again after every kill on the same port and files.
struct Portal {
    command: Vec<(String, String)>,
    child: Option<Child>,
    kills: usize,
}

impl Portal {
    fn start(&mut self) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kabinet-portal"));
        cmd.arg("serve")
            .env_clear()
            .envs(self.command.iter().cloned())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        self.child = Some(cmd.spawn().expect("start kabinet-portal"));
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok(); // SIGKILL
            child.wait().ok();
            self.kills += 1;
        }
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }
}

async fn run(dir: &std::path::Path, database_url: &str) {
    let seed: u64 = std::env::var("KABINET_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().r#gen());
    eprintln!("KABINET_CRASH_SEED={seed}");

    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert_file = dir.join("cert.pem");
    let key_file = dir.join("key.pem");
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.key_pair.serialize_pem()).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let env = [
        ("KABINET_PORTAL_BIND", format!("127.0.0.1:{port}")),
        ("KABINET_PORTAL_DATABASE_URL", database_url.to_owned()),
        (
            "KABINET_PORTAL_SECRET_KEY_FILE",
            dir.join("server.key").display().to_string(),
        ),
        ("KABINET_PORTAL_DEMO", "true".to_owned()),
        ("KABINET_PORTAL_TLS_CERT", cert_file.display().to_string()),
        ("KABINET_PORTAL_TLS_KEY", key_file.display().to_string()),
        ("RUST_LOG", "error".to_owned()),
    ];
    let portal = Arc::new(Mutex::new(Portal {
        command: env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        child: None,
        kills: 0,
    }));
    portal.lock().await.start();

    let client = Client {
        http: reqwest::Client::builder()
            .add_root_certificate(
                reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap(),
            )
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap(),
        api: format!("https://localhost:{port}/api/v1"),
        started: Instant::now(),
    };

    // The killer: SIGKILL at a random moment, restart at once, until told to stop.
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let killer = {
        let portal = portal.clone();
        tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            loop {
                let wait = Duration::from_millis(rng.gen_range(200..900));
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stopped.changed() => return,
                }
                let mut p = portal.lock().await;
                p.kill();
                p.start();
            }
        })
    };

    let mut tasks = tokio::task::JoinSet::new();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for _ in 0..AT_ONCE {
        let client = client.clone();
        let next = next.clone();
        tasks.spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if i >= CITIZENS {
                    return done;
                }
                done.push(client.register(i).await);
            }
        });
    }
    let mut registered = Vec::new();
    while let Some(done) = tasks.join_next().await {
        registered.extend(done.unwrap());
    }
    stop.send(true).unwrap();
    killer.await.unwrap();
    let kills = portal.lock().await.kills;
    eprintln!(
        "{CITIZENS} registrations, {kills} kills, {:?}",
        client.started.elapsed()
    );
    assert!(kills >= 3, "the portal was killed only {kills} times");

    // Let the last start settle, then check the outcome through the API.
    portal.lock().await.kill();
    portal.lock().await.start();
    assert_eq!(registered.len(), CITIZENS);
    let outbox = client
        .until_ok(|c| async move { c.get("/demo/outbox").await })
        .await;
    let mut per_contact: HashMap<String, usize> = HashMap::new();
    for m in outbox["messages"].as_array().unwrap() {
        *per_contact
            .entry(m["to"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    for (contact, password) in &registered {
        assert_eq!(
            per_contact.get(contact),
            Some(&1),
            "{contact}: one code sent, exactly once"
        );
        let grant = client
            .until_ok(|c| {
                let body = json!({"login": contact, "password": password});
                async move { c.post("/sessions", &body, &random_hex(16)).await }
            })
            .await;
        assert!(grant["access_token"].is_string(), "{contact} signs in");
    }
    // One account per contact: the database holds exactly one per citizen.
    let accounts = count_accounts(database_url).await;
    assert_eq!(accounts, CITIZENS as i64, "accounts in the database");
}

async fn count_accounts(database_url: &str) -> i64 {
    // The demo account is there too; count ours.
    let (sql, url) = (
        "SELECT COUNT(*) FROM accounts WHERE contact LIKE 'crash%@example.ru'",
        database_url,
    );
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    }
}

#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    api: String,
    started: Instant,
}

/// The answer to one attempt: a definite status and body, or "try again" (the
/// connection broke, or the portal was starting or stopping).
type Attempt = Option<(u16, Value)>;

impl Client {
    async fn send(&self, req: reqwest::RequestBuilder) -> Attempt {
        let r = req.send().await.ok()?;
        let status = r.status().as_u16();
        let body = r.json::<Value>().await.ok()?;
        (status < 500).then_some((status, body))
    }

    async fn get(&self, path: &str) -> Attempt {
        self.send(self.http.get(format!("{}{path}", self.api)))
            .await
    }

    async fn post(&self, path: &str, body: &Value, key: &str) -> Attempt {
        self.send(
            self.http
                .post(format!("{}{path}", self.api))
                .header("Idempotency-Key", key)
                .json(body),
        )
        .await
    }

    /// Repeats `attempt` until it gives a 2xx answer (the same request each time).
    async fn until_ok<F, Fut>(&self, mut attempt: F) -> Value
    where
        F: FnMut(Client) -> Fut,
        Fut: std::future::Future<Output = Attempt>,
    {
        loop {
            assert!(
                self.started.elapsed() < DEADLINE,
                "the run did not finish in {DEADLINE:?}"
            );
            match attempt(self.clone()).await {
                Some((status, body)) if (200..300).contains(&status) => return body,
                Some((status, body)) => {
                    // Only a definite refusal we did not cause would be a bug.
                    assert_eq!(status, 429, "unexpected answer {status}: {body}");
                }
                None => {}
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// One citizen through registration, each step retried with its own key.
    async fn register(&self, i: usize) -> (String, String) {
        let contact = format!("crash{i}@example.ru");
        let password = format!("Lipa-Sneg-{}-{i}", 2741 + i);
        let start = json!({"surname": "Испытанова", "first_name": "Вера", "contact": contact});
        let key = random_hex(16);
        let view = self
            .until_ok(|c| {
                let (start, key) = (start.clone(), key.clone());
                async move { c.post("/registrations", &start, &key).await }
            })
            .await;
        let id = view["id"].as_str().unwrap().to_owned();

        // The code arrives through the delivery job, whichever process runs it.
        let code = loop {
            let outbox = self
                .until_ok(|c| async move { c.get("/demo/outbox").await })
                .await;
            let code = outbox["messages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["to"] == contact.as_str())
                .and_then(|m| extract_code(m["body"].as_str().unwrap_or_default()));
            if let Some(code) = code {
                break code;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };

        let confirm = json!({ "code": code });
        let key = random_hex(16);
        let path = format!("/registrations/{id}/confirm");
        self.until_ok(|c| {
            let (confirm, key, path) = (confirm.clone(), key.clone(), path.clone());
            async move { c.post(&path, &confirm, &key).await }
        })
        .await;

        let set = json!({"password": password, "password_repeat": password});
        let key = random_hex(16);
        let path = format!("/registrations/{id}/password");
        let grant = self
            .until_ok(|c| {
                let (set, key, path) = (set.clone(), key.clone(), path.clone());
                async move { c.post(&path, &set, &key).await }
            })
            .await;
        assert!(grant["refresh_token"].is_string(), "{contact}: {grant}");
        (contact, password)
    }
}
