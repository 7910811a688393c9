//! Operator accounts and their sessions. Owns the tables `operators` and
//! `operator_sessions`.
//!
//! An operator is created by the admin command `create-operator` (never through
//! the API), bound to one service centre; the command prints a generated password
//! and the TOTP secret (an `otpauth://` URI for a QR code, and the key to type).
//! Sign-in needs the login, the password, a TOTP code and the office where the
//! terminal stands: an operator signs in only at their own office. Each attempt is
//! counted before it is checked (5 failures per 15 minutes per login, 100 per
//! client), in a transaction serialised per subject; a success clears the login's
//! failures. A TOTP code is accepted one step either side and once: its step is
//! recorded with a conditional update, so a replayed or concurrent second use
//! fails. Sessions: a 256-bit bearer token stored as a keyed hash, ending after
//! [`IDLE`] without a request or [`TTL`] after sign-in.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use kabinet_core::api::{ApiError, ErrorCode, OperatorGrant, OperatorSignIn, OperatorView};
use kabinet_core::identity::snils::Snils;
use kabinet_core::secret::SecretString;
use sqlx::Row;
use time::Duration;

use crate::PortalError;
use crate::identity::centres;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Client, bearer_token};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::keys::{is_token_shaped, random_id, random_token};
use crate::platform::limits::{self, Limit};
use crate::platform::state::AppState;
use crate::staff::totp;

/// A session ends this long after its last request (SECURITY.md, AAL2).
pub const IDLE: Duration = Duration::minutes(30);
/// …and this long after sign-in, whatever the activity (a working day).
pub const TTL: Duration = Duration::hours(12);
/// Failed sign-ins per login.
pub const LOGIN_FAILURES: Limit = Limit {
    max: 5,
    window: Duration::minutes(15),
};
/// Failed operator sign-ins per client address, whatever the logins.
pub const CLIENT_FAILURES: Limit = Limit {
    max: 100,
    window: Duration::minutes(15),
};
/// Characters of generated passwords: no look-alikes (0/O, 1/l/I).
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const PASSWORD_LEN: usize = 20;

/// What the admin command is given.
#[derive(Debug, Clone)]
pub struct NewOperator {
    pub login: String,
    /// Surname and initials, as citizens will see it ("Петрова А. С.").
    pub name: String,
    pub office_id: String,
    /// The operator's own SNILS: they may not confirm the account that holds it.
    pub snils: String,
}

/// What the admin hands to the operator, once: nothing of it is stored in clear.
#[derive(Debug, Clone)]
pub struct CreatedOperator {
    pub login: String,
    pub password: String,
    /// The TOTP key to type into an authenticator app (base32).
    pub totp_key: String,
    /// The same key as an `otpauth://` URI, for a QR code.
    pub otpauth_uri: String,
}

fn valid_login(login: &str) -> bool {
    (3..=40).contains(&login.len())
        && login
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

fn generated_password() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..PASSWORD_LEN)
        .map(|_| PASSWORD_ALPHABET[rng.gen_range(0..PASSWORD_ALPHABET.len())] as char)
        .collect()
}

fn totp_context(operator_id: &str) -> String {
    format!("operator-totp/{operator_id}")
}

/// Known credentials, for the demo operator only (its password hash precomputed:
/// loading demo data costs no hashing).
pub struct KnownCredentials<'a> {
    pub password: &'a str,
    pub password_hash: &'a str,
    pub totp_secret: &'a [u8],
}

