//! `kabinet-core` owns Kabinet's domain rules and nothing else: no I/O, no clocks,
//! no knowledge of Tauri, axum, SQL or HTTP. Time and randomness are passed in,
//! so every rule here is deterministic and tested as tables of cases.
//!
//! - [`api`]: the portal API's request/response types — the one definition used by
//!   both the portal server and the desktop client.
//! - [`contact`]: phone numbers (normalised to E.164) and e-mail addresses.
//! - [`password`]: the password policy (length, dictionaries, personal data).
//! - [`codes`]: one-time confirmation code rules (lifetime, attempts, resend limits).
//! - [`secret`]: wrappers that keep secrets out of logs and zeroise them.
//! - [`account`]: account levels and what each unlocks.
//! - [`pension`]: the insurance-pension calculator with dated parameter tables.

pub mod account;
pub mod api;
pub mod codes;
pub mod contact;
pub mod password;
pub mod pension;
pub mod secret;
