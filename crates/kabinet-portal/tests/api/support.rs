//! Test harness: starts a portal on port 0 with a test clock and a fresh database,
//! and talks to it through reqwest over rustls, trusting only its certificate.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::sync::{Arc, Mutex};

use kabinet_core::api::{OutboxMessage, SessionGrant};
use kabinet_portal::{Application, PortalConfig, RunningPortal, TestClock};
use rand::RngCore;
use serde_json::{Value, json};
use sqlx::Connection;

pub use time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates `mod <scenario> { sqlite, postgres }` tests for `async fn <scenario>(t: T)`;
/// `both_backends!(with tweak: a, b)` first applies `fn tweak(&mut PortalConfig)`;
/// `both_backends!(from start: a, b)` starts the clock at `fn start() -> OffsetDateTime`.
macro_rules! both_backends {
    (from $start:ident: $($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::run_from($crate::support::Backend::Sqlite, super::$start(), super::$name).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::run_from($crate::support::Backend::Postgres, super::$start(), super::$name).await;
            }
        }
    )*};
    (with $tweak:ident: $($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::run_with($crate::support::Backend::Sqlite, super::$tweak, super::$name).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::run_with($crate::support::Backend::Postgres, super::$tweak, super::$name).await;
            }
        }
    )*};
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::run($crate::support::Backend::Sqlite, super::$name).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::run($crate::support::Backend::Postgres, super::$name).await;
            }
        }
    )*};
}

pub type T = Arc<TestPortal>;

pub struct TestPortal {
    pub api: String,
    pub client: reqwest::Client,
    pub clock: Arc<TestClock>,
    pub backend: Backend,
    /// The database and server key: a second instance can share them.
    pub database_url: String,
    pub key_file: std::path::PathBuf,
    /// The certificate to trust and the port, for raw TLS connections.
    pub cert_pem: String,
    pub port: u16,
    running: Mutex<Option<RunningPortal>>,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    pub text: String,
    pub json: Value,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or("")
    }

    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    #[track_caller]
    pub fn expect_error(self, status: u16, code: &str) -> Self {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "body: {}",
            self.text
        );
        assert!(
            self.json["message"].is_string(),
            "an ApiError has a message: {}",
            self.text
        );
        self
    }
}

pub fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn with_database(admin_url: &str, db: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{host_part}/{db}{query}")
}

pub async fn run<F, Fut>(backend: Backend, body: F)
where
    F: FnOnce(T) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_with(backend, |_| {}, body).await;
}

/// [`run`] with the portal's clock starting at `start`.
pub async fn run_from<F, Fut>(backend: Backend, start: time::OffsetDateTime, body: F)
where
    F: FnOnce(T) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(portal) =
        TestPortal::launch_on(backend, Arc::new(TestClock::new(start)), |_| {}).await
    else {
        eprintln!("SKIPPED (PostgreSQL variant): KABINET_TEST_POSTGRES_URL is not set");
        return;
    };
    finish(Arc::new(portal), body).await;
}

/// [`run`] with a chance to adjust the portal's configuration first.
pub async fn run_with<F, Fut>(backend: Backend, tweak: impl FnOnce(&mut PortalConfig), body: F)
where
    F: FnOnce(T) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(portal) = TestPortal::launch_with(backend, tweak).await else {
        eprintln!("SKIPPED (PostgreSQL variant): KABINET_TEST_POSTGRES_URL is not set");
        return;
    };
    finish(Arc::new(portal), body).await;
}

async fn finish<F, Fut>(portal: T, body: F)
where
    F: FnOnce(T) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let outcome = tokio::spawn(body(portal.clone())).await;
    portal.stop().await;
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("test task failed: {e}");
    }
}

impl TestPortal {
    pub async fn launch(backend: Backend) -> Option<TestPortal> {
        Self::launch_with(backend, |_| {}).await
    }

    /// Like [`Self::launch`], with a chance to adjust the configuration.
    pub async fn launch_with(
        backend: Backend,
        tweak: impl FnOnce(&mut PortalConfig),
    ) -> Option<TestPortal> {
        Self::launch_on(backend, Arc::new(TestClock::starting_now()), tweak).await
    }

