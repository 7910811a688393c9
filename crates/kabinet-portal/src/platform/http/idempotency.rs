//! Idempotent state-changing requests (`POST`, `PUT`, `PATCH`, `DELETE`).
//!
//! Each such request carries an `Idempotency-Key`. Keys are scoped by method and
//! path and, for authenticated calls, by the session the bearer token belongs to.
//! The first request with a key inserts an in-progress record (primary key scope+key) *before* running; an
//! identical request arriving meanwhile waits for the stored response and returns
//! it, so two concurrent double-clicks create one account and send one code. A
//! finished response (status + body, the body encrypted because it may carry
//! tokens) is replayed byte for byte; the same key with another body is refused
//! (`idempotency_key_reused`). 5xx outcomes are not stored, so a retry runs again.
//! The handler runs in its own task: a client that disconnects does not cancel it.
//!
//! Crashes: a handler whose change must not run twice writes its answer with
//! [`Idempotent::answer_in`] inside the change's own transaction, so the change and
//! the answer commit together and a retry after a crash replays the answer. An
//! in-progress claim names the process that holds it; when that process has
//! stopped its heartbeats (it crashed), a retry takes the claim over at once: the
//! change it was making rolled back with it.

use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::FromRequestParts;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kabinet_core::api::{ErrorCode, IDEMPOTENCY_HEADER};
use serde::Serialize;
use sqlx::Row;
use tracing::Instrument;

use crate::platform::http::error::AppError;
use crate::platform::http::extract::bearer_token;
use crate::platform::state::{AppState, DEAD_AFTER_SECS, wall_now};

/// Largest request body accepted anywhere.
pub const BODY_LIMIT: usize = 64 * 1024;
const MAX_KEY_LEN: usize = 200;
/// How long an identical request waits for the first one to finish.
const WAIT_FOR_FIRST: Duration = Duration::from_secs(30);
/// An in-progress record older than this belongs to a crashed attempt.
const ABANDONED_AFTER_SECS: i64 = 120;

/// The largest body of a request to `path`: a file upload may carry a file.
fn body_limit(path: &str) -> usize {
    if path == crate::services::attachments::UPLOAD_PATH {
        kabinet_core::services::attachments::MAX_BYTES + 1
    } else {
        BODY_LIMIT
    }
}

fn too_large(limit: usize) -> Response {
    AppError::new(
        ErrorCode::PayloadTooLarge,
        format!("the request body exceeds {limit} bytes"),
    )
    .into_response()
}

fn stored_response(status: i64, body: Vec<u8>) -> Response {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = Response::new(Body::from(body.clone()));
    *response.status_mut() = status;
    if !body.is_empty() {
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    response
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return next.run(request).await;
    }
    let key = request
        .headers()
        .get(IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| {
            !k.is_empty() && k.len() <= MAX_KEY_LEN && k.bytes().all(|b| b.is_ascii_graphic())
        })
        .map(str::to_owned);
    let Some(key) = key else {
        return AppError::new(
            ErrorCode::IdempotencyKeyMissing,
            format!("state-changing requests need an {IDEMPOTENCY_HEADER} header (1–{MAX_KEY_LEN} visible ASCII characters)"),
        )
        .into_response();
    };
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let limit = body_limit(request.uri().path());
    if declared.is_some_and(|n| n > limit) {
        return too_large(limit);
    }
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout(state.read_timeout, to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return too_large(limit),
        Err(_) => {
            return AppError::new(
                ErrorCode::RequestTimeout,
                "the request body did not arrive in time",
            )
            .into_response();
        }
    };

    let auth_scope = match bearer_token(&parts.headers) {
        Some(token) => match state.sessions().session_of(token).await {
            Ok(scope) => scope,
            Err(e) => return e.into_response(),
        },
        None => String::new(),
    };
    let scope = state.key.hash(
        "idempotency-scope",
        &[
            parts.method.as_str().as_bytes(),
            parts.uri.path().as_bytes(),
            auth_scope.as_bytes(),
        ],
    );
    // A keyed fingerprint: sign-in bodies carry passwords, and a plain hash of one
    // in the table would be an offline guessing target.
    let request_hash = state.key.hash("idempotency-request", &[&bytes]);
    let seal_context = format!("{scope}/{key}");

    match claim(&state, &scope, &key, &request_hash).await {
        Ok(Claim::Owner) => {}
        Ok(Claim::Replay(status, sealed)) => {
            return match state.key.open(&seal_context, &sealed) {
                Some(body) => stored_response(status, body),
                None => AppError::internal("stored idempotent response does not decrypt")
                    .into_response(),
            };
        }
        Ok(Claim::Conflict) => {
            return AppError::new(
                ErrorCode::IdempotencyKeyReused,
                "this idempotency key was already used for a different request",
            )
            .into_response();
        }
        Ok(Claim::StillRunning) => {
            return AppError::new(
                ErrorCode::Unavailable,
                "the first request with this key is still running; retry",
            )
            .into_response();
        }
        Err(e) => return e.into_response(),
    }

    let mut parts = parts;
    parts.extensions.insert(Idempotent {
        scope: scope.clone(),
        key: key.clone(),
        seal_context: seal_context.clone(),
    });
    let request = Request::from_parts(parts, Body::from(bytes));
    let task_state = state.clone();
    // Its own task (so a disconnect does not cancel it), inside this request's span.
    let run = tokio::spawn(
        async move {
            let response = next.run(request).await;
            finish(&task_state, &scope, &key, &seal_context, response).await
        }
        .instrument(tracing::Span::current()),
    );
    match run.await {
        Ok(response) => response,
        Err(e) => AppError::internal(format!("handler task: {e}")).into_response(),
    }
}

