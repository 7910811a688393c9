//! Registration of a simplified account: name and contact → code → password.
//!
//! The registration id is a 256-bit capability; the database keeps its keyed hash.
//! A contact that already has an account gets a notice instead of a code, and the
//! answer is the same as for a new contact; such a registration can never be
//! confirmed. Codes are stored as keyed hashes bound to their registration.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::{
    AccountLevel, AccountView, ApiError, ConfirmCode, ErrorCode, RegistrationStep,
    RegistrationView, SessionGrant, SetPassword, StartRegistration,
};
use kabinet_core::auth::codes::{self, CodeState};
use kabinet_core::auth::contact::Contact;
use kabinet_core::identity::account::{PersonName, next_level};
use kabinet_core::secret::SecretString;
use rand::Rng;
use rand::rngs::OsRng;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::code_entry;
use crate::auth::passwords::Owner;
use crate::identity::accounts::{self, NewAccount};
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Client, EmptyJson, RegistrationId};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::keys::{digests_equal, is_token_shaped, random_id, random_token};
use crate::platform::limits::{self, Limit};
use crate::platform::messaging::{self, NewMessage, already_registered_message, code_message};
use crate::platform::state::{AppState, instant};

/// An unfinished registration is forgotten after this long.
pub const REGISTRATION_TTL: Duration = Duration::hours(24);
/// After [`codes::MAX_WRONG_ATTEMPTS`] wrong entries the registration takes no code
/// — and gets none — for this long, whatever is resent.
pub const LOCK_AFTER_WRONG_CODES: Duration = Duration::minutes(15);
/// Codes to one destination per 24 hours (with the 5 entries each, at most 100
/// guesses a day, against ≈7,200 when resends reset the count).
pub const MAX_SENDS_PER_DAY: usize = 20;
/// Starts and resends from one client address per hour.
pub const CLIENT_SENDS: Limit = Limit {
    max: 100,
    window: Duration::hours(1),
};
const DAY: Duration = Duration::hours(24);

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
    locked_until: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
}

impl Registration {
    /// Is it waiting for a code, and not locked after too many wrong ones? (Both a
    /// code entry and a resend need this.)
    fn takes_codes(&self, now: OffsetDateTime) -> AppResult<()> {
        if self.step != RegistrationStep::AwaitingCode {
            return Err(wrong_step(self.step));
        }
        match self.locked_until.filter(|l| *l > now) {
            Some(locked) => Err(locked_out(locked)),
            None => Ok(()),
        }
    }
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

/// Sends a code (or the "already registered" notice) as part of `tx`, which the
/// caller opened with [`send_guard`] and commits (then wakes the jobs): counts the
/// send against the destination's and the client's limits, puts the message and
/// its delivery job in the outbox — a rolled-back request sends nothing. `None`:
/// counted, nothing sent (a recovery for a login that names no account).
pub(super) async fn send_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    guard: &SendGuard,
    message: Option<NewMessage>,
    now: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query("INSERT INTO code_sends (destination_hash, sent_at) VALUES ($1, $2)")
        .bind(&guard.destination)
        .bind(now.unix_timestamp())
        .execute(&mut **tx)
        .await?;
    limits::record(tx, &guard.client, now).await?;
    if let Some(message) = message {
        messaging::send(tx, &message, now).await?;
    }
    Ok(())
}

/// Commits a send's transaction with its answer (the registration as it now is),
/// so a retry after a crash replays the answer instead of sending again.
async fn commit_send(
    state: &AppState,
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    idem: &Idempotent,
    id: &str,
) -> AppResult<Answered> {
    let reg = load_in(&mut tx, state, id).await?;
    let view = view_in(&mut tx, state, id, &reg).await?;
    let answer = idem
        .answer_in(&mut tx, state, StatusCode::ACCEPTED, &view)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(answer)
}

/// The subjects one send is counted under.
pub(super) struct SendGuard {
    destination: String,
    client: String,
}

/// Opens the transaction of a send: serialises it with every other send to the
/// same destination or from the same client, then checks every limit with the
/// records of those that committed first (check and record are atomic).
async fn send_guard<'a>(
    state: &'a AppState,
    contact: &Contact,
    client: &Client,
    now: OffsetDateTime,
) -> AppResult<(sqlx::Transaction<'a, sqlx::Any>, SendGuard)> {
    send_guard_to(state, destination_hash(state, contact), client, now).await
}

/// [`send_guard`] for a destination given by its hash (a recovery for a login
/// that names no account counts under the login's own).
pub(super) async fn send_guard_to<'a>(
    state: &'a AppState,
    destination: String,
    client: &Client,
    now: OffsetDateTime,
) -> AppResult<(sqlx::Transaction<'a, sqlx::Any>, SendGuard)> {
    let guard = SendGuard {
        destination,
        client: state.key.hash("client-sends", &[client.0.as_bytes()]),
    };
    let mut tx = state.db.pool.begin().await?;
    limits::lock(&mut tx, &[&guard.destination, &guard.client], now).await?;
    if let Some(at) = next_send(&mut tx, &guard.destination, now).await? {
        return Err(resend_too_soon(at));
    }
    limits::refuse_over(
        &mut tx,
        &guard.client,
        CLIENT_SENDS,
        now,
        "too many codes requested from this address",
    )
    .await?;
    Ok((tx, guard))
}

