//! The auth feature's IPC types (exported to TypeScript by tauri-specta). They carry
//! what the screens need and nothing secret: no tokens, no registration id.

use kabinet_core::api::{self, AccountLevel, AccountView, RegistrationStep, RegistrationView};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

pub(crate) fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// How a code is sent. (Tauri Specta's runtime owns the name `Channel`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MessageChannel {
    Sms,
    Email,
    /// A registered letter (the demo inbox shows what the development post carries).
    Post,
}

impl From<api::Channel> for MessageChannel {
    fn from(c: api::Channel) -> Self {
        match c {
            api::Channel::Sms => MessageChannel::Sms,
            api::Channel::Email => MessageChannel::Email,
            api::Channel::Post => MessageChannel::Post,
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
    /// How, when and by whom the account was verified (verified level only).
    pub verification: Option<api::Verification>,
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
            verification: v.verification,
            remembered,
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

/// A recovery of access in progress, as the screen shows it (its id stays in Rust).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Recovery {
    pub step: RegistrationStep,
    /// RFC 3339 instants.
    pub code_expires_at: String,
    pub resend_available_at: String,
}

impl From<api::RecoveryView> for Recovery {
    fn from(v: api::RecoveryView) -> Self {
        Self {
            step: v.step,
            code_expires_at: rfc3339(v.code_expires_at),
            resend_available_at: rfc3339(v.resend_available_at),
        }
    }
}

/// A live session of the account, as «Входы в учётную запись» shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SessionEntry {
    pub id: String,
    pub device: String,
    pub network: String,
    /// RFC 3339 instants.
    pub started_at: String,
    pub last_seen_at: String,
    pub current: bool,
}

impl From<api::SessionView> for SessionEntry {
    fn from(v: api::SessionView) -> Self {
        Self {
            id: v.id,
            device: v.device,
            network: v.network,
            started_at: rfc3339(v.started_at),
            last_seen_at: rfc3339(v.last_seen_at),
            current: v.current,
        }
    }
}