enum Claim {
    Owner,
    Replay(i64, String),
    Conflict,
    StillRunning,
}

async fn claim(
    state: &AppState,
    scope: &str,
    key: &str,
    request_hash: &str,
) -> Result<Claim, AppError> {
    let deadline = tokio::time::Instant::now() + WAIT_FOR_FIRST;
    loop {
        let now = state.now().unix_timestamp();
        let inserted = sqlx::query(
            "INSERT INTO idempotency (scope_hash, idem_key, request_hash, created_at, owner) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(scope)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .bind(&state.instance_id)
        .execute(&state.db.pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Claim::Owner);
        }
        let row = sqlx::query(
            "SELECT i.request_hash, i.status, i.body, i.created_at, i.owner, p.seen_at \
             FROM idempotency i LEFT JOIN portal_instances p ON p.id = i.owner \
             WHERE i.scope_hash = $1 AND i.idem_key = $2",
        )
        .bind(scope)
        .bind(key)
        .fetch_optional(&state.db.pool)
        .await?;
        let Some(row) = row else { continue }; // the first attempt failed and let go: take over
        if row.try_get::<String, _>("request_hash")? != request_hash {
            return Ok(Claim::Conflict);
        }
        let status: Option<i64> = row.try_get("status")?;
        let body: Option<String> = row.try_get("body")?;
        if let (Some(status), Some(body)) = (status, body) {
            return Ok(Claim::Replay(status, body));
        }
        let created_at: i64 = row.try_get("created_at")?;
        let owner: Option<String> = row.try_get("owner")?;
        let owner_seen: Option<i64> = row.try_get("seen_at")?;
        let owner_dead = owner.as_deref() != Some(state.instance_id.as_str())
            && owner_seen.is_none_or(|seen| wall_now() - seen > DEAD_AFTER_SECS);
        if owner_dead || now - created_at > ABANDONED_AFTER_SECS {
            sqlx::query("DELETE FROM idempotency WHERE scope_hash = $1 AND idem_key = $2 AND status IS NULL AND created_at = $3")
                .bind(scope)
                .bind(key)
                .bind(created_at)
                .execute(&state.db.pool)
                .await?;
            continue;
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(Claim::StillRunning);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn finish(
    state: &AppState,
    scope: &str,
    key: &str,
    seal_context: &str,
    response: Response,
) -> Response {
    if response.extensions().get::<StoredInTransaction>().is_some() {
        return response;
    }
    let status = response.status();
    let (parts, body) = response.into_parts();
    let body: Bytes = match to_bytes(body, 4 * 1024 * 1024).await {
        Ok(b) => b,
        Err(e) => {
            release(state, scope, key).await;
            return AppError::internal(format!("reading the response: {e}")).into_response();
        }
    };
    if status.is_server_error() {
        release(state, scope, key).await;
        // Not stored, so nothing to replay: answer as the handler did (Retry-After…).
        return Response::from_parts(parts, Body::from(body));
    } else {
        let stored = sqlx::query(
            "UPDATE idempotency SET status = $1, body = $2 WHERE scope_hash = $3 AND idem_key = $4 \
             AND status IS NULL",
        )
        .bind(i64::from(status.as_u16()))
        .bind(state.key.seal(seal_context, &body))
        .bind(scope)
        .bind(key)
        .execute(&state.db.pool)
        .await;
        if let Err(e) = stored {
            // The work is done; a retry would redo it, so say so in the log.
            tracing::error!(cause = %e, "could not store the idempotent response");
        }
    }
    stored_response(i64::from(status.as_u16()), body.to_vec())
}

/// This request's idempotency record, for a handler whose change must commit
/// together with its answer.
#[derive(Clone)]
pub struct Idempotent {
    scope: String,
    key: String,
    seal_context: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Idempotent {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Idempotent>()
            .cloned()
            .ok_or_else(|| AppError::internal("the idempotency layer is not on this route"))
    }
}

/// An answer already written in the change's transaction.
pub struct Answered(StatusCode, Vec<u8>);

/// Marks a response whose answer is already stored, so [`finish`] stores nothing.
#[derive(Clone, Copy)]
struct StoredInTransaction;

impl IntoResponse for Answered {
    fn into_response(self) -> Response {
        let mut response = stored_response(i64::from(self.0.as_u16()), self.1);
        response.extensions_mut().insert(StoredInTransaction);
        response
    }
}

impl Idempotent {
    /// Writes `body` as the answer to this request on `conn`, the connection of the
    /// change's transaction: committed with the change, or not at all.
    pub async fn answer_in<T: Serialize>(
        &self,
        conn: &mut sqlx::AnyConnection,
        state: &AppState,
        status: StatusCode,
        body: &T,
    ) -> Result<Answered, AppError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| AppError::internal(format!("serialising the answer: {e}")))?;
        sqlx::query(
            "UPDATE idempotency SET status = $1, body = $2 WHERE scope_hash = $3 AND idem_key = $4",
        )
        .bind(i64::from(status.as_u16()))
        .bind(state.key.seal(&self.seal_context, &bytes))
        .bind(&self.scope)
        .bind(&self.key)
        .execute(conn)
        .await?;
        Ok(Answered(status, bytes))
    }
}

async fn release(state: &AppState, scope: &str, key: &str) {
    let deleted = sqlx::query("DELETE FROM idempotency WHERE scope_hash = $1 AND idem_key = $2")
        .bind(scope)
        .bind(key)
        .execute(&state.db.pool)
        .await;
    if let Err(e) = deleted {
        tracing::error!(cause = %e, "could not release an idempotency key");
    }
}
