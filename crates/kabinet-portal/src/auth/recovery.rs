//! Recovering access («Забыли пароль?»): a login → a code to the account's
//! confirmed phone or e-mail → a new password, which ends every other session,
//! enables password sign-in again if 100 failures had disabled it, tells the
//! contact, and signs in.
//!
//! The login is a phone or an e-mail, or — for an account at the standard level —
//! the confirmed SNILS or the checked passport's series and number. Every reading
//! of it is tried (a 10-digit passport can also be read as a phone). Whether an
//! account was found or not, the answer is the same `202 RecoveryView`, the same
//! work is done (a code drawn and hashed, a row written, a send counted) and the
//! same limits apply: a login that names no account counts its sends under its
//! own hash, and its recovery can never be confirmed. Codes follow the
//! registration's rules (10 minutes, 5 entries, then 15 minutes locked; once a
//! minute, 10 per 10 minutes, 20 a day per destination; 100 an hour per client).

use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::{
    ApiError, ConfirmCode, ErrorCode, RecoveryView, RegistrationStep, SessionGrant, SetPassword,
    StartRecovery,
};
use kabinet_core::auth::codes::{self, CodeState};
use kabinet_core::auth::contact::Contact;
use kabinet_core::identity::passport::PassportNumber;
use kabinet_core::identity::snils::Snils;
use kabinet_core::secret::SecretString;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use super::code_entry;
use super::passwords::Owner;
use super::registration::{
    destination_hash, new_code, next_send, resend_too_soon, send_guard_to, send_in,
};
use crate::identity::{accounts, profile};
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Client, EmptyJson, RegistrationId};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::keys::{digests_equal, is_token_shaped, random_token};
use crate::platform::messaging::{self, password_reset_message, recovery_code_message};
use crate::platform::state::{AppState, instant};

/// An unfinished recovery is forgotten after this long.
pub const RECOVERY_TTL: Duration = Duration::hours(1);

const AWAITING_CODE: &str = "awaiting_code";
const AWAITING_PASSWORD: &str = "awaiting_password";
const COMPLETE: &str = "complete";

struct Recovery {
    id_hash: String,
    account_id: Option<String>,
    step: RegistrationStep,
    code_hash: String,
    code: CodeState,
    locked_until: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
}

fn step_of(key: &str) -> AppResult<RegistrationStep> {
    match key {
        AWAITING_CODE => Ok(RegistrationStep::AwaitingCode),
        AWAITING_PASSWORD => Ok(RegistrationStep::AwaitingPassword),
        COMPLETE => Ok(RegistrationStep::Complete),
        _ => Err(AppError::internal("unknown recovery step in store")),
    }
}

fn not_found() -> AppError {
    AppError::new(
        ErrorCode::RecoveryNotFound,
        "no such recovery, or it has expired; start again",
    )
}

fn wrong_step(step: RegistrationStep) -> AppError {
    let message = match step {
        RegistrationStep::AwaitingCode => "confirm the code first",
        RegistrationStep::AwaitingPassword => "the code is already confirmed; set a new password",
        RegistrationStep::Complete => "the password is already set; sign in",
    };
    AppError::new(ErrorCode::RecoveryWrongStep, message)
}

fn locked(until: OffsetDateTime) -> AppError {
    AppError::new(
        ErrorCode::CodeAttemptsExhausted,
        "too many wrong codes; wait 15 minutes, then ask for a new code",
    )
    .field("code")
    .retry_at(until)
}

fn code_hash(state: &AppState, id_hash: &str, code: &str) -> String {
    state
        .key
        .hash("recovery-code", &[id_hash.as_bytes(), code.as_bytes()])
}

fn id_hash(state: &AppState, id: &str) -> String {
    state
        .key
        .hash("recovery", &[id.to_ascii_lowercase().as_bytes()])
}

/// The passport's series and number in one text: `4517 175058`, `45 17 175058`,
/// `4517175058`.
fn passport_of(login: &str) -> Option<PassportNumber> {
    let digits: String = login.chars().filter(char::is_ascii_digit).collect();
    let only_digits_and_spaces = login
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '-' || c == '№');
    if digits.len() != 10 || !only_digits_and_spaces {
        return None;
    }
    PassportNumber::parse(&digits[..4], &digits[4..]).ok()
}

