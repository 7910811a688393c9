//! The portal as a running thing: [`Application::build`] (migrate, key, demo data,
//! TLS, bind) → [`Application::spawn`] (serve + background jobs) →
//! [`RunningPortal::shutdown`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::PortalError;
use crate::config::PortalConfig;
use crate::platform::db::Db;
use crate::platform::jobs::{self, Jobs, JobsConfig, Registry};
use crate::platform::state::{AppState, Inner};

/// Every job kind the portal runs, with its handler.
fn registry() -> Registry {
    Registry::default()
        .on(
            crate::platform::messaging::DELIVER_JOB,
            crate::platform::messaging::deliver,
        )
        .on(
            crate::platform::state::SWEEP_JOB,
            crate::platform::state::sweep_job,
        )
        .on(
            crate::identity::profile::CHECK_JOB,
            crate::identity::profile::check_job,
        )
        .on(
            crate::identity::letter::POST_JOB,
            crate::identity::letter::post_job,
        )
        .on(
            crate::services::agency::AGENCY_JOB,
            crate::services::agency::agency_job,
        )
        .on(
            crate::services::exchange::EXCHANGE_JOB,
            crate::services::exchange::exchange_job,
        )
        .on(
            crate::pension::payments::PAYDAY_JOB,
            crate::pension::payments::payday_job,
        )
        .on(crate::support::REPLY_JOB, crate::support::reply_job)
        .on(
            crate::pension::requests::REPLY_JOB,
            crate::pension::requests::reply_job,
        )
}

/// Connects and applies the migrations for the configured backend.
pub async fn migrate(config: &PortalConfig) -> Result<(), PortalError> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    db.pool.close().await;
    Ok(())
}

async fn prepare(
    config: &PortalConfig,
    signer: Option<Arc<crate::platform::signing::DocumentSigner>>,
) -> Result<AppState, PortalError> {
    let pension_params_toml: Arc<str> =
        crate::pension::load_table(config.pension_params_file.as_deref())?.into();
    let pension_params = Arc::new(
        kabinet_core::pension::PensionParams::from_toml(&pension_params_toml)
            .map_err(|e| PortalError::Config(format!("pension_params_file: {e}")))?,
    );
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let key = crate::platform::keys::ServerKey::load_or_create(&config.secret_key_path())?;
    let state = AppState(Arc::new(Inner {
        db,
        key,
        clock: config.clock.clone(),
        hasher: crate::auth::passwords::PasswordHasher::with_limits(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            config.password_hash_queue,
        ),
        outbox: crate::platform::messaging::Outbox::new(config.smtp.as_ref())?,
        jobs: Jobs::default(),
        read_timeout: config.read_timeout,
        demo: config.demo,
        trusted_proxies: config.trusted_proxies.clone(),
        instance_id: crate::platform::keys::random_id(),
        registries: Arc::new(
            crate::identity::registries::Registries::development().map_err(PortalError::Config)?,
        ),
        registry_delay: time::Duration::try_from(config.registry_delay)
            .unwrap_or(time::Duration::ZERO),
        post_delay: time::Duration::try_from(config.post_delay).unwrap_or(time::Duration::ZERO),
        agency_delay: time::Duration::try_from(config.agency_delay).unwrap_or(time::Duration::ZERO),
        exchange_down: config.exchange_down.clone(),
        exchange_deadline: time::Duration::try_from(config.exchange_deadline)
            .unwrap_or(crate::services::exchange::DEADLINE),
        session_cache: crate::platform::cache::TtlCache::new(
            crate::platform::state::SESSION_CACHE_TTL,
            100_000,
        ),
        account_cache: crate::platform::cache::TtlCache::new(
            crate::platform::state::SESSION_CACHE_TTL,
            100_000,
        ),
        signer,
        pension_params_toml,
        pension_params,
        events: crate::notifications::Hub::new(&config.database_url),
    }));
    Ok(state)
}

/// The admin command: re-enables password sign-in for the account with this login
/// (phone or e-mail) after [`crate::identity::accounts::MAX_CONSECUTIVE_FAILURES`]
/// failures. `Ok(false)`: no such account.
pub async fn enable_password_sign_in(
    config: &PortalConfig,
    login: &str,
) -> Result<bool, PortalError> {
    let contact = kabinet_core::auth::contact::Contact::parse(login)
        .map_err(|e| PortalError::Config(format!("login: {e}")))?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let done = crate::identity::accounts::enable_password_sign_in(&db.pool, &contact)
        .await
        .map_err(|e| PortalError::Database(e.to_string()));
    db.pool.close().await;
    done
}