    /// Like [`Self::launch_with`], on this clock.
    pub async fn launch_on(
        backend: Backend,
        clock: Arc<TestClock>,
        tweak: impl FnOnce(&mut PortalConfig),
    ) -> Option<TestPortal> {
        let dir = tempfile::tempdir().expect("tempdir");
        let (database_url, pg) = match backend {
            Backend::Sqlite => (
                kabinet_portal::sqlite_url(&dir.path().join("portal.db")),
                None,
            ),
            Backend::Postgres => {
                let admin = std::env::var("KABINET_TEST_POSTGRES_URL")
                    .ok()
                    .filter(|u| !u.is_empty())?;
                let name = format!("t_{}", random_hex(8));
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .expect("connect to the admin database");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .expect("create database");
                conn.close().await.ok();
                (with_database(&admin, &name), Some((admin, name)))
            }
        };
        let key_file = dir.path().join("portal.key");
        let mut portal = Self::instance(backend, &database_url, &key_file, clock, tweak).await;
        portal._dir = Some(dir);
        portal.pg = pg;
        Some(portal)
    }

    /// A portal instance on an existing database and key (another instance of the
    /// same deployment, or the same one after a restart). It does not own the
    /// database: stopping it leaves the data.
    pub async fn instance(
        backend: Backend,
        database_url: &str,
        key_file: &std::path::Path,
        clock: Arc<TestClock>,
        tweak: impl FnOnce(&mut PortalConfig),
    ) -> TestPortal {
        let mut config = PortalConfig::embedded(key_file.with_extension("unused.db"), true);
        config.database_url = database_url.to_owned();
        config.secret_key_file = Some(key_file.to_owned());
        config.clock = clock.clone();
        config.jobs.poll = std::time::Duration::from_millis(50);
        config.registry_delay = std::time::Duration::ZERO;
        config.post_delay = std::time::Duration::ZERO;
        config.agency_delay = std::time::Duration::ZERO;
        tweak(&mut config);
        let app = Application::build(config).await.expect("portal builds");
        let port = app.local_addr().port();
        let cert_pem = app.certificate_pem();
        let cert = reqwest::Certificate::from_pem(cert_pem.as_bytes()).expect("certificate PEM");
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(cert)
            .build()
            .expect("client");
        let running = app.spawn();
        TestPortal {
            api: format!("https://127.0.0.1:{port}/api/v1"),
            client,
            clock,
            backend,
            database_url: database_url.to_owned(),
            key_file: key_file.to_owned(),
            cert_pem,
            port,
            running: Mutex::new(Some(running)),
            _dir: None,
            pg: None,
        }
    }

    /// Another instance on this portal's database, key and clock.
    pub async fn sibling(&self, tweak: impl FnOnce(&mut PortalConfig)) -> TestPortal {
        Self::instance(
            self.backend,
            &self.database_url,
            &self.key_file,
            self.clock.clone(),
            tweak,
        )
        .await
    }

    /// The configuration an admin command (create-operator, create-agency-client)
    /// runs with against this portal's database and key.
    pub fn admin_config(&self) -> PortalConfig {
        let mut config = PortalConfig::embedded(self.key_file.with_extension("x.db"), true);
        config.database_url = self.database_url.clone();
        config.secret_key_file = Some(self.key_file.clone());
        config.clock = self.clock.clone();
        config
    }

    /// Sets the portal's clock.
    pub fn set_now(&self, to: time::OffsetDateTime) {
        self.clock.set(to);
    }

