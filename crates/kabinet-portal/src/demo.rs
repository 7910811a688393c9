//! The demo: one ready account and one service-centre operator (each created if
//! missing, idempotent), the demo inbox (`GET /api/v1/demo/outbox`) and the demo
//! operator's credentials with the current TOTP code (`GET /api/v1/demo/operator`,
//! standing in for the authenticator app) — routes that exist only in demo mode.
//! Sign in with [`DEMO_LOGIN`] and [`DEMO_PASSWORD`].

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kabinet_core::api::{AccountLevel, ApiError, DemoOperator, OutboxList};
use kabinet_core::auth::contact::Contact;
use utoipa::OpenApi;

use crate::PortalError;
use crate::identity::accounts::{self, NewAccount};
use crate::platform::http::error::AppResult;
use crate::platform::http::not_found_error;
use crate::platform::keys::random_id;
use crate::platform::state::AppState;

pub const DEMO_LOGIN: &str = "+79990000000";
pub const DEMO_PASSWORD: &str = "тихая река под старым мостом";
/// Argon2id of [`DEMO_PASSWORD`], precomputed: loading demo data costs no hashing.
const DEMO_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$Sp/18P8bs4ukhOHkTw7W8w$HBUmmBSOmdKKPhyZuqvDjrTv597x+HEfzGOyezjyAFY";

pub const DEMO_OPERATOR_LOGIN: &str = "demo-operator";
pub const DEMO_OPERATOR_PASSWORD: &str = "demo-operator-password";
/// The demo operator's TOTP secret: known, so the demo can show its codes.
const DEMO_OPERATOR_SECRET: &[u8; 20] = b"kabinet-demo-operatr";
pub const DEMO_OPERATOR_OFFICE: &str = "c001";
/// Argon2id of [`DEMO_OPERATOR_PASSWORD`] (checked by a test).
const DEMO_OPERATOR_PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$T77YmwXpVLDKW5gp/ehNtA$htxNoP1bhDasV+d5OFmzsmqfmE94hHUubGBhu5cT9+s";

#[derive(OpenApi)]
#[openapi(paths(demo_outbox, demo_operator))]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/demo/outbox", get(demo_outbox))
        .route("/demo/operator", get(demo_operator))
}

/// The demo operator, created once. Its SNILS belongs to no demo citizen.
async fn load_operator(state: &AppState) -> Result<bool, PortalError> {
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM operators WHERE login = $1")
        .bind(DEMO_OPERATOR_LOGIN)
        .fetch_optional(&state.db.pool)
        .await
        .map_err(|e| PortalError::Database(format!("demo data: {e}")))?;
    if exists.is_some() {
        return Ok(false);
    }
    let snils = kabinet_core::identity::snils::Snils::with_check_digits("900000001")
        .map_err(|_| PortalError::Config("demo operator SNILS".into()))?;
    crate::staff::operators::create(
        state,
        &crate::staff::operators::NewOperator {
            login: DEMO_OPERATOR_LOGIN.into(),
            name: "Оператор Д. О.".into(),
            office_id: DEMO_OPERATOR_OFFICE.into(),
            snils: snils.digits().into(),
        },
        Some(crate::staff::operators::KnownCredentials {
            password: DEMO_OPERATOR_PASSWORD,
            password_hash: DEMO_OPERATOR_PASSWORD_HASH,
            totp_secret: DEMO_OPERATOR_SECRET,
        }),
    )
    .await?;
    Ok(true)
}

pub async fn load(state: &AppState) -> Result<bool, PortalError> {
    let operator = load_operator(state).await?;
    let records = crate::pension::demo::load(state).await?;
    Ok(load_citizen(state).await? || operator || records)
}

async fn load_citizen(state: &AppState) -> Result<bool, PortalError> {
    let db_err = |e: sqlx::Error| PortalError::Database(format!("demo data: {e}"));
    let contact = Contact::parse(DEMO_LOGIN)
        .map_err(|_| PortalError::Config("the demo login does not parse".into()))?;
    if accounts::contact_taken(&state.db.pool, &contact)
        .await
        .map_err(db_err)?
    {
        return Ok(false);
    }
    let id = random_id();
    accounts::insert(
        &state.db.pool,
        &NewAccount {
            id: &id,
            surname: "Демонстрационный",
            first_name: "Пользователь",
            contact: &contact,
            level: AccountLevel::Simplified,
            password_hash: DEMO_PASSWORD_HASH,
            created_at: state.now(),
        },
    )
    .await
    .map_err(db_err)
}

#[utoipa::path(get, path = "/api/v1/demo/outbox", tag = "demo",
    responses((status = 200, body = OutboxList), (status = 404, body = ApiError)))]
pub async fn demo_outbox(State(state): State<AppState>) -> AppResult<Json<OutboxList>> {
    if !state.demo {
        return Err(not_found_error());
    }
    Ok(Json(OutboxList {
        messages: crate::platform::messaging::list(&state.db.pool, 500).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/demo/operator", tag = "demo",
    responses((status = 200, body = DemoOperator), (status = 404, body = ApiError)))]
pub async fn demo_operator(State(state): State<AppState>) -> AppResult<Json<DemoOperator>> {
    if !state.demo {
        return Err(not_found_error());
    }
    let now = u64::try_from(state.now().unix_timestamp()).unwrap_or(0);
    let step = crate::staff::totp::STEP_SECS;
    let next = (now / step + 1) * step;
    let office = crate::identity::centres::find(DEMO_OPERATOR_OFFICE)
        .ok_or_else(|| crate::platform::http::error::AppError::internal("demo office missing"))?;
    Ok(Json(DemoOperator {
        login: DEMO_OPERATOR_LOGIN.into(),
        password: DEMO_OPERATOR_PASSWORD.into(),
        office_id: office.id,
        office_name: office.name,
        code: crate::staff::totp::code_at(DEMO_OPERATOR_SECRET, now)
            .map_err(crate::platform::http::error::AppError::internal)?,
        code_valid_until: crate::platform::state::instant(i64::try_from(next).unwrap_or(0)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_demo_operators_stored_hash_is_of_its_password() {
        let hasher = crate::auth::passwords::PasswordHasher::new();
        let ok = hasher
            .verify(
                kabinet_core::secret::SecretString::from(DEMO_OPERATOR_PASSWORD.to_owned()),
                Some(DEMO_OPERATOR_PASSWORD_HASH.to_owned()),
            )
            .await;
        if !matches!(ok, Ok(true)) {
            let fresh = hasher
                .hash(kabinet_core::secret::SecretString::from(
                    DEMO_OPERATOR_PASSWORD.to_owned(),
                ))
                .await;
            panic!("DEMO_OPERATOR_PASSWORD_HASH does not match; a right one: {fresh:?}");
        }
    }
}
