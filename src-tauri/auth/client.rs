//! The auth endpoints of the portal API: registration, sessions, the account.

use kabinet_core::api::{
    AccountView, ConfirmCode, RecoveryView, RefreshSession, RegistrationView, SessionGrant,
    SetPassword, SignIn, StartRecovery, StartRegistration,
};
use kabinet_core::secret::SecretString as Secret;
use reqwest::Method;

use crate::platform::error::AppResult;
use crate::platform::portal::{Credentials, IdempotencyKey, PortalClient, path_segment};

impl PortalClient {
    pub async fn start_registration(
        &self,
        body: &StartRegistration,
        key: &IdempotencyKey,
    ) -> AppResult<RegistrationView> {
        self.post("/registrations", body, key, None).await
    }

    pub async fn registration(&self, id: &Secret) -> AppResult<RegistrationView> {
        self.get(&format!("/registrations/{}", path_segment(id)?), None)
            .await
    }

    pub async fn resend(&self, id: &Secret, key: &IdempotencyKey) -> AppResult<RegistrationView> {
        self.post(
            &format!("/registrations/{}/resend", path_segment(id)?),
            &serde_json::json!({}),
            key,
            None,
        )
        .await
    }

    pub async fn confirm(
        &self,
        id: &Secret,
        body: &ConfirmCode,
        key: &IdempotencyKey,
    ) -> AppResult<RegistrationView> {
        self.post(
            &format!("/registrations/{}/confirm", path_segment(id)?),
            body,
            key,
            None,
        )
        .await
    }

    pub async fn set_password(
        &self,
        id: &Secret,
        body: &SetPassword,
        key: &IdempotencyKey,
    ) -> AppResult<SessionGrant> {
        self.post(
            &format!("/registrations/{}/password", path_segment(id)?),
            body,
            key,
            None,
        )
        .await
    }

    pub async fn start_recovery(
        &self,
        body: &StartRecovery,
        key: &IdempotencyKey,
    ) -> AppResult<RecoveryView> {
        self.post("/recoveries", body, key, None).await
    }

    /// A recovery's step: `resend` (`{}`), `confirm` ([`ConfirmCode`]).
    pub async fn recovery_step<B: serde::Serialize>(
        &self,
        id: &Secret,
        step: &str,
        body: &B,
        key: &IdempotencyKey,
    ) -> AppResult<RecoveryView> {
        self.post(
            &format!("/recoveries/{}/{step}", path_segment(id)?),
            body,
            key,
            None,
        )
        .await
    }

    pub async fn recovery_password(
        &self,
        id: &Secret,
        body: &SetPassword,
        key: &IdempotencyKey,
    ) -> AppResult<SessionGrant> {
        self.post(
            &format!("/recoveries/{}/password", path_segment(id)?),
            body,
            key,
            None,
        )
        .await
    }

    pub async fn sign_in(&self, body: &SignIn, key: &IdempotencyKey) -> AppResult<SessionGrant> {
        self.post("/sessions", body, key, None).await
    }

    pub async fn refresh(
        &self,
        refresh_token: &Secret,
        key: &IdempotencyKey,
    ) -> AppResult<SessionGrant> {
        let mut body = RefreshSession {
            refresh_token: refresh_token.expose().to_owned(),
        };
        let grant = self.post("/sessions/refresh", &body, key, None).await;
        zeroize::Zeroize::zeroize(&mut body.refresh_token);
        grant
    }

    /// Ends the session on the portal (refreshing once if the access token expired).
    pub async fn sessions(
        &self,
        credentials: &impl Credentials,
    ) -> AppResult<kabinet_core::api::SessionList> {
        self.authed::<(), _>(credentials, Method::GET, "/me/sessions", None, None)
            .await?
            .ok_or_else(|| crate::platform::portal::unexpected("an empty sessions list"))
    }

    /// Ends one session of the account (`Some(id)`) or every one (`None`).
    pub async fn end_sessions(
        &self,
        credentials: &impl Credentials,
        id: Option<&str>,
        key: &IdempotencyKey,
    ) -> AppResult<()> {
        let path = match id {
            Some(id) => {
                let id = Secret::new(id.to_owned());
                format!("/me/sessions/{}", path_segment(&id)?)
            }
            None => "/me/sessions".to_owned(),
        };
        self.authed::<(), serde_json::Value>(credentials, Method::DELETE, &path, None, Some(key))
            .await
            .map(|_| ())
    }

    pub async fn sign_out(
        &self,
        credentials: &impl Credentials,
        key: &IdempotencyKey,
    ) -> AppResult<()> {
        self.authed::<(), serde_json::Value>(
            credentials,
            Method::DELETE,
            "/sessions/current",
            None,
            Some(key),
        )
        .await
        .map(|_| ())
    }

    pub async fn me(&self, credentials: &impl Credentials) -> AppResult<AccountView> {
        self.authed::<(), AccountView>(credentials, Method::GET, "/me", None, None)
            .await?
            .ok_or_else(|| crate::platform::portal::unexpected("empty body"))
    }
}