/// The admin command `pay-pensions`: credits every pension due today now, without
/// waiting for the hourly payday (after the fund's data was loaded, say). Safe to
/// run beside the portal: each month is credited and told once. Returns how many.
pub async fn pay_pensions(config: &PortalConfig) -> Result<usize, PortalError> {
    let state = prepare(config, None).await?;
    let paid = crate::pension::payments::payday(&state)
        .await
        .map_err(|e| PortalError::Database(e.reason));
    state.db.pool.close().await;
    paid
}

/// Creates a service-centre operator (the `create-operator` admin command).
pub async fn create_operator(
    config: &PortalConfig,
    new: &crate::staff::operators::NewOperator,
) -> Result<crate::staff::operators::CreatedOperator, PortalError> {
    let state = prepare(config, None).await?;
    let created = crate::staff::operators::create(&state, new, None).await;
    state.db.pool.close().await;
    created
}

/// The `create-agency-client` admin command: a credential for an authority's own
/// system to work its applications (the demo agency then leaves them to it).
pub async fn create_agency_client(
    config: &PortalConfig,
    authority: &str,
) -> Result<crate::services::agency::CreatedAgencyClient, PortalError> {
    let state = prepare(config, None).await?;
    let created = crate::services::agency::create_client(&state, authority).await;
    state.db.pool.close().await;
    created
}

/// What `load-reports` did with one file.
#[derive(Debug)]
pub enum ReportOutcome {
    Loaded {
        entries: usize,
    },
    /// The same bytes were loaded before: nothing changed.
    AlreadyLoaded {
        loaded_at: i64,
    },
    /// Nothing of the file was loaded: every problem, with where it is.
    Refused(Vec<crate::pension::reports::Problem>),
}

/// The `load-reports` admin command: each file read, checked and loaded in its own
/// transaction (all of it or nothing), in order.
pub async fn load_reports(
    config: &PortalConfig,
    files: &[std::path::PathBuf],
) -> Result<Vec<ReportOutcome>, PortalError> {
    let state = prepare(config, None).await?;
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let bytes =
            std::fs::read(path).map_err(|e| PortalError::Io(format!("{}: {e}", path.display())));
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                state.db.pool.close().await;
                return Err(e);
            }
        };
        out.push(load_report(&state, &path.display().to_string(), &bytes).await?);
    }
    state.db.pool.close().await;
    Ok(out)
}

/// One report file's bytes into the record (the admin command, and tests).
pub async fn load_report(
    state: &AppState,
    name: &str,
    bytes: &[u8],
) -> Result<ReportOutcome, PortalError> {
    let digest = crate::pension::store::digest(bytes);
    let batch = match crate::pension::reports::parse(bytes, state.now().date()) {
        Ok(b) => b,
        Err(problems) => return Ok(ReportOutcome::Refused(problems)),
    };
    let loaded = crate::pension::store::load(state, name, &digest, &batch)
        .await
        .map_err(|e| PortalError::Database(format!("loading {name}: {e}")))?;
    Ok(match loaded {
        crate::pension::store::Loaded::New { entries } => ReportOutcome::Loaded { entries },
        crate::pension::store::Loaded::Already { loaded_at } => {
            ReportOutcome::AlreadyLoaded { loaded_at }
        }
    })
}

/// Loads the demo data (idempotent). `Ok(true)` if something was added.
pub async fn load_demo_data(config: &PortalConfig) -> Result<bool, PortalError> {
    let state = prepare(config, None).await?;
    let added = crate::demo::load(&state).await;
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
    jobs: JobsConfig,
    read_timeout: Duration,
    connections: crate::platform::http::connections::ConnectionLimit,
}

