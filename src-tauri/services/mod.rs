//! The services feature in the app. Today: the catalogue, kept for offline use —
//! the portal's newest version (fetched only when its ETag changed) in the local
//! store, the one compiled in as the fallback — and its search through
//! kabinet-core's index (the same code as the portal's); and applications, sent to
//! the portal and followed there ([`applications`]), with their forms checked
//! here first and kept as drafts ([`forms`]), and kept to send later when the
//! portal cannot be reached ([`outbox`]).

pub mod applications;
pub mod catalogue;
pub mod commands;
pub mod dto;
pub mod forms;
#[cfg(test)]
mod forms_tests;
pub mod outbox;
#[cfg(test)]
mod outbox_tests;
mod store;
