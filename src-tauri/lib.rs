//! `kabinet`: the desktop app. (Skeleton: the desktop helper fills it in.)
pub mod cli;

pub fn run() {}
