//! Extractors whose rejections are typed [`AppError`]s, never axum's plain text.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use kabinet_core::api::ErrorCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::platform::http::error::AppError;
use crate::platform::state::AppState;

/// A JSON body; wrong content type → 415, syntax or shape → 400, too big → 413.
pub struct ApiJson<T>(pub T);

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::new(
            ErrorCode::UnsupportedMediaType,
            "expected Content-Type: application/json",
        ),
        JsonRejection::JsonDataError(e) => {
            AppError::new(ErrorCode::MalformedRequest, e.body_text())
        }
        JsonRejection::JsonSyntaxError(e) => {
            AppError::new(ErrorCode::MalformedRequest, e.body_text())
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        other => AppError::new(ErrorCode::MalformedRequest, other.body_text()),
    }
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(v)| ApiJson(v))
            .map_err(json_rejection)
    }
}

/// The `{}` body of requests that carry no data; an empty body is accepted too.
pub struct EmptyJson;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmptyObject {}

impl<S: Send + Sync> FromRequest<S> for EmptyJson {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers().clone();
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
            } else {
                AppError::new(ErrorCode::MalformedRequest, e.body_text())
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(EmptyJson);
        }
        if !is_json(&headers) {
            return Err(AppError::new(
                ErrorCode::UnsupportedMediaType,
                "expected Content-Type: application/json",
            ));
        }
        serde_json::from_slice::<EmptyObject>(&bytes)
            .map(|_| EmptyJson)
            .map_err(|e| AppError::new(ErrorCode::MalformedRequest, format!("expected {{}}: {e}")))
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        })
        .unwrap_or(false)
}

/// The bearer token of the request, if it has a well-formed one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A request made with a live access token.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub account_id: String,
    pub session_id: String,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthenticated = || AppError::new(ErrorCode::Unauthenticated, "sign in first");
        let token = bearer_token(&parts.headers).ok_or_else(unauthenticated)?;
        state
            .sessions()
            .authenticate(token)
            .await?
            .ok_or_else(unauthenticated)
    }
}

/// The `{id}` of a registration route; an undecodable one is simply unknown.
pub struct RegistrationId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RegistrationId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(RegistrationId(id)),
            Err(_) => Ok(RegistrationId(String::new())),
        }
    }
}

/// The client, as rate limits count it: the address behind trusted proxies (see
/// [`crate::platform::http::client_ip`]); an IPv6 client is counted by its /64, the
/// block one subscriber usually holds, so rotating addresses within it gains nothing.
#[derive(Debug, Clone)]
pub struct Client(pub String);

impl FromRequestParts<AppState> for Client {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let ip =
            crate::platform::http::client_ip::client_ip(peer, &forwarded, &state.trusted_proxies);
        Ok(Client(crate::platform::http::client_ip::limit_key(ip)))
    }
}
