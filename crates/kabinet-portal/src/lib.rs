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
//! - Every state-changing request needs an `Idempotency-Key`; see [`idempotency`].
//! - Every error is a typed `ApiError {code, message, field?}` — including malformed
//!   JSON, wrong content type, oversized bodies (> 64 KiB), unknown routes, panics.
//! - Stored secrets are keyed hashes (HMAC-SHA256 under the server key, see [`keys`])
//!   or Argon2id (passwords); responses never reveal whether an account exists.
//! - Logs carry request ids and route templates, never personal data.
//! - Time comes from an injected [`Clock`]; randomness from the OS (`OsRng`).

mod client;
mod clock;
mod config;
mod db;
mod demo;
mod error;
mod extract;
pub mod idempotency;
pub mod keys;
mod outbox;
pub mod passwords;
mod registration;
mod routes;
mod sessions;
mod state;
mod telemetry;
mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use client::IpNet;
pub use clock::{Clock, SystemClock, TestClock};
pub use config::{PortalConfig, SmtpConfig, SmtpSecurity, TlsConfig, sqlite_url};
pub use demo::{DEMO_LOGIN, DEMO_PASSWORD};
pub use error::status_for;
pub use routes::ApiDoc;
pub use sessions::{MAX_FAILURES_PER_CLIENT, MAX_FAILURES_PER_LOGIN};
pub use telemetry::init_subscriber;

use crate::db::Db;
use crate::state::{AppState, Inner};

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

/// Connects and applies the migrations for the configured backend.
pub async fn migrate(config: &PortalConfig) -> Result<(), PortalError> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    db.pool.close().await;
    Ok(())
}

async fn prepare(config: &PortalConfig) -> Result<AppState, PortalError> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let key = keys::ServerKey::load_or_create(&config.secret_key_path())?;
    let state = AppState(Arc::new(Inner {
        db,
        key,
        clock: config.clock.clone(),
        hasher: passwords::PasswordHasher::new(),
        outbox: outbox::Outbox::new(config.smtp.as_ref())?,
        demo: config.demo,
        trusted_proxies: config.trusted_proxies.clone(),
    }));
    Ok(state)
}

/// Loads the demo data (idempotent). `Ok(true)` if something was added.
pub async fn load_demo_data(config: &PortalConfig) -> Result<bool, PortalError> {
    let state = prepare(config).await?;
    let added = demo::load(&state).await;
    state.db.pool.close().await;
    added
}

/// A built portal: migrated, bound, not yet serving.
pub struct Application {
    state: AppState,
    listener: std::net::TcpListener,
    local_addr: SocketAddr,
    certificate_pem: String,
    tls: Arc<rustls::ServerConfig>,
}

impl Application {
    /// Connects and migrates the database, reads or creates the server key, loads
    /// demo data in demo mode, prepares TLS and binds the listener (port 0 is fine).
    pub async fn build(config: PortalConfig) -> Result<Application, PortalError> {
        let identity = tls::load(&config.tls)?;
        let state = prepare(&config).await?;
        if config.demo {
            demo::load(&state).await?;
        }
        let listener = std::net::TcpListener::bind(config.bind)
            .map_err(|e| PortalError::Io(format!("binding {}: {e}", config.bind)))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| PortalError::Io(e.to_string()))?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| PortalError::Io(e.to_string()))?;
        tracing::info!(%local_addr, demo = config.demo, backend = ?state.db.backend, "portal ready");
        Ok(Application {
            state,
            listener,
            local_addr,
            certificate_pem: identity.certificate_pem,
            tls: identity.server_config,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The certificate a client should trust (pin): for a self-signed pair, the
    /// certificate itself; for configured files, the chain as read.
    pub fn certificate_pem(&self) -> String {
        self.certificate_pem.clone()
    }

    /// Starts serving on the current tokio runtime.
    pub fn spawn(self) -> RunningPortal {
        let handle = axum_server::Handle::new();
        let app = routes::router(self.state.clone());
        let rustls_config = axum_server::tls_rustls::RustlsConfig::from_config(self.tls);
        let server =
            axum_server::from_tcp_rustls(self.listener, rustls_config).handle(handle.clone());
        let task = tokio::spawn(async move {
            server
                .serve(app.into_make_service_with_connect_info::<SocketAddr>())
                .await
        });
        let sweep_state = self.state.clone();
        let sweeper = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(3600));
            loop {
                every.tick().await;
                if let Err(e) = state::sweep(&sweep_state).await {
                    tracing::warn!(cause = %e, "sweeping old records failed");
                }
            }
        });
        RunningPortal {
            handle,
            task,
            sweeper,
            local_addr: self.local_addr,
            state: self.state,
        }
    }
}

/// A serving portal.
pub struct RunningPortal {
    handle: axum_server::Handle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    sweeper: tokio::task::JoinHandle<()>,
    local_addr: SocketAddr,
    state: AppState,
}

impl RunningPortal {
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting connections, lets in-flight requests finish (up to 10 s),
    /// then closes the database pool.
    pub async fn shutdown(self) {
        self.handle.graceful_shutdown(Some(Duration::from_secs(10)));
        self.wait().await;
    }

    /// Waits until the server stops (after [`Self::shutdown`] or a fatal error).
    async fn wait(self) {
        self.sweeper.abort();
        match self.task.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(cause = %e, "server stopped with an error"),
            Err(e) => tracing::error!(cause = %e, "server task failed"),
        }
        self.state.db.pool.close().await;
        tracing::info!("portal stopped");
    }
}
