//! The profile endpoints of the portal API (`/me/profile`, behind the Bearer token).

use kabinet_core::api::{ProfileSubmission, ProfileView, ServiceCentreList};
use reqwest::Method;

use crate::platform::error::AppResult;
use crate::platform::portal::{Credentials, IdempotencyKey, PortalClient, unexpected};

impl PortalClient {
    /// Service centres (no sign-in), by region and part of the town's name.
    pub async fn service_centres(
        &self,
        region: Option<&str>,
        town: Option<&str>,
    ) -> AppResult<ServiceCentreList> {
        let mut query = reqwest::Url::parse("https://query.invalid/")
            .map_err(|e| unexpected(&e.to_string()))?;
        for (name, value) in [("region", region), ("town", town)] {
            if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
                query.query_pairs_mut().append_pair(name, v);
            }
        }
        let path = match query.query() {
            Some(q) => format!("/service-centres?{q}"),
            None => "/service-centres".to_owned(),
        };
        self.get(&path, None).await
    }

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

/// The registered letter (`/me/letter`).
impl PortalClient {
    pub async fn letter(
        &self,
        credentials: &impl Credentials,
    ) -> AppResult<Option<kabinet_core::api::LetterView>> {
        match self
            .authed::<(), kabinet_core::api::LetterView>(
                credentials,
                Method::GET,
                "/me/letter",
                None,
                None,
            )
            .await
        {
            Err(e) if e.is(kabinet_core::api::ErrorCode::LetterNotFound) => Ok(None),
            other => other,
        }
    }

    pub async fn request_letter(
        &self,
        credentials: &impl Credentials,
        key: &IdempotencyKey,
    ) -> AppResult<kabinet_core::api::LetterView> {
        self.authed(
            credentials,
            Method::POST,
            "/me/letter",
            Some(&serde_json::json!({})),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn confirm_letter(
        &self,
        credentials: &impl Credentials,
        code: &str,
        key: &IdempotencyKey,
    ) -> AppResult<kabinet_core::api::AccountView> {
        self.authed(
            credentials,
            Method::POST,
            "/me/letter/confirm",
            Some(&serde_json::json!({ "code": code })),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}
