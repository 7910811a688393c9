//! Registration of a simplified account: name and contact → code → password.
//!
//! The registration id is a 256-bit capability; the database keeps its keyed hash.
//! A contact that already has an account gets a notice instead of a code, and the
//! answer is the same as for a new contact; such a registration can never be
//! confirmed. Codes are stored as keyed hashes bound to their registration.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::account::{PersonName, level_key, next_level};
use kabinet_core::api::{
    AccountLevel, AccountView, ApiError, ConfirmCode, ErrorCode, RegistrationStep,
    RegistrationView, SessionGrant, SetPassword, StartRegistration,
};
use kabinet_core::codes::{self, CodeState, EntryRefusal};
use kabinet_core::contact::Contact;
use kabinet_core::secret::SecretString;
use rand::Rng;
use rand::rngs::OsRng;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::db::is_unique_violation;
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, EmptyJson, RegistrationId};
use crate::keys::{digests_equal, is_token_shaped, random_id, random_token};
use crate::outbox::{NewMessage, already_registered_message, code_message};
use crate::passwords::Owner;
use crate::state::{AppState, instant};

/// An unfinished registration is forgotten after this long.
pub const REGISTRATION_TTL: Duration = Duration::hours(24);

fn step_key(step: RegistrationStep) -> &'static str {
    match step {
        RegistrationStep::AwaitingCode => "awaiting_code",
        RegistrationStep::AwaitingPassword => "awaiting_password",
        RegistrationStep::Complete => "complete",
    }
}

fn step_from_key(key: &str) -> AppResult<RegistrationStep> {
    match key {
        "awaiting_code" => Ok(RegistrationStep::AwaitingCode),
        "awaiting_password" => Ok(RegistrationStep::AwaitingPassword),
        "complete" => Ok(RegistrationStep::Complete),
        _ => Err(AppError::internal("unknown registration step in store")),
    }
}

struct Registration {
    id_hash: String,
    surname: String,
    first_name: String,
    contact: Contact,
    contact_taken: bool,
    step: RegistrationStep,
    code_hash: String,
    code: CodeState,
    expires_at: OffsetDateTime,
}

fn not_found() -> AppError {
    AppError::new(
        ErrorCode::RegistrationNotFound,
        "no such registration, or it has expired; start again",
    )
}

fn wrong_step(step: RegistrationStep) -> AppError {
    let message = match step {
        RegistrationStep::AwaitingCode => "confirm the code first",
        RegistrationStep::AwaitingPassword => "the code is already confirmed; set a password",
        RegistrationStep::Complete => "the registration is complete; sign in",
    };
    AppError::new(ErrorCode::RegistrationWrongStep, message)
}

/// Sends a code (or the "already registered" notice) as part of `tx`: counts the
/// send against the destination's resend limits, puts the message in the outbox,
/// commits, and only then hands it to SMTP — a rolled-back request sends nothing.
async fn send_in(
    state: &AppState,
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    destination: &str,
    message: NewMessage,
    now: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query("INSERT INTO code_sends (destination_hash, sent_at) VALUES ($1, $2)")
        .bind(destination)
        .bind(now.unix_timestamp())
        .execute(&mut *tx)
        .await?;
    state.outbox.record(&mut tx, &message, now).await?;
    tx.commit().await?;
    state.outbox.deliver(message);
    Ok(())
}

fn destination_hash(state: &AppState, contact: &Contact) -> String {
    state
        .key
        .hash("destination", &[contact.as_str().as_bytes()])
}

fn code_hash(state: &AppState, id_hash: &str, code: &str) -> String {
    state
        .key
        .hash("code", &[id_hash.as_bytes(), code.as_bytes()])
}

fn new_code() -> String {
    codes::format_code(OsRng.gen_range(0..1_000_000))
}

async fn recent_sends(
    state: &AppState,
    destination: &str,
    now: OffsetDateTime,
) -> AppResult<Vec<OffsetDateTime>> {
    let rows =
        sqlx::query("SELECT sent_at FROM code_sends WHERE destination_hash = $1 AND sent_at >= $2")
            .bind(destination)
            .bind((now - codes::SEND_WINDOW - Duration::MINUTE).unix_timestamp())
            .fetch_all(&state.db.pool)
            .await?;
    rows.iter()
        .map(|r| Ok(instant(r.try_get("sent_at")?)))
        .collect()
}

