//! HTTPS client of the portal API. It trusts exactly one certificate — the
//! configured CA or the embedded portal's own — and no built-in roots. Every
//! state-changing request carries an `Idempotency-Key`; on a network error it is
//! retried with the SAME key, so the portal does the action at most once.
//!
//! The features add their endpoints (`impl PortalClient` in `auth/client.rs`,
//! `demo/flow.rs`) over [`PortalClient::get`], [`PortalClient::post`] and the one
//! authenticated call, [`PortalClient::authed`], which refreshes the access token
//! once on a 401 and retries.
//!
//! Registration ids are capabilities and appear in request paths: no URL reaches an
//! error message or a log line (errors are stripped of their URL, logged paths have
//! their ids replaced).

use std::future::Future;
use std::time::Duration;

use kabinet_core::api::{self, ApiError, ErrorCode};
use kabinet_core::secret::SecretString as Secret;
use reqwest::{Certificate, Client, Method, StatusCode, Url};
use serde::{Serialize, de::DeserializeOwned};

use super::error::{AppError, AppResult, ClientCode};

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
/// What [`PortalClient::get_if_changed`] found.
pub enum Changed {
    Same,
    New(String),
}

pub struct PortalClient {
    base: Url,
    http: Client,
    /// For long-lived responses (the event stream): no overall timeout, but a read
    /// timeout longer than the portal's keep-alive interval, so a dead connection
    /// is noticed.
    streaming: Client,
}

/// How long a stream may stay silent (the portal sends a keep-alive every 15 s).
const STREAM_SILENCE: Duration = Duration::from_secs(45);

impl PortalClient {
    /// `base` is the portal origin (`https://host:port/`); `ca_pem` the only trusted root.
    pub fn new(base: Url, ca_pem: &[u8]) -> AppResult<Self> {
        let cert = Certificate::from_pem(ca_pem)
            .map_err(|e| AppError::client(ClientCode::ConfigInvalid, format!("portal CA: {e}")))?;
        let builder = || {
            Client::builder()
                .use_rustls_tls()
                .tls_built_in_root_certs(false)
                .add_root_certificate(cert.clone())
                .https_only(true)
                .connect_timeout(Duration::from_secs(5))
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(format!(
                    "kabinet-desktop/{} ({})",
                    env!("CARGO_PKG_VERSION"),
                    std::env::consts::OS
                ))
        };
        let built = |b: reqwest::ClientBuilder| {
            b.build().map_err(|e| {
                AppError::client(ClientCode::ConfigInvalid, format!("http client: {e}"))
            })
        };
        let http = built(builder().timeout(Duration::from_secs(20)))?;
        let streaming = built(builder().read_timeout(STREAM_SILENCE))?;
        Ok(Self {
            base,
            http,
            streaming,
        })
    }

    fn url(&self, path: &str) -> AppResult<Url> {
        self.base
            .join(&format!("{}{}", api::API_PREFIX, path))
            .map_err(|e| AppError::client(ClientCode::ConfigInvalid, e.to_string()))
    }

