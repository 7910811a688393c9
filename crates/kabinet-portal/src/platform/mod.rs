//! Plumbing every feature uses, once: HTTP (router merge, errors, extractors,
//! idempotency, telemetry, TLS, client address), storage, background jobs,
//! messaging (SMS/e-mail), PDF documents, the server key, the clock and the
//! shared state.

pub mod cache;
pub mod clock;
pub mod db;
pub mod http;
pub mod jobs;
pub mod keys;
pub mod limits;
pub mod messaging;
pub mod pdf;
pub mod signing;
pub mod state;
