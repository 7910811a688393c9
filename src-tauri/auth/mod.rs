//! Auth: registration (start, code, password), sign-in, refresh, sign-out and the
//! account — `commands.rs` (IPC), `flow.rs` (the flows), `dto.rs` (IPC types),
//! `client.rs` (the portal endpoints), `store.rs` (the draft and pending start).

mod client;
pub mod commands;
pub mod dto;
mod flow;
pub mod store;

#[cfg(all(test, feature = "embedded-portal"))]
mod flow_tests;
