//! What the shell and start-up send to the webview.

use serde::{Deserialize, Serialize};

use crate::auth::dto::{Account, Draft, Registration};
use crate::platform::vault::VaultStatus;

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