/// The account a login names, trying every reading of it: a phone or e-mail,
/// a confirmed SNILS, a checked passport. `Err(LoginInvalid)`: it is none of them.
async fn account_of(
    conn: &mut AnyConnection,
    state: &AppState,
    login: &str,
) -> AppResult<Option<String>> {
    let contact = Contact::parse(login).ok();
    let snils = Snils::parse(login).ok();
    let passport = passport_of(login);
    if contact.is_none() && snils.is_none() && passport.is_none() {
        return Err(AppError::new(
            ErrorCode::LoginInvalid,
            "enter a phone, an e-mail, a SNILS or a passport's series and number",
        )
        .field("login"));
    }
    let by_contact = match &contact {
        Some(c) => accounts::id_by_contact(&mut *conn, c).await?,
        None => None,
    };
    let by_snils = match &snils {
        Some(s) => profile::confirmed_holder_of_snils(conn, state, s).await?,
        None => None,
    };
    let by_passport = match &passport {
        Some(p) => profile::holder_of_passport(conn, state, p).await?,
        None => None,
    };
    Ok(by_contact.or(by_snils).or(by_passport))
}

/// Where the limits count a recovery's sends: the account's contact, or, for a
/// login that names no account, the login itself.
async fn destination_of(
    conn: &mut AnyConnection,
    state: &AppState,
    account: Option<&str>,
    login: &str,
) -> AppResult<(String, Option<Contact>)> {
    match account {
        Some(id) => {
            let (_, _, contact) = accounts::owner(&mut *conn, id).await?;
            Ok((destination_hash(state, &contact), Some(contact)))
        }
        None => {
            let normal: String = login
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            Ok((state.key.hash("destination", &[normal.as_bytes()]), None))
        }
    }
}

async fn load_in(conn: &mut AnyConnection, state: &AppState, id: &str) -> AppResult<Recovery> {
    if !is_token_shaped(id) {
        return Err(not_found());
    }
    let id_hash = id_hash(state, id);
    let row = sqlx::query(
        "SELECT account_id, step, code_hash, code_issued_at, code_wrong_attempts, locked_until, \
         expires_at FROM recoveries WHERE id_hash = $1",
    )
    .bind(&id_hash)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(not_found)?;
    let expires_at = instant(row.try_get("expires_at")?);
    if state.now() >= expires_at {
        return Err(not_found());
    }
    Ok(Recovery {
        id_hash,
        account_id: row.try_get("account_id")?,
        step: step_of(&row.try_get::<String, _>("step")?)?,
        code_hash: row.try_get("code_hash")?,
        code: CodeState {
            issued_at: instant(row.try_get("code_issued_at")?),
            wrong_attempts: u32::try_from(row.try_get::<i64, _>("code_wrong_attempts")?)
                .unwrap_or(u32::MAX),
        },
        locked_until: row.try_get::<Option<i64>, _>("locked_until")?.map(instant),
        expires_at,
    })
}

async fn load(state: &AppState, id: &str) -> AppResult<Recovery> {
    let mut conn = state.db.pool.acquire().await?;
    load_in(&mut conn, state, id).await
}

/// The destination a recovery's resends count under.
async fn destination_in(
    conn: &mut AnyConnection,
    state: &AppState,
    rec: &Recovery,
) -> AppResult<(String, Option<Contact>)> {
    match &rec.account_id {
        Some(id) => destination_of(conn, state, Some(id), "").await,
        // The login is not kept: a recovery that names no account counts its
        // resends under its own id.
        None => Ok((
            state.key.hash("destination", &[rec.id_hash.as_bytes()]),
            None,
        )),
    }
}

async fn view_in(
    conn: &mut AnyConnection,
    state: &AppState,
    id: &str,
    rec: &Recovery,
) -> AppResult<RecoveryView> {
    let now = state.now();
    let (destination, _) = destination_in(conn, state, rec).await?;
    let mut resend_at = next_send(conn, &destination, now).await?.unwrap_or(now);
    if let Some(l) = rec.locked_until.filter(|l| *l > now) {
        resend_at = resend_at.max(l);
    }
    Ok(RecoveryView {
        id: id.to_ascii_lowercase(),
        step: rec.step,
        code_expires_at: rec.code.expires_at(),
        resend_available_at: resend_at,
        expires_at: rec.expires_at,
    })
}

/// Commits a send with its answer (a retry replays it instead of sending again).
async fn commit_send(
    state: &AppState,
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    idem: &Idempotent,
    id: &str,
) -> AppResult<Answered> {
    let rec = load_in(&mut tx, state, id).await?;
    let view = view_in(&mut tx, state, id, &rec).await?;
    let answer = idem
        .answer_in(&mut tx, state, StatusCode::ACCEPTED, &view)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(answer)
}