async fn load(state: &AppState, id: &str) -> AppResult<Registration> {
    if !is_token_shaped(id) {
        return Err(not_found());
    }
    let id_hash = state
        .key
        .hash("registration", &[id.to_ascii_lowercase().as_bytes()]);
    let row = sqlx::query(
        "SELECT surname, first_name, contact, contact_taken, step, code_hash, code_issued_at, \
         code_wrong_attempts, expires_at FROM registrations WHERE id_hash = $1",
    )
    .bind(&id_hash)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(not_found)?;
    let expires_at = instant(row.try_get("expires_at")?);
    if state.now() >= expires_at {
        return Err(not_found());
    }
    let contact: String = row.try_get("contact")?;
    Ok(Registration {
        id_hash,
        surname: row.try_get("surname")?,
        first_name: row.try_get("first_name")?,
        contact: Contact::parse(&contact)
            .map_err(|_| AppError::internal("stored contact does not parse"))?,
        contact_taken: row.try_get::<i64, _>("contact_taken")? != 0,
        step: step_from_key(&row.try_get::<String, _>("step")?)?,
        code_hash: row.try_get("code_hash")?,
        code: CodeState {
            issued_at: instant(row.try_get("code_issued_at")?),
            wrong_attempts: u32::try_from(row.try_get::<i64, _>("code_wrong_attempts")?)
                .unwrap_or(u32::MAX),
        },
        expires_at,
    })
}

async fn view(state: &AppState, id: &str, reg: &Registration) -> AppResult<RegistrationView> {
    let now = state.now();
    let sends = recent_sends(state, &destination_hash(state, &reg.contact), now).await?;
    Ok(RegistrationView {
        id: id.to_ascii_lowercase(),
        step: reg.step,
        surname: reg.surname.clone(),
        first_name: reg.first_name.clone(),
        channel: reg.contact.channel(),
        contact_masked: reg.contact.masked(),
        code_expires_at: reg.code.expires_at(),
        resend_available_at: codes::next_send_at(&sends, now),
        expires_at: reg.expires_at,
    })
}

/// The message for this contact: a code, or the "already registered" notice.
fn message_for(contact: &Contact, taken: bool, code: &str) -> NewMessage {
    if taken {
        already_registered_message(contact.channel(), contact.as_str())
    } else {
        code_message(contact.channel(), contact.as_str(), code)
    }
}

fn resend_too_soon(retry_at: OffsetDateTime) -> AppError {
    AppError::new(ErrorCode::ResendTooSoon, "a new code cannot be sent yet").retry_at(retry_at)
}

#[utoipa::path(post, path = "/api/v1/registrations", tag = "registration", request_body = StartRegistration,
    params(("Idempotency-Key" = String, Header, description = "unique per attempt")),
    responses((status = 202, body = RegistrationView), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn start(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<StartRegistration>,
) -> AppResult<(StatusCode, Json<RegistrationView>)> {
    let surname = PersonName::parse(&body.surname)
        .map_err(|e| AppError::new(e.code(), format!("surname: {e}")).field("surname"))?;
    let first_name = PersonName::parse(&body.first_name)
        .map_err(|e| AppError::new(e.code(), format!("first name: {e}")).field("first_name"))?;
    let contact = Contact::parse(&body.contact)
        .map_err(|e| AppError::new(e.code(), e.to_string()).field("contact"))?;
    let now = state.now();
    let destination = destination_hash(&state, &contact);
    codes::may_send(&recent_sends(&state, &destination, now).await?, now)
        .map_err(|r| resend_too_soon(r.retry_at))?;

    let taken = sqlx::query("SELECT id FROM accounts WHERE contact = $1")
        .bind(contact.as_str())
        .fetch_optional(&state.db.pool)
        .await?
        .is_some();
    let id = random_token();
    let id_hash = state.key.hash("registration", &[id.as_bytes()]);
    // A code is drawn and hashed either way, so both paths do the same work.
    let code = new_code();
    let message = message_for(&contact, taken, &code);
    let expires_at = now + REGISTRATION_TTL;

    let mut tx = state.db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO registrations (id_hash, surname, first_name, contact, contact_taken, step, code_hash, \
         code_issued_at, code_wrong_attempts, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10)",
    )
    .bind(&id_hash)
    .bind(surname.as_str())
    .bind(first_name.as_str())
    .bind(contact.as_str())
    .bind(i64::from(taken))
    .bind(step_key(RegistrationStep::AwaitingCode))
    .bind(code_hash(&state, &id_hash, &code))
    .bind(now.unix_timestamp())
    .bind(now.unix_timestamp())
    .bind(expires_at.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    send_in(&state, tx, &destination, message, now).await?;
    tracing::info!(channel = ?contact.channel(), "registration started");

    let reg = load(&state, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(view(&state, &id, &reg).await?)))
}