/// Creates an operator (the admin command); the password and TOTP secret are
/// generated unless `known`.
pub async fn create(
    state: &AppState,
    new: &NewOperator,
    known: Option<KnownCredentials<'_>>,
) -> Result<CreatedOperator, PortalError> {
    let bad = |m: String| Err(PortalError::Config(m));
    let login = new.login.trim().to_lowercase();
    if !valid_login(&login) {
        return bad("login: 3 to 40 characters of a-z, 0-9, '.', '_', '-'".into());
    }
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return bad("name: 1 to 60 characters (surname and initials)".into());
    }
    let Some(office) = centres::find(&new.office_id) else {
        return bad(format!(
            "office {:?}: no such service centre",
            new.office_id
        ));
    };
    if !office
        .services
        .contains(&kabinet_core::api::CentreService::Verification)
    {
        return bad(format!(
            "office {:?} does not confirm identities",
            new.office_id
        ));
    }
    let snils = Snils::parse(&new.snils)
        .map_err(|e| PortalError::Config(format!("snils: {:?}", e.code())))?;
    let (password, hash, secret) = match known {
        Some(k) => (
            k.password.to_owned(),
            k.password_hash.to_owned(),
            k.totp_secret.to_vec(),
        ),
        None => {
            let password = generated_password();
            let hash = state
                .hasher
                .hash(SecretString::from(password.clone()))
                .await
                .map_err(|e| PortalError::Config(format!("password hash: {e:?}")))?;
            (password, hash, totp::new_secret())
        }
    };
    let id = random_id();
    let inserted = sqlx::query(
        "INSERT INTO operators (id, login, name, office_id, password_hash, totp_sealed, snils_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (login) DO NOTHING",
    )
    .bind(&id)
    .bind(&login)
    .bind(name)
    .bind(&office.id)
    .bind(&hash)
    .bind(state.key.seal(&totp_context(&id), &secret))
    .bind(state.key.hash("snils", &[snils.digits().as_bytes()]))
    .bind(state.now().unix_timestamp())
    .execute(&state.db.pool)
    .await
    .map_err(|e| PortalError::Database(e.to_string()))?;
    if inserted.rows_affected() != 1 {
        return bad(format!("login {login:?} is taken"));
    }
    Ok(CreatedOperator {
        otpauth_uri: totp::otpauth_uri(&secret, &login).map_err(PortalError::Config)?,
        totp_key: totp::secret_base32(&secret),
        login,
        password,
    })
}

/// A request made with a live operator session.
#[derive(Debug, Clone)]
pub struct OperatorAuth {
    pub session_id: String,
    pub operator_id: String,
    pub snils_hash: String,
    pub view: OperatorView,
}

impl FromRequestParts<AppState> for OperatorAuth {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthenticated =
            || AppError::new(ErrorCode::Unauthenticated, "sign in as an operator first");
        let token = bearer_token(&parts.headers)
            .filter(|t| is_token_shaped(t))
            .ok_or_else(unauthenticated)?;
        let now = state.now().unix_timestamp();
        let hash = state.key.hash("operator-session", &[token.as_bytes()]);
        // Finds the live session and marks it seen, in one statement.
        let row = sqlx::query(
            "UPDATE operator_sessions SET last_seen_at = $1 WHERE token_hash = $2 \
             AND revoked_at IS NULL AND expires_at > $1 AND last_seen_at > $3 \
             RETURNING id, operator_id, office_id",
        )
        .bind(now)
        .bind(&hash)
        .bind(now - IDLE.whole_seconds())
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(unauthenticated)?;
        let operator_id: String = row.try_get("operator_id")?;
        let office_id: String = row.try_get("office_id")?;
        let op = sqlx::query(
            "SELECT login, name, snils_hash FROM operators WHERE id = $1 AND disabled_at IS NULL",
        )
        .bind(&operator_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(unauthenticated)?;
        Ok(OperatorAuth {
            session_id: row.try_get("id")?,
            snils_hash: op.try_get("snils_hash")?,
            view: OperatorView {
                login: op.try_get("login")?,
                name: op.try_get("name")?,
                office_name: office_name(&office_id),
                office_id,
            },
            operator_id,
        })
    }
}

fn office_name(id: &str) -> String {
    centres::find(id).map_or_else(|| id.to_owned(), |c| c.name)
}

fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidCredentials,
        "wrong login, password or code",
    )
}

#[utoipa::path(post, path = "/api/v1/operator/sessions", tag = "operators", request_body = OperatorSignIn,
    responses((status = 201, body = OperatorGrant), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 429, body = ApiError)))]
