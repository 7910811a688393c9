//! Types that cross the IPC boundary (exported to TypeScript by tauri-specta).
//! They carry what the screens need and nothing secret: no tokens, no registration id.

use kabinet_core::api::{
    self, AccountLevel, AccountView, OutboxMessage, RegistrationStep, RegistrationView,
};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use crate::services::vault::VaultStatus;

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// How a code is sent. (Tauri Specta's runtime owns the name `Channel`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MessageChannel {
    Sms,
    Email,
}

impl From<api::Channel> for MessageChannel {
    fn from(c: api::Channel) -> Self {
        match c {
            api::Channel::Sms => MessageChannel::Sms,
            api::Channel::Email => MessageChannel::Email,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Registration {
    pub step: RegistrationStep,
    pub surname: String,
    pub first_name: String,
    pub channel: MessageChannel,
    pub contact_masked: String,
    /// RFC 3339 instants.
    pub code_expires_at: String,
    pub resend_available_at: String,
}

impl From<RegistrationView> for Registration {
    fn from(v: RegistrationView) -> Self {
        Self {
            step: v.step,
            surname: v.surname,
            first_name: v.first_name,
            channel: v.channel.into(),
            contact_masked: v.contact_masked,
            code_expires_at: rfc3339(v.code_expires_at),
            resend_available_at: rfc3339(v.resend_available_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct NextLevel {
    pub level: AccountLevel,
    /// Stable keys the UI translates (`pension_rights`, …).
    pub unlocks: Vec<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Account {
    pub surname: String,
    pub first_name: String,
    pub level: AccountLevel,
    pub contact_masked: String,
    pub next_level: Option<NextLevel>,
    /// False when the sign-in could not be kept in the OS keyring (or guest mode).
    pub remembered: bool,
}

impl Account {
    pub fn from_view(v: AccountView, remembered: bool) -> Self {
        Self {
            surname: v.surname,
            first_name: v.first_name,
            level: v.level,
            contact_masked: v.contact_masked,
            next_level: v.next_level.map(|n| NextLevel {
                level: n.level,
                unlocks: n.unlocks,
            }),
            remembered,
        }
    }
}

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

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct RegisterInput {
    pub surname: String,
    pub first_name: String,
    pub contact: String,
}

/// What the person typed in step 1, kept locally so a resumed registration shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Draft {
    pub surname: String,
    pub first_name: String,
    pub contact: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Ru,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ru" => Some(Language::Ru),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PortalMode {
    /// The in-process demo portal.
    Embedded,
    /// A configured portal.
    Remote,
}

/// Where the app opens after start.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "screen", rename_all = "snake_case")]
pub enum Resume {
    Welcome,
    Home {
        account: Account,
    },
    Registration {
        registration: Registration,
        draft: Draft,
    },
}

/// Shown immediately (no network): language and mode, for the first paint.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Shell {
    pub language: Language,
    pub guest: bool,
    pub portal: PortalMode,
}

/// The result of start-up, once the portal and the keyring have answered.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Startup {
    pub demo: bool,
    pub vault: VaultStatus,
    pub resume: Resume,
}
