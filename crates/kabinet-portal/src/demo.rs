//! The demo: one ready account (created if missing, idempotent) and the demo inbox
//! (`GET /api/v1/demo/outbox`), which exists only in demo mode. Sign in with
//! [`DEMO_LOGIN`] and [`DEMO_PASSWORD`].

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kabinet_core::api::{AccountLevel, ApiError, OutboxList};
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

#[derive(OpenApi)]
#[openapi(paths(demo_outbox))]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new().route("/demo/outbox", get(demo_outbox))
}

pub async fn load(state: &AppState) -> Result<bool, PortalError> {
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
