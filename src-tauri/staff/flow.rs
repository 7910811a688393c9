//! Operator mode's flows over the portal's `/operator` routes.

use kabinet_core::api::{
    CitizenRecord, CitizenSearch, ComparedItem, ConfirmInPerson, DemoOperator, ErrorCode,
    OperatorGrant, OperatorSignIn, OperatorView,
};
use kabinet_core::secret::SecretString as Secret;
use reqwest::Method;

use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::{IdempotencyKey, unexpected};

fn not_signed_in() -> AppError {
    kabinet_core::api::ApiError::new(ErrorCode::Unauthenticated, "sign in as an operator").into()
}

impl Kabinet {
    fn operator_token(&self) -> AppResult<Secret> {
        self.operator().clone().ok_or_else(not_signed_in)
    }

    /// A call with the operator's token; a 401 (idle or ended) forgets it.
    async fn operator_call<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        key: Option<&IdempotencyKey>,
    ) -> AppResult<Option<T>> {
        let token = self.operator_token()?;
        let conn = self.portal().await?;
        let result = conn
            .client
            .call(method, path, body, key, Some(&token))
            .await;
        if matches!(&result, Err(e) if e.is(ErrorCode::Unauthenticated)) {
            *self.operator() = None;
        }
        result
    }

    /// The demo operator and its current code (demo portal only).
    pub async fn operator_demo(&self) -> AppResult<DemoOperator> {
        let conn = self.portal().await?;
        if !conn.demo {
            return Err(AppError::client(
                ClientCode::NotDemo,
                "the demo operator exists only with the demo portal",
            ));
        }
        conn.client.get("/demo/operator", None).await
    }

    pub async fn operator_sign_in(
        &self,
        body: OperatorSignIn,
        key: &str,
    ) -> AppResult<OperatorView> {
        let key = IdempotencyKey::parse(key)?;
        let conn = self.portal().await?;
        let grant: OperatorGrant = conn
            .client
            .post("/operator/sessions", &body, &key, None)
            .await?;
        *self.operator() = Some(Secret::from(grant.token));
        Ok(grant.operator)
    }

    pub async fn operator_sign_out(&self) -> AppResult<()> {
        if self.operator().is_none() {
            return Ok(());
        }
        let key = IdempotencyKey::random();
        let result = self
            .operator_call::<(), serde_json::Value>(
                Method::DELETE,
                "/operator/sessions/current",
                None,
                Some(&key),
            )
            .await;
        *self.operator() = None;
        match result {
            Err(e) if !e.is(ErrorCode::Unauthenticated) => Err(e),
            _ => Ok(()),
        }
    }

    pub async fn operator_search(&self, search: CitizenSearch) -> AppResult<CitizenRecord> {
        let key = IdempotencyKey::random();
        self.operator_call(
            Method::POST,
            "/operator/citizens/search",
            Some(&search),
            Some(&key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn operator_confirm(
        &self,
        account_id: &str,
        compared: Vec<ComparedItem>,
        key: &str,
    ) -> AppResult<CitizenRecord> {
        let key = IdempotencyKey::parse(key)?;
        let id: String = account_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        self.operator_call(
            Method::POST,
            &format!("/operator/citizens/{id}/verify"),
            Some(&ConfirmInPerson { compared }),
            Some(&key),
        )
        .await?
        .ok_or_else(|| unexpected("empty body"))
    }
}