#[utoipa::path(get, path = "/api/v1/registrations/{id}", tag = "registration",
    params(("id" = String, Path, description = "the registration's 256-bit hex id")),
    responses((status = 200, body = RegistrationView), (status = 404, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
) -> AppResult<Json<RegistrationView>> {
    let reg = load(&state, &id).await?;
    Ok(Json(view(&state, &id, &reg).await?))
}

#[utoipa::path(post, path = "/api/v1/registrations/{id}/resend", tag = "registration",
    params(("id" = String, Path), ("Idempotency-Key" = String, Header, description = "unique per attempt")),
    request_body(content = Object, description = "`{}`"),
    responses((status = 202, body = RegistrationView), (status = 409, body = ApiError), (status = 429, body = ApiError)))]
pub async fn resend(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    _body: EmptyJson,
) -> AppResult<(StatusCode, Json<RegistrationView>)> {
    let reg = load(&state, &id).await?;
    if reg.step != RegistrationStep::AwaitingCode {
        return Err(wrong_step(reg.step));
    }
    let now = state.now();
    let destination = destination_hash(&state, &reg.contact);
    codes::may_send(&recent_sends(&state, &destination, now).await?, now)
        .map_err(|r| resend_too_soon(r.retry_at))?;
    let code = new_code();
    let message = message_for(&reg.contact, reg.contact_taken, &code);

    let mut tx = state.db.pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE registrations SET code_hash = $1, code_issued_at = $2, code_wrong_attempts = 0 \
         WHERE id_hash = $3 AND step = $4 AND code_hash = $5",
    )
    .bind(code_hash(&state, &reg.id_hash, &code))
    .bind(now.unix_timestamp())
    .bind(&reg.id_hash)
    .bind(step_key(RegistrationStep::AwaitingCode))
    .bind(&reg.code_hash)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        // Another request changed it meanwhile (a concurrent resend or confirm).
        return Err(resend_too_soon(now + codes::RESEND_INTERVAL));
    }
    send_in(&state, tx, &destination, message, now).await?;

    let reg = load(&state, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(view(&state, &id, &reg).await?)))
}

#[utoipa::path(post, path = "/api/v1/registrations/{id}/confirm", tag = "registration", request_body = ConfirmCode,
    params(("id" = String, Path), ("Idempotency-Key" = String, Header, description = "unique per attempt")),
    responses((status = 200, body = RegistrationView), (status = 422, body = ApiError), (status = 409, body = ApiError)))]
