//! Sessions: sign-in, refresh, sign-out and the signed-in person's account.
//!
//! Tokens are 256-bit random hex values; the database keeps only their keyed
//! hashes. Access tokens live [`ACCESS_TTL`]; a session (and its refresh token) ends
//! [`SESSION_TTL`] after sign-in, whatever the refreshes. Refreshing rotates both
//! tokens. Sign-in failures are throttled per login and per client address; an
//! unknown login costs the same Argon2 verification as a known one.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use kabinet_core::account::{level_from_key, next_level};
use kabinet_core::api::{AccountView, ApiError, ErrorCode, RefreshSession, SessionGrant, SignIn};
use kabinet_core::contact::Contact;
use kabinet_core::secret::SecretString;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use crate::client::client_ip;
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, Authenticated};
use crate::keys::{is_token_shaped, random_id, random_token};
use crate::state::{AppState, instant};

pub const ACCESS_TTL: Duration = Duration::minutes(15);
/// Absolute session length of a simplified account.
pub const SESSION_TTL: Duration = Duration::days(30);
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
pub const MAX_FAILURES_PER_LOGIN: usize = 10;
pub const MAX_FAILURES_PER_CLIENT: usize = 100;

pub struct Sessions<'a> {
    pub state: &'a AppState,
}

fn account_view(row: &sqlx::any::AnyRow) -> AppResult<AccountView> {
    let level_key: String = row.try_get("level")?;
    let level = level_from_key(&level_key)
        .ok_or_else(|| AppError::internal("unknown account level in store"))?;
    let contact: String = row.try_get("contact")?;
    let contact = Contact::parse(&contact)
        .map_err(|_| AppError::internal("stored contact does not parse"))?;
    Ok(AccountView {
        surname: row.try_get("surname")?,
        first_name: row.try_get("first_name")?,
        level,
        contact_masked: contact.masked(),
        next_level: next_level(level),
    })
}

impl Sessions<'_> {
    fn token_hash(&self, kind: &str, token: &str) -> String {
        self.state.key.hash(kind, &[token.as_bytes()])
    }

    pub async fn account(&self, account_id: &str) -> AppResult<AccountView> {
        let row =
            sqlx::query("SELECT surname, first_name, level, contact FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_one(&self.state.db.pool)
                .await?;
        account_view(&row)
    }

    /// Opens a session inside the caller's transaction.
    pub async fn open(
        &self,
        conn: &mut AnyConnection,
        account_id: &str,
        account: AccountView,
    ) -> AppResult<SessionGrant> {
        let now = self.state.now();
        let access = random_token();
        let refresh = random_token();
        let expires = now + SESSION_TTL;
        let access_expires = (now + ACCESS_TTL).min(expires);
        sqlx::query(
            "INSERT INTO sessions (id, account_id, access_hash, access_expires_at, refresh_hash, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(random_id())
        .bind(account_id)
        .bind(self.token_hash("access", &access))
        .bind(access_expires.unix_timestamp())
        .bind(self.token_hash("refresh", &refresh))
        .bind(expires.unix_timestamp())
        .bind(now.unix_timestamp())
        .execute(conn)
        .await?;
        Ok(SessionGrant {
            access_token: access,
            access_expires_at: access_expires,
            refresh_token: refresh,
            session_expires_at: expires,
            account,
        })
    }

    pub async fn authenticate(&self, token: &str) -> AppResult<Option<Authenticated>> {
        if !is_token_shaped(token) {
            return Ok(None);
        }
        let now = self.state.now().unix_timestamp();
        let row = sqlx::query(
            "SELECT id, account_id FROM sessions WHERE access_hash = $1 AND revoked_at IS NULL \
             AND access_expires_at > $2 AND expires_at > $2",
        )
        .bind(self.token_hash("access", token))
        .bind(now)
        .fetch_optional(&self.state.db.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(Authenticated {
                session_id: r.try_get("id")?,
                account_id: r.try_get("account_id")?,
            })),
            None => Ok(None),
        }
    }

    /// The idempotency scope of a bearer token: its session's id (live or not, so a
    /// retried sign-out still finds its first answer), or the token's hash when it
    /// belongs to no session.
    pub async fn session_of(&self, token: &str) -> AppResult<String> {
        let hash = self.token_hash("access", token);
        let row = sqlx::query("SELECT id FROM sessions WHERE access_hash = $1")
            .bind(&hash)
            .fetch_optional(&self.state.db.pool)
            .await?;
        match row {
            Some(r) => Ok(format!("session:{}", r.try_get::<String, _>("id")?)),
            None => Ok(format!("token:{hash}")),
        }
    }

    async fn failures_since(&self, subject: &str, since: OffsetDateTime) -> AppResult<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT failed_at FROM auth_failures WHERE subject_hash = $1 AND failed_at > $2",
        )
        .bind(subject)
        .bind(since.unix_timestamp())
        .fetch_all(&self.state.db.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get::<i64, _>("failed_at").map_err(AppError::from))
            .collect()
    }

    /// `Some(retry_at)` when the login or the client has failed too often lately.
    async fn throttled(&self, subjects: &[(&str, usize)]) -> AppResult<Option<OffsetDateTime>> {
        let now = self.state.now();
        let mut retry_at: Option<OffsetDateTime> = None;
        for (subject, limit) in subjects {
            let mut times = self.failures_since(subject, now - FAILURE_WINDOW).await?;
            if times.len() >= *limit {
                times.sort_unstable();
                let oldest_that_counts = times[times.len() - limit];
                let at = instant(oldest_that_counts) + FAILURE_WINDOW + Duration::SECOND;
                retry_at = Some(retry_at.map_or(at, |r| r.max(at)));
            }
        }
        Ok(retry_at)
    }
}

