//! Sessions: sign-in, refresh, sign-out and the signed-in person's account.
//!
//! Tokens are 256-bit random hex values; the database keeps only their keyed
//! hashes. Access tokens live [`ACCESS_TTL`]; a session (and its refresh token) ends
//! [`SESSION_TTL`] after sign-in, whatever the refreshes. Refreshing rotates both
//! tokens; a rotated-away refresh token presented again ends the whole session (it
//! was stolen, or the session was) and is recorded as a security event.
//!
//! Sign-in is throttled per (login, client) tightly, per login loosely and per
//! client broadly. Each attempt is counted **before** the password is verified, in
//! a transaction serialised per subject, so concurrent wrong guesses cannot
//! outrun the limit; a success takes its count back. After
//! [`crate::identity::accounts::MAX_CONSECUTIVE_FAILURES`] consecutive failures the
//! account's password sign-in is disabled until recovery. An unknown login costs
//! the same Argon2 verification as a known one.

use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::{
    AccountView, ApiError, ErrorCode, RefreshSession, SessionGrant, SessionList, SessionView,
    SignIn,
};
use kabinet_core::auth::contact::Contact;
use kabinet_core::secret::SecretString;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use crate::identity::accounts;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated, Client};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::keys::{is_token_shaped, random_id, random_token};
use crate::platform::limits;
use crate::platform::state::{AppState, instant};

pub const ACCESS_TTL: Duration = Duration::minutes(15);
/// Absolute session length of a simplified account.
pub const SESSION_TTL: Duration = Duration::days(30);
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// Failures of one login from one client per [`FAILURE_WINDOW`].
pub const MAX_FAILURES_PER_LOGIN: usize = 10;
/// Failures of one login from anywhere per hour: stops a spread-out guesser
/// without letting one client lock the owner out.
pub const LOGIN_LIMIT: limits::Limit = limits::Limit {
    max: 50,
    window: Duration::hours(1),
};
/// Failures from one client per [`FAILURE_WINDOW`], whatever the logins.
pub const MAX_FAILURES_PER_CLIENT: usize = 100;

pub struct Sessions<'a> {
    pub state: &'a AppState,
}

