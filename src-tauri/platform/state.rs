//! The app state managed by Tauri: configuration, where things live, the local
//! store, the vault, the portal connection and the in-memory access token. The
//! features add their flows as `impl Kabinet` blocks in their `flow.rs`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use kabinet_core::secret::SecretString as Secret;
use tokio::sync::OnceCell;

use super::config::{Config, PortalTarget};
use super::embedded::Embedded;
use super::error::{AppError, AppResult, ClientCode};
use super::files;
use super::portal::PortalClient;
use super::store::Store;
use super::vault::Vault;
use crate::guest::GuestDir;

/// A portal we can talk to.
pub struct PortalConn {
    pub client: PortalClient,
    /// `embedded` or the configured URL: scopes the keyring entry and the draft.
    pub id: String,
    pub demo: bool,
    /// The PEM the client pins (the configured CA file, or the embedded portal's
    /// CA): also what the portal's signed documents must chain to.
    pub trust_pem: String,
    embedded: Mutex<Option<Embedded>>,
}

/// Where things live on disk (nothing in guest mode, except a temp dir that dies
/// with the session for the embedded portal's database and the webview's leftovers).
pub struct Paths {
    pub data_dir: Option<PathBuf>,
    /// Guest mode: the session's temp dir, locked while this process runs.
    pub guest: Option<GuestDir>,
}

pub struct Inner {
    pub config: Result<Config, String>,
    pub paths: Paths,
    store: Mutex<Store>,
    pub(crate) vault: OnceCell<Arc<Vault>>,
    /// Connected once; a failed start is retried on the next call (the Retry button).
    portal: tokio::sync::Mutex<Option<Arc<PortalConn>>>,
    /// The short-lived access token: memory only.
    access: Mutex<Option<Secret>>,
    /// Operator mode's session token: memory only, never the keyring.
    operator: Mutex<Option<Secret>>,
    /// A recovery of access in progress (its capability id): memory only.
    pub(crate) recovery: Mutex<Option<Secret>>,
    /// The pension parameter table in use, once loaded (`pension/params.rs`).
    pension_params: Mutex<Option<Arc<crate::pension::params::ActiveParams>>>,
    catalogue: Mutex<Option<Arc<crate::services::catalogue::Loaded>>>,
    /// The signed-in account's id, as the portal last said (what local, per-account
    /// things are kept under).
    owner: Mutex<Option<String>>,
}

/// The app state managed by Tauri; cheap to clone into tasks.
#[derive(Clone)]
pub struct Kabinet(pub Arc<Inner>);