fn login_subject(state: &AppState, login: &str) -> (String, Option<Contact>) {
    let contact = Contact::parse(login).ok();
    let normalised = contact
        .as_ref()
        .map_or_else(|| login.trim().to_lowercase(), |c| c.as_str().to_owned());
    (state.key.hash("login", &[normalised.as_bytes()]), contact)
}

#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = SignIn,
    params(("Idempotency-Key" = String, Header, description = "unique per attempt")),
    responses((status = 201, body = SessionGrant), (status = 401, body = ApiError), (status = 429, body = ApiError)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignIn>,
) -> AppResult<(StatusCode, Json<SessionGrant>)> {
    let password = SecretString::from(body.password.clone());
    let (login_subject, contact) = login_subject(&state, &body.login);
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let client = client_ip(peer.ip(), &forwarded, &state.trusted_proxies);
    let client_subject = state.key.hash("client", &[client.to_string().as_bytes()]);
    let sessions = state.sessions();
    let subjects = [
        (login_subject.as_str(), MAX_FAILURES_PER_LOGIN),
        (client_subject.as_str(), MAX_FAILURES_PER_CLIENT),
    ];
    if let Some(retry_at) = sessions.throttled(&subjects).await? {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many failed sign-ins; try again later",
        )
        .retry_at(retry_at));
    }
    let account = match &contact {
        Some(c) => {
            sqlx::query("SELECT id, password_hash FROM accounts WHERE contact = $1")
                .bind(c.as_str())
                .fetch_optional(&state.db.pool)
                .await?
        }
        None => None,
    };
    let (account_id, stored) = match account {
        Some(row) => (
            Some(row.try_get::<String, _>("id")?),
            Some(row.try_get::<String, _>("password_hash")?),
        ),
        None => (None, None),
    };
    let ok = state.hasher.verify(password, stored).await?;
    let now = state.now().unix_timestamp();
    let Some(account_id) = account_id.filter(|_| ok) else {
        for subject in [&login_subject, &client_subject] {
            sqlx::query("INSERT INTO auth_failures (subject_hash, failed_at) VALUES ($1, $2)")
                .bind(subject)
                .bind(now)
                .execute(&state.db.pool)
                .await?;
        }
        return Err(AppError::new(
            ErrorCode::InvalidCredentials,
            "wrong login or password",
        ));
    };
    let view = sessions.account(&account_id).await?;
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("DELETE FROM auth_failures WHERE subject_hash = $1")
        .bind(&login_subject)
        .execute(&mut *tx)
        .await?;
    let grant = sessions.open(&mut tx, &account_id, view).await?;
    tx.commit().await?;
    tracing::info!("signed in");
    Ok((StatusCode::CREATED, Json(grant)))
}

#[utoipa::path(post, path = "/api/v1/sessions/refresh", tag = "sessions", request_body = RefreshSession,
    params(("Idempotency-Key" = String, Header, description = "unique per attempt")),
    responses((status = 200, body = SessionGrant), (status = 401, body = ApiError)))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshSession>,
) -> AppResult<Json<SessionGrant>> {
    let expired = || {
        AppError::new(
            ErrorCode::SessionExpired,
            "the session has ended; sign in again",
        )
    };
    let token = SecretString::from(body.refresh_token.clone());
    if !is_token_shaped(token.expose()) {
        return Err(expired());
    }
    let sessions = state.sessions();
    let now = state.now();
    let old_hash = sessions.token_hash("refresh", token.expose());
    let row = sqlx::query(
        "SELECT id, account_id, expires_at FROM sessions WHERE refresh_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(&old_hash)
    .bind(now.unix_timestamp())
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(expired)?;
    let session_id: String = row.try_get("id")?;
    let account_id: String = row.try_get("account_id")?;
    let expires = instant(row.try_get("expires_at")?);
    let access = random_token();
    let refresh = random_token();
    let access_expires = (now + ACCESS_TTL).min(expires);
    let updated = sqlx::query(
        "UPDATE sessions SET access_hash = $1, access_expires_at = $2, refresh_hash = $3 \
         WHERE id = $4 AND refresh_hash = $5 AND revoked_at IS NULL",
    )
    .bind(sessions.token_hash("access", &access))
    .bind(access_expires.unix_timestamp())
    .bind(sessions.token_hash("refresh", &refresh))
    .bind(&session_id)
    .bind(&old_hash)
    .execute(&state.db.pool)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(expired()); // refreshed concurrently with another key: that one won
    }
    let account = sessions.account(&account_id).await?;
    Ok(Json(SessionGrant {
        access_token: access,
        access_expires_at: access_expires,
        refresh_token: refresh,
        session_expires_at: expires,
        account,
    }))
}

#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "sessions",
    params(("Idempotency-Key" = String, Header, description = "unique per attempt")),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn sign_out(State(state): State<AppState>, auth: Authenticated) -> AppResult<StatusCode> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(state.now().unix_timestamp())
        .bind(&auth.session_id)
        .execute(&state.db.pool)
        .await?;
    tracing::info!("signed out");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ApiError)))]
pub async fn me(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<AccountView>> {
    Ok(Json(state.sessions().account(&auth.account_id).await?))
}