#[utoipa::path(post, path = "/api/v1/recoveries", tag = "recovery", request_body = StartRecovery,
    responses((status = 202, body = RecoveryView), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn start(
    State(state): State<AppState>,
    client: Client,
    idem: Idempotent,
    ApiJson(body): ApiJson<StartRecovery>,
) -> AppResult<Answered> {
    let login = body.login.trim().to_owned();
    if login.is_empty() {
        return Err(AppError::new(ErrorCode::Required, "enter the login").field("login"));
    }
    let now = state.now();
    let (account, destination, contact) = {
        let mut conn = state.db.pool.acquire().await?;
        let account = account_of(&mut conn, &state, &login).await?;
        let (destination, contact) =
            destination_of(&mut conn, &state, account.as_deref(), &login).await?;
        (account, destination, contact)
    };
    let (mut tx, guard) = send_guard_to(&state, destination, &client, now).await?;
    let id = random_token();
    let id_hash = id_hash(&state, &id);
    // A code is drawn and hashed either way, so both paths do the same work.
    let code = new_code();
    sqlx::query(
        "INSERT INTO recoveries (id_hash, account_id, step, code_hash, code_issued_at, \
         code_wrong_attempts, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
    )
    .bind(&id_hash)
    .bind(account.as_deref())
    .bind(AWAITING_CODE)
    .bind(code_hash(&state, &id_hash, &code))
    .bind(now.unix_timestamp())
    .bind(now.unix_timestamp())
    .bind((now + RECOVERY_TTL).unix_timestamp())
    .execute(&mut *tx)
    .await?;
    let message = contact.as_ref().map(|c| recovery_code_message(c, &code));
    send_in(&mut tx, &guard, message, now).await?;
    let answer = commit_send(&state, tx, &idem, &id).await?;
    tracing::info!("recovery started");
    Ok(answer)
}

#[utoipa::path(post, path = "/api/v1/recoveries/{id}/resend", tag = "recovery",
    params(("id" = String, Path)),
    request_body(content = Object, description = "`{}`"),
    responses((status = 202, body = RecoveryView), (status = 409, body = ApiError), (status = 429, body = ApiError)))]
pub async fn resend(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    client: Client,
    idem: Idempotent,
    _body: EmptyJson,
) -> AppResult<Answered> {
    let rec = load(&state, &id).await?;
    let now = state.now();
    if rec.step != RegistrationStep::AwaitingCode {
        return Err(wrong_step(rec.step));
    }
    if let Some(l) = rec.locked_until.filter(|l| *l > now) {
        return Err(locked(l));
    }
    let (destination, contact) = {
        let mut conn = state.db.pool.acquire().await?;
        destination_in(&mut conn, &state, &rec).await?
    };
    let (mut tx, guard) = send_guard_to(&state, destination, &client, now).await?;
    let code = new_code();
    let updated = sqlx::query(
        "UPDATE recoveries SET code_hash = $1, code_issued_at = $2, code_wrong_attempts = 0, \
         locked_until = NULL WHERE id_hash = $3 AND step = $4 AND code_hash = $5",
    )
    .bind(code_hash(&state, &rec.id_hash, &code))
    .bind(now.unix_timestamp())
    .bind(&rec.id_hash)
    .bind(AWAITING_CODE)
    .bind(&rec.code_hash)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(resend_too_soon(now + codes::RESEND_INTERVAL));
    }
    let message = contact.as_ref().map(|c| recovery_code_message(c, &code));
    send_in(&mut tx, &guard, message, now).await?;
    commit_send(&state, tx, &idem, &id).await
}

#[utoipa::path(post, path = "/api/v1/recoveries/{id}/confirm", tag = "recovery", request_body = ConfirmCode,
    params(("id" = String, Path)),
    responses((status = 200, body = RecoveryView), (status = 422, body = ApiError), (status = 409, body = ApiError)))]