impl Sessions<'_> {
    fn token_hash(&self, kind: &str, token: &str) -> String {
        self.state.key.hash(kind, &[token.as_bytes()])
    }

    pub async fn account(&self, account_id: &str) -> AppResult<AccountView> {
        let mut conn = self.state.db.pool.acquire().await?;
        accounts::full_view(&mut conn, account_id).await
    }

    /// Opens a session inside the caller's transaction, noting where from.
    pub async fn open(
        &self,
        conn: &mut AnyConnection,
        account_id: &str,
        account: AccountView,
        origin: &Origin,
    ) -> AppResult<SessionGrant> {
        let now = self.state.now();
        let access = random_token();
        let refresh = random_token();
        let expires = now + SESSION_TTL;
        let access_expires = (now + ACCESS_TTL).min(expires);
        sqlx::query(
            "INSERT INTO sessions (id, account_id, access_hash, access_expires_at, refresh_hash, expires_at, created_at, \
             device, network, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7)",
        )
        .bind(random_id())
        .bind(account_id)
        .bind(self.token_hash("access", &access))
        .bind(access_expires.unix_timestamp())
        .bind(self.token_hash("refresh", &refresh))
        .bind(expires.unix_timestamp())
        .bind(now.unix_timestamp())
        .bind(&origin.device)
        .bind(&origin.network)
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
        let hash = self.token_hash("access", token);
        let live = |s: &CachedSession| s.access_expires_at > now && s.expires_at > now;
        if let Some(s) = self.state.session_cache.get(&hash).filter(live) {
            return Ok(Some(s.authenticated));
        }
        let row = sqlx::query(
            "SELECT id, account_id, access_expires_at, expires_at FROM sessions \
             WHERE access_hash = $1 AND revoked_at IS NULL AND access_expires_at > $2 AND expires_at > $2",
        )
        .bind(&hash)
        .bind(now)
        .fetch_optional(&self.state.db.pool)
        .await?;
        match row {
            Some(r) => {
                let s = CachedSession {
                    authenticated: Authenticated {
                        session_id: r.try_get("id")?,
                        account_id: r.try_get("account_id")?,
                    },
                    access_expires_at: r.try_get("access_expires_at")?,
                    expires_at: r.try_get("expires_at")?,
                };
                self.state.session_cache.put(hash, s.clone());
                Ok(Some(s.authenticated))
            }
            None => Ok(None),
        }
    }

    /// Ends every live session of the account inside the caller's transaction
    /// (a password reset, «выйти на всех устройствах»); returns how many. The
    /// caller forgets them ([`Self::forget_account`]) once it has committed.
    pub async fn end_all(
        &self,
        conn: &mut AnyConnection,
        account_id: &str,
        now: OffsetDateTime,
    ) -> AppResult<u64> {
        Ok(sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL",
        )
        .bind(now.unix_timestamp())
        .bind(account_id)
        .execute(conn)
        .await?
        .rows_affected())
    }

    /// Every cached lookup of the account's sessions goes at once.
    pub fn forget_account(&self, account_id: &str) {
        self.state
            .session_cache
            .evict(|_, s| s.authenticated.account_id == account_id);
    }

    /// This instance ended or changed the session: its cached lookups go at once.
    pub fn forget(&self, session_id: &str) {
        self.state
            .session_cache
            .evict(|_, s| s.authenticated.session_id == session_id);
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

    /// A spent refresh token presented again: ends its session and records a
    /// security event. `Ok(true)` if the token was a spent one.
    async fn punish_reuse(&self, refresh_hash: &str) -> AppResult<bool> {
        let Some(row) = sqlx::query(
            "SELECT s.id, s.account_id, s.revoked_at FROM spent_refresh_tokens t \
             JOIN sessions s ON s.id = t.session_id WHERE t.refresh_hash = $1",
        )
        .bind(refresh_hash)
        .fetch_optional(&self.state.db.pool)
        .await?
        else {
            return Ok(false);
        };
        let session_id: String = row.try_get("id")?;
        let account_id: String = row.try_get("account_id")?;
        let now = self.state.now().unix_timestamp();
        let mut tx = self.state.db.pool.begin().await?;
        let revoked =
            sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(&session_id)
                .execute(&mut *tx)
                .await?;
        self.forget(&session_id);
        if revoked.rows_affected() == 1 {
            sqlx::query("INSERT INTO security_events (account_id, kind, at) VALUES ($1, $2, $3)")
                .bind(&account_id)
                .bind("refresh_token_reused")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tracing::warn!("a spent refresh token was presented again; the session is ended");
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Counts this attempt as a failure before the password is checked, unless a
    /// subject is already at its limit (then `Err(retry_at)`). Serialised per subject.
    async fn reserve_attempt(
        &self,
        subjects: &[(&str, limits::Limit)],
        attempt: &str,
    ) -> AppResult<Result<(), OffsetDateTime>> {
        let now = self.state.now();
        let mut tx = self.state.db.pool.begin().await?;
        let names: Vec<&str> = subjects.iter().map(|(s, _)| *s).collect();
        limits::lock(&mut tx, &names, now).await?;
        let mut retry_at: Option<OffsetDateTime> = None;
        for (subject, limit) in subjects {
            let rows = sqlx::query(
                "SELECT failed_at FROM auth_failures WHERE subject_hash = $1 AND failed_at > $2",
            )
            .bind(*subject)
            .bind((now - limit.window).unix_timestamp())
            .fetch_all(&mut *tx)
            .await?;
            let times = rows
                .iter()
                .map(|r| Ok(instant(r.try_get("failed_at")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            if let Some(at) = limits::retry_at(&times, *limit, now) {
                retry_at = Some(retry_at.map_or(at, |r| r.max(at)));
            }
        }
        if let Some(at) = retry_at {
            return Ok(Err(at));
        }
        for (subject, _) in subjects {
            sqlx::query(
                "INSERT INTO auth_failures (subject_hash, failed_at, attempt_id) VALUES ($1, $2, $3)",
            )
            .bind(*subject)
            .bind(now.unix_timestamp())
            .bind(attempt)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }
}

pub(crate) fn login_subject(state: &AppState, login: &str) -> (String, Option<Contact>) {
    let contact = Contact::parse(login).ok();
    let normalised = contact
        .as_ref()
        .map_or_else(|| login.trim().to_lowercase(), |c| c.as_str().to_owned());
    (state.key.hash("login", &[normalised.as_bytes()]), contact)
}

/// Where a session is opened from, as its list shows it: the app's own name
/// (`User-Agent`, printable ASCII, at most 80 characters) and the client's
/// network, coarse (an IPv4 address's /24; an IPv6 client is already its /64).
#[derive(Debug, Clone)]
pub struct Origin {
    pub device: String,
    pub network: String,
}

/// The network shown for a client's limit key.
pub fn coarse_network(client: &str) -> String {
    match client.parse::<std::net::Ipv4Addr>() {
        Ok(ip) => {
            let [a, b, c, _] = ip.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        Err(_) => client.to_owned(),
    }
}

impl axum::extract::FromRequestParts<AppState> for Origin {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let client = Client::from_request_parts(parts, state).await?;
        let device: String = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .take(80)
            .collect();
        Ok(Origin {
            device: if device.trim().is_empty() {
                "unknown".into()
            } else {
                device.trim().to_owned()
            },
            network: coarse_network(&client.0),
        })
    }
}

/// The subject of one login's failures from one client.
pub(crate) fn pair_subject(state: &AppState, login_subject: &str, client: &Client) -> String {
    state.key.hash(
        "login-client",
        &[login_subject.as_bytes(), client.0.as_bytes()],
    )
}

/// A session as [`Sessions::authenticate`] found it, kept a moment.
#[derive(Debug, Clone)]
pub struct CachedSession {
    authenticated: Authenticated,
    access_expires_at: i64,
    expires_at: i64,
}

#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = SignIn,
    responses((status = 201, body = SessionGrant), (status = 401, body = ApiError), (status = 429, body = ApiError)))]
pub async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    origin: Origin,
    idem: Idempotent,
    ApiJson(body): ApiJson<SignIn>,
) -> AppResult<Answered> {
    let password = SecretString::from(body.password.clone());
    let (login_subject, contact) = login_subject(&state, &body.login);
    let pair_subject = pair_subject(&state, &login_subject, &client);
    let client_subject = state.key.hash("client", &[client.0.as_bytes()]);
    let sessions = state.sessions();
    let per_window = |max| limits::Limit {
        max,
        window: FAILURE_WINDOW,
    };
    let subjects = [
        (pair_subject.as_str(), per_window(MAX_FAILURES_PER_LOGIN)),
        (login_subject.as_str(), LOGIN_LIMIT),
        (client_subject.as_str(), per_window(MAX_FAILURES_PER_CLIENT)),
    ];
    let attempt = random_id();
    if let Err(retry_at) = sessions.reserve_attempt(&subjects, &attempt).await? {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many failed sign-ins; try again later",
        )
        .retry_at(retry_at));
    }
    let account = match &contact {
        Some(c) => accounts::credentials(&state.db.pool, c).await?,
        None => None,
    };
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let ok = match state.hasher.verify(password, stored).await {
        Ok(ok) => ok,
        Err(e) => {
            // Not verified (busy, or our failure): the attempt does not count.
            sqlx::query("DELETE FROM auth_failures WHERE attempt_id = $1")
                .bind(&attempt)
                .execute(&state.db.pool)
                .await?;
            return Err(e);
        }
    };
    let now = state.now();
    let account = match account {
        Some(account) if ok => account,
        known => {
            // The reserved attempt stays counted as the failure it was.
            if let Some(account) = known
                && accounts::record_failed_sign_in(&state.db.pool, &account.id, now).await?
            {
                tracing::warn!("password sign-in disabled after consecutive failures");
            }
            return Err(AppError::new(
                ErrorCode::InvalidCredentials,
                "wrong login or password",
            ));
        }
    };
    if account.password_disabled {
        // Only someone who knows the password learns this: no enumeration.
        return Err(AppError::new(
            ErrorCode::SignInDisabled,
            "password sign-in is disabled after too many failed attempts; recover access to re-enable it",
        ));
    }
    let view = sessions.account(&account.id).await?;
    let mut tx = state.db.pool.begin().await?;
    // A success takes back its own reservation and ends the login's failure runs.
    sqlx::query(
        "DELETE FROM auth_failures WHERE attempt_id = $1 OR subject_hash = $2 OR subject_hash = $3",
    )
    .bind(&attempt)
    .bind(&login_subject)
    .bind(&pair_subject)
    .execute(&mut *tx)
    .await?;
    accounts::reset_failed_sign_ins(&mut *tx, &account.id).await?;
    let grant = sessions.open(&mut tx, &account.id, view, &origin).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &grant)
        .await?;
    tx.commit().await?;
    tracing::info!("signed in");
    Ok(answer)
}

