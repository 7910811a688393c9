//! The verified level by registered letter (PRODUCT.md §1): the citizen asks for a
//! code by post to the residence address of their profile, the development post
//! tracks the letter, and the code from it raises the account to verified with the
//! method `letter` (which partner sites that need in-person verification refuse).
//! Owns the tables `letters` and `letter_tracking`.
//!
//! Rules:
//! - a letter is sent only to a standard account (its profile passed the registry
//!   checks: that is what makes the address "confirmed") with a residence address
//!   (403 `standard_level_required`, 409 `level_already_reached`, 422
//!   `address_required`);
//! - at most one letter per calendar month per account: a new one from the same
//!   day of the next month (the last day when that month is shorter), 429
//!   `letter_too_soon` with `retry_at`; checked and recorded under the account's
//!   lock, so concurrent requests make one letter. Only the **latest** letter
//!   counts: a new letter's code replaces the old one's;
//! - the code: 10 characters of Crockford's base32 (`0-9A-Z` without `I L O U`,
//!   32 symbols, 50 bits) from the OS RNG; stored only as a keyed hash of (account,
//!   code); the clear code exists only in the letter's text handed to the post.
//!   Entry ignores case, spaces and dashes, and reads `O` as `0`, `I`/`L` as `1`;
//! - it expires 30 days after the request (422 `letter_code_expired`, distinct
//!   from `letter_code_wrong`); at most 3 wrong entries per 10 minutes per account
//!   (the 4th, even the right code, is 429 `rate_limited` with `retry_at`); single
//!   use. The code may be entered before the tracking says "handed over": the post
//!   is a fake, the code is what counts.
//!
//! The development post: the letter starts `accepted` (its text goes into the
//! outbox on channel `post`, so the demo inbox shows it), and the `post_letter` job
//! moves it `in_transit → arrived → handed_over`, one step per run every
//! `post_delay`, each a conditional update with its tracking row (a run repeated
//! after a crash changes nothing twice). On arrival the citizen is told by SMS or
//! e-mail that the letter waits at the post office.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::{
    AccountLevel, AccountView, AddressInput, ApiError, Channel, ConfirmCode, ErrorCode,
    LetterStatus, LetterTrackingEvent, LetterView, VerificationMethod,
};
use kabinet_core::auth::contact::Contact;
use rand::Rng;
use rand::rngs::OsRng;
use serde_json::json;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use crate::identity::{accounts, profile};
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated, EmptyJson};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::keys::{digests_equal, random_id};
use crate::platform::limits::{self, Limit};
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::{AppState, instant};

pub const POST_JOB: &str = "post_letter";
/// Crockford's base32: no `I`, `L`, `O`, `U`.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const CODE_LEN: usize = 10;
/// How long a letter's code may be entered.
pub const CODE_VALIDITY: Duration = Duration::days(30);
/// Wrong entries per account.
pub const WRONG_ENTRIES: Limit = Limit {
    max: 3,
    window: Duration::minutes(10),
};

fn status_key(s: LetterStatus) -> &'static str {
    match s {
        LetterStatus::Accepted => "accepted",
        LetterStatus::InTransit => "in_transit",
        LetterStatus::Arrived => "arrived",
        LetterStatus::HandedOver => "handed_over",
    }
}

fn status_from(key: &str) -> AppResult<LetterStatus> {
    match key {
        "accepted" => Ok(LetterStatus::Accepted),
        "in_transit" => Ok(LetterStatus::InTransit),
        "arrived" => Ok(LetterStatus::Arrived),
        "handed_over" => Ok(LetterStatus::HandedOver),
        _ => Err(AppError::internal("unknown letter status in store")),
    }
}

fn next_status(s: LetterStatus) -> Option<LetterStatus> {
    match s {
        LetterStatus::Accepted => Some(LetterStatus::InTransit),
        LetterStatus::InTransit => Some(LetterStatus::Arrived),
        LetterStatus::Arrived => Some(LetterStatus::HandedOver),
        LetterStatus::HandedOver => None,
    }
}

