//! `kabinet-portal`: the portal API server. (Skeleton: the accounts helper fills it in.)
//!
//! Embedding contract used by the desktop app (keep these signatures):
//! ```ignore
//! let portal = kabinet_portal::Application::build(config).await?; // migrates, binds
//! let addr = portal.local_addr();                // actual bound address (port 0 ok)
//! let pem = portal.certificate_pem();            // the server certificate/CA the client pins
//! let handle = portal.spawn();                   // runs on the current tokio runtime
//! handle.shutdown().await;                       // graceful shutdown
//! ```
