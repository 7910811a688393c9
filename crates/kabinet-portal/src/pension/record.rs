//! The signed-in citizen's pension record (`GET /api/v1/me/pension/record`), from
//! the standard level up: the fund's tables ([`super::store`]) put together by
//! kabinet-core ([`kabinet_core::pension::record::view`]) — the same calculator code
//! the app runs offline.

use axum::Json;
use axum::extract::State;
use kabinet_core::api::pension::PensionRecordView;
use kabinet_core::api::{AccountLevel, ApiError, ErrorCode};
use kabinet_core::identity::snils::Snils;
use kabinet_core::pension::record::{self, Holder, Record};
use sqlx::AnyConnection;

use crate::identity::{accounts, profile};
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::Authenticated;
use crate::platform::state::AppState;

/// The account's confirmed profile and SNILS, refused below the standard level.
pub(crate) async fn confirmed(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
) -> AppResult<(kabinet_core::api::ProfileSubmission, Snils)> {
    let (level, _) = accounts::level_and_contact(&mut *conn, account).await?;
    if level < AccountLevel::Standard {
        return Err(AppError::new(
            ErrorCode::StandardLevelRequired,
            "the pension record is shown from the standard level: the SNILS must be confirmed",
        ));
    }
    let submission = profile::submission(conn, state, account)
        .await?
        .ok_or_else(|| AppError::internal("a standard account without a profile"))?;
    let snils = Snils::parse(&submission.snils)
        .map_err(|_| AppError::internal("a confirmed profile's SNILS does not parse"))?;
    Ok((submission, snils))
}

/// The fund's key of the account's holder (the standard level up).
pub async fn person_of(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
) -> AppResult<String> {
    let (_, snils) = confirmed(conn, state, account).await?;
    Ok(super::store::person_key(state, &snils))
}

/// The account's record and who it belongs to, refused below the standard level
/// (the SNILS is the registry's confirmed one only from there).
pub async fn of_account(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
) -> AppResult<(Record, Holder)> {
    let (submission, snils) = confirmed(conn, state, account).await?;
    let person = super::store::person_key(state, &snils);
    let record = super::store::record(conn, &person)
        .await?
        .unwrap_or_default();
    let holder = Holder {
        full_name: profile::full_name(&submission),
        snils: snils.to_string(),
        address: submission
            .address
            .as_ref()
            .map(crate::identity::letter::one_line),
        region: submission
            .address
            .as_ref()
            .map(|a| a.region.trim().to_owned())
            .filter(|r| !r.is_empty()),
        birth_date: kabinet_core::date::parse(&submission.birth_date).ok(),
        sex: submission.sex,
    };
    Ok((record, holder))
}

/// The record as the citizen sees it today.
pub async fn view_of(state: &AppState, account: &str) -> AppResult<PensionRecordView> {
    view_and_holder(state, account).await.map(|(view, _)| view)
}

/// The record as seen today, and whose it is (for the documents made from it).
pub async fn view_and_holder(
    state: &AppState,
    account: &str,
) -> AppResult<(PensionRecordView, Holder)> {
    let mut conn = state.db.pool.acquire().await?;
    let (record, holder) = of_account(&mut conn, state, account).await?;
    let view = record::view(&record, &holder, state.now().date()).map_err(AppError::internal)?;
    Ok((view, holder))
}

#[utoipa::path(get, path = "/api/v1/me/pension/record", tag = "pension", security(("bearer" = [])),
    responses((status = 200, body = PensionRecordView), (status = 401, body = ApiError),
        (status = 403, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<PensionRecordView>> {
    Ok(Json(view_of(&state, &auth.account_id).await?))
}
