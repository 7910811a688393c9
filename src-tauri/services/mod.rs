//! The services feature in the app. Today: the catalogue, kept for offline use —
//! the portal's newest version (fetched only when its ETag changed) in the local
//! store, the one compiled in as the fallback — and its search through
//! kabinet-core's index (the same code as the portal's); and applications, sent to
//! the portal and followed there ([`applications`]).

pub mod applications;
pub mod catalogue;
pub mod commands;
pub mod dto;
mod store;
