//! The router: `/api/v1` endpoints, OpenAPI document, typed fallbacks, and the
//! layers every request goes through (request id, panic guard, trace, body limit,
//! idempotency).

use std::any::Any;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router, middleware};
use kabinet_core::api::{ApiError, ErrorCode, Health, OutboxList};
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::{idempotency, registration, sessions, telemetry};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kabinet portal API", description = "Citizen's personal account for state services. \
        Every state-changing request needs an `Idempotency-Key` header; every error is an `ApiError`."),
    paths(
        health,
        registration::start,
        registration::get,
        registration::resend,
        registration::confirm,
        registration::set_password,
        sessions::sign_in,
        sessions::refresh,
        sessions::sign_out,
        sessions::me,
        demo_outbox,
    ),
    components(schemas(ApiError, ErrorCode)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[utoipa::path(get, path = "/api/v1/health", tag = "service",
    responses((status = 200, body = Health), (status = 503, body = ApiError)))]
pub async fn health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    sqlx::query("SELECT 1")
        .execute(&state.db.pool)
        .await
        .map_err(|e| {
            tracing::warn!(cause = %e, "health: database does not answer");
            AppError::new(ErrorCode::Unavailable, "the database does not answer")
        })?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        demo: state.demo,
    }))
}

#[utoipa::path(get, path = "/api/v1/demo/outbox", tag = "demo",
    responses((status = 200, body = OutboxList), (status = 404, body = ApiError)))]
pub async fn demo_outbox(State(state): State<AppState>) -> AppResult<Json<OutboxList>> {
    if !state.demo {
        return Err(not_found_error());
    }
    Ok(Json(OutboxList {
        messages: crate::outbox::list(&state.db.pool, 500).await?,
    }))
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

fn not_found_error() -> AppError {
    AppError::new(ErrorCode::NotFound, "no such resource")
}

async fn not_found() -> AppError {
    not_found_error()
}

async fn method_not_allowed() -> AppError {
    AppError::new(
        ErrorCode::MethodNotAllowed,
        "this method is not allowed here",
    )
}

fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response {
    // The panic message may quote data: it is not logged.
    tracing::error!("handler panicked");
    let body = ApiError::new(
        ErrorCode::Internal,
        "internal error; see the server log under this request id",
    );
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi_json))
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
        .route("/me", get(sessions::me))
        .route("/demo/outbox", get(demo_outbox))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::layer,
        ));
    Router::new()
        .nest(kabinet_core::api::API_PREFIX, api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(idempotency::BODY_LIMIT))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(telemetry::trace_layer())
        .layer(telemetry::propagate_request_id_layer())
        .layer(telemetry::set_request_id_layer())
        .with_state(state)
}
