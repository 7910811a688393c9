//! State services: the catalogue ([`catalogue`]: the shipped demo catalogue, its
//! rules and version), its search ([`search`]: Russian word forms, typos, short
//! forms) — the same code in the portal and, offline, in the app — the status of an
//! application ([`status`]), its form ([`forms`]: JSON Schema, checked the same on
//! both sides) and working-day deadlines ([`workdays`]).

pub mod catalogue;
pub mod forms;
pub mod search;
pub mod status;
pub mod workdays;
