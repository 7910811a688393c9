//! The app shell: the first paint (`shell`), start-up (where the app opens) and the
//! language setting.

pub mod commands;
pub mod dto;
mod flow;
