//! Operator mode: service-centre staff sign in with a password and an
//! authenticator code at the office the terminal stands in, find a citizen by SNILS
//! or phone, compare the stored passport data with the presented passport, and
//! confirm the account in person. The operator's token lives in memory only (never
//! in the keyring: staff terminals are shared) and ends with the app.

pub mod commands;
pub mod dto;
mod flow;