#[utoipa::path(post, path = "/api/v1/sessions/refresh", tag = "sessions", request_body = RefreshSession,
    responses((status = 200, body = SessionGrant), (status = 401, body = ApiError)))]
pub async fn refresh(
    State(state): State<AppState>,
    idem: Idempotent,
    ApiJson(body): ApiJson<RefreshSession>,
) -> AppResult<Answered> {
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
    if sessions.punish_reuse(&old_hash).await? {
        return Err(expired());
    }
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
    let mut tx = state.db.pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE sessions SET access_hash = $1, access_expires_at = $2, refresh_hash = $3, last_seen_at = $6 \
         WHERE id = $4 AND refresh_hash = $5 AND revoked_at IS NULL",
    )
    .bind(sessions.token_hash("access", &access))
    .bind(access_expires.unix_timestamp())
    .bind(sessions.token_hash("refresh", &refresh))
    .bind(&session_id)
    .bind(&old_hash)
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        drop(tx);
        // Refreshed concurrently under another idempotency key: that one won, and
        // this token is now spent — a second use of one token, punished alike.
        sessions.punish_reuse(&old_hash).await?;
        return Err(expired());
    }
    sqlx::query(
        "INSERT INTO spent_refresh_tokens (refresh_hash, session_id, spent_at) VALUES ($1, $2, $3)",
    )
    .bind(&old_hash)
    .bind(&session_id)
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    let account = accounts::view(&mut *tx, &account_id).await?;
    let grant = SessionGrant {
        access_token: access,
        access_expires_at: access_expires,
        refresh_token: refresh,
        session_expires_at: expires,
        account,
    };
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::OK, &grant)
        .await?;
    tx.commit().await?;
    sessions.forget(&session_id);
    Ok(answer)
}

