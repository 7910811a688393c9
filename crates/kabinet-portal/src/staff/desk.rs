//! The service-centre desk: an operator finds a citizen by SNILS or phone, sees the
//! stored passport data next to the passport the person presents, ticks what they
//! compared, and confirms the account in person. Owns the table `operator_audit`.
//!
//! Rules: the operator acts at the office of their session (sign-in allows only
//! their own); they cannot confirm the account that holds their own SNILS; only a
//! standard account can be confirmed (passport and SNILS already checked against
//! the registries); every item of [`ComparedItem::ALL`] must be ticked. Every
//! search and confirmation leaves an audit record (operator, office, time, what
//! was searched by or compared); the citizen sees who confirmed them and where,
//! and is told by SMS or e-mail.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kabinet_core::api::{
    AccountLevel, ApiError, CitizenRecord, CitizenSearch, ComparedItem, ConfirmInPerson, ErrorCode,
    FieldProblem, VerificationMethod,
};
use kabinet_core::auth::contact::{Contact, Phone};
use kabinet_core::identity::snils::Snils;
use serde_json::json;
use sqlx::AnyConnection;

use crate::identity::{accounts, profile};
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::ApiJson;
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::keys::random_id;
use crate::platform::limits;
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::AppState;
use crate::staff::operators::OperatorAuth;

/// `***-***-*45 67`: enough for the operator to read back, not to copy.
fn masked_snils(digits: &str) -> String {
    let d: Vec<char> = digits.chars().collect();
    if d.len() != 11 {
        return "***".into();
    }
    format!("***-***-*{}{} {}{}", d[7], d[8], d[9], d[10])
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

async fn audit(
    conn: &mut AnyConnection,
    auth: &OperatorAuth,
    account: Option<&str>,
    action: &str,
    details: serde_json::Value,
    state: &AppState,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO operator_audit (id, operator_id, office_id, account_id, action, details, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(random_id())
    .bind(&auth.operator_id)
    .bind(&auth.view.office_id)
    .bind(account)
    .bind(action)
    .bind(details.to_string())
    .bind(state.now().unix_timestamp())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn record(
    conn: &mut AnyConnection,
    state: &AppState,
    account_id: &str,
) -> AppResult<CitizenRecord> {
    let view = accounts::full_view(&mut *conn, account_id).await?;
    let Some(sub) = profile::submission(&mut *conn, state, account_id).await? else {
        return Err(AppError::new(
            ErrorCode::StandardLevelRequired,
            "the citizen has not sent their passport data yet",
        ));
    };
    let snils = Snils::parse(&sub.snils)
        .map(|s| masked_snils(s.digits()))
        .unwrap_or_else(|_| "***".into());
    Ok(CitizenRecord {
        account_id: account_id.to_owned(),
        level: view.level,
        surname: sub.surname,
        first_name: sub.first_name,
        patronymic: sub.patronymic,
        sex: sub.sex,
        birth_date: sub.birth_date,
        birth_place: sub.birth_place,
        passport: sub.passport,
        snils_masked: snils,
        verification: view.verification,
    })
}

#[utoipa::path(post, path = "/api/v1/operator/citizens/search", tag = "operators",
    security(("bearer" = [])), request_body = CitizenSearch,
    responses((status = 200, body = CitizenRecord), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn search(
    State(state): State<AppState>,
    auth: OperatorAuth,
    ApiJson(body): ApiJson<CitizenSearch>,
) -> AppResult<Json<CitizenRecord>> {
    let mut conn = state.db.pool.acquire().await?;
    let (by, account) = match (given(&body.snils), given(&body.phone)) {
        (Some(snils), None) => {
            let snils = Snils::parse(snils)
                .map_err(|e| AppError::validation(vec![FieldProblem::new("snils", e.code())]))?;
            (
                "snils",
                profile::account_by_snils(&mut conn, &state, &snils).await?,
            )
        }
        (None, Some(phone)) => {
            let phone = Phone::parse(phone)
                .map_err(|e| AppError::validation(vec![FieldProblem::new("phone", e.code())]))?;
            (
                "phone",
                accounts::id_by_contact(&mut *conn, &Contact::Phone(phone)).await?,
            )
        }
        (None, None) => {
            return Err(AppError::validation(vec![FieldProblem::new(
                "snils",
                ErrorCode::Required,
            )]));
        }
        (Some(_), Some(_)) => {
            return Err(AppError::new(
                ErrorCode::MalformedRequest,
                "search by SNILS or by phone, not both",
            ));
        }
    };
    audit(
        &mut conn,
        &auth,
        account.as_deref(),
        "search",
        json!({ "by": by, "found": account.is_some() }),
        &state,
    )
    .await?;
    let Some(account) = account else {
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!("no account with this {by}"),
        ));
    };
    Ok(Json(record(&mut conn, &state, &account).await?))
}

#[utoipa::path(post, path = "/api/v1/operator/citizens/{account_id}/verify", tag = "operators",
    security(("bearer" = [])), request_body = ConfirmInPerson,
    params(("account_id" = String, Path, description = "from the search answer")),
    responses((status = 200, body = CitizenRecord), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 422, body = ApiError)))]
