//! The embedded portal: started in-process on 127.0.0.1 (port 0) with a generated
//! certificate that the client pins, SQLite in the app's data folder, demo adapters.

use std::path::PathBuf;

use reqwest::Url;

use crate::error::{AppError, AppResult, ClientCode};

pub struct Embedded {
    pub base: Url,
    pub certificate_pem: String,
}

impl Embedded {
    pub async fn start(_db_path: PathBuf) -> AppResult<Self> {
        Err(AppError::client(ClientCode::PortalStartFailed, "embedded portal not available in this build"))
    }

    pub async fn shutdown(self) {}
}
