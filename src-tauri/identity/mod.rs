//! Identity: the personal data that takes an account to the standard level
//! (passport, SNILS, address, other documents), the registry checks' progress, and
//! the half-filled form kept on this computer — `commands.rs` (IPC), `flow.rs` (the
//! flows), `dto.rs` (IPC types), `client.rs` (the portal endpoints), `store.rs` (the
//! draft).

mod client;
pub mod commands;
pub mod dto;
pub(crate) mod flow;
pub mod store;

#[cfg(all(test, feature = "embedded-portal"))]
pub(crate) mod flow_tests;