pub async fn verify(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Path(account_id): Path<String>,
    idem: Idempotent,
    ApiJson(body): ApiJson<ConfirmInPerson>,
) -> AppResult<Answered> {
    let missing: Vec<FieldProblem> = ComparedItem::ALL
        .iter()
        .filter(|item| !body.compared.contains(item))
        .map(|item| FieldProblem::new(format!("compared.{}", item.key()), ErrorCode::Required))
        .collect();
    if !missing.is_empty() {
        return Err(AppError::validation(missing));
    }
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    // One confirmation of an account at a time, from any desk.
    let subject = state.key.hash("verify-in-person", &[account_id.as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    let Ok((level, contact)) = accounts::level_and_contact(&mut *tx, &account_id).await else {
        return Err(AppError::new(ErrorCode::NotFound, "no such account"));
    };
    let own = profile::snils_hash_of(&mut tx, &account_id).await?;
    if own.as_deref() == Some(auth.snils_hash.as_str()) {
        tracing::warn!("an operator tried to confirm their own account");
        return Err(AppError::new(
            ErrorCode::OperatorOwnAccount,
            "an operator cannot confirm their own account",
        ));
    }
    match level {
        AccountLevel::Simplified => {
            return Err(AppError::new(
                ErrorCode::StandardLevelRequired,
                "the passport and SNILS are not confirmed by the registries yet",
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
    let by = accounts::VerifiedBy {
        operator_id: &auth.operator_id,
        operator_name: &auth.view.name,
        office_id: &auth.view.office_id,
        office_name: &auth.view.office_name,
    };
    if !accounts::verify(
        &mut tx,
        &account_id,
        VerificationMethod::InPerson,
        Some(&by),
        now,
    )
    .await?
    {
        return Err(AppError::new(
            ErrorCode::LevelAlreadyReached,
            "the account is already verified",
        ));
    }
    let mut compared: Vec<&str> = body.compared.iter().map(|c| c.key()).collect();
    compared.sort_unstable();
    compared.dedup();
    audit(
        &mut tx,
        &auth,
        Some(&account_id),
        "verify_in_person",
        json!({ "compared": compared }),
        &state,
    )
    .await?;
    messaging::send(&mut tx, &verified_message(&contact, &auth), now).await?;
    let view = record(&mut tx, &state, &account_id).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::OK, &view)
        .await?;
    tx.commit().await?;
    state.account_cache.evict(|id, _| *id == account_id);
    state.jobs.wake();
    tracing::info!("account verified in person");
    Ok(answer)
}

fn verified_message(contact: &Contact, auth: &OperatorAuth) -> NewMessage {
    let channel = contact.channel();
    let office = &auth.view.office_name;
    NewMessage {
        channel,
        to: contact.as_str().to_owned(),
        subject: (channel == kabinet_core::api::Channel::Email)
            .then(|| "Подтверждённая учётная запись / Verified account".to_owned()),
        body: format!(
            "Кабинет: ваша личность подтверждена в центре обслуживания «{office}». \
             Учётная запись теперь подтверждённая. Если это были не вы, позвоните в поддержку.\n\
             Kabinet: your identity was confirmed in person at «{office}»; your account is now verified. \
             If this was not you, call support."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::masked_snils;

    #[test]
    fn snils_is_masked_but_for_its_last_four_digits() {
        assert_eq!(masked_snils("11223344595"), "***-***-*45 95");
        assert_eq!(masked_snils("123"), "***");
    }
}
