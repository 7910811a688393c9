//! HTTP plumbing: the features' routers merged under `/api/v1`, their OpenAPI
//! documents merged into one, typed fallbacks, and the layers every request goes
//! through (request id, panic guard, trace, body limit, idempotency).

pub mod client_ip;
pub mod connections;
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
        doc.merge(crate::staff::Doc::openapi());
        doc.merge(crate::demo::Doc::openapi());
        doc.merge(crate::pension::Doc::openapi());
        doc.merge(crate::services::Doc::openapi());
        doc.merge(crate::notifications::Doc::openapi());
        doc.merge(crate::support::Doc::openapi());
        document_layers(&mut doc);
        close_tagged_choices(&mut doc, &["Event"]);
        doc
    }
}

/// A request body that is a tagged choice (an agency's event, closed as
/// `kabinet_core::services::status::parse_event` reads it) says so in each of its
/// kinds: utoipa writes a kind that wraps another choice (`decide` → ready /
/// refused) as `allOf`, which is expanded here into one closed object per kind.
fn close_tagged_choices(doc: &mut utoipa::openapi::OpenApi, names: &[&str]) {
    use serde_json::Value;
    let Ok(mut json) = serde_json::to_value(&*doc) else {
        return;
    };
    let schemas = json["components"]["schemas"].clone();
    for name in names {
        let Some(kinds) = json["components"]["schemas"][*name]["oneOf"].as_array_mut() else {
            continue;
        };
        let mut closed = Vec::new();
        for kind in kinds.drain(..) {
            let parts = kind["allOf"].as_array().cloned().unwrap_or_default();
            let inner = parts
                .iter()
                .find_map(|p| p["$ref"].as_str())
                .and_then(|r| r.rsplit('/').next())
                .and_then(|n| schemas[n]["oneOf"].as_array());
            let own = parts.iter().find(|p| p.get("$ref").is_none());
            let expanded: Vec<Value> = match (inner, own) {
                (Some(inner), Some(own)) => inner
                    .iter()
                    .map(|sub| {
                        let mut o = sub.clone();
                        for (k, v) in own["properties"].as_object().into_iter().flatten() {
                            o["properties"][k] = v.clone();
                        }
                        if let (Some(req), Some(more)) =
                            (o["required"].as_array_mut(), own["required"].as_array())
                        {
                            req.extend(more.iter().cloned());
                        }
                        o
                    })
                    .collect(),
                _ => vec![kind],
            };
            for mut o in expanded {
                o["additionalProperties"] = Value::Bool(false);
                closed.push(o);
            }
        }
        *kinds = closed;
    }
    if let Ok(changed) = serde_json::from_value(json) {
        *doc = changed;
    }
}

/// Adds to every operation what the shared layers do, so the document says what
/// the server does: the `Idempotency-Key` header (and the 400/422 it causes) on
/// state-changing requests; 400/408/413/415 for bodies; 404 where a path has an id;
/// 500/503 everywhere.
fn document_layers(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{HttpMethod, ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{Ref, Required, ResponseBuilder, content::ContentBuilder};

    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build()
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let has_id = path.contains('{');
        for (method, op) in [
            (HttpMethod::Get, item.get.as_mut()),
            (HttpMethod::Post, item.post.as_mut()),
            (HttpMethod::Put, item.put.as_mut()),
            (HttpMethod::Delete, item.delete.as_mut()),
        ] {
            let Some(op) = op else { continue };
            let mut add = |status: &str, description: &str| {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error(description).into());
            };
            add(
                "500",
                "internal error (details in the server log under the request id)",
            );
            add(
                "503",
                "the database is unavailable or the portal is busy; see Retry-After",
            );
            if has_id {
                add("404", "no such resource");
            }
            if method == HttpMethod::Get {
                continue;
            }
            add(
                "400",
                "malformed JSON, or a missing or malformed Idempotency-Key",
            );
            add("408", "the request body did not arrive in time");
            add("413", "the body is larger than 64 KiB");
            add("415", "the body is not application/json");
            add(
                "422",
                "invalid fields, or the Idempotency-Key was used for another request",
            );
            let key = ParameterBuilder::new()
                .name(kabinet_core::api::IDEMPOTENCY_HEADER)
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(
                    "unique per attempt; a retry with the same key and body gets the first answer",
                ))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(200))
                        .pattern(Some("^[!-~]{1,200}$")),
                ))
                .build();
            op.parameters.get_or_insert_with(Vec::new).push(key);
        }
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
        components.add_security_scheme(
            "agency",
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
        .merge(crate::staff::router())
        .merge(crate::demo::router())
        .merge(crate::pension::router())
        .merge(crate::services::router())
        .merge(crate::notifications::router())
        .merge(crate::support::router())
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