pub async fn confirm(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    idem: Idempotent,
    ApiJson(body): ApiJson<ConfirmCode>,
) -> AppResult<Answered> {
    let entry = SecretString::from(body.code.clone());
    if entry.expose().trim().is_empty() {
        return Err(AppError::new(ErrorCode::Required, "enter the code").field("code"));
    }
    // Optimistic concurrency: a lost race re-reads and tries again; each wrong
    // entry is counted by a conditional update, so concurrent guesses cannot
    // outrun the 5 entries.
    for _ in 0..5 {
        let rec = load(&state, &id).await?;
        let now = state.now();
        if rec.step != RegistrationStep::AwaitingCode {
            return Err(wrong_step(rec.step));
        }
        if let Some(l) = rec.locked_until.filter(|l| *l > now) {
            return Err(locked(l));
        }
        code_entry::may_enter(&rec.code, now)?;
        let matches = codes::normalise_entry(entry.expose())
            .map(|code| digests_equal(&code_hash(&state, &rec.id_hash, &code), &rec.code_hash))
            .unwrap_or(false);
        let e = code_entry::Entry {
            table: code_entry::Table::Recoveries,
            id_hash: &rec.id_hash,
            code_hash: &rec.code_hash,
            code: &rec.code,
        };
        // A recovery that names no account can never be confirmed.
        if matches && rec.account_id.is_some() {
            let mut tx = state.db.pool.begin().await?;
            if code_entry::advance(&mut tx, &e).await? {
                let rec = load_in(&mut tx, &state, &id).await?;
                let view = view_in(&mut tx, &state, &id, &rec).await?;
                let answer = idem
                    .answer_in(&mut tx, &state, StatusCode::OK, &view)
                    .await?;
                tx.commit().await?;
                tracing::info!("recovery code confirmed");
                return Ok(answer);
            }
            continue;
        }
        if let Some(wrong) = code_entry::count_wrong(&state, &e, now).await? {
            return Err(wrong);
        }
    }
    Err(AppError::new(
        ErrorCode::Unavailable,
        "the recovery is busy; try again",
    ))
}

#[utoipa::path(post, path = "/api/v1/recoveries/{id}/password", tag = "recovery", request_body = SetPassword,
    params(("id" = String, Path)),
    responses((status = 201, body = SessionGrant), (status = 422, body = ApiError), (status = 409, body = ApiError)))]
pub async fn set_password(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    client: Client,
    origin: super::sessions::Origin,
    idem: Idempotent,
    ApiJson(body): ApiJson<SetPassword>,
) -> AppResult<Answered> {
    let rec = load(&state, &id).await?;
    if rec.step != RegistrationStep::AwaitingPassword {
        return Err(wrong_step(rec.step));
    }
    let account_id = rec
        .account_id
        .clone()
        .ok_or_else(|| AppError::internal("a confirmed recovery without an account"))?;
    let (surname, first_name, contact) = {
        let mut conn = state.db.pool.acquire().await?;
        accounts::owner(&mut *conn, &account_id).await?
    };
    let hash = state
        .hasher
        .check_and_hash(
            SecretString::from(body.password.clone()),
            SecretString::from(body.password_repeat.clone()),
            Owner {
                surname,
                first_name,
                contact: contact.clone(),
            },
        )
        .await?
        .map_err(|r| AppError::new(r.code(), r.to_string()).field(r.field()))?;

    let now = state.now();
    let sessions = state.sessions();
    let mut tx = state.db.pool.begin().await?;
    let moved = sqlx::query("UPDATE recoveries SET step = $1 WHERE id_hash = $2 AND step = $3")
        .bind(COMPLETE)
        .bind(&rec.id_hash)
        .bind(AWAITING_PASSWORD)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() != 1 {
        return Err(wrong_step(RegistrationStep::Complete));
    }
    accounts::set_password(&mut *tx, &account_id, &hash).await?;
    let ended = sessions.end_all(&mut tx, &account_id, now).await?;
    // The login's run of failed sign-ins (here and from this client) is over.
    let (login, _) = super::sessions::login_subject(&state, contact.as_str());
    let pair = super::sessions::pair_subject(&state, &login, &client);
    sqlx::query("DELETE FROM auth_failures WHERE subject_hash = $1 OR subject_hash = $2")
        .bind(&login)
        .bind(&pair)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO security_events (account_id, kind, at) VALUES ($1, $2, $3)")
        .bind(&account_id)
        .bind("password_reset")
        .bind(now.unix_timestamp())
        .execute(&mut *tx)
        .await?;
    messaging::send(&mut tx, &password_reset_message(&contact), now).await?;
    let view = accounts::full_view(&mut tx, &account_id).await?;
    let grant = sessions.open(&mut tx, &account_id, view, &origin).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &grant)
        .await?;
    tx.commit().await?;
    sessions.forget_account(&account_id);
    state.jobs.wake();
    tracing::info!(ended, "password set by recovery");
    Ok(answer)
}
