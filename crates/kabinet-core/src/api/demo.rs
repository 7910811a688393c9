//! The demo outbox: what the portal "sent" (SMS and e-mail) in demo mode.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Channel;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A message the portal "sent" (demo outbox: SMS and e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: Channel,
    /// Full destination (the demo inbox belongs to the person at the screen).
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OutboxList {
    /// Newest first.
    pub messages: Vec<OutboxMessage>,
}
