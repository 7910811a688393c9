//! Services behind the commands: the app state, the session and registration flows,
//! the local store, the vault, and the portal client.

pub mod embedded;
#[cfg(all(test, feature = "embedded-portal"))]
mod flow_tests;
pub mod portal_client;
pub mod scenarios;
pub mod session;
pub mod store;
pub mod vault;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::OnceCell;

use crate::config::{Config, PortalTarget};
use crate::dto::{Language, PortalMode, Shell};
use crate::error::{AppError, AppResult, ClientCode};
use crate::secret::Secret;
use embedded::Embedded;
use portal_client::PortalClient;
use store::Store;
use vault::Vault;

/// A portal we can talk to.
pub struct PortalConn {
    pub client: PortalClient,
    /// `embedded` or the configured URL: scopes the keyring entry and the draft.
    pub id: String,
    pub demo: bool,
    embedded: Mutex<Option<Embedded>>,
}

/// Where things live on disk (nothing in guest mode, except a temp dir that dies
/// with the session for the embedded portal's database).
pub struct Paths {
    pub data_dir: Option<PathBuf>,
    /// Guest mode: the embedded portal's temp dir, removed on drop.
    pub guest_tmp: Option<tempfile::TempDir>,
}

pub struct Inner {
    pub config: Result<Config, String>,
    pub paths: Paths,
    store: Mutex<Store>,
    vault: OnceCell<Arc<Vault>>,
    /// Connected once; a failed start is retried on the next call (the Retry button).
    portal: tokio::sync::Mutex<Option<Arc<PortalConn>>>,
    /// The short-lived access token: memory only.
    access: Mutex<Option<Secret>>,
}

/// The app state managed by Tauri; cheap to clone into tasks.
#[derive(Clone)]
pub struct Kabinet(pub Arc<Inner>);

impl Kabinet {
    pub fn new(config: Result<Config, String>, data_dir: Option<PathBuf>) -> Self {
        let guest = config.as_ref().map(|c| c.guest).unwrap_or(false);
        let store = match (&data_dir, guest) {
            (Some(dir), false) => std::fs::create_dir_all(dir)
                .map_err(|e| e.to_string())
                .and_then(|_| Store::open(&dir.join("kabinet.sqlite3")).map_err(|e| e.to_string()))
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "local store could not be opened; using memory");
                    memory_store()
                }),
            _ => memory_store(),
        };
        let guest_tmp = if guest {
            tempfile::tempdir().ok()
        } else {
            None
        };
        Self(Arc::new(Inner {
            config,
            paths: Paths {
                data_dir,
                guest_tmp,
            },
            store: Mutex::new(store),
            vault: OnceCell::new(),
            portal: tokio::sync::Mutex::new(None),
            access: Mutex::new(None),
        }))
    }

    pub fn guest(&self) -> bool {
        self.0.config.as_ref().map(|c| c.guest).unwrap_or(false)
    }

    /// Guest mode: the session's temp dir (embedded portal, webview leftovers).
    pub fn guest_dir(&self) -> Option<PathBuf> {
        self.0
            .paths
            .guest_tmp
            .as_ref()
            .map(|t| t.path().to_path_buf())
    }

    /// Deletes the guest session's temp dir (called at exit, which skips destructors).
    pub fn wipe_guest_files(&self) {
        if let Some(dir) = self.guest_dir()
            && let Err(e) = std::fs::remove_dir_all(&dir)
        {
            tracing::warn!(error = %e, "could not delete the guest session's files");
        }
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn access(&self) -> MutexGuard<'_, Option<Secret>> {
        self.0.access.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn portal_id(&self) -> String {
        match self.0.config.as_ref().map(|c| &c.portal) {
            Ok(PortalTarget::Remote { url, .. }) => url.as_str().trim_end_matches('/').to_owned(),
            _ => "embedded".to_owned(),
        }
    }

    /// What the first paint needs; no network, no keyring.
    pub fn shell(&self) -> Shell {
        let language = self
            .store()
            .setting("language")
            .ok()
            .flatten()
            .and_then(|s| Language::parse(&s))
            .unwrap_or(Language::Ru);
        let portal = match self.0.config.as_ref().map(|c| &c.portal) {
            Ok(PortalTarget::Remote { .. }) => PortalMode::Remote,
            _ => PortalMode::Embedded,
        };
        Shell {
            language,
            guest: self.guest(),
            portal,
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
                    embedded: Mutex::new(None),
                }))
            }
            PortalTarget::Embedded => {
                let dir = match (&self.0.paths.guest_tmp, &self.0.paths.data_dir) {
                    (Some(tmp), _) => tmp.path().to_path_buf(),
                    (None, Some(dir)) => dir.clone(),
                    (None, None) => {
                        return Err(AppError::client(
                            ClientCode::PortalStartFailed,
                            "no data folder",
                        ));
                    }
                };
                let started = std::time::Instant::now();
                let portal = Embedded::start(dir.join("portal.sqlite3")).await?;
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
                    embedded: Mutex::new(Some(portal)),
                }))
            }
        }
    }

    /// Stops the embedded portal (on app exit).
    pub async fn shutdown(&self) {
        let conn = self.0.portal.lock().await.take();
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
}

fn memory_store() -> Store {
    // An in-memory SQLite database cannot fail to open short of allocation failure.
    #[allow(clippy::expect_used)]
    Store::in_memory().expect("in-memory SQLite")
}