pub async fn confirm(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    ApiJson(body): ApiJson<ConfirmCode>,
) -> AppResult<Json<RegistrationView>> {
    let entry = SecretString::from(body.code.clone());
    if entry.expose().trim().is_empty() {
        return Err(AppError::new(ErrorCode::Required, "enter the code").field("code"));
    }
    // Optimistic concurrency: a lost race re-reads and tries again.
    for _ in 0..5 {
        let reg = load(&state, &id).await?;
        if reg.step != RegistrationStep::AwaitingCode {
            return Err(wrong_step(reg.step));
        }
        let now = state.now();
        match codes::may_enter(&reg.code, now) {
            Err(EntryRefusal::Expired) => {
                return Err(AppError::new(
                    ErrorCode::CodeExpired,
                    "the code has expired; ask for a new one",
                )
                .field("code"));
            }
            Err(EntryRefusal::AttemptsExhausted) => {
                return Err(AppError::new(
                    ErrorCode::CodeAttemptsExhausted,
                    "too many wrong entries; ask for a new code",
                )
                .field("code"));
            }
            Ok(()) => {}
        }
        let matches = codes::normalise_entry(entry.expose())
            .map(|code| digests_equal(&code_hash(&state, &reg.id_hash, &code), &reg.code_hash))
            .unwrap_or(false);
        // A registration for a contact that has an account can never be confirmed.
        if matches && !reg.contact_taken {
            let updated = sqlx::query(
                "UPDATE registrations SET step = $1 WHERE id_hash = $2 AND step = $3 AND code_hash = $4 \
                 AND code_wrong_attempts = $5",
            )
            .bind(step_key(RegistrationStep::AwaitingPassword))
            .bind(&reg.id_hash)
            .bind(step_key(RegistrationStep::AwaitingCode))
            .bind(&reg.code_hash)
            .bind(i64::from(reg.code.wrong_attempts))
            .execute(&state.db.pool)
            .await?;
            if updated.rows_affected() == 1 {
                tracing::info!("registration contact confirmed");
                let reg = load(&state, &id).await?;
                return Ok(Json(view(&state, &id, &reg).await?));
            }
            continue;
        }
        let updated = sqlx::query(
            "UPDATE registrations SET code_wrong_attempts = code_wrong_attempts + 1 \
             WHERE id_hash = $1 AND code_hash = $2 AND code_wrong_attempts = $3",
        )
        .bind(&reg.id_hash)
        .bind(&reg.code_hash)
        .bind(i64::from(reg.code.wrong_attempts))
        .execute(&state.db.pool)
        .await?;
        if updated.rows_affected() == 1 {
            let left = codes::attempts_left(reg.code.wrong_attempts + 1);
            return Err(AppError::new(
                ErrorCode::CodeWrong,
                format!("wrong code; {left} attempts left"),
            )
            .field("code")
            .attempts_left(left));
        }
    }
    Err(AppError::new(
        ErrorCode::Unavailable,
        "the registration is busy; try again",
    ))
}

#[utoipa::path(post, path = "/api/v1/registrations/{id}/password", tag = "registration", request_body = SetPassword,
    params(("id" = String, Path), ("Idempotency-Key" = String, Header, description = "unique per attempt")),
    responses((status = 201, body = SessionGrant), (status = 422, body = ApiError), (status = 409, body = ApiError)))]
pub async fn set_password(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    ApiJson(body): ApiJson<SetPassword>,
) -> AppResult<(StatusCode, Json<SessionGrant>)> {
    let reg = load(&state, &id).await?;
    if reg.step != RegistrationStep::AwaitingPassword {
        return Err(wrong_step(reg.step));
    }
    let owner = Owner {
        surname: reg.surname.clone(),
        first_name: reg.first_name.clone(),
        contact: reg.contact.clone(),
    };
    let hash = state
        .hasher
        .check_and_hash(
            SecretString::from(body.password.clone()),
            SecretString::from(body.password_repeat.clone()),
            owner,
        )
        .await?
        .map_err(|r| AppError::new(r.code(), r.to_string()).field(r.field()))?;

    let now = state.now();
    let account_id = random_id();
    let mut tx = state.db.pool.begin().await?;
    let moved = sqlx::query(
        "UPDATE registrations SET step = $1, account_id = $2 WHERE id_hash = $3 AND step = $4",
    )
    .bind(step_key(RegistrationStep::Complete))
    .bind(&account_id)
    .bind(&reg.id_hash)
    .bind(step_key(RegistrationStep::AwaitingPassword))
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(wrong_step(RegistrationStep::Complete));
    }
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, surname, first_name, contact, level, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&account_id)
    .bind(&reg.surname)
    .bind(&reg.first_name)
    .bind(reg.contact.as_str())
    .bind(level_key(AccountLevel::Simplified))
    .bind(&hash)
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        // Two registrations of one contact both confirmed; the first to finish won.
        // Only someone who controls the contact gets here, so saying so leaks nothing.
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::new(
                ErrorCode::RegistrationWrongStep,
                "this contact is already registered; sign in",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let account = AccountView {
        surname: reg.surname.clone(),
        first_name: reg.first_name.clone(),
        level: AccountLevel::Simplified,
        contact_masked: reg.contact.masked(),
        next_level: next_level(AccountLevel::Simplified),
    };
    let grant = state.sessions().open(&mut tx, &account_id, account).await?;
    tx.commit().await?;
    tracing::info!("account created");
    Ok((StatusCode::CREATED, Json(grant)))
}