impl Application {
    /// Connects and migrates the database, reads or creates the server key, loads
    /// demo data in demo mode, prepares TLS and binds the listener (port 0 is fine).
    pub async fn build(config: PortalConfig) -> Result<Application, PortalError> {
        config.validate()?;
        let identity = crate::platform::http::tls::load(&config.tls)?;
        let state = prepare(&config, identity.signer.clone()).await?;
        if config.demo {
            crate::demo::load(&state).await?;
        }
        // Alive before the first request: another instance must not take over the
        // claims this one is about to hold.
        crate::platform::state::heartbeat(&state)
            .await
            .map_err(|e| PortalError::Database(e.to_string()))?;
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
            jobs: config.jobs.clone(),
            read_timeout: config.read_timeout,
            connections: crate::platform::http::connections::ConnectionLimit::new(
                config.max_connections_per_client,
                &config.trusted_proxies,
            ),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The certificate a client should trust (pin): for a generated identity, the
    /// development CA that issued the TLS and document-signing certificates; for
    /// configured files, the chain as read.
    pub fn certificate_pem(&self) -> String {
        self.certificate_pem.clone()
    }

    /// Starts serving on the current tokio runtime.
    pub fn spawn(self) -> RunningPortal {
        let handle = axum_server::Handle::new();
        let app = crate::platform::http::router(self.state.clone());
        let rustls_config = axum_server::tls_rustls::RustlsConfig::from_config(self.tls);
        // Connections are counted per client before the TLS handshake starts.
        let acceptor =
            axum_server::tls_rustls::RustlsAcceptor::new(rustls_config).acceptor(self.connections);
        let mut server = axum_server::from_tcp(self.listener)
            .acceptor(acceptor)
            .handle(handle.clone());
        // A client that sends its headers slowly (or never) is cut off; the TLS
        // handshake has its own 10-second limit, the body its own (idempotency layer).
        server
            .http_builder()
            .http1()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(self.read_timeout);
        server
            .http_builder()
            .http2()
            .timer(hyper_util::rt::TokioTimer::new());
        let task = tokio::spawn(async move {
            server
                .serve(app.into_make_service_with_connect_info::<SocketAddr>())
                .await
        });
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let heartbeat = {
            let state = self.state.clone();
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(crate::platform::state::HEARTBEAT_EVERY) => {}
                        _ = stopped.changed() => return,
                    }
                    if let Err(e) = crate::platform::state::heartbeat(&state).await {
                        tracing::warn!(cause = %e, "heartbeat failed");
                    }
                }
            })
        };
        let listener = tokio::spawn(crate::notifications::listen(
            self.state.clone(),
            stopped.clone(),
        ));
        let workers = if self.jobs.run {
            let state = self.state.clone();
            let config = self.jobs.clone();
            Some(tokio::spawn(async move {
                if let Err(e) = crate::platform::state::schedule_sweep(&state).await {
                    tracing::warn!(cause = %e, "scheduling the retention sweep failed");
                }
                if let Err(e) = crate::pension::payments::schedule(&state).await {
                    tracing::warn!(cause = %e, "scheduling the pension payday failed");
                }
                jobs::work(state, registry(), config, stopped).await;
            }))
        } else {
            None
        };
        RunningPortal {
            handle,
            task,
            workers,
            heartbeat,
            listener,
            stop,
            local_addr: self.local_addr,
            state: self.state,
        }
    }
}

/// A serving portal.
pub struct RunningPortal {
    handle: axum_server::Handle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    workers: Option<tokio::task::JoinHandle<()>>,
    heartbeat: tokio::task::JoinHandle<()>,
    listener: tokio::task::JoinHandle<()>,
    stop: tokio::sync::watch::Sender<bool>,
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
        // Open event streams would otherwise hold the graceful shutdown for its 10 s.
        self.state.events.stop();
        self.handle.graceful_shutdown(Some(Duration::from_secs(10)));
        self.wait().await;
    }

    /// Waits until the server stops (after [`Self::shutdown`] or a fatal error).
    async fn wait(self) {
        // The worker finishes the job in hand, then stops (an unfinished job's lease
        // runs out and it is taken again: at least once).
        let _ = self.stop.send(true);
        if let Some(workers) = self.workers {
            let _ = workers.await;
        }
        let _ = self.heartbeat.await;
        let _ = self.listener.await;
        match self.task.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(cause = %e, "server stopped with an error"),
            Err(e) => tracing::error!(cause = %e, "server task failed"),
        }
        self.state.db.pool.close().await;
        tracing::info!("portal stopped");
    }
}