pub async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    idem: Idempotent,
    ApiJson(body): ApiJson<OperatorSignIn>,
) -> AppResult<Answered> {
    let login = body.login.trim().to_lowercase();
    let login_subject = state.key.hash("operator-login", &[login.as_bytes()]);
    let client_subject = state.key.hash("operator-client", &[client.0.as_bytes()]);
    let now = state.now();

    // Count the attempt before checking it, so concurrent guesses cannot outrun
    // the limit.
    let mut tx = state.db.pool.begin().await?;
    limits::lock(&mut tx, &[&login_subject, &client_subject], now).await?;
    for (subject, limit) in [
        (&login_subject, LOGIN_FAILURES),
        (&client_subject, CLIENT_FAILURES),
    ] {
        limits::refuse_over(
            &mut tx,
            subject,
            limit,
            now,
            "too many failed operator sign-ins",
        )
        .await?;
    }
    limits::record(&mut tx, &login_subject, now).await?;
    limits::record(&mut tx, &client_subject, now).await?;
    tx.commit().await?;

    let row = sqlx::query(
        "SELECT id, name, office_id, password_hash, totp_sealed FROM operators \
         WHERE login = $1 AND disabled_at IS NULL",
    )
    .bind(&login)
    .fetch_optional(&state.db.pool)
    .await?;
    let stored = row
        .as_ref()
        .map(|r| r.try_get::<String, _>("password_hash"))
        .transpose()?;
    // An unknown login costs the same Argon2 verification as a known one.
    let password_ok = state
        .hasher
        .verify(SecretString::from(body.password.clone()), stored)
        .await?;
    let Some(row) = row.filter(|_| password_ok) else {
        return Err(invalid());
    };
    let id: String = row.try_get("id")?;
    let secret = state
        .key
        .open(
            &totp_context(&id),
            &row.try_get::<String, _>("totp_sealed")?,
        )
        .ok_or_else(|| AppError::internal("operator TOTP secret does not decrypt"))?;
    let unix = u64::try_from(now.unix_timestamp()).unwrap_or(0);
    let Some(step) = totp::matching_step(&secret, &body.code, unix).map_err(AppError::internal)?
    else {
        return Err(invalid());
    };
    let office_id: String = row.try_get("office_id")?;

    let mut tx = state.db.pool.begin().await?;
    // The code works once: its step must be after the last accepted one.
    let step = i64::try_from(step).map_err(AppError::internal)?;
    let fresh = sqlx::query(
        "UPDATE operators SET totp_last_step = $1 WHERE id = $2 \
         AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    if fresh.rows_affected() != 1 {
        return Err(invalid());
    }
    if body.office_id.trim() != office_id {
        // Right credentials at another office: said plainly (only to the holder).
        tx.commit().await?; // the code is spent either way
        return Err(AppError::new(
            ErrorCode::OperatorWrongOffice,
            "this operator works at another office",
        )
        .field("office_id"));
    }
    // A success ends the login's run of failures (this attempt included).
    sqlx::query("DELETE FROM rate_events WHERE subject_hash = $1")
        .bind(&login_subject)
        .execute(&mut *tx)
        .await?;
    let token = random_token();
    let expires = now + TTL;
    sqlx::query(
        "INSERT INTO operator_sessions (id, operator_id, office_id, token_hash, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(random_id())
    .bind(&id)
    .bind(&office_id)
    .bind(state.key.hash("operator-session", &[token.as_bytes()]))
    .bind(now.unix_timestamp())
    .bind(expires.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    let grant = OperatorGrant {
        token,
        expires_at: expires,
        operator: OperatorView {
            login,
            name: row.try_get("name")?,
            office_name: office_name(&office_id),
            office_id,
        },
    };
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &grant)
        .await?;
    tx.commit().await?;
    tracing::info!("operator signed in");
    Ok(answer)
}

#[utoipa::path(get, path = "/api/v1/operator/me", tag = "operators", security(("bearer" = [])),
    responses((status = 200, body = OperatorView), (status = 401, body = ApiError)))]
pub async fn me(auth: OperatorAuth) -> Json<OperatorView> {
    Json(auth.view)
}

#[utoipa::path(delete, path = "/api/v1/operator/sessions/current", tag = "operators", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn sign_out(State(state): State<AppState>, auth: OperatorAuth) -> AppResult<StatusCode> {
    sqlx::query(
        "UPDATE operator_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
    )
    .bind(state.now().unix_timestamp())
    .bind(&auth.session_id)
    .execute(&state.db.pool)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
