//! The embedded portal: started in-process on 127.0.0.1 (port 0) with a generated
//! certificate that the client pins, SQLite in the app's data folder, demo adapters.
//! Built without the `embedded-portal` feature, the app needs a configured portal.

use std::path::Path;

use reqwest::Url;

use super::error::{AppError, AppResult, ClientCode};
#[cfg(feature = "embedded-portal")]
use super::files;

/// The embedded portal's database file in its folder.
#[cfg(feature = "embedded-portal")]
pub const DATABASE_FILE: &str = "portal.sqlite3";

pub struct Embedded {
    pub base: Url,
    pub certificate_pem: String,
    #[cfg(feature = "embedded-portal")]
    running: kabinet_portal::RunningPortal,
}

impl Embedded {
    /// Starts the portal over `dir/portal.sqlite3`. The folder is made 0700 and the
    /// database file created 0600 before SQLite opens it (its WAL and shared-memory
    /// files take that mode).
    #[cfg(feature = "embedded-portal")]
    pub async fn start(dir: &Path) -> AppResult<Self> {
        let failed = |e: kabinet_portal::PortalError| {
            AppError::client(ClientCode::PortalStartFailed, e.to_string())
        };
        let db_path = dir.join(DATABASE_FILE);
        files::private_dir(dir)
            .and_then(|()| files::private_file(&db_path))
            .map_err(|e| {
                AppError::client(
                    ClientCode::PortalStartFailed,
                    format!("portal folder {}: {e}", dir.display()),
                )
            })?;
        let config = kabinet_portal::PortalConfig::embedded(&db_path, true);
        let app = kabinet_portal::Application::build(config)
            .await
            .map_err(failed)?;
        // The certificate names `localhost` and 127.0.0.1; connect by address so no
        // name resolution is involved.
        let base = Url::parse(&format!("https://127.0.0.1:{}/", app.local_addr().port()))
            .map_err(|e| AppError::client(ClientCode::PortalStartFailed, e.to_string()))?;
        let certificate_pem = app.certificate_pem();
        let running = app.spawn();
        Ok(Self {
            base,
            certificate_pem,
            running,
        })
    }

    #[cfg(not(feature = "embedded-portal"))]
    pub async fn start(_dir: &Path) -> AppResult<Self> {
        Err(AppError::client(
            ClientCode::PortalStartFailed,
            "built without the embedded portal: configure portal_url and portal_ca",
        ))
    }

    pub async fn shutdown(self) {
        #[cfg(feature = "embedded-portal")]
        self.running.shutdown().await;
    }
}
