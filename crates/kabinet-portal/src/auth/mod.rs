//! Authentication: registration of a simplified account (name + contact → code →
//! password), sessions (sign-in, refresh, sign-out) and password hashing. Owns the
//! tables `registrations`, `code_sends`, `sessions`, `auth_failures`; reads and
//! writes accounts only through [`crate::identity::accounts`].

pub mod passwords;
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
    sessions::sign_in,
    sessions::refresh,
    sessions::sign_out,
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
        .route("/sessions", post(sessions::sign_in))
        .route("/sessions/refresh", post(sessions::refresh))
        .route("/sessions/current", delete(sessions::sign_out))
}