/// `Some(at)`: no code may go to this destination before `at` (the resend
/// interval, the 10-minute window, the daily cap).
pub(super) async fn next_send(
    conn: &mut sqlx::AnyConnection,
    destination: &str,
    now: OffsetDateTime,
) -> AppResult<Option<OffsetDateTime>> {
    let sends = sends_since(conn, destination, now - DAY).await?;
    let mut at = codes::next_send_at(&sends, now);
    let daily = Limit {
        max: MAX_SENDS_PER_DAY,
        window: DAY,
    };
    if let Some(cap) = limits::retry_at(&sends, daily, now) {
        at = at.max(cap);
    }
    Ok((at > now).then_some(at))
}

/// Limits count per destination; an e-mail's `+tag` counts with its base address
/// (`anna+1@example.org` is `anna@example.org`).
pub(super) fn destination_hash(state: &AppState, contact: &Contact) -> String {
    let address = contact.as_str();
    let base = match (contact.channel(), address.split_once('@')) {
        (kabinet_core::api::Channel::Email, Some((local, domain))) => {
            let local = local.split('+').next().unwrap_or(local);
            format!("{local}@{domain}")
        }
        _ => address.to_owned(),
    };
    state.key.hash("destination", &[base.as_bytes()])
}

fn code_hash(state: &AppState, id_hash: &str, code: &str) -> String {
    state
        .key
        .hash("code", &[id_hash.as_bytes(), code.as_bytes()])
}

pub(super) fn new_code() -> String {
    codes::format_code(OsRng.gen_range(0..1_000_000))
}

async fn sends_since(
    conn: &mut sqlx::AnyConnection,
    destination: &str,
    since: OffsetDateTime,
) -> AppResult<Vec<OffsetDateTime>> {
    let rows =
        sqlx::query("SELECT sent_at FROM code_sends WHERE destination_hash = $1 AND sent_at >= $2")
            .bind(destination)
            .bind(since.unix_timestamp())
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| Ok(instant(r.try_get("sent_at")?)))
        .collect()
}

async fn load(state: &AppState, id: &str) -> AppResult<Registration> {
    let mut conn = state.db.pool.acquire().await?;
    load_in(&mut conn, state, id).await
}

async fn load_in(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    id: &str,
) -> AppResult<Registration> {
    if !is_token_shaped(id) {
        return Err(not_found());
    }
    let id_hash = state
        .key
        .hash("registration", &[id.to_ascii_lowercase().as_bytes()]);
    let row = sqlx::query(
        "SELECT surname, first_name, contact, contact_taken, step, code_hash, code_issued_at, \
         code_wrong_attempts, locked_until, expires_at FROM registrations WHERE id_hash = $1",
    )
    .bind(&id_hash)
    .fetch_optional(&mut *conn)
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
        locked_until: row.try_get::<Option<i64>, _>("locked_until")?.map(instant),
        expires_at,
    })
}

async fn view(state: &AppState, id: &str, reg: &Registration) -> AppResult<RegistrationView> {
    let mut conn = state.db.pool.acquire().await?;
    view_in(&mut conn, state, id, reg).await
}

