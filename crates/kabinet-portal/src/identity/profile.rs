//! The standard level: the citizen's personal data and the two registry checks it
//! starts (passport at the migration service, SNILS at the pension fund), each a
//! durable job written in the submission's own transaction. Owns the tables
//! `profiles` and `registry_checks`.
//!
//! Rules: every field problem at once (422 `validation_failed`); at most 5
//! submissions per 6 hours per account and 10 checks per hour per SNILS across all
//! accounts; a SNILS that another standard or verified account holds is said so
//! (409 `snils_already_registered`), never for a repeat of one's own submission:
//! the same data sent again while its checks run is answered with those checks.
//! Both checks done → the account becomes standard and is told so by SMS or e-mail;
//! a failed check is told too, with the reason.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::{
    AccountLevel, ApiError, CheckFailure, CheckStatus, ProfileSubmission, ProfileView,
    RegistryCheckView, RegistryKind,
};
use kabinet_core::auth::contact::Contact;
use kabinet_core::identity::profile::validate_profile;
use serde_json::json;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use crate::identity::accounts;
use crate::identity::registries::Answer;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::keys::random_id;
use crate::platform::limits::{self, Limit};
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::{AppState, instant};

pub const CHECK_JOB: &str = "registry_check";
/// Submissions per account (login.gov's per-SSN rule, applied per account).
pub const SUBMISSIONS: Limit = Limit {
    max: 5,
    window: Duration::hours(6),
};
/// Checks per SNILS across all accounts.
pub const CHECKS_PER_SNILS: Limit = Limit {
    max: 10,
    window: Duration::hours(1),
};
/// After this many unanswered asks a check fails as "registry unavailable"
/// (with the job's backoff that is about a day of retrying).
const MAX_ASKS: i64 = 9;

fn kind_key(kind: RegistryKind) -> &'static str {
    match kind {
        RegistryKind::Passport => "passport",
        RegistryKind::Snils => "snils",
    }
}

fn kind_from(key: &str) -> AppResult<RegistryKind> {
    match key {
        "passport" => Ok(RegistryKind::Passport),
        "snils" => Ok(RegistryKind::Snils),
        _ => Err(AppError::internal("unknown registry kind in store")),
    }
}

fn status_key(s: CheckStatus) -> &'static str {
    match s {
        CheckStatus::Waiting => "waiting",
        CheckStatus::InProgress => "in_progress",
        CheckStatus::Done => "done",
        CheckStatus::Failed => "failed",
    }
}

fn status_from(key: &str) -> AppResult<CheckStatus> {
    match key {
        "waiting" => Ok(CheckStatus::Waiting),
        "in_progress" => Ok(CheckStatus::InProgress),
        "done" => Ok(CheckStatus::Done),
        "failed" => Ok(CheckStatus::Failed),
        _ => Err(AppError::internal("unknown check status in store")),
    }
}

fn failure_key(f: CheckFailure) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn failure_from(key: &str) -> Option<CheckFailure> {
    serde_json::from_value(serde_json::Value::String(key.to_owned())).ok()
}

fn seal_context(account_id: &str) -> String {
    format!("profile/{account_id}")
}

/// The stored profile: what was submitted, and what the portal found.
struct Stored {
    submission: ProfileSubmission,
    data_hash: String,
    submitted_at: OffsetDateTime,
    inn: Option<String>,
}

