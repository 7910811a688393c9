//! Tickets through the portal, and the technical details they may carry.

use kabinet_core::api::support::{Diagnostics, NewTicket, TicketList, TicketTopic, TicketView};
use reqwest::Method;

use crate::platform::Kabinet;
use crate::platform::error::AppResult;
use crate::platform::portal::{Credentials, IdempotencyKey, PortalClient, unexpected};

impl PortalClient {
    pub async fn submit_ticket(
        &self,
        credentials: &impl Credentials,
        ticket: &NewTicket,
        key: &IdempotencyKey,
    ) -> AppResult<TicketView> {
        self.authed(
            credentials,
            Method::POST,
            "/me/support",
            Some(ticket),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn tickets(&self, credentials: &impl Credentials) -> AppResult<TicketList> {
        self.authed::<(), TicketList>(credentials, Method::GET, "/me/support", None, None)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }
}

/// Kept when plain (letters, digits, `._-:`, at most 40), dropped otherwise.
fn plain(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'));
    ok.then(|| s.to_owned())
}

/// The technical details: what this app is, the screen, the last 10 error codes the
/// UI showed — anything that is not a plain code is left out.
pub fn diagnostics(
    language: &str,
    screen: &str,
    recent_errors: &[String],
    embedded: bool,
    guest: bool,
) -> Diagnostics {
    let codes: Vec<String> = recent_errors.iter().filter_map(|e| plain(e)).collect();
    let keep = codes.len().saturating_sub(10);
    Diagnostics {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        os: std::env::consts::OS.to_owned(),
        language: plain(language).unwrap_or_else(|| "ru".into()),
        screen: plain(screen).unwrap_or_else(|| "unknown".into()),
        portal: if embedded { "embedded" } else { "remote" }.to_owned(),
        guest,
        recent_errors: codes[keep..].to_vec(),
    }
}

impl Kabinet {
    /// The technical details as they would be sent from `screen` now.
    pub fn support_diagnostics(&self, screen: &str, recent_errors: &[String]) -> Diagnostics {
        let language = self
            .store()
            .setting("language")
            .ok()
            .flatten()
            .unwrap_or_else(|| "ru".into());
        diagnostics(
            &language,
            screen,
            recent_errors,
            self.embedded_target(),
            self.guest(),
        )
    }

    pub async fn support_submit(
        &self,
        topic: Option<TicketTopic>,
        message: String,
        attachment_id: Option<String>,
        with_diagnostics: Option<(String, Vec<String>)>,
        key: &str,
    ) -> AppResult<TicketView> {
        let key = IdempotencyKey::parse(key)?;
        let ticket = NewTicket {
            topic,
            message: message
                .chars()
                .take(kabinet_core::api::support::MAX_MESSAGE_CHARS + 1)
                .collect(),
            attachment_id,
            diagnostics: with_diagnostics
                .map(|(screen, errors)| self.support_diagnostics(&screen, &errors)),
        };
        // Every problem at once, here first, with the portal's own rules.
        let problems = ticket.problems();
        if !problems.is_empty() {
            return Err(crate::platform::error::AppError::validation(problems));
        }
        let conn = self.portal().await?;
        conn.client
            .submit_ticket(&self.signed_in(), &ticket, &key)
            .await
    }

    pub async fn support_list(&self) -> AppResult<TicketList> {
        let conn = self.portal().await?;
        conn.client.tickets(&self.signed_in()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_details_hold_codes_and_versions_only() {
        let errors: Vec<String> = [
            "portal_unreachable",
            "Иванов Иван",
            "ivan@example.ru",
            "validation_failed",
            "",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let d = diagnostics("en", "pension", &errors, true, false);
        assert_eq!(d.recent_errors, ["portal_unreachable", "validation_failed"]);
        assert_eq!(d.language, "en");
        assert_eq!(d.screen, "pension");
        assert_eq!(d.portal, "embedded");
        assert!(d.is_plain(), "{d:?}");
        let d = diagnostics("ru; DROP", "Моя пенсия", &[], false, true);
        assert_eq!((d.language.as_str(), d.screen.as_str()), ("ru", "unknown"));
        assert_eq!(d.portal, "remote");
        assert!(d.guest);
        let many: Vec<String> = (0..15).map(|i| format!("code_{i}")).collect();
        let d = diagnostics("ru", "home", &many, true, false);
        assert_eq!(d.recent_errors.len(), 10);
        assert_eq!(d.recent_errors[9], "code_14", "the newest kept");
    }
}
