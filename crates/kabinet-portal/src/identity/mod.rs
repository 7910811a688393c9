//! Identity: the account — who the person is and at which level. Owns the
//! `accounts` table: [`accounts`] holds the only SQL on it.

pub mod accounts;
pub mod profile;
pub mod registries;

use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use kabinet_core::api::{AccountView, ApiError};
use utoipa::OpenApi;

use crate::platform::http::error::AppResult;
use crate::platform::http::extract::Authenticated;
use crate::platform::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(me, profile::get, profile::submit))]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/profile", get(profile::get).merge(put(profile::submit)))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ApiError)))]
pub async fn me(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<AccountView>> {
    Ok(Json(
        accounts::view(&state.db.pool, &auth.account_id).await?,
    ))
}