async fn stored(
    conn: &mut AnyConnection,
    state: &AppState,
    account_id: &str,
) -> AppResult<Option<Stored>> {
    let Some(row) = sqlx::query(
        "SELECT data_sealed, data_hash, submitted_at, inn FROM profiles WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let sealed: String = row.try_get("data_sealed")?;
    let plain = state
        .key
        .open(&seal_context(account_id), &sealed)
        .ok_or_else(|| AppError::internal("stored profile does not decrypt"))?;
    let submission = serde_json::from_slice(&plain)
        .map_err(|e| AppError::internal(format!("stored profile: {e}")))?;
    Ok(Some(Stored {
        submission,
        data_hash: row.try_get("data_hash")?,
        submitted_at: instant(row.try_get("submitted_at")?),
        inn: row.try_get("inn")?,
    }))
}

/// The citizen's last submission as sent (for the service-centre desk).
pub async fn submission(
    conn: &mut AnyConnection,
    state: &AppState,
    account_id: &str,
) -> AppResult<Option<ProfileSubmission>> {
    Ok(stored(conn, state, account_id).await?.map(|p| p.submission))
}

/// The keyed hash of the SNILS the account submitted, if it submitted one.
pub async fn snils_hash_of(
    conn: &mut AnyConnection,
    account_id: &str,
) -> AppResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT snils_hash FROM profiles WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// The keyed hash of a passport's series and number.
pub fn passport_hash(
    state: &AppState,
    p: &kabinet_core::identity::passport::PassportNumber,
) -> String {
    state
        .key
        .hash("passport", &[p.series().as_bytes(), p.number().as_bytes()])
}

/// The account at the standard level or higher whose holder is confirmed by
/// this SNILS, if there is one (recovery by SNILS).
pub async fn confirmed_holder_of_snils(
    conn: &mut AnyConnection,
    state: &AppState,
    snils: &kabinet_core::identity::snils::Snils,
) -> AppResult<Option<String>> {
    let hash = state.key.hash("snils", &[snils.digits().as_bytes()]);
    Ok(sqlx::query_scalar(
        "SELECT account_id FROM profiles WHERE snils_hash = $1 AND snils_confirmed = 1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The account at the standard level or higher whose checked passport this is
/// (recovery by passport). A passport submitted by two accounts (a typo, a
/// stolen passport) names none of them.
pub async fn holder_of_passport(
    conn: &mut AnyConnection,
    state: &AppState,
    passport: &kabinet_core::identity::passport::PassportNumber,
) -> AppResult<Option<String>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT p.account_id FROM profiles p JOIN accounts a ON a.id = p.account_id \
         WHERE p.passport_hash = $1 AND p.snils_confirmed = 1 AND a.level <> 'simplified'",
    )
    .bind(passport_hash(state, passport))
    .fetch_all(&mut *conn)
    .await?;
    Ok(match ids.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// The account that submitted this SNILS: its confirmed holder if there is one,
/// else the latest submission (checks still running).
pub async fn account_by_snils(
    conn: &mut AnyConnection,
    state: &AppState,
    snils: &kabinet_core::identity::snils::Snils,
) -> AppResult<Option<String>> {
    let hash = state.key.hash("snils", &[snils.digits().as_bytes()]);
    Ok(sqlx::query_scalar(
        "SELECT account_id FROM profiles WHERE snils_hash = $1 \
         ORDER BY snils_confirmed DESC, submitted_at DESC LIMIT 1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Who and where a letter goes to: the name as submitted ("Surname First
/// Patronymic") and the residence address, if the stored profile has one.
pub async fn addressee(
    conn: &mut AnyConnection,
    state: &AppState,
    account_id: &str,
) -> AppResult<Option<(String, kabinet_core::api::AddressInput)>> {
    let Some(profile) = stored(conn, state, account_id).await? else {
        return Ok(None);
    };
    let s = profile.submission;
    let name = full_name(&s);
    let Some(address) = s.address else {
        return Ok(None);
    };
    Ok(Some((name, address)))
}

/// "Surname First Patronymic" as submitted (a missing patronymic left out).
pub fn full_name(s: &ProfileSubmission) -> String {
    [Some(&s.surname), Some(&s.first_name), s.patronymic.as_ref()]
        .into_iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn checks(conn: &mut AnyConnection, account_id: &str) -> AppResult<Vec<RegistryCheckView>> {
    let rows = sqlx::query(
        "SELECT kind, status, failure, updated_at FROM registry_checks WHERE account_id = $1 ORDER BY kind",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RegistryCheckView {
                kind: kind_from(&r.try_get::<String, _>("kind")?)?,
                status: status_from(&r.try_get::<String, _>("status")?)?,
                failure: r
                    .try_get::<Option<String>, _>("failure")?
                    .as_deref()
                    .and_then(failure_from),
                updated_at: instant(r.try_get("updated_at")?),
            })
        })
        .collect()
}

async fn view_in(
    conn: &mut AnyConnection,
    state: &AppState,
    account_id: &str,
) -> AppResult<ProfileView> {
    let (level, _) = accounts::level_and_contact(&mut *conn, account_id).await?;
    let profile = stored(conn, state, account_id).await?;
    Ok(ProfileView {
        checks: checks(conn, account_id).await?,
        submitted_at: profile.as_ref().map(|p| p.submitted_at),
        inn: profile.as_ref().and_then(|p| p.inn.clone()),
        submitted: profile.map(|p| p.submission),
        level,
    })
}

#[utoipa::path(get, path = "/api/v1/me/profile", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = ProfileView), (status = 401, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<ProfileView>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(view_in(&mut conn, &state, &auth.account_id).await?))
}

#[utoipa::path(put, path = "/api/v1/me/profile", tag = "account", security(("bearer" = [])),
    request_body = ProfileSubmission,
    responses((status = 202, body = ProfileView), (status = 401, body = ApiError),
        (status = 409, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Authenticated,
    idem: Idempotent,
    ApiJson(body): ApiJson<ProfileSubmission>,
) -> AppResult<Answered> {
    let now = state.now();
    let profile = validate_profile(&body, now.date()).map_err(AppError::validation)?;
    let snils_hash = state
        .key
        .hash("snils", &[profile.snils().digits().as_bytes()]);
    // The submission as sent: a retry or a double click sends the same bytes.
    let submitted =
        serde_json::to_vec(&body).map_err(|e| AppError::internal(format!("profile: {e}")))?;
    let data_hash = state.key.hash("profile", &[&submitted]);
    let account = &auth.account_id;
    let account_subject = state.key.hash("profile-submissions", &[account.as_bytes()]);
    let snils_subject = state.key.hash("snils-checks", &[snils_hash.as_bytes()]);

    let mut tx = state.db.pool.begin().await?;
    // Serialises every submission of this account and every check of this SNILS.
    limits::lock(&mut tx, &[&account_subject, &snils_subject], now).await?;
    let (level, _) = accounts::level_and_contact(&mut *tx, account).await?;
    if level >= AccountLevel::Standard {
        return Err(AppError::new(
            kabinet_core::api::ErrorCode::LevelAlreadyReached,
            "the account is already at the standard level or higher",
        ));
    }
    let previous = stored(&mut tx, &state, account).await?;
    let running = checks(&mut tx, account)
        .await?
        .iter()
        .any(|c| matches!(c.status, CheckStatus::Waiting | CheckStatus::InProgress));
    if running {
        if previous.as_ref().is_some_and(|p| p.data_hash == data_hash) {
            // The same data again (a retry, a double click): its checks are running.
            let view = view_in(&mut tx, &state, account).await?;
            let answer = idem
                .answer_in(&mut tx, &state, StatusCode::ACCEPTED, &view)
                .await?;
            tx.commit().await?;
            return Ok(answer);
        }
        return Err(AppError::new(
            kabinet_core::api::ErrorCode::ChecksInProgress,
            "the checks of the last submission are still running",
        ));
    }
    let holder = sqlx::query(
        "SELECT account_id FROM profiles WHERE snils_hash = $1 AND snils_confirmed = 1 AND account_id <> $2",
    )
    .bind(&snils_hash)
    .bind(account)
    .fetch_optional(&mut *tx)
    .await?;
    if holder.is_some() {
        return Err(AppError::new(
            kabinet_core::api::ErrorCode::SnilsAlreadyRegistered,
            "another account holds this SNILS; recover access to it",
        )
        .field("snils"));
    }
    for (subject, limit, what) in [
        (
            &account_subject,
            SUBMISSIONS,
            "submissions from this account",
        ),
        (&snils_subject, CHECKS_PER_SNILS, "checks of this SNILS"),
    ] {
        limits::refuse_over(&mut tx, subject, limit, now, &format!("too many {what}")).await?;
    }
    limits::record(&mut tx, &account_subject, now).await?;
    limits::record(&mut tx, &snils_subject, now).await?;

    let sealed = state.key.seal(&seal_context(account), &submitted);
    sqlx::query(
        "INSERT INTO profiles (account_id, data_sealed, data_hash, snils_hash, snils_confirmed, inn, submitted_at, \
         passport_hash) VALUES ($1, $2, $3, $4, 0, NULL, $5, $6) ON CONFLICT (account_id) DO UPDATE SET \
         data_sealed = excluded.data_sealed, data_hash = excluded.data_hash, snils_hash = excluded.snils_hash, \
         snils_confirmed = 0, inn = NULL, submitted_at = excluded.submitted_at, \
         passport_hash = excluded.passport_hash",
    )
    .bind(account)
    .bind(&sealed)
    .bind(&data_hash)
    .bind(&snils_hash)
    .bind(now.unix_timestamp())
    .bind(passport_hash(&state, profile.passport().number()))
    .execute(&mut *tx)
    .await?;
    // A new submission replaces the last one's checks (their jobs find nothing).
    sqlx::query("DELETE FROM registry_checks WHERE account_id = $1")
        .bind(account)
        .execute(&mut *tx)
        .await?;
    for kind in [RegistryKind::Passport, RegistryKind::Snils] {
        let id = random_id();
        sqlx::query(
            "INSERT INTO registry_checks (id, account_id, kind, status, asks, updated_at) \
             VALUES ($1, $2, $3, 'waiting', 0, $4)",
        )
        .bind(&id)
        .bind(account)
        .bind(kind_key(kind))
        .bind(now.unix_timestamp())
        .execute(&mut *tx)
        .await?;
        let job = NewJob {
            run_at: now + state.registry_delay,
            ..NewJob::now(CHECK_JOB, json!({ "check_id": id }), now)
        };
        jobs::enqueue(&mut tx, &job, now).await?;
    }
    let view = view_in(&mut tx, &state, account).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::ACCEPTED, &view)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    tracing::info!("profile submitted; registry checks queued");
    Ok(answer)
}

/// The `registry_check` job: asks the registry, records the answer, and when both
/// checks are done raises the account to standard. Each step is a conditional
/// update in one transaction with the message it causes, so a run repeated after a
/// crash changes nothing twice.
pub async fn check_job(state: AppState, payload: serde_json::Value) -> Result<Outcome, JobError> {
    let Some(check_id) = payload["check_id"].as_str().map(str::to_owned) else {
        return Err(JobError::permanent("registry_check without check_id"));
    };
    let now = state.now();
    let Some(account) =
        sqlx::query_scalar::<_, String>("SELECT account_id FROM registry_checks WHERE id = $1")
            .bind(&check_id)
            .fetch_optional(&state.db.pool)
            .await?
    else {
        return Ok(Outcome::Done); // replaced by a newer submission
    };
    let mut tx = state.db.pool.begin().await?;
    // Write first, per account: the passport and SNILS checks of one account finish
    // one after the other (so the second sees the first and raises the level), and
    // SQLite takes its write lock before the reads below.
    let subject = state.key.hash("registry-checks", &[account.as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    let Some(row) =
        sqlx::query("SELECT account_id, kind, status, asks FROM registry_checks WHERE id = $1")
            .bind(&check_id)
            .fetch_optional(&mut *tx)
            .await?
    else {
        return Ok(Outcome::Done); // replaced by a newer submission
    };
    let kind = kind_from(&row.try_get::<String, _>("kind")?).map_err(job_error)?;
    let status = status_from(&row.try_get::<String, _>("status")?).map_err(job_error)?;
    if matches!(status, CheckStatus::Done | CheckStatus::Failed) {
        return Ok(Outcome::Done);
    }
    if status == CheckStatus::Waiting {
        // The registry has the request: "in progress" until it answers.
        sqlx::query(
            "UPDATE registry_checks SET status = 'in_progress', updated_at = $1 WHERE id = $2 AND status = 'waiting'",
        )
        .bind(now.unix_timestamp())
        .bind(&check_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Ok(Outcome::RunAgainAt(now + state.registry_delay));
    }
    let asks: i64 = row.try_get("asks")?;
    let Some(profile) = stored(&mut tx, &state, &account).await.map_err(job_error)? else {
        return Ok(Outcome::Done);
    };
    let asks = asks + 1;
    let ask = u32::try_from(asks).unwrap_or(u32::MAX);
    let answer = match kind {
        RegistryKind::Passport => state.registries.passport(&profile.submission, ask),
        RegistryKind::Snils => state.registries.snils(&profile.submission, ask),
    };
    let (new_status, failure) = match answer {
        Answer::Confirmed => (CheckStatus::Done, None),
        Answer::Refused(f) => (CheckStatus::Failed, Some(f)),
        Answer::Unavailable if asks >= MAX_ASKS => {
            (CheckStatus::Failed, Some(CheckFailure::RegistryUnavailable))
        }
        Answer::Unavailable => (CheckStatus::InProgress, None),
    };
    let moved = sqlx::query(
        "UPDATE registry_checks SET status = $1, failure = $2, asks = $3, updated_at = $4 \
         WHERE id = $5 AND asks = $6",
    )
    .bind(status_key(new_status))
    .bind(failure.map(failure_key))
    .bind(asks)
    .bind(now.unix_timestamp())
    .bind(&check_id)
    .bind(asks - 1)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(Outcome::Done); // another run got there first
    }
    if new_status == CheckStatus::InProgress {
        // Committed so the citizen sees "in progress"; the queue retries with backoff.
        tx.commit().await?;
        return Err(JobError::retry(format!(
            "{} registry did not answer",
            kind_key(kind)
        )));
    }
    if kind == RegistryKind::Passport && new_status == CheckStatus::Done {
        sqlx::query("UPDATE profiles SET inn = $1 WHERE account_id = $2")
            .bind(state.registries.inn(&profile.submission))
            .bind(&account)
            .execute(&mut *tx)
            .await?;
    }
    let (level, contact) = accounts::level_and_contact(&mut *tx, &account)
        .await
        .map_err(job_error)?;
    let all = checks(&mut tx, &account).await.map_err(job_error)?;
    let mut message = None;
    if let Some(f) = failure {
        message = Some(failed_message(&contact, kind, f));
    } else if all.iter().all(|c| c.status == CheckStatus::Done) && level == AccountLevel::Simplified
    {
        // One confirmed holder per SNILS: the partial unique index decides a race.
        let confirmed = sqlx::query(
            "UPDATE profiles SET snils_confirmed = 1 WHERE account_id = $1 AND NOT EXISTS \
             (SELECT 1 FROM profiles p WHERE p.snils_hash = profiles.snils_hash AND p.snils_confirmed = 1)",
        )
        .bind(&account)
        .execute(&mut *tx)
        .await?;
        if confirmed.rows_affected() == 1
            && accounts::raise_level(
                &mut *tx,
                &account,
                AccountLevel::Simplified,
                AccountLevel::Standard,
            )
            .await?
        {
            message = Some(standard_message(&contact));
            tracing::info!("account raised to the standard level");
        }
    }
    if let Some(m) = message {
        messaging::send(&mut tx, &m, now).await?;
    }
    tx.commit().await?;
    state.account_cache.evict(|id, _| *id == account);
    state.jobs.wake();
    Ok(Outcome::Done)
}

fn job_error(e: AppError) -> JobError {
    JobError::retry(format!("{e:?}"))
}

fn standard_message(contact: &Contact) -> NewMessage {
    let channel = contact.channel();
    NewMessage {
        channel,
        to: contact.as_str().to_owned(),
        subject: (channel == kabinet_core::api::Channel::Email)
            .then(|| "Стандартная учётная запись / Standard account".to_owned()),
        body: "Кабинет: паспорт и СНИЛС подтверждены, ваша учётная запись теперь стандартная.\n\
               Kabinet: your passport and SNILS are confirmed; your account is now standard."
            .to_owned(),
    }
}

fn failed_message(contact: &Contact, kind: RegistryKind, failure: CheckFailure) -> NewMessage {
    let (what_ru, what_en) = match kind {
        RegistryKind::Passport => ("паспорта", "passport"),
        RegistryKind::Snils => ("СНИЛС", "SNILS"),
    };
    let (why_ru, why_en) = match failure {
        CheckFailure::NotFound => (
            "реестр не нашёл документ",
            "the registry has no such document",
        ),
        CheckFailure::PassportInvalid => ("паспорт недействителен", "the passport is invalid"),
        CheckFailure::PassportReplaced => (
            "паспорт заменён на новый — укажите данные нового",
            "the passport was replaced; enter the new one",
        ),
        CheckFailure::DataMismatch => (
            "данные не совпадают с реестром — проверьте ФИО и дату рождения",
            "the data differ from the registry; check the name and birth date",
        ),
        CheckFailure::SnilsOtherPerson => (
            "СНИЛС принадлежит другому человеку",
            "the SNILS belongs to someone else",
        ),
        CheckFailure::RegistryUnavailable => (
            "реестр не отвечает — отправьте данные позже",
            "the registry does not answer; submit again later",
        ),
    };
    let channel = contact.channel();
    NewMessage {
        channel,
        to: contact.as_str().to_owned(),
        subject: (channel == kabinet_core::api::Channel::Email)
            .then(|| "Проверка данных / Data check".to_owned()),
        body: format!(
            "Кабинет: проверка {what_ru} не пройдена: {why_ru}. Подробности в приложении.\n\
             Kabinet: the {what_en} check failed: {why_en}. See the app for details."
        ),
    }
}