/// The same day of the next month (its last day when the next month is shorter).
pub fn one_month_after(t: OffsetDateTime) -> OffsetDateTime {
    let date = t.date();
    let (year, month) = match date.month() {
        time::Month::December => (date.year() + 1, time::Month::January),
        m => (date.year(), m.next()),
    };
    let day = date.day().min(month.length(year));
    match time::Date::from_calendar_date(year, month, day) {
        Ok(d) => t.replace_date(d),
        Err(_) => t + Duration::days(31),
    }
}

/// A fresh code from the OS RNG.
fn new_code() -> String {
    (0..CODE_LEN)
        .map(|_| char::from(CODE_ALPHABET[OsRng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// The code as entered, in its stored form: upper case, without spaces and dashes,
/// look-alikes read as Crockford does. `None`: it cannot be a code.
pub fn normalize_code(entered: &str) -> Option<String> {
    let code: String = entered
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

fn code_hash(state: &AppState, account: &str, code: &str) -> String {
    state
        .key
        .hash("letter-code", &[account.as_bytes(), code.as_bytes()])
}

pub(crate) fn one_line(a: &AddressInput) -> String {
    let mut parts = vec![
        a.postcode.trim().to_owned(),
        a.region.trim().to_owned(),
        a.town.trim().to_owned(),
        a.street.trim().to_owned(),
        format!("д. {}", a.house.trim()),
    ];
    if let Some(flat) = a.flat.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        parts.push(format!("кв. {flat}"));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(", ")
}

fn seal_context(account: &str) -> String {
    format!("letter/{account}")
}

fn request_subject(state: &AppState, account: &str) -> String {
    state.key.hash("letter-requests", &[account.as_bytes()])
}

fn attempts_subject(state: &AppState, account: &str) -> String {
    state
        .key
        .hash("letter-code-attempts", &[account.as_bytes()])
}

struct Letter {
    id: String,
    code_hash: String,
    status: LetterStatus,
    requested_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    confirmed_at: Option<OffsetDateTime>,
    address: String,
}

async fn latest(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
) -> AppResult<Option<Letter>> {
    let Some(r) = sqlx::query(
        "SELECT id, code_hash, address, status, requested_at, expires_at, confirmed_at FROM letters \
         WHERE account_id = $1 ORDER BY requested_at DESC, id LIMIT 1",
    )
    .bind(account)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let sealed: String = r.try_get("address")?;
    let address = state
        .key
        .open(&seal_context(account), &sealed)
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| AppError::internal("stored letter address does not decrypt"))?;
    Ok(Some(Letter {
        id: r.try_get("id")?,
        code_hash: r.try_get("code_hash")?,
        status: status_from(&r.try_get::<String, _>("status")?)?,
        requested_at: instant(r.try_get("requested_at")?),
        expires_at: instant(r.try_get("expires_at")?),
        confirmed_at: r.try_get::<Option<i64>, _>("confirmed_at")?.map(instant),
        address,
    }))
}

async fn view_of(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
    letter: Letter,
) -> AppResult<LetterView> {
    let rows = sqlx::query(
        "SELECT status, at FROM letter_tracking WHERE letter_id = $1 ORDER BY at, status",
    )
    .bind(&letter.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut tracking = rows
        .iter()
        .map(|r| {
            Ok(LetterTrackingEvent {
                status: status_from(&r.try_get::<String, _>("status")?)?,
                at: instant(r.try_get("at")?),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    // Steps of the same second: in the post's order.
    tracking.sort_by_key(|e| (e.at, e.status as u8));
    let now = state.now();
    let wrong = limits::events(
        conn,
        &attempts_subject(state, account),
        WRONG_ENTRIES.window,
        now,
    )
    .await?
    .len();
    Ok(LetterView {
        status: letter.status,
        requested_at: letter.requested_at,
        expires_at: letter.expires_at,
        next_request_at: one_month_after(letter.requested_at),
        tracking,
        address: letter.address,
        attempts_left: letter
            .confirmed_at
            .is_none()
            .then(|| u32::try_from(WRONG_ENTRIES.max.saturating_sub(wrong)).unwrap_or(0)),
        confirmed_at: letter.confirmed_at,
    })
}

fn no_letter() -> AppError {
    AppError::new(
        ErrorCode::LetterNotFound,
        "no registered letter was asked for",
    )
}

#[utoipa::path(get, path = "/api/v1/me/letter", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = LetterView), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<LetterView>> {
    let mut conn = state.db.pool.acquire().await?;
    let letter = latest(&mut conn, &state, &auth.account_id)
        .await?
        .ok_or_else(no_letter)?;
    Ok(Json(
        view_of(&mut conn, &state, &auth.account_id, letter).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/me/letter", tag = "account", security(("bearer" = [])),
    responses((status = 202, body = LetterView), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 409, body = ApiError),
        (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn request(
    State(state): State<AppState>,
    auth: Authenticated,
    idem: Idempotent,
    _: EmptyJson,
) -> AppResult<Answered> {
    let now = state.now();
    let account = &auth.account_id;
    let subject = request_subject(&state, account);
    let mut tx = state.db.pool.begin().await?;
    // Serialises every letter request of this account: one letter a month.
    limits::lock(&mut tx, &[&subject], now).await?;
    let (level, _) = accounts::level_and_contact(&mut *tx, account).await?;
    match level {
        AccountLevel::Simplified => {
            return Err(AppError::new(
                ErrorCode::StandardLevelRequired,
                "a letter is sent to a standard account: submit the profile first",
            ));
        }
        AccountLevel::Verified => {
            return Err(AppError::new(
                ErrorCode::LevelAlreadyReached,
                "the account is already verified",
            ));
        }
        AccountLevel::Standard => {}
    }
    let Some((name, address)) = profile::addressee(&mut tx, &state, account).await? else {
        return Err(AppError::new(
            ErrorCode::AddressRequired,
            "the profile has no residence address to send the letter to",
        )
        .field("address"));
    };
    if let Some(last) = latest(&mut tx, &state, account).await? {
        let next = one_month_after(last.requested_at);
        if now < next {
            return Err(AppError::new(
                ErrorCode::LetterTooSoon,
                "a new letter may be asked for once a month",
            )
            .retry_at(next));
        }
    }
    let code = new_code();
    let address = one_line(&address);
    let id = random_id();
    sqlx::query(
        "INSERT INTO letters (id, account_id, code_hash, address, status, requested_at, expires_at) \
         VALUES ($1, $2, $3, $4, 'accepted', $5, $6)",
    )
    .bind(&id)
    .bind(account)
    .bind(code_hash(&state, account, &code))
    .bind(state.key.seal(&seal_context(account), address.as_bytes()))
    .bind(now.unix_timestamp())
    .bind((now + CODE_VALIDITY).unix_timestamp())
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO letter_tracking (letter_id, status, at) VALUES ($1, 'accepted', $2)")
        .bind(&id)
        .bind(now.unix_timestamp())
        .execute(&mut *tx)
        .await?;
    // The post has the letter: its text (the only place the clear code lives).
    messaging::send(&mut tx, &letter_text(&name, &address, &code, now), now).await?;
    let job = NewJob {
        run_at: now + state.post_delay,
        ..NewJob::now(POST_JOB, json!({ "letter_id": id }), now)
    };
    jobs::enqueue(&mut tx, &job, now).await?;
    let letter = latest(&mut tx, &state, account)
        .await?
        .ok_or_else(|| AppError::internal("the new letter is not there"))?;
    let view = view_of(&mut tx, &state, account, letter).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::ACCEPTED, &view)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    tracing::info!("registered letter handed to the post");
    Ok(answer)
}

#[utoipa::path(post, path = "/api/v1/me/letter/confirm", tag = "account", security(("bearer" = [])),
    request_body = ConfirmCode,
    responses((status = 200, body = AccountView), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn confirm(
    State(state): State<AppState>,
    auth: Authenticated,
    idem: Idempotent,
    ApiJson(body): ApiJson<ConfirmCode>,
) -> AppResult<Answered> {
    let now = state.now();
    let account = &auth.account_id;
    let subject = attempts_subject(&state, account);
    let mut tx = state.db.pool.begin().await?;
    limits::lock(&mut tx, &[&subject], now).await?;
    let (level, contact) = accounts::level_and_contact(&mut *tx, account).await?;
    match level {
        AccountLevel::Simplified => {
            return Err(AppError::new(
                ErrorCode::StandardLevelRequired,
                "the standard level comes first",
            ));
        }
        AccountLevel::Verified => {
            return Err(AppError::new(
                ErrorCode::LevelAlreadyReached,
                "the account is already verified",
            ));
        }
        AccountLevel::Standard => {}
    }
    let letter = latest(&mut tx, &state, account)
        .await?
        .filter(|l| l.confirmed_at.is_none())
        .ok_or_else(no_letter)?;
    let events = limits::events(&mut tx, &subject, WRONG_ENTRIES.window, now).await?;
    if let Some(at) = limits::retry_at(&events, WRONG_ENTRIES, now) {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many wrong codes; try again later",
        )
        .retry_at(at));
    }
    if now >= letter.expires_at {
        return Err(AppError::new(
            ErrorCode::LetterCodeExpired,
            "the letter's code has expired; ask for a new letter",
        )
        .field("code"));
    }
    let right = normalize_code(&body.code)
        .is_some_and(|c| digests_equal(&code_hash(&state, account, &c), &letter.code_hash));
    if !right {
        limits::record(&mut tx, &subject, now).await?;
        // The wrong entry counts even though the answer is an error.
        tx.commit().await?;
        let left = WRONG_ENTRIES.max.saturating_sub(events.len() + 1);
        return Err(AppError::new(
            ErrorCode::LetterCodeWrong,
            format!("the code does not match; {left} attempt(s) left"),
        )
        .field("code")
        .attempts_left(u32::try_from(left).unwrap_or(0)));
    }
    let used =
        sqlx::query("UPDATE letters SET confirmed_at = $1 WHERE id = $2 AND confirmed_at IS NULL")
            .bind(now.unix_timestamp())
            .bind(&letter.id)
            .execute(&mut *tx)
            .await?;
    if used.rows_affected() != 1
        || !accounts::verify(&mut tx, account, VerificationMethod::Letter, None, now).await?
    {
        return Err(AppError::new(
            ErrorCode::LevelAlreadyReached,
            "the account is already verified",
        ));
    }
    messaging::send(&mut tx, &verified_message(&contact), now).await?;
    let view: AccountView = accounts::full_view(&mut tx, account).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::OK, &view)
        .await?;
    tx.commit().await?;
    state.account_cache.evict(|id, _| id == account);
    state.jobs.wake();
    tracing::info!("account verified by registered letter");
    Ok(answer)
}

/// The `post_letter` job: the development post moves the letter one step on, then
/// runs again after `post_delay` until it is handed over.
pub async fn post_job(state: AppState, payload: serde_json::Value) -> Result<Outcome, JobError> {
    let Some(letter_id) = payload["letter_id"].as_str().map(str::to_owned) else {
        return Err(JobError::permanent("post_letter without letter_id"));
    };
    let now = state.now();
    let Some(row) = sqlx::query("SELECT account_id, status FROM letters WHERE id = $1")
        .bind(&letter_id)
        .fetch_optional(&state.db.pool)
        .await?
    else {
        return Ok(Outcome::Done);
    };
    let account: String = row.try_get("account_id")?;
    let status = status_from(&row.try_get::<String, _>("status")?).map_err(job_error)?;
    let Some(next) = next_status(status) else {
        return Ok(Outcome::Done);
    };
    let mut tx = state.db.pool.begin().await?;
    let moved = sqlx::query("UPDATE letters SET status = $1 WHERE id = $2 AND status = $3")
        .bind(status_key(next))
        .bind(&letter_id)
        .bind(status_key(status))
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() != 1 {
        // Another run got there first; look again.
        return Ok(Outcome::RunAgainAt(now));
    }
    sqlx::query(
        "INSERT INTO letter_tracking (letter_id, status, at) VALUES ($1, $2, $3) \
         ON CONFLICT (letter_id, status) DO NOTHING",
    )
    .bind(&letter_id)
    .bind(status_key(next))
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    if next == LetterStatus::Arrived {
        let (_, contact) = accounts::level_and_contact(&mut *tx, &account)
            .await
            .map_err(job_error)?;
        messaging::send(&mut tx, &arrived_message(&contact), now).await?;
    }
    tx.commit().await?;
    state.jobs.wake();
    Ok(match next_status(next) {
        Some(_) => Outcome::RunAgainAt(now + state.post_delay),
        None => Outcome::Done,
    })
}

fn job_error(e: AppError) -> JobError {
    JobError::retry(format!("{e:?}"))
}

fn letter_text(name: &str, address: &str, code: &str, now: OffsetDateTime) -> NewMessage {
    let shown = format!("{}-{}", &code[..5], &code[5..]);
    let date = now.date();
    NewMessage {
        channel: Channel::Post,
        to: address.to_owned(),
        subject: Some("Заказное письмо / Registered letter".to_owned()),
        body: format!(
            "Заказное письмо от {date}\n{name}\n{address}\n\n\
             Код подтверждения личности для Кабинета: {shown}\n\
             Введите его в приложении в течение 30 дней. Никому его не сообщайте.\n\n\
             Your Kabinet identity confirmation code: {shown}\n\
             Enter it in the app within 30 days. Do not share it."
        ),
    }
}

fn arrived_message(contact: &Contact) -> NewMessage {
    NewMessage::to_contact(
        contact,
        || "Заказное письмо / Registered letter".to_owned(),
        "Кабинет: заказное письмо с кодом ждёт вас в почтовом отделении. Возьмите паспорт.\n\
               Kabinet: a registered letter with your code is waiting at the post office. Bring your passport."
            .to_owned(),
    )
}

fn verified_message(contact: &Contact) -> NewMessage {
    NewMessage::to_contact(
        contact,
        || "Подтверждённая учётная запись / Verified account".to_owned(),
        "Кабинет: код из письма принят, ваша учётная запись теперь подтверждённая.\n\
               Kabinet: the code from the letter is accepted; your account is now verified."
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn codes_have_fifty_bits_and_entry_forgives_look_alikes() {
        assert_eq!(CODE_ALPHABET.len(), 32);
        let code = new_code();
        assert_eq!(normalize_code(&code).as_deref(), Some(code.as_str()));
        let cases: &[(&str, Option<&str>)] = &[
            ("ab12c-d3e4f", Some("AB12CD3E4F")),
            (" O0IL1 23456 ", Some("00111 23456")),
            ("AB12CD3E4", None),
            ("AB12CD3E4FF", None),
            ("AB12CD3E4U", None),
            ("АВ12CD3E4F", None), // Cyrillic А, В
        ];
        for (entered, expected) in cases {
            let expected = expected.map(|e| e.replace(' ', ""));
            assert_eq!(normalize_code(entered), expected, "{entered}");
        }
    }

    #[test]
    fn a_month_later_is_the_same_day_or_the_last_of_a_shorter_month() {
        let cases = [
            (
                datetime!(2026-01-15 10:00 UTC),
                datetime!(2026-02-15 10:00 UTC),
            ),
            (
                datetime!(2026-01-31 10:00 UTC),
                datetime!(2026-02-28 10:00 UTC),
            ),
            (
                datetime!(2026-12-31 23:59 UTC),
                datetime!(2027-01-31 23:59 UTC),
            ),
        ];
        for (from, to) in cases {
            assert_eq!(one_month_after(from), to, "{from}");
        }
    }
}