impl Kabinet {
    pub fn new(config: Result<Config, String>, data_dir: Option<PathBuf>) -> Self {
        let guest = config.as_ref().map(|c| c.guest).unwrap_or(false);
        let store = match (&data_dir, guest) {
            (Some(dir), false) => files::private_dir(dir)
                .map_err(|e| e.to_string())
                .and_then(|_| Store::open(&dir.join("kabinet.sqlite3")).map_err(|e| e.to_string()))
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "local store could not be opened; using memory");
                    memory_store()
                }),
            _ => memory_store(),
        };
        let guest_dir = if guest {
            GuestDir::create()
                .map_err(|e| tracing::error!(error = %e, "no temp dir for the guest session"))
                .ok()
        } else {
            None
        };
        Self(Arc::new(Inner {
            config,
            paths: Paths {
                data_dir,
                guest: guest_dir,
            },
            store: Mutex::new(store),
            vault: OnceCell::new(),
            portal: tokio::sync::Mutex::new(None),
            access: Mutex::new(None),
            operator: Mutex::new(None),
            recovery: Mutex::new(None),
            pension_params: Mutex::new(None),
            catalogue: Mutex::new(None),
            owner: Mutex::new(None),
        }))
    }

    /// Whether the app talks to its embedded demo portal.
    pub fn embedded_target(&self) -> bool {
        matches!(
            self.0.config.as_ref().map(|c| &c.portal),
            Ok(PortalTarget::Embedded)
        )
    }

    pub fn guest(&self) -> bool {
        self.0.config.as_ref().map(|c| c.guest).unwrap_or(false)
    }

    /// Guest mode: the session's temp dir (embedded portal, webview leftovers).
    pub fn guest_dir(&self) -> Option<PathBuf> {
        self.0.paths.guest.as_ref().map(|g| g.path().to_path_buf())
    }

    /// Deletes the guest session's temp dir (called at exit, which skips destructors).
    pub fn wipe_guest_files(&self) {
        if let Some(dir) = &self.0.paths.guest
            && let Err(e) = dir.wipe()
        {
            tracing::warn!(error = %e, "could not delete the guest session's files");
        }
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the store with an empty in-memory one (the end of a guest session).
    pub(crate) fn forget_store(&self) {
        *self.store() = memory_store();
    }

    pub fn access(&self) -> MutexGuard<'_, Option<Secret>> {
        self.0.access.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn operator(&self) -> MutexGuard<'_, Option<Secret>> {
        self.0.operator.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The signed-in account's id (None signed out).
    pub fn owner(&self) -> MutexGuard<'_, Option<String>> {
        self.0.owner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn params_slot(
        &self,
    ) -> MutexGuard<'_, Option<Arc<crate::pension::params::ActiveParams>>> {
        self.0
            .pension_params
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn catalogue_slot(
        &self,
    ) -> MutexGuard<'_, Option<Arc<crate::services::catalogue::Loaded>>> {
        self.0.catalogue.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn portal_id(&self) -> String {
        match self.0.config.as_ref().map(|c| &c.portal) {
            Ok(PortalTarget::Remote { url, .. }) => url.as_str().trim_end_matches('/').to_owned(),
            _ => "embedded".to_owned(),
        }
    }

    /// The vault, probed once (blocking D-Bus calls run off the async runtime).
    pub async fn vault(&self) -> Arc<Vault> {
        let guest = self.guest();
        let id = self.portal_id();
        self.0
            .vault
            .get_or_init(|| async move {
                if guest {
                    return Arc::new(Vault::guest());
                }
                let probe = tokio::task::spawn_blocking(move || Vault::probe(&id)).await;
                Arc::new(probe.unwrap_or_else(|_| Vault::guest()))
            })
            .await
            .clone()
    }

    /// The portal connection, started once (the embedded portal on first use).
    pub async fn portal(&self) -> AppResult<Arc<PortalConn>> {
        let mut slot = self.0.portal.lock().await;
        if let Some(conn) = slot.as_ref() {
            return Ok(conn.clone());
        }
        let conn = self.connect().await?;
        *slot = Some(conn.clone());
        Ok(conn)
    }

    /// Where the embedded portal keeps its database: the data folder, or in guest
    /// mode a folder of the session's temp dir that a session end can delete whole.
    pub(crate) fn embedded_portal_dir(&self) -> Option<PathBuf> {
        match (&self.0.paths.guest, &self.0.paths.data_dir) {
            (Some(tmp), _) => Some(tmp.path().join("portal")),
            (None, Some(dir)) => Some(dir.clone()),
            (None, None) => None,
        }
    }

    async fn connect(&self) -> AppResult<Arc<PortalConn>> {
        let config = self
            .0
            .config
            .as_ref()
            .map_err(|e| AppError::client(ClientCode::ConfigInvalid, e.clone()))?;
        let id = self.portal_id();
        match &config.portal {
            PortalTarget::Remote { url, ca_path } => {
                let pem = std::fs::read(ca_path).map_err(|e| {
                    AppError::client(
                        ClientCode::ConfigInvalid,
                        format!("portal CA {}: {e}", ca_path.display()),
                    )
                })?;
                let client = PortalClient::new(url.clone(), &pem)?;
                let demo = client.health().await.map(|h| h.demo).unwrap_or(false);
                Ok(Arc::new(PortalConn {
                    client,
                    id,
                    demo,
                    trust_pem: String::from_utf8_lossy(&pem).into_owned(),
                    embedded: Mutex::new(None),
                }))
            }
            PortalTarget::Embedded => {
                let Some(dir) = self.embedded_portal_dir() else {
                    return Err(AppError::client(
                        ClientCode::PortalStartFailed,
                        "no data folder",
                    ));
                };
                let started = std::time::Instant::now();
                let portal = Embedded::start(&dir).await?;
                tracing::info!(
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "embedded portal started"
                );
                let client =
                    PortalClient::new(portal.base.clone(), portal.certificate_pem.as_bytes())?;
                Ok(Arc::new(PortalConn {
                    client,
                    id,
                    demo: true,
                    trust_pem: portal.certificate_pem.clone(),
                    embedded: Mutex::new(Some(portal)),
                }))
            }
        }
    }

    /// Closes the portal connection and stops the embedded portal (on app exit).
    pub async fn shutdown(&self) {
        let conn = self.0.portal.lock().await.take();
        stop(conn).await;
    }

    /// Guest mode with the embedded portal: stops it and deletes its database, so the
    /// next call starts a fresh one (the next person sees no account and no message
    /// of the last). Under the connection's lock, so nothing starts it meanwhile.
    pub(crate) async fn discard_embedded_portal(&self) {
        let embedded = matches!(
            self.0.config.as_ref().map(|c| &c.portal),
            Ok(PortalTarget::Embedded)
        );
        if !embedded || self.0.paths.guest.is_none() {
            return;
        }
        let mut slot = self.0.portal.lock().await;
        stop(slot.take()).await;
        if let Some(dir) = self.embedded_portal_dir()
            && let Err(e) = std::fs::remove_dir_all(&dir)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, "could not delete the guest session's portal");
        }
    }
}

async fn stop(conn: Option<Arc<PortalConn>>) {
    if let Some(conn) = conn {
        let embedded = conn
            .embedded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(e) = embedded {
            e.shutdown().await;
        }
    }
}

fn memory_store() -> Store {
    // An in-memory SQLite database cannot fail to open short of allocation failure.
    #[allow(clippy::expect_used)]
    Store::in_memory().expect("in-memory SQLite")
}
