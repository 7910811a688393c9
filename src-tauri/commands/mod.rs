//! Tauri commands: thin adapters from IPC to the services. Each takes typed input,
//! calls one service function and returns typed output or an [`AppError`].
//!
//! Adding a command: write it here, add it to `collect_commands!` in `lib.rs` and to
//! `COMMANDS` in `build.rs` (which generates its `allow-…` permission), list that
//! permission in `capabilities/default.json`, then regenerate the bindings
//! (`cargo test -p kabinet --lib bindings` with `UPDATE_BINDINGS=1`).

pub mod app;
pub mod demo;
pub mod pension;
pub mod registration;
pub mod session;
