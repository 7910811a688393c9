//! The shell and start-up: what the first paint needs, and where the app opens.

use super::dto::{Language, PortalMode, Resume, Shell, Startup};
use crate::platform::Kabinet;
use crate::platform::config::PortalTarget;
use crate::platform::error::AppResult;

impl Kabinet {
    /// What the first paint needs; no network, no keyring.
    pub fn shell(&self) -> Shell {
        let language = self
            .store()
            .setting("language")
            .ok()
            .flatten()
            .and_then(|s| Language::parse(&s))
            .unwrap_or(Language::Ru);
        let portal = match self.0.config.as_ref().map(|c| &c.portal) {
            Ok(PortalTarget::Remote { .. }) => PortalMode::Remote,
            _ => PortalMode::Embedded,
        };
        Shell {
            language,
            guest: self.guest(),
            portal,
        }
    }

    /// Waits for the portal and the keyring, then decides where the app opens:
    /// home (a remembered session), a registration in progress, or welcome.
    pub async fn startup(&self) -> AppResult<Startup> {
        let (vault, conn) = tokio::join!(self.vault(), self.portal());
        let conn = conn?;
        let resume = match self.resume_session().await {
            Some(account) => Resume::Home { account },
            None => self.resume_registration(&conn.id).await?,
        };
        Ok(Startup {
            demo: conn.demo,
            vault: vault.status(),
            resume,
        })
    }

    pub fn set_language(&self, language: Language) -> AppResult<()> {
        Ok(self.store().set_setting("language", language.as_str())?)
    }
}
