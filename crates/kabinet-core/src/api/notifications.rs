//! What a citizen is told, as it crosses the wire: one [`EventView`] per event in the
//! portal's events table (`/api/v1/me/events`, and the live stream
//! `/api/v1/me/events/stream`, where each event's SSE `id:` is its [`EventView::id`]).
//! Ids count per account from 1 without gaps, in the order the events committed:
//! the last one seen is the resume point.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::pension::Texts;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum EventKind {
    /// An application moved to another status.
    ApplicationStatus,
    /// An application's place in a queue (the kindergarten queue) moved.
    QueuePosition,
    /// Money was credited: a pension or another payment.
    MoneyCredited,
    /// The support desk answered a ticket.
    SupportAnswered,
    /// A kind this build does not know (sent by a newer portal): shown by its text.
    #[serde(other)]
    Other,
}

impl EventKind {
    pub fn key(self) -> &'static str {
        match self {
            EventKind::ApplicationStatus => "application_status",
            EventKind::QueuePosition => "queue_position",
            EventKind::MoneyCredited => "money_credited",
            EventKind::SupportAnswered => "support_answered",
            EventKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> EventKind {
        match key {
            "application_status" => EventKind::ApplicationStatus,
            "queue_position" => EventKind::QueuePosition,
            "money_credited" => EventKind::MoneyCredited,
            "support_answered" => EventKind::SupportAnswered,
            _ => EventKind::Other,
        }
    }
}

/// The application an event is about: enough to find it, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationRef {
    pub id: String,
    /// The portal's receipt number.
    pub number: String,
    pub service_id: String,
    /// The status's key it moved to (`registered`, `ready`, …).
    pub state: String,
}

/// What is stored with an event (and shown): its text in both languages and what
/// it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventPayload {
    pub text: Texts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<ApplicationRef>,
}

/// One event of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventView {
    /// 1, 2, 3… per account, in commit order, without gaps.
    pub id: u32,
    pub kind: EventKind,
    pub text: Texts,
    #[serde(default)]
    pub application: Option<ApplicationRef>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub created_at: OffsetDateTime,
    pub read: bool,
}

/// A page of the inbox: the events after the requested id, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventList {
    pub events: Vec<EventView>,
    /// More events follow the last one of this page (ask again with `after` = it).
    pub more: bool,
    /// The account's newest event id (0: none yet).
    pub last_id: u32,
    /// How many of the account's events are unread.
    pub unread: u32,
}

/// Marks every event up to and including `up_to` read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    pub up_to: u32,
}

/// How many events are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unread {
    pub unread: u32,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_unknown_kind_reads_as_other_and_keys_round_trip() {
        for (json, kind) in [
            ("\"application_status\"", EventKind::ApplicationStatus),
            ("\"queue_position\"", EventKind::QueuePosition),
            ("\"money_credited\"", EventKind::MoneyCredited),
            ("\"payment_credited\"", EventKind::Other),
        ] {
            let k: EventKind = serde_json::from_str(json).unwrap();
            assert_eq!(k, kind, "{json}");
        }
        for kind in [
            EventKind::ApplicationStatus,
            EventKind::QueuePosition,
            EventKind::MoneyCredited,
            EventKind::SupportAnswered,
        ] {
            assert_eq!(EventKind::from_key(kind.key()), kind);
        }
    }
}
