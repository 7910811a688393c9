//! State services: the catalogue ([`catalogue`]: the shipped demo catalogue, its
//! rules and version), its search ([`search`]: Russian word forms, typos, short
//! forms) — the same code in the portal and, offline, in the app — the status of an
//! application ([`status`]) and working-day deadlines ([`workdays`]).

pub mod catalogue;
pub mod search;
pub mod status;
pub mod workdays;
