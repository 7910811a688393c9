//! Identity: the account — who the person is and at which level. Owns the
//! `accounts` table: [`accounts`] holds the only SQL on it. The ways up a level
//! live beside it: [`profile`] (standard), [`letter`] (verified by registered letter).

pub mod accounts;
pub mod centres;
pub mod letter;
pub mod profile;
pub mod registries;

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use kabinet_core::api::{AccountView, ApiError};
use utoipa::OpenApi;

use crate::platform::http::error::AppResult;
use crate::platform::http::extract::Authenticated;
use crate::platform::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(
    me,
    profile::get,
    profile::submit,
    letter::get,
    letter::request,
    letter::confirm,
    centres::list
))]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/profile", get(profile::get).merge(put(profile::submit)))
        .route("/me/letter", get(letter::get).merge(post(letter::request)))
        .route("/me/letter/confirm", post(letter::confirm))
        .route("/service-centres", get(centres::list))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ApiError)))]
pub async fn me(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<AccountView>> {
    // Read through a cache of at most a couple of seconds (see SESSION_CACHE_TTL).
    if let Some(view) = state.account_cache.get(&auth.account_id) {
        return Ok(Json(view));
    }
    let mut conn = state.db.pool.acquire().await?;
    let view = accounts::full_view(&mut conn, &auth.account_id).await?;
    state.account_cache.put(auth.account_id, view.clone());
    Ok(Json(view))
}
