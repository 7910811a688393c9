//! The standard level's flows: read the profile and its checks, submit the personal
//! data (checked here first by the portal's own rules, every problem at once), and
//! keep the half-filled form locally until it is sent.

use kabinet_core::identity::profile::validate_profile;
use time::Date;

use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::IdempotencyKey;
use kabinet_core::api::{ProfileSubmission, ProfileView};

/// Largest draft kept, in bytes (a form filled to every field's limit is under 8 KiB).
pub const DRAFT_MAX_BYTES: usize = 32 * 1024;

impl Kabinet {
    /// Service centres: for anyone, signed in or not.
    pub async fn service_centres(
        &self,
        region: Option<String>,
        town: Option<String>,
    ) -> AppResult<kabinet_core::api::ServiceCentreList> {
        let conn = self.portal().await?;
        conn.client
            .service_centres(region.as_deref(), town.as_deref())
            .await
    }

    pub async fn profile_get(&self) -> AppResult<ProfileView> {
        let conn = self.portal().await?;
        conn.client.profile(&self.signed_in()).await
    }

    pub async fn profile_submit(
        &self,
        submission: ProfileSubmission,
        key: &str,
    ) -> AppResult<ProfileView> {
        let today = time::OffsetDateTime::now_utc().date();
        self.profile_submit_on(submission, key, today).await
    }

    /// [`Self::profile_submit`] with "today" given (tests).
    pub(crate) async fn profile_submit_on(
        &self,
        submission: ProfileSubmission,
        key: &str,
        today: Date,
    ) -> AppResult<ProfileView> {
        let key = IdempotencyKey::parse(key)?;
        // The portal applies the same rules; checking here first shows every problem
        // without a round trip and without spending one of the 5 submissions.
        validate_profile(&submission, today).map_err(AppError::validation)?;
        let conn = self.portal().await?;
        let view = conn
            .client
            .submit_profile(&self.signed_in(), &submission, &key)
            .await?;
        self.store().clear_profile_draft(&conn.id)?;
        Ok(view)
    }

    pub async fn profile_draft_save(&self, json: &str) -> AppResult<()> {
        if json.len() > DRAFT_MAX_BYTES || serde_json::from_str::<serde_json::Value>(json).is_err()
        {
            return Err(AppError::client(
                ClientCode::DraftInvalid,
                "the form draft is not JSON or is too large",
            ));
        }
        // Only for a signed-in person: a save that arrives after a sign-out or a
        // guest session's end (which wiped the draft) must not bring it back.
        if self.access().is_none() {
            return Err(AppError::client(ClientCode::NotSignedIn, "not signed in"));
        }
        let conn = self.portal().await?;
        Ok(self.store().save_profile_draft(&conn.id, json)?)
    }

    pub async fn profile_draft_load(&self) -> AppResult<Option<String>> {
        let conn = self.portal().await?;
        Ok(self.store().profile_draft(&conn.id)?)
    }

    pub async fn profile_draft_clear(&self) -> AppResult<()> {
        let conn = self.portal().await?;
        Ok(self.store().clear_profile_draft(&conn.id)?)
    }
}

/// The registered letter: ask for it, follow its tracking, enter its code.
impl Kabinet {
    pub async fn letter_get(&self) -> AppResult<Option<kabinet_core::api::LetterView>> {
        let conn = self.portal().await?;
        conn.client.letter(&self.signed_in()).await
    }

    pub async fn letter_request(&self, key: &str) -> AppResult<kabinet_core::api::LetterView> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        conn.client.request_letter(&self.signed_in(), &key).await
    }

    /// Enters the code; the account as it is afterwards (verified).
    pub async fn letter_confirm(&self, code: &str, key: &str) -> AppResult<()> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        conn.client
            .confirm_letter(&self.signed_in(), code, &key)
            .await
            .map(|_| ())
    }
}
