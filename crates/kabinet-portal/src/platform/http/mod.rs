//! HTTP plumbing: the features' routers merged under `/api/v1`, their OpenAPI
//! documents merged into one, typed fallbacks, and the layers every request goes
//! through (request id, panic guard, trace, body limit, idempotency).

pub mod client_ip;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod telemetry;
pub mod tls;

use std::any::Any;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router, middleware};
use kabinet_core::api::{ApiError, ErrorCode, Health};
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Kabinet portal API", description = "Citizen's personal account for state services. \
        Every state-changing request needs an `Idempotency-Key` header; every error is an `ApiError`."),
    paths(health),
    components(schemas(ApiError, ErrorCode)),
    modifiers(&BearerAuth)
)]
struct Base;

/// The whole API's OpenAPI document: the base merged with every feature's paths.
pub struct ApiDoc;

impl ApiDoc {
    pub fn openapi() -> utoipa::openapi::OpenApi {
        let mut doc = Base::openapi();
        doc.merge(crate::auth::Doc::openapi());
        doc.merge(crate::identity::Doc::openapi());
        doc.merge(crate::demo::Doc::openapi());
        doc
    }
}

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

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn not_found_error() -> AppError {
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
        .merge(crate::auth::router())
        .merge(crate::identity::router())
        .merge(crate::demo::router())
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
