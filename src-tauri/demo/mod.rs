//! The demo inbox: the messages the embedded demo portal "sent", so a newcomer can
//! register without a real phone or mailbox.

pub mod commands;
pub mod dto;
mod flow;
