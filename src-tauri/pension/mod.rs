//! Pension: the offline calculator (over `kabinet_core::pension`) and the scenarios
//! saved from it in the local store.

pub mod commands;
pub mod dto;
mod flow;
mod record;
mod store;
