//! State services: the catalogue ([`catalogue`]: the shipped demo catalogue, its
//! rules and version), its search ([`search`]: Russian word forms, typos, short
//! forms) — the same code in the portal and, offline, in the app — the status of an
//! application ([`status`]), its form ([`forms`]: JSON Schema, checked the same on
//! both sides), the files attached to it ([`attachments`]: PDF, JPEG, PNG, read
//! from the content) and working-day deadlines ([`workdays`]).

pub mod attachments;
pub mod catalogue;
pub mod forms;
pub mod search;
pub mod status;
pub mod workdays;