    /// A direct connection to the database, to check what is stored.
    pub async fn db(&self) -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect(&self.database_url)
            .await
            .expect("connect to the portal's database")
    }

    /// Waits (up to 20 s) until `check` holds.
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = bool>,
    {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !check().await {
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting: {what}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    pub async fn stop(&self) {
        let running = self.running.lock().unwrap().take();
        if let Some(running) = running {
            running.shutdown().await;
        }
        if let Some((admin, name)) = &self.pg {
            let mut conn = sqlx::PgConnection::connect(admin)
                .await
                .expect("connect to the admin database");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await
                .expect("drop database");
            conn.close().await.ok();
        }
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Any request; `key`: the Idempotency-Key, `None` to omit it.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<(&str, &[u8])>,
        key: Option<&str>,
        token: Option<&str>,
    ) -> Resp {
        let mut req = self.client.request(method, format!("{}{path}", self.api));
        if let Some((content_type, bytes)) = body {
            req = req
                .header("content-type", content_type)
                .body(bytes.to_vec());
        }
        if let Some(key) = key {
            req = req.header("idempotency-key", key);
        }
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        Self::complete(req).await
    }

    /// A keyed JSON POST with one extra header (e.g. `X-Forwarded-For`).
    pub async fn send_with_header(&self, path: &str, body: &Value, header: (&str, &str)) -> Resp {
        let req = self
            .client
            .post(format!("{}{path}", self.api))
            .header("content-type", "application/json")
            .header("idempotency-key", random_hex(16))
            .header(header.0, header.1)
            .body(serde_json::to_vec(body).unwrap());
        Self::complete(req).await
    }

    async fn complete(req: reqwest::RequestBuilder) -> Resp {
        let response = req.send().await.expect("request reaches the portal");
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        assert!(
            response.headers().contains_key("x-request-id"),
            "every response carries a request id"
        );
        let text = response.text().await.expect("body");
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("JSON body")
        };
        Resp {
            status,
            retry_after,
            text,
            json,
        }
    }

    pub async fn post_keyed(&self, path: &str, body: &Value, key: &str) -> Resp {
        let bytes = serde_json::to_vec(body).unwrap();
        self.send(
            reqwest::Method::POST,
            path,
            Some(("application/json", &bytes)),
            Some(key),
            None,
        )
        .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        self.post_keyed(path, body, &random_hex(16)).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.send(reqwest::Method::GET, path, None, None, token)
            .await
    }

    pub async fn outbox(&self) -> Vec<OutboxMessage> {
        let r = self.get("/demo/outbox", None).await.expect(200);
        serde_json::from_value::<kabinet_core::api::OutboxList>(r.json)
            .unwrap()
            .messages
    }

    pub async fn messages_to(&self, to: &str) -> Vec<OutboxMessage> {
        self.outbox()
            .await
            .into_iter()
            .filter(|m| m.to == to)
            .collect()
    }

    /// The code in the newest message to `to`.
    pub async fn latest_code(&self, to: &str) -> String {
        let messages = self.messages_to(to).await;
        let newest = messages.first().expect("a message was sent");
        extract_code(&newest.body).expect("the message carries a code")
    }

    /// Starts a registration; returns its id.
    pub async fn start(&self, surname: &str, first_name: &str, contact: &str) -> String {
        let r = self
            .post(
                "/registrations",
                &json!({"surname": surname, "first_name": first_name, "contact": contact}),
            )
            .await
            .expect(202);
        r.json["id"].as_str().unwrap().to_owned()
    }

    /// Registers and sets the password; `to` is the normalised contact.
    pub async fn register(
        &self,
        surname: &str,
        contact: &str,
        to: &str,
        password: &str,
    ) -> SessionGrant {
        let id = self.start(surname, "Иван", contact).await;
        let code = self.latest_code(to).await;
        self.post(
            &format!("/registrations/{id}/confirm"),
            &json!({"code": code}),
        )
        .await
        .expect(200);
        let r = self
            .post(
                &format!("/registrations/{id}/password"),
                &json!({"password": password, "password_repeat": password}),
            )
            .await
            .expect(201);
        serde_json::from_value(r.json).unwrap()
    }

    /// A sign-in as forwarded for the client `forwarded` (`X-Forwarded-For`).
    pub async fn sign_in_from(&self, login: &str, password: &str, forwarded: &str) -> Resp {
        self.send_with_header(
            "/sessions",
            &json!({"login": login, "password": password}),
            ("x-forwarded-for", forwarded),
        )
        .await
    }

    pub async fn sign_in(&self, login: &str, password: &str) -> Resp {
        self.post("/sessions", &json!({"login": login, "password": password}))
            .await
    }
}

/// The first run of exactly six digits.
pub fn extract_code(body: &str) -> Option<String> {
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 6 {
                return Some(chars[start..i].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    None
}

pub const PASSWORD: &str = "correct horse battery staple";
