//! Authentication: registration of a simplified account (name + contact → code →
//! password), sessions (sign-in, refresh, sign-out), recovering access (login →
//! code → new password) and password hashing. Owns the tables `registrations`,
//! `recoveries`, `code_sends`, `sessions`, `auth_failures`; reads and
//! writes accounts only through [`crate::identity::accounts`].

mod code_entry;
pub mod passwords;
pub mod recovery;
pub mod registration;
pub mod sessions;

use axum::Router;
use axum::routing::{delete, get, post};
use utoipa::OpenApi;

use crate::platform::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(
    registration::start,
    registration::get,
    registration::resend,
    registration::confirm,
    registration::set_password,
    recovery::start,
    recovery::resend,
    recovery::confirm,
    recovery::set_password,
    sessions::sign_in,
    sessions::refresh,
    sessions::sign_out,
    sessions::list,
    sessions::end_one,
    sessions::end_all,
))]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registrations", post(registration::start))
        .route("/registrations/{id}", get(registration::get))
        .route("/registrations/{id}/resend", post(registration::resend))
        .route("/registrations/{id}/confirm", post(registration::confirm))
        .route(
            "/registrations/{id}/password",
            post(registration::set_password),
        )
        .route("/recoveries", post(recovery::start))
        .route("/recoveries/{id}/resend", post(recovery::resend))
        .route("/recoveries/{id}/confirm", post(recovery::confirm))
        .route("/recoveries/{id}/password", post(recovery::set_password))
        .route("/sessions", post(sessions::sign_in))
        .route("/sessions/refresh", post(sessions::refresh))
        .route("/sessions/current", delete(sessions::sign_out))
        .route(
            "/me/sessions",
            get(sessions::list).delete(sessions::end_all),
        )
        .route("/me/sessions/{id}", delete(sessions::end_one))
}
