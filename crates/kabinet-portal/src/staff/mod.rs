//! Staff: service-centre operators who confirm citizens in person. Operators are a
//! separate kind of account from citizens' (their own table, sessions and second
//! factor); their routes live under `/api/v1/operator`. [`operators`] owns the
//! accounts and sessions, [`desk`] the search and in-person confirmation with its
//! audit, [`totp`] the second factor.

pub mod desk;
pub mod operators;
pub mod totp;

use axum::Router;
use axum::routing::{delete, get, post};
use utoipa::OpenApi;

use crate::platform::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(
    operators::sign_in,
    operators::me,
    operators::sign_out,
    desk::search,
    desk::verify
))]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/sessions", post(operators::sign_in))
        .route("/operator/sessions/current", delete(operators::sign_out))
        .route("/operator/me", get(operators::me))
        .route("/operator/citizens/search", post(desk::search))
        .route("/operator/citizens/{account_id}/verify", post(desk::verify))
}
