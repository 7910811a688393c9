//! The citizen's pension record from the portal (`GET /me/pension/record`, standard
//! level and up). Read on demand, never stored: the calculator works offline
//! without it.

use kabinet_core::api::pension::PensionRecordView;
use reqwest::Method;

use crate::platform::Kabinet;
use crate::platform::error::AppResult;
use crate::platform::portal::{Credentials, PortalClient, unexpected};

impl PortalClient {
    pub async fn pension_record(
        &self,
        credentials: &impl Credentials,
    ) -> AppResult<PensionRecordView> {
        self.authed::<(), PensionRecordView>(
            credentials,
            Method::GET,
            "/me/pension/record",
            None,
            None,
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}

impl Kabinet {
    pub async fn pension_record_get(&self) -> AppResult<PensionRecordView> {
        let conn = self.portal().await?;
        conn.client.pension_record(&self.signed_in()).await
    }
}