    pub async fn call<B: Serialize, T: DeserializeOwned>(
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
                            path = %loggable(path),
                            attempt,
                            "portal unreachable, retrying with the same key"
                        );
                        tokio::time::sleep(Duration::from_millis(250 * u64::from(attempt))).await;
                        continue;
                    }
                    return Err(network_error(e));
                }
            }
        }
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
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

    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&Secret>,
    ) -> AppResult<T> {
        self.call::<(), T>(Method::GET, path, None, None, bearer)
            .await?
            .ok_or_else(|| unexpected("empty body"))
    }

    /// A GET of a versioned resource: `None` changes when the portal holds the same
    /// version (`If-None-Match` → 304), else the new body (as text) — its version
    /// is checked by the caller.
    pub async fn get_if_changed(&self, path: &str, held: Option<&str>) -> AppResult<Changed> {
        let url = self.url(path)?;
        let mut req = self.http.get(url);
        if let Some(v) = held {
            req = req.header(reqwest::header::IF_NONE_MATCH, format!("\"{v}\""));
        }
        let resp = req.send().await.map_err(network_error)?;
        if resp.status() == StatusCode::NOT_MODIFIED {
            return Ok(Changed::Same);
        }
        let status = resp.status();
        let text = resp.text().await.map_err(network_error)?;
        if status.is_success() {
            return Ok(Changed::New(text));
        }
        match serde_json::from_str::<ApiError>(&text) {
            Ok(err) => Err(err.into()),
            Err(_) => Err(unexpected(&format!("HTTP {status} without an error body"))),
        }
    }

    /// The one authenticated call: with the access token `credentials` hold, and on
    /// a 401 (`unauthenticated`: the token expired) once more with a refreshed one.
    /// The 401 was a definite "not done", so the retry carries a new idempotency key
    /// (the portal keeps the first answer under the first key).
    pub async fn authed<B: Serialize, T: DeserializeOwned>(
        &self,
        credentials: &impl Credentials,
        method: Method,
        path: &str,
        body: Option<&B>,
        key: Option<&IdempotencyKey>,
    ) -> AppResult<Option<T>> {
        let access = credentials.access().await?;
        match self
            .call(method.clone(), path, body, key, Some(&access))
            .await
        {
            Err(e) if e.is(ErrorCode::Unauthenticated) => {
                let fresh = credentials.refreshed().await?;
                let retry_key = key.map(|_| IdempotencyKey::random());
                self.call(method, path, body, retry_key.as_ref(), Some(&fresh))
                    .await
            }
            other => other,
        }
    }

    /// An authenticated upload of a file's bytes (`application/octet-stream`) under
    /// an idempotency key, with the same one refresh after a 401 as [`Self::authed`]
    /// (then under a new key: the 401 was a definite "not done").
    pub async fn authed_upload<T: DeserializeOwned>(
        &self,
        credentials: &impl Credentials,
        path: &str,
        bytes: &[u8],
        key: &IdempotencyKey,
    ) -> AppResult<T> {
        let url = self.url(path)?;
        let mut token = credentials.access().await?;
        let mut key = key.clone();
        for attempt in 0..2 {
            let resp = self
                .http
                .post(url.clone())
                .bearer_auth(token.expose())
                .header(api::IDEMPOTENCY_HEADER, key.as_str())
                .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                .body(bytes.to_vec())
                .send()
                .await
                .map_err(network_error);
            match resp {
                Ok(resp) => match decode::<T>(resp).await {
                    Err(e) if attempt == 0 && e.is(ErrorCode::Unauthenticated) => {
                        token = credentials.refreshed().await?;
                        key = IdempotencyKey::random();
                    }
                    other => return other?.ok_or_else(|| unexpected("empty body")),
                },
                Err(e) => return Err(e),
            }
        }
        Err(unexpected("unauthenticated after a refresh"))
    }

    /// An authenticated GET of a file (a PDF): its bytes, with the same one refresh
    /// after a 401 as [`Self::authed`].
    pub async fn authed_bytes(
        &self,
        credentials: &impl Credentials,
        path: &str,
    ) -> AppResult<Vec<u8>> {
        let url = self.url(path)?;
        let mut token = credentials.access().await?;
        for attempt in 0..2 {
            let resp = self
                .http
                .get(url.clone())
                .bearer_auth(token.expose())
                .send()
                .await
                .map_err(network_error)?;
            let status = resp.status();
            let bytes = resp.bytes().await.map_err(network_error)?;
            if status.is_success() {
                return Ok(bytes.to_vec());
            }
            let err: AppError = match serde_json::from_slice::<ApiError>(&bytes) {
                Ok(e) => e.into(),
                Err(_) => unexpected(&format!("HTTP {status} without an error body")),
            };
            if attempt == 0 && err.is(ErrorCode::Unauthenticated) {
                token = credentials.refreshed().await?;
                continue;
            }
            return Err(err);
        }
        Err(unexpected("unauthenticated after a refresh"))
    }

    /// Opens a long-lived authenticated GET (Server-Sent Events) with these extra
    /// headers; the response as it starts, or the portal's error.
    pub async fn open_stream(
        &self,
        path: &str,
        bearer: &Secret,
        headers: &[(&str, String)],
    ) -> AppResult<reqwest::Response> {
        let mut req = self
            .streaming
            .get(self.url(path)?)
            .bearer_auth(bearer.expose())
            .header(reqwest::header::ACCEPT, "text/event-stream");
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        let resp = req.send().await.map_err(network_error)?;
        if resp.status().is_success() {
            return Ok(resp);
        }
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(network_error)?;
        match serde_json::from_slice::<ApiError>(&bytes) {
            Ok(err) => Err(err.into()),
            Err(_) => Err(unexpected(&format!("HTTP {status} without an error body"))),
        }
    }

    /// The next piece of a streaming response; `None` at its end.
    pub async fn next_chunk(resp: &mut reqwest::Response) -> AppResult<Option<Vec<u8>>> {
        resp.chunk()
            .await
            .map(|c| c.map(|b| b.to_vec()))
            .map_err(network_error)
    }

    pub async fn health(&self) -> AppResult<api::Health> {
        self.get("/health", None).await
    }
}

