//! The embedded portal: started in-process on 127.0.0.1 (port 0) with a generated
//! certificate that the client pins, SQLite in the app's data folder, demo adapters.
//! Built without the `embedded-portal` feature, the app needs a configured portal.

use std::path::PathBuf;

use reqwest::Url;

use crate::error::{AppError, AppResult, ClientCode};

pub struct Embedded {
    pub base: Url,
    pub certificate_pem: String,
    #[cfg(feature = "embedded-portal")]
    running: kabinet_portal::RunningPortal,
}

impl Embedded {
    #[cfg(feature = "embedded-portal")]
    pub async fn start(db_path: PathBuf) -> AppResult<Self> {
        let failed = |e: kabinet_portal::PortalError| {
            AppError::client(ClientCode::PortalStartFailed, e.to_string())
        };
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
    pub async fn start(_db_path: PathBuf) -> AppResult<Self> {
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
