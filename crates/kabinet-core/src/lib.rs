//! `kabinet-core` owns Kabinet's domain rules and nothing else: no I/O, no clocks,
//! no knowledge of Tauri, axum, SQL or HTTP. Time and randomness are passed in,
//! so every rule here is deterministic and tested as tables of cases.
//!
//! One folder per feature, under the same name as in the portal, the desktop app
//! and the UI; each feature's wire types are in `api/<feature>.rs`.
//!
//! - [`api`]: the portal API's request/response types — the one definition used by
//!   both the portal server and the desktop client — and the closed error code set.
//! - [`auth`]: signing up and in — contacts (phones in E.164, e-mails, masking), the
//!   password policy, one-time code rules.
//! - [`identity`]: the person's name and account levels, and what each unlocks; the
//!   identity documents (SNILS, passport, INN, other documents, address) and the
//!   standard-level profile validated as a whole.
//! - [`pension`]: the insurance-pension calculator with dated parameter tables.
//! - [`date`]: civil dates — the one `YYYY-MM-DD` reader and writer, month arithmetic.
//! - [`secret`]: the workspace's secret wrappers: never printed, never serialised,
//!   zeroised on drop.

pub mod api;
pub mod auth;
pub mod date;
pub mod identity;
pub mod pension;
pub mod secret;
pub mod services;