/// Where [`PortalClient::authed`] gets an access token, and a fresh one after a 401.
pub trait Credentials {
    fn access(&self) -> impl Future<Output = AppResult<Secret>> + Send;
    fn refreshed(&self) -> impl Future<Output = AppResult<Secret>> + Send;
}

/// A path fit for a log line: segments that look like ids (long runs of letters,
/// digits, `-` and `_`) become `{id}`.
pub(crate) fn loggable(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            let id_like = seg.len() >= 16
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if id_like { "{id}" } else { seg }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The registration id is hex from the portal; refuse anything that could change the path.
pub(crate) fn path_segment(id: &Secret) -> AppResult<&str> {
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
    let bytes = resp.bytes().await.map_err(network_error)?;
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

pub(crate) fn unexpected(what: &str) -> AppError {
    AppError::client(
        ClientCode::UnexpectedResponse,
        format!("portal answered unexpectedly: {what}"),
    )
}

fn network_error(e: reqwest::Error) -> AppError {
    // The URL can hold a registration id (a capability): never in a message.
    let e = e.without_url();
    // Walk the sources: a certificate problem must not look like a network outage.
    let mut src: Option<&dyn std::error::Error> = Some(&e);
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

    #[test]
    fn logged_paths_hide_ids() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            loggable(&format!("/registrations/{id}/confirm")),
            "/registrations/{id}/confirm"
        );
        assert_eq!(loggable("/sessions/current"), "/sessions/current");
    }

    /// The registration id lets its holder set the password: a network failure on
    /// `/registrations/<id>/…` must name it neither in the error the webview gets
    /// nor in the log (reqwest's errors carry the URL).
    #[test]
    fn a_registration_id_is_in_no_error_message_and_no_log_line() {
        use std::sync::{Arc, Mutex};

        #[derive(Clone, Default)]
        struct Captured(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Captured {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }

        let _ = rustls::crypto::ring::default_provider().install_default();
        // A port nobody listens on: connection refused, retried, then given up.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).expect("cert");
        let base = Url::parse(&format!("https://127.0.0.1:{port}/")).expect("url");
        let client = PortalClient::new(base, cert.cert.pem().as_bytes()).expect("client");
        let id = "5ec2e7ca9ab111e5ec2e7ca9ab111e5e";
        let path = format!("/registrations/{id}/confirm");

        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let err = tracing::subscriber::with_default(subscriber, || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(client.post::<_, serde_json::Value>(
                &path,
                &serde_json::json!({ "code": "123456" }),
                &IdempotencyKey::random(),
                None,
            ))
        })
        .expect_err("nothing listens there");
        assert_eq!(
            err.code,
            crate::platform::error::Code::Client(ClientCode::NetworkUnreachable)
        );
        let shown = serde_json::to_string(&err).expect("json");
        assert!(!shown.contains(id), "the id reached the webview: {shown}");
        let log =
            String::from_utf8_lossy(&log.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
        assert!(log.contains("retrying"), "the retries were logged: {log}");
        assert!(!log.contains(id), "the id reached the log: {log}");
    }
}