async fn view_in(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    id: &str,
    reg: &Registration,
) -> AppResult<RegistrationView> {
    let now = state.now();
    let mut resend_at = next_send(conn, &destination_hash(state, &reg.contact), now)
        .await?
        .unwrap_or(now);
    if let Some(locked) = reg.locked_until.filter(|l| *l > now) {
        resend_at = resend_at.max(locked);
    }
    Ok(RegistrationView {
        id: id.to_ascii_lowercase(),
        step: reg.step,
        surname: reg.surname.clone(),
        first_name: reg.first_name.clone(),
        channel: reg.contact.channel(),
        contact_masked: reg.contact.masked(),
        code_expires_at: reg.code.expires_at(),
        resend_available_at: resend_at,
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

/// Too many wrong codes: nothing is taken or sent until `until`.
pub(super) fn locked_out(until: OffsetDateTime) -> AppError {
    AppError::new(
        ErrorCode::CodeAttemptsExhausted,
        "too many wrong codes; the registration is locked for 15 minutes, then ask for a new code",
    )
    .field("code")
    .retry_at(until)
}

pub(super) fn resend_too_soon(retry_at: OffsetDateTime) -> AppError {
    AppError::new(ErrorCode::ResendTooSoon, "a new code cannot be sent yet").retry_at(retry_at)
}

#[utoipa::path(post, path = "/api/v1/registrations", tag = "registration", request_body = StartRegistration,
    responses((status = 202, body = RegistrationView), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn start(
    State(state): State<AppState>,
    client: Client,
    idem: Idempotent,
    ApiJson(body): ApiJson<StartRegistration>,
) -> AppResult<Answered> {
    let surname = PersonName::parse(&body.surname)
        .map_err(|e| AppError::new(e.code(), format!("surname: {e}")).field("surname"))?;
    let first_name = PersonName::parse(&body.first_name)
        .map_err(|e| AppError::new(e.code(), format!("first name: {e}")).field("first_name"))?;
    let contact = Contact::parse(&body.contact)
        .map_err(|e| AppError::new(e.code(), e.to_string()).field("contact"))?;
    let now = state.now();
    let (mut tx, guard) = send_guard(&state, &contact, &client, now).await?;
    let taken = accounts::contact_taken(&mut *tx, &contact).await?;
    let id = random_token();
    let id_hash = state.key.hash("registration", &[id.as_bytes()]);
    // A code is drawn and hashed either way, so both paths do the same work.
    let code = new_code();
    let message = message_for(&contact, taken, &code);
    let expires_at = now + REGISTRATION_TTL;

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
    send_in(&mut tx, &guard, Some(message), now).await?;
    let answer = commit_send(&state, tx, &idem, &id).await?;
    tracing::info!(channel = ?contact.channel(), "registration started");
    Ok(answer)
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
    params(("id" = String, Path)),
    request_body(content = Object, description = "`{}`"),
    responses((status = 202, body = RegistrationView), (status = 409, body = ApiError), (status = 429, body = ApiError)))]
pub async fn resend(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    client: Client,
    idem: Idempotent,
    _body: EmptyJson,
) -> AppResult<Answered> {
    let reg = load(&state, &id).await?;
    let now = state.now();
    reg.takes_codes(now)?;
    let (mut tx, guard) = send_guard(&state, &reg.contact, &client, now).await?;
    let code = new_code();
    let message = message_for(&reg.contact, reg.contact_taken, &code);

    let updated = sqlx::query(
        "UPDATE registrations SET code_hash = $1, code_issued_at = $2, code_wrong_attempts = 0, locked_until = NULL \
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
    send_in(&mut tx, &guard, Some(message), now).await?;
    commit_send(&state, tx, &idem, &id).await
}

#[utoipa::path(post, path = "/api/v1/registrations/{id}/confirm", tag = "registration", request_body = ConfirmCode,
    params(("id" = String, Path)),
    responses((status = 200, body = RegistrationView), (status = 422, body = ApiError), (status = 409, body = ApiError)))]
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
    // Optimistic concurrency: a lost race re-reads and tries again.
    for _ in 0..5 {
        let reg = load(&state, &id).await?;
        let now = state.now();
        reg.takes_codes(now)?;
        code_entry::may_enter(&reg.code, now)?;
        let matches = codes::normalise_entry(entry.expose())
            .map(|code| digests_equal(&code_hash(&state, &reg.id_hash, &code), &reg.code_hash))
            .unwrap_or(false);
        let e = code_entry::Entry {
            table: code_entry::Table::Registrations,
            id_hash: &reg.id_hash,
            code_hash: &reg.code_hash,
            code: &reg.code,
        };
        // A registration for a contact that has an account can never be confirmed.
        if matches && !reg.contact_taken {
            let mut tx = state.db.pool.begin().await?;
            if code_entry::advance(&mut tx, &e).await? {
                let reg = load_in(&mut tx, &state, &id).await?;
                let view = view_in(&mut tx, &state, &id, &reg).await?;
                let answer = idem
                    .answer_in(&mut tx, &state, StatusCode::OK, &view)
                    .await?;
                tx.commit().await?;
                tracing::info!("registration contact confirmed");
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
        "the registration is busy; try again",
    ))
}

#[utoipa::path(post, path = "/api/v1/registrations/{id}/password", tag = "registration", request_body = SetPassword,
    params(("id" = String, Path)),
    responses((status = 201, body = SessionGrant), (status = 422, body = ApiError), (status = 409, body = ApiError)))]
pub async fn set_password(
    State(state): State<AppState>,
    RegistrationId(id): RegistrationId,
    origin: super::sessions::Origin,
    idem: Idempotent,
    ApiJson(body): ApiJson<SetPassword>,
) -> AppResult<Answered> {
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
    let inserted = accounts::insert(
        &mut *tx,
        &NewAccount {
            id: &account_id,
            surname: &reg.surname,
            first_name: &reg.first_name,
            contact: &reg.contact,
            level: AccountLevel::Simplified,
            password_hash: &hash,
            created_at: now,
        },
    )
    .await?;
    if !inserted {
        // Two registrations of one contact both confirmed; the first to finish won.
        // Only someone who controls the contact gets here, so saying so leaks nothing.
        return Err(AppError::new(
            ErrorCode::RegistrationWrongStep,
            "this contact is already registered; sign in",
        ));
    }
    let account = AccountView {
        id: account_id.clone(),
        surname: reg.surname.clone(),
        first_name: reg.first_name.clone(),
        level: AccountLevel::Simplified,
        contact_masked: reg.contact.masked(),
        next_level: next_level(AccountLevel::Simplified),
        verification: None,
    };
    let grant = state
        .sessions()
        .open(&mut tx, &account_id, account, &origin)
        .await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &grant)
        .await?;
    tx.commit().await?;
    tracing::info!("account created");
    Ok(answer)
}
