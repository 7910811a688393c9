//! Support: a citizen describes a problem (optionally with a screenshot and the
//! app's technical details, which hold nothing personal) and follows the ticket by
//! its number (`POST`/`GET /api/v1/me/support`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::pension::Texts;
use super::{ErrorCode, FieldProblem};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The longest description taken.
pub const MAX_MESSAGE_CHARS: usize = 4000;

/// What the problem is about (routes it to the right desk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TicketTopic {
    SignIn,
    Account,
    Application,
    Pension,
    App,
    Other,
}

impl TicketTopic {
    pub fn key(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::Account => "account",
            Self::Application => "application",
            Self::Pension => "pension",
            Self::App => "app",
            Self::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            Self::SignIn,
            Self::Account,
            Self::Application,
            Self::Pension,
            Self::App,
            Self::Other,
        ]
        .into_iter()
        .find(|t| t.key() == key)
    }
}

/// The app's technical details a ticket may carry: versions and codes only —
/// never a name, a contact, a document number or what was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Diagnostics {
    pub app_version: String,
    /// `linux`, `windows`, `macos`.
    pub os: String,
    /// `ru` / `en`.
    pub language: String,
    /// The screen the citizen wrote from (`applications`, `pension`, …).
    pub screen: String,
    /// `embedded` (the demo portal) or `remote`.
    pub portal: String,
    pub guest: bool,
    /// The last error codes the app showed, newest last (codes, not texts).
    pub recent_errors: Vec<String>,
}

impl Diagnostics {
    /// Whether every field is plain technical data: short, and only letters,
    /// digits and `._-:` — so nothing personal can ride along.
    pub fn is_plain(&self) -> bool {
        let plain = |s: &str| {
            s.len() <= 40
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
        };
        [
            &self.app_version,
            &self.os,
            &self.language,
            &self.screen,
            &self.portal,
        ]
        .into_iter()
        .all(|s| plain(s))
            && self.recent_errors.len() <= 10
            && self.recent_errors.iter().all(|e| plain(e))
    }
}

/// `POST /api/v1/me/support`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewTicket {
    pub topic: Option<TicketTopic>,
    pub message: String,
    /// A screenshot uploaded to `/me/attachments` (PNG, JPEG or PDF).
    #[serde(default)]
    pub attachment_id: Option<String>,
    #[serde(default)]
    pub diagnostics: Option<Diagnostics>,
}

impl NewTicket {
    /// Every problem at once: the topic chosen, a description within bounds, the
    /// technical details plain.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        if self.topic.is_none() {
            out.push(FieldProblem::new("topic", ErrorCode::Required));
        }
        let message = self.message.trim();
        if message.is_empty() {
            out.push(FieldProblem::new("message", ErrorCode::Required));
        } else if message.chars().count() > MAX_MESSAGE_CHARS {
            out.push(FieldProblem::new("message", ErrorCode::TooLong));
        }
        if self.diagnostics.as_ref().is_some_and(|d| !d.is_plain()) {
            out.push(FieldProblem::new("diagnostics", ErrorCode::ValueInvalid));
        }
        out
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TicketStatus {
    /// Taken; nobody has looked yet.
    Received,
    /// The support desk answered.
    Answered,
}

impl TicketStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Answered => "answered",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "received" => Some(Self::Received),
            "answered" => Some(Self::Answered),
            _ => None,
        }
    }
}

/// A ticket as its author sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketView {
    pub id: String,
    /// «ОБ-2026-00012345»: to quote on the phone.
    pub number: String,
    pub topic: TicketTopic,
    pub message: String,
    pub status: TicketStatus,
    pub has_attachment: bool,
    pub has_diagnostics: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Texts>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub updated_at: OffsetDateTime,
}

/// `GET /api/v1/me/support`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketList {
    pub tickets: Vec<TicketView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(topic: Option<TicketTopic>, message: &str) -> NewTicket {
        NewTicket {
            topic,
            message: message.to_owned(),
            attachment_id: None,
            diagnostics: None,
        }
    }

    fn codes(t: &NewTicket) -> Vec<(String, ErrorCode)> {
        t.problems()
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect()
    }

    #[test]
    fn a_ticket_needs_a_topic_and_a_description_within_bounds() {
        let long = "а".repeat(MAX_MESSAGE_CHARS + 1);
        let cases: Vec<(NewTicket, Vec<(&str, ErrorCode)>)> = vec![
            (
                ticket(Some(TicketTopic::Pension), "Не вижу выплату за ноябрь"),
                vec![],
            ),
            (
                ticket(None, "   "),
                vec![
                    ("topic", ErrorCode::Required),
                    ("message", ErrorCode::Required),
                ],
            ),
            (
                ticket(Some(TicketTopic::Other), &long),
                vec![("message", ErrorCode::TooLong)],
            ),
            (
                ticket(Some(TicketTopic::Other), &"а".repeat(MAX_MESSAGE_CHARS)),
                vec![],
            ),
        ];
        for (t, want) in cases {
            let want: Vec<(String, ErrorCode)> =
                want.into_iter().map(|(f, c)| (f.to_owned(), c)).collect();
            assert_eq!(codes(&t), want, "{:?}", t.topic);
        }
    }

    #[test]
    fn technical_details_carry_nothing_personal() {
        let plain = Diagnostics {
            app_version: "0.1.0".into(),
            os: "linux".into(),
            language: "ru".into(),
            screen: "applications".into(),
            portal: "embedded".into(),
            guest: false,
            recent_errors: vec!["portal_unreachable".into(), "validation_failed".into()],
        };
        assert!(plain.is_plain());
        for bad in [
            Diagnostics {
                screen: "Иванов Иван".into(),
                ..plain.clone()
            },
            Diagnostics {
                recent_errors: vec!["ivan@example.ru".into()],
                ..plain.clone()
            },
            Diagnostics {
                os: "x".repeat(41),
                ..plain.clone()
            },
            Diagnostics {
                recent_errors: vec!["e".into(); 11],
                ..plain.clone()
            },
        ] {
            assert!(!bad.is_plain(), "{bad:?}");
            let mut t = ticket(Some(TicketTopic::App), "Не открывается");
            t.diagnostics = Some(bad);
            assert_eq!(
                codes(&t),
                vec![("diagnostics".to_owned(), ErrorCode::ValueInvalid)]
            );
        }
        for t in [
            "sign_in",
            "account",
            "application",
            "pension",
            "app",
            "other",
        ] {
            assert_eq!(TicketTopic::from_key(t).map(TicketTopic::key), Some(t));
        }
        assert_eq!(TicketTopic::from_key("x"), None);
    }
}
