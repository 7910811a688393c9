//! `kabinet-portal`: the portal API server — REST/JSON under `/api/v1` (the wire
//! types live in [`kabinet_core::api`]) over HTTPS (axum 0.8, rustls with `ring`),
//! on SQLite (default) or PostgreSQL, with an outbox adapter for SMS and e-mail.
//!
//! It owns registration of simplified accounts (name + phone or e-mail → one-time
//! code → password), sessions (opaque access/refresh tokens) and the demo inbox.
//! Domain rules (contacts, names, password policy, code limits) come from
//! `kabinet-core`; this crate stores, hashes, sends and serves.
//!
//! # Embedding (the desktop app's in-process demo portal)
//! ```no_run
//! # async fn demo() -> Result<(), kabinet_portal::PortalError> {
//! use kabinet_portal::{Application, PortalConfig};
//! // loopback, port 0, self-signed certificate, SQLite file (+ key file next to it)
//! let config = PortalConfig::embedded("/path/to/portal.db", true);
//! let portal = Application::build(config).await?;  // migrates, loads demo data, binds
//! let addr = portal.local_addr();                   // the actual port
//! let pem = portal.certificate_pem();               // pin this certificate in the client
//! let running = portal.spawn();                     // serves on the current tokio runtime
//! // … https://localhost:{port}/api/v1/… (the certificate is for `localhost` and `127.0.0.1`)
//! running.shutdown().await;                         // graceful: in-flight requests finish
//! # let _ = (addr, pem); Ok(()) }
//! ```
//!
//! # Running standalone
//! `kabinet-portal [--config PATH] [serve|migrate|demo-data]`; configuration from
//! the TOML file, then `KABINET_PORTAL_*` variables (see [`PortalConfig`] for the
//! keys). Data: the database (`sqlite://kabinet-portal.db` by default, WAL mode) and
//! the 32-byte server key file (`<sqlite file>.key`, or `kabinet-portal.key` in the
//! working directory for PostgreSQL, or `secret_key_file`), created on first start
//! with mode 0600. Losing the key invalidates pending codes, registrations and
//! sessions (their stored hashes can no longer be matched); passwords survive.
//!
//! # Invariants
//! - Every state-changing request needs an `Idempotency-Key`; see [`platform::http::idempotency`].
//! - Every error is a typed `ApiError {code, message, field?}` — including malformed
//!   JSON, wrong content type, oversized bodies (> 64 KiB), unknown routes, panics.
//! - Stored secrets are keyed hashes (HMAC-SHA256 under the server key, see [`platform::keys`])
//!   or Argon2id (passwords); responses never reveal whether an account exists.
//! - Logs carry request ids and route templates, never personal data.
//! - Time comes from an injected [`Clock`]; randomness from the OS (`OsRng`).

mod app;
pub mod auth;
mod config;
mod demo;
mod identity;
mod notifications;
pub mod pension;
pub mod platform;
mod services;
mod staff;
mod support;

pub use app::{
    Application, ReportOutcome, RunningPortal, create_agency_client, create_operator,
    enable_password_sign_in, load_demo_data, load_report, load_reports, migrate, pay_pensions,
};
pub use auth::sessions::{MAX_FAILURES_PER_CLIENT, MAX_FAILURES_PER_LOGIN};
pub use config::{PortalConfig, SmtpConfig, SmtpSecurity, TlsConfig, sqlite_url};
pub use demo::{DEMO_LOGIN, DEMO_PASSWORD};
pub use platform::clock::{Clock, SystemClock, TestClock};
pub use platform::http::ApiDoc;
pub use platform::http::client_ip::IpNet;
pub use platform::http::error::status_for;
pub use platform::http::telemetry::init_subscriber;
pub use services::agency::CreatedAgencyClient;
pub use staff::operators::{CreatedOperator, NewOperator};

/// Why the portal could not start (or stop cleanly).
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("I/O: {0}")]
    Io(String),
}