#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "sessions",
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn sign_out(State(state): State<AppState>, auth: Authenticated) -> AppResult<StatusCode> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(state.now().unix_timestamp())
        .bind(&auth.session_id)
        .execute(&state.db.pool)
        .await?;
    state.sessions().forget(&auth.session_id);
    tracing::info!("signed out");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "sessions",
    security(("bearer" = [])),
    responses((status = 200, body = SessionList), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<axum::Json<SessionList>> {
    let now = state.now().unix_timestamp();
    let rows = sqlx::query(
        "SELECT id, device, network, created_at, last_seen_at FROM sessions \
         WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
         ORDER BY COALESCE(last_seen_at, created_at) DESC, created_at DESC",
    )
    .bind(&auth.account_id)
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    let mut sessions = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get("id")?;
        let created: i64 = r.try_get("created_at")?;
        sessions.push(SessionView {
            current: id == auth.session_id,
            id,
            device: r
                .try_get::<Option<String>, _>("device")?
                .unwrap_or_else(|| "unknown".into()),
            network: r
                .try_get::<Option<String>, _>("network")?
                .unwrap_or_default(),
            started_at: instant(created),
            last_seen_at: instant(
                r.try_get::<Option<i64>, _>("last_seen_at")?
                    .unwrap_or(created),
            ),
        });
    }
    Ok(axum::Json(SessionList { sessions }))
}

/// Writes a security event of the account.
async fn event(conn: &mut AnyConnection, account_id: &str, kind: &str, at: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO security_events (account_id, kind, at) VALUES ($1, $2, $3)")
        .bind(account_id)
        .bind(kind)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "sessions",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "a session's id from the list")),
    responses((status = 204), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn end_one(
    State(state): State<AppState>,
    auth: Authenticated,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> AppResult<StatusCode> {
    let now = state.now().unix_timestamp();
    let mut tx = state.db.pool.begin().await?;
    let ended = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL \
         AND expires_at > $1",
    )
    .bind(now)
    .bind(&id)
    .bind(&auth.account_id)
    .execute(&mut *tx)
    .await?;
    if ended.rows_affected() != 1 {
        // Another account's session, or one already over: the same answer.
        return Err(AppError::new(
            ErrorCode::NotFound,
            "no such live session of this account",
        ));
    }
    event(&mut tx, &auth.account_id, "session_ended", now).await?;
    tx.commit().await?;
    state.sessions().forget(&id);
    tracing::info!("a session was ended from the list");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "sessions",
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn end_all(State(state): State<AppState>, auth: Authenticated) -> AppResult<StatusCode> {
    let now = state.now();
    let sessions = state.sessions();
    let mut tx = state.db.pool.begin().await?;
    let ended = sessions.end_all(&mut tx, &auth.account_id, now).await?;
    event(
        &mut tx,
        &auth.account_id,
        "signed_out_everywhere",
        now.unix_timestamp(),
    )
    .await?;
    tx.commit().await?;
    sessions.forget_account(&auth.account_id);
    tracing::info!(ended, "signed out everywhere");
    Ok(StatusCode::NO_CONTENT)
}
