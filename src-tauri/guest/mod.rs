//! Guest mode (a service-center PC): nothing outlives the session. The local store
//! is in memory, the keyring is not used, the webview is incognito with its
//! leftovers in the session's temp dir ([`GuestDir`]), and:
//! - the UI's idle timeout calls `guest_session_end`, which signs out on the portal,
//!   forgets the registration in progress, the saved scenarios and everything else
//!   the store holds, and (embedded portal) starts the next person on a fresh one;
//! - exit (normal, or SIGTERM/SIGHUP/SIGINT) signs out on the portal too, with a
//!   bounded wait, and deletes the temp dir;
//! - a session that crashed cannot delete its temp dir, so every start removes the
//!   guest temp dirs whose owning process is gone ([`sweep_stale`]).

pub mod commands;
mod dir;
mod flow;

pub use dir::{GuestDir, sweep_stale};

#[cfg(all(test, feature = "embedded-portal"))]
mod tests;
