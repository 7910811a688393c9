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

/// The demo operator and the code its authenticator app would show now (demo
/// mode only: a real operator's codes come from their own phone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DemoOperator {
    pub login: String,
    pub password: String,
    pub office_id: String,
    pub office_name: String,
    pub code: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub code_valid_until: OffsetDateTime,
}
