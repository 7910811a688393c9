//! The interagency exchange (the SMEV of the source): when a service needs a
//! document another authority holds, the portal asks that authority for it — one
//! request per document, each with its correlation id and a deadline, made by the
//! `exchange_request` job in the transaction of the application — and the
//! application shows «Запрошено в ЗАГС… — получено». The citizen is never asked to
//! upload what the exchange fetches.
//!
//! The authorities are at the edge of the world: the development adapter answers
//! after `registry_delay` (the same as the development registries), except an
//! authority listed in `exchange_down`, which never answers — so the request is
//! asked again with growing pauses until its deadline, then fails with a reason.

use kabinet_core::api::applications::{ExchangeState, ExchangeStep};
use kabinet_core::api::pension::Texts;
use kabinet_core::api::services::Service;
use serde_json::json;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::platform::http::error::AppResult;
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::keys::random_id;
use crate::platform::state::{AppState, instant};

pub const EXCHANGE_JOB: &str = "exchange_request";

/// How long an authority has to answer before the request fails.
pub const DEADLINE: time::Duration = time::Duration::days(2);

/// The longest pause between two asks.
const MAX_PAUSE: time::Duration = time::Duration::hours(1);

fn key(s: ExchangeState) -> &'static str {
    match s {
        ExchangeState::Requested => "requested",
        ExchangeState::Received => "received",
        ExchangeState::Failed => "failed",
    }
}

fn state_of(k: &str) -> ExchangeState {
    match k {
        "received" => ExchangeState::Received,
        "failed" => ExchangeState::Failed,
        _ => ExchangeState::Requested,
    }
}

/// Asks for every document of `service` that another authority holds, in the
/// application's transaction (the jobs commit with it).
pub async fn request_all(
    conn: &mut AnyConnection,
    state: &AppState,
    application_id: &str,
    service: &Service,
    now: OffsetDateTime,
) -> AppResult<()> {
    let deadline = now + state.exchange_deadline;
    for (seq, doc) in service.documents.iter().enumerate() {
        let Some(authority) = &doc.fetched_from else {
            continue;
        };
        let id = random_id();
        sqlx::query(
            "INSERT INTO exchange_requests (id, application_id, seq, authority, document_ru, document_en, \
             state, attempts, deadline, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'requested', 0, $7, $8)",
        )
        .bind(&id)
        .bind(application_id)
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .bind(authority)
        .bind(&doc.name.ru)
        .bind(&doc.name.en)
        .bind(deadline.unix_timestamp())
        .bind(now.unix_timestamp())
        .execute(&mut *conn)
        .await?;
        let job = NewJob {
            run_at: now + state.registry_delay,
            ..NewJob::now(EXCHANGE_JOB, json!({ "request_id": id }), now)
        };
        jobs::enqueue(&mut *conn, &job, now).await?;
    }
    Ok(())
}

/// The application's requests, in the service's order.
pub async fn steps(conn: &mut AnyConnection, application_id: &str) -> AppResult<Vec<ExchangeStep>> {
    let rows = sqlx::query(
        "SELECT authority, document_ru, document_en, state, attempts, reason, updated_at \
         FROM exchange_requests WHERE application_id = $1 ORDER BY seq",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let state = state_of(&r.try_get::<String, _>("state")?);
        out.push(ExchangeStep {
            authority: r.try_get("authority")?,
            document: Texts {
                ru: r.try_get("document_ru")?,
                en: r.try_get("document_en")?,
            },
            state,
            attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
            reason: (state == ExchangeState::Failed).then(|| Texts {
                ru: "Ведомство не ответило в срок. Сотрудник запросит сведения сам или свяжется с вами".into(),
                en: "The authority did not answer in time. The officer will ask again or contact you".into(),
            }),
            updated_at: instant(r.try_get("updated_at")?),
        });
    }
    Ok(out)
}

/// The development adapter: does `authority` answer now?
fn answers(state: &AppState, authority: &str) -> bool {
    !state.exchange_down.iter().any(|a| a == authority)
}

/// The `exchange_request` job: asks the authority; an answer is recorded once
/// (a conditional update on `requested`); no answer is asked again after a pause
/// that doubles (from `registry_delay`, at least a second, at most an hour) until
/// the deadline, then the request fails.
pub async fn exchange_job(
    state: AppState,
    payload: serde_json::Value,
) -> Result<Outcome, JobError> {
    let Some(id) = payload["request_id"].as_str().map(str::to_owned) else {
        return Err(JobError::permanent("exchange_request without request_id"));
    };
    let now = state.now();
    let Some(row) = sqlx::query(
        "SELECT authority, state, attempts, deadline FROM exchange_requests WHERE id = $1",
    )
    .bind(&id)
    .fetch_optional(&state.db.pool)
    .await?
    else {
        return Ok(Outcome::Done);
    };
    if row.try_get::<String, _>("state")? != key(ExchangeState::Requested) {
        return Ok(Outcome::Done);
    }
    let authority: String = row.try_get("authority")?;
    let attempts: i64 = row.try_get("attempts")?;
    let deadline = instant(row.try_get("deadline")?);
    let next = if answers(&state, &authority) {
        Some(ExchangeState::Received)
    } else if now >= deadline {
        Some(ExchangeState::Failed)
    } else {
        None
    };
    sqlx::query(
        "UPDATE exchange_requests SET attempts = attempts + 1, state = $1, updated_at = $2 \
         WHERE id = $3 AND state = 'requested'",
    )
    .bind(key(next.unwrap_or(ExchangeState::Requested)))
    .bind(now.unix_timestamp())
    .bind(&id)
    .execute(&state.db.pool)
    .await?;
    match next {
        Some(s) => {
            tracing::info!(authority = %authority, state = key(s), "exchange request settled");
            Ok(Outcome::Done)
        }
        None => {
            let base = state.registry_delay.max(time::Duration::seconds(1));
            let pause =
                (base * 2_i32.pow(u32::try_from(attempts.min(12)).unwrap_or(12))).min(MAX_PAUSE);
            Ok(Outcome::RunAgainAt((now + pause).min(deadline.max(now))))
        }
    }
}
