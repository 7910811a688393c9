//! The profile endpoints of the portal API (`/me/profile`, behind the Bearer token).

use kabinet_core::api::{ProfileSubmission, ProfileView};
use reqwest::Method;

use crate::platform::error::AppResult;
use crate::platform::portal::{Credentials, IdempotencyKey, PortalClient, unexpected};

impl PortalClient {
    pub async fn profile(&self, credentials: &impl Credentials) -> AppResult<ProfileView> {
        self.authed::<(), ProfileView>(credentials, Method::GET, "/me/profile", None, None)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn submit_profile(
        &self,
        credentials: &impl Credentials,
        body: &ProfileSubmission,
        key: &IdempotencyKey,
    ) -> AppResult<ProfileView> {
        self.authed(
            credentials,
            Method::PUT,
            "/me/profile",
            Some(body),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}
