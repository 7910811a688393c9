//! Plumbing every feature uses: the app state ([`Kabinet`]), the boundary error
//! ([`error`]), configuration, the portal client (pinned trust, idempotency keys,
//! retries, the one authenticated call), the embedded demo portal, the local store
//! (SQLite with ordered migrations), the vault (OS keyring), private files and the documents the portal signed.

pub mod config;
pub mod documents;
pub mod embedded;
pub mod error;
pub mod files;
pub mod portal;
mod state;
pub mod store;
pub mod vault;

#[cfg(all(test, feature = "embedded-portal"))]
mod portal_tests;

pub use state::{Kabinet, PortalConn};
