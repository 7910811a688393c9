//! A request to the pension fund without an account (`/fund/requests`): sent with
//! its idempotency key after the same checks the portal makes, and its status by
//! number and contact. Nothing of it is stored on this computer.

use kabinet_core::api::fund::{FundRequestLookup, FundRequestView, NewFundRequest};

use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult};
use crate::platform::portal::IdempotencyKey;

impl Kabinet {
    pub async fn fund_request_send(
        &self,
        request: NewFundRequest,
        key: &str,
    ) -> AppResult<FundRequestView> {
        let key = IdempotencyKey::parse(key)?;
        let problems = request.problems();
        if !problems.is_empty() {
            return Err(AppError::validation(problems));
        }
        let conn = self.portal().await?;
        conn.client
            .post("/fund/requests", &request, &key, None)
            .await
    }

    pub async fn fund_request_status(
        &self,
        lookup: FundRequestLookup,
        key: &str,
    ) -> AppResult<FundRequestView> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        conn.client
            .post("/fund/requests/status", &lookup, &key, None)
            .await
    }
}
