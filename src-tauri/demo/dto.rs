//! The demo inbox's IPC types.

use kabinet_core::api::OutboxMessage;
use serde::Serialize;

use crate::auth::dto::{MessageChannel, rfc3339};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OutboxItem {
    pub id: String,
    pub channel: MessageChannel,
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
    pub created_at: String,
}

impl From<OutboxMessage> for OutboxItem {
    fn from(m: OutboxMessage) -> Self {
        Self {
            id: m.id.to_string(),
            channel: m.channel.into(),
            to: m.to,
            subject: m.subject,
            body: m.body,
            created_at: rfc3339(m.created_at),
        }
    }
}
