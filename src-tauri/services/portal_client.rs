//! HTTPS client of the portal API. It trusts exactly one certificate — the
//! configured CA or the embedded portal's own — and no built-in roots. Every
//! state-changing request carries an `Idempotency-Key`; on a network error it is
//! retried with the SAME key, so the portal does the action at most once.

use std::time::Duration;

use kabinet_core::api::{
    self, AccountView, ApiError, ConfirmCode, OutboxList, RefreshSession, RegistrationView,
    SessionGrant, SetPassword, SignIn, StartRegistration,
};
use reqwest::{Certificate, Client, Method, StatusCode, Url};
use serde::{Serialize, de::DeserializeOwned};

use crate::error::{AppError, AppResult, ClientCode};
use crate::secret::Secret;

/// Attempts for a request that fails before the portal answers.
const ATTEMPTS: u32 = 3;

/// An idempotency key: 128 random bits in hex or a UUID, as made by the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(s: &str) -> AppResult<Self> {
        let hex = s.chars().filter(|c| *c != '-').collect::<String>();
        let dashes = s.len() - hex.len();
        let ok = hex.len() == 32
            && hex.chars().all(|c| c.is_ascii_hexdigit())
            && (dashes == 0 || (dashes == 4 && s.len() == 36));
        if ok {
            Ok(Self(s.to_ascii_lowercase()))
        } else {
            Err(AppError::client(
                ClientCode::BadIdempotencyKey,
                "idempotency key must be 128-bit hex or a UUID",
            ))
        }
    }
    pub fn random() -> Self {
        Self(format!("{:032x}", rand::random::<u128>()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone)]
pub struct PortalClient {
    base: Url,
    http: Client,
}

impl PortalClient {
    /// `base` is the portal origin (`https://host:port/`); `ca_pem` the only trusted root.
    pub fn new(base: Url, ca_pem: &[u8]) -> AppResult<Self> {
        let cert = Certificate::from_pem(ca_pem)
            .map_err(|e| AppError::client(ClientCode::ConfigInvalid, format!("portal CA: {e}")))?;
        let http = Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(cert)
            .https_only(true)
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("kabinet-desktop/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                AppError::client(ClientCode::ConfigInvalid, format!("http client: {e}"))
            })?;
        Ok(Self { base, http })
    }

    fn url(&self, path: &str) -> AppResult<Url> {
        self.base
            .join(&format!("{}{}", api::API_PREFIX, path))
            .map_err(|e| AppError::client(ClientCode::ConfigInvalid, e.to_string()))
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        key: Option<&IdempotencyKey>,
        bearer: Option<&Secret>,
    ) -> AppResult<Option<T>> {
        let url = self.url(path)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = self.http.request(method.clone(), url.clone());
            if let Some(k) = key {
                req = req.header(api::IDEMPOTENCY_HEADER, k.as_str());
            }
            if let Some(t) = bearer {
                req = req.bearer_auth(t.expose());
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            match req.send().await {
                Ok(resp) => return decode(resp).await,
                Err(e) => {
                    // Only requests that may be repeated safely are retried: GETs, and
                    // state-changing ones that carry an idempotency key.
                    let repeatable = method == Method::GET || key.is_some();
                    let network = e.is_connect() || e.is_timeout() || e.is_request();
                    if repeatable && network && attempt < ATTEMPTS {
                        tracing::info!(
                            path,
                            attempt,
                            "portal unreachable, retrying with the same key"
                        );
                        tokio::time::sleep(Duration::from_millis(250 * u64::from(attempt))).await;
                        continue;
                    }
                    return Err(network_error(&e));
                }
            }
        }
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        key: &IdempotencyKey,
        bearer: Option<&Secret>,
    ) -> AppResult<T> {
        self.call(Method::POST, path, Some(body), Some(key), bearer)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, bearer: Option<&Secret>) -> AppResult<T> {
        self.call::<(), T>(Method::GET, path, None, None, bearer)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }

    pub async fn health(&self) -> AppResult<api::Health> {
        self.get("/health", None).await
    }

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

    pub async fn sign_out(&self, access: &Secret, key: &IdempotencyKey) -> AppResult<()> {
        self.call::<(), serde_json::Value>(
            Method::DELETE,
            "/sessions/current",
            None,
            Some(key),
            Some(access),
        )
        .await
        .map(|_| ())
    }

    pub async fn me(&self, access: &Secret) -> AppResult<AccountView> {
        self.get("/me", Some(access)).await
    }

    pub async fn outbox(&self) -> AppResult<OutboxList> {
        self.get("/demo/outbox", None).await
    }
}

/// The registration id is hex from the portal; refuse anything that could change the path.
fn path_segment(id: &Secret) -> AppResult<&str> {
    let s = id.expose();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(s)
    } else {
        Err(unexpected("registration id has an unexpected shape"))
    }
}

async fn decode<T: DeserializeOwned>(resp: reqwest::Response) -> AppResult<Option<T>> {
    let status = resp.status();
    let bytes = resp.bytes().await.map_err(|e| network_error(&e))?;
    if status.is_success() {
        if status == StatusCode::NO_CONTENT || bytes.is_empty() {
            return Ok(None);
        }
        return serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| unexpected(&format!("{status}: {e}")));
    }
    match serde_json::from_slice::<ApiError>(&bytes) {
        Ok(err) => Err(err.into()),
        Err(_) => Err(unexpected(&format!("HTTP {status} without an error body"))),
    }
}

fn unexpected(what: &str) -> AppError {
    AppError::client(
        ClientCode::UnexpectedResponse,
        format!("portal answered unexpectedly: {what}"),
    )
}

fn network_error(e: &reqwest::Error) -> AppError {
    // Walk the sources: a certificate problem must not look like a network outage.
    let mut src: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = src {
        let text = s.to_string();
        if text.contains("certificate")
            || text.contains("UnknownIssuer")
            || text.contains("NotValidForName")
        {
            return AppError::client(
                ClientCode::TlsUntrusted,
                format!("portal certificate not trusted: {text}"),
            );
        }
        src = s.source();
    }
    AppError::client(
        ClientCode::NetworkUnreachable,
        format!("portal unreachable: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_accept_hex_and_uuid_only() {
        assert!(IdempotencyKey::parse("0123456789abcdef0123456789ABCDEF").is_ok());
        assert!(IdempotencyKey::parse("3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f").is_ok());
        for bad in [
            "",
            "abc",
            "zz23456789abcdef0123456789abcdef",
            "0123-456789abcdef0123456789abcdef",
            "../../etc/passwd",
        ] {
            assert!(IdempotencyKey::parse(bad).is_err(), "{bad}");
        }
        let a = IdempotencyKey::random();
        assert!(IdempotencyKey::parse(a.as_str()).is_ok());
        assert_ne!(a, IdempotencyKey::random());
    }

    #[test]
    fn registration_ids_cannot_escape_the_path() {
        assert!(path_segment(&Secret::new("abc123")).is_ok());
        assert!(path_segment(&Secret::new("../me")).is_err());
        assert!(path_segment(&Secret::new("")).is_err());
    }
}
