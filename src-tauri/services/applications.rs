//! Applications for services through the portal (`/me/applications`): submitted
//! with the UI's idempotency key (a retry after a lost answer is the same
//! application), listed with every status they passed through.

use kabinet_core::api::applications::{ApplicationList, ApplicationView, NewApplication};
use reqwest::Method;

use crate::platform::Kabinet;
use crate::platform::error::AppResult;
use crate::platform::portal::{Credentials, IdempotencyKey, PortalClient, unexpected};

impl PortalClient {
    pub async fn submit_application(
        &self,
        credentials: &impl Credentials,
        service_id: &str,
        form: serde_json::Value,
        key: &IdempotencyKey,
    ) -> AppResult<ApplicationView> {
        let body = NewApplication {
            service_id: service_id.to_owned(),
            form,
        };
        self.authed(
            credentials,
            Method::POST,
            "/me/applications",
            Some(&body),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn add_paper_application(
        &self,
        credentials: &impl Credentials,
        receipt: &str,
        key: &IdempotencyKey,
    ) -> AppResult<ApplicationView> {
        let body = kabinet_core::api::applications::PaperReceipt {
            receipt: receipt.to_owned(),
        };
        self.authed(
            credentials,
            Method::POST,
            "/me/applications/paper",
            Some(&body),
            Some(key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn applications(&self, credentials: &impl Credentials) -> AppResult<ApplicationList> {
        self.authed::<(), ApplicationList>(credentials, Method::GET, "/me/applications", None, None)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }
}

impl Kabinet {
    /// Adds an application made on paper at an office, by its receipt number.
    pub async fn application_add_paper(
        &self,
        receipt: &str,
        key: &str,
    ) -> AppResult<ApplicationView> {
        let key = IdempotencyKey::parse(key)?;
        let receipt: String = receipt.chars().take(60).collect();
        let conn = self.portal().await?;
        conn.client
            .add_paper_application(&self.signed_in(), &receipt, &key)
            .await
    }

    pub async fn applications(&self) -> AppResult<ApplicationList> {
        let conn = self.portal().await?;
        conn.client.applications(&self.signed_in()).await
    }
}
