//! Applications made on paper at an office, added to the account by the receipt
//! number the citizen was given (`POST /api/v1/me/applications/paper`) and tracked
//! the same way as those made online. The agencies' own records are at the edge of
//! the world: the development ones are `data/paper-applications.json`. A receipt is
//! matched against the record and the SNILS the account confirmed; an unknown
//! number and someone else's get the same answer, and tries are limited, so
//! receipt numbers cannot be probed.

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::applications::{Actor, Event, PaperReceipt, Status};
use kabinet_core::api::{AccountLevel, ApiError, ErrorCode};
use kabinet_core::identity::snils::Snils;
use kabinet_core::services::status::apply;
use serde::Deserialize;

use super::agency::hand_to_agency;
use super::applications::{record_step, view_of};
use crate::identity::{accounts, profile};
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::keys::random_id;
use crate::platform::limits::{self, Limit};
use crate::platform::state::AppState;

const DATA: &str = include_str!("../../data/paper-applications.json");

/// Receipt numbers tried per account: enough for typing slips, not for guessing.
pub const TRIES: Limit = Limit {
    max: 10,
    window: time::Duration::hours(1),
};

#[derive(Deserialize)]
struct File {
    applications: Vec<Record>,
}

#[derive(Deserialize)]
struct Record {
    receipt: String,
    snils: String,
    service_id: String,
    filed_on: String,
}

static RECORDS: LazyLock<Result<Vec<Record>, String>> = LazyLock::new(|| {
    serde_json::from_str::<File>(DATA)
        .map(|f| f.applications)
        .map_err(|e| format!("paper-applications.json: {e}"))
});

/// How receipts are compared: case and spaces do not count.
fn normal(receipt: &str) -> String {
    receipt
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn not_found() -> AppError {
    AppError::new(
        ErrorCode::PaperReceiptNotFound,
        "no paper application with this receipt number for this account",
    )
    .field("receipt")
}

#[utoipa::path(post, path = "/api/v1/me/applications/paper", tag = "services", security(("bearer" = [])),
    request_body = PaperReceipt,
    responses((status = 201, body = kabinet_core::api::applications::ApplicationView),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 429, body = ApiError)))]
pub async fn add(
    State(state): State<AppState>,
    auth: Authenticated,
    idem: Idempotent,
    ApiJson(body): ApiJson<PaperReceipt>,
) -> AppResult<Answered> {
    let now = state.now();
    let receipt = normal(&body.receipt);
    let mut tx = state.db.pool.begin().await?;
    let subject = state
        .key
        .hash("paper-receipts", &[auth.account_id.as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    let (level, _) = accounts::level_and_contact(&mut *tx, &auth.account_id).await?;
    if level < AccountLevel::Standard {
        return Err(AppError::new(
            ErrorCode::StandardLevelRequired,
            "a paper application is matched by the SNILS the standard level confirmed",
        ));
    }
    // Already this account's: the same application again.
    if let Some(id) = sqlx::query_scalar::<_, String>(
        "SELECT id FROM applications WHERE paper_receipt = $1 AND account_id = $2",
    )
    .bind(&receipt)
    .bind(&auth.account_id)
    .fetch_optional(&mut *tx)
    .await?
    {
        let view = view_of(&mut tx, &state, &id).await?;
        let answer = idem
            .answer_in(&mut tx, &state, StatusCode::CREATED, &view)
            .await?;
        tx.commit().await?;
        return Ok(answer);
    }
    limits::refuse_over(
        &mut tx,
        &subject,
        TRIES,
        now,
        "too many receipt numbers tried",
    )
    .await?;
    limits::record(&mut tx, &subject, now).await?;
    let records = RECORDS.as_ref().map_err(AppError::internal)?;
    let own = profile::snils_hash_of(&mut tx, &auth.account_id).await?;
    let Some(record) = records.iter().find(|r| {
        normal(&r.receipt) == receipt
            && Snils::parse(&r.snils).is_ok_and(|s| {
                own.as_deref() == Some(&state.key.hash("snils", &[s.digits().as_bytes()]))
            })
    }) else {
        // The try is counted even though nothing else is recorded.
        tx.commit().await?;
        return Err(not_found());
    };
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM applications WHERE paper_receipt = $1")
            .bind(&receipt)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        tx.commit().await?;
        return Err(not_found());
    }
    let service = super::applications::catalogue_service(&record.service_id)?
        .ok_or_else(|| AppError::internal("paper record: service not in the catalogue"))?;
    let filed = kabinet_core::date::parse(&record.filed_on)
        .map_err(|_| AppError::internal("paper record: filed_on"))?
        .midnight()
        .assume_utc();
    let submitted =
        apply(&Status::Draft, &Event::Submit, Actor::Citizen, filed).map_err(AppError::internal)?;
    let registered = apply(
        &submitted,
        &Event::Register {
            agency_number: record.receipt.clone(),
        },
        Actor::Agency,
        filed,
    )
    .map_err(AppError::internal)?;
    let id = random_id();
    let inserted = sqlx::query(
        "INSERT INTO applications (id, number, account_id, service_id, authority, state, status, \
         agency_number, paper_receipt, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (paper_receipt) DO NOTHING",
    )
    .bind(&id)
    .bind(&record.receipt)
    .bind(&auth.account_id)
    .bind(&record.service_id)
    .bind(&service.authority)
    .bind(registered.key())
    .bind(serde_json::to_string(&registered).map_err(AppError::internal)?)
    .bind(&record.receipt)
    .bind(&receipt)
    .bind(filed.unix_timestamp())
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() != 1 {
        tx.commit().await?;
        return Err(not_found());
    }
    record_step(&mut tx, &id, &submitted, Actor::Citizen, filed).await?;
    record_step(&mut tx, &id, &registered, Actor::Agency, filed).await?;
    hand_to_agency(&mut tx, &state, &id, &service.authority, now).await?;
    let view = view_of(&mut tx, &state, &id).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &view)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    tracing::info!(service = %record.service_id, "paper application added");
    Ok(answer)
}
