//! Pension: the offline calculator (over `kabinet_core::pension`) and the scenarios
//! saved from it in the local store; the parameter table it uses, built in or a
//! newer one signed by the portal (`params.rs`).

pub mod commands;
pub mod dto;
mod flow;
pub mod params;
mod record;
mod store;
