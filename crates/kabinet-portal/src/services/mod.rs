//! The services feature on the portal. Today: the catalogue, open without an
//! account — `GET /api/v1/catalogue` (the whole catalogue with its version as the
//! `ETag`; `If-None-Match` with the current version answers 304, so the app
//! downloads it only when it changed), `GET /api/v1/services/{id}`, and
//! `GET /api/v1/services/search?q=&region=` over kabinet-core's search (the same
//! code the app runs offline). Applications ([`applications`]) and the documents
//! the portal asks other authorities for them ([`exchange`]), and the agencies'
//! own API with the demo agency ([`agency`]).

pub mod agency;
pub mod applications;
pub mod attachments;
pub mod exchange;
pub mod paper;
pub mod results;

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kabinet_core::api::services::{CatalogueView, Service};
use kabinet_core::api::{ApiError, ErrorCode, FieldProblem};
use kabinet_core::services::search::Index;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::not_found_error;
use crate::platform::state::AppState;

#[derive(OpenApi)]
#[openapi(
    paths(
        catalogue,
        service,
        search,
        applications::submit,
        applications::list,
        paper::add,
        agency::list,
        agency::event,
        agency::queue,
        attachments::upload,
        attachments::download,
        attachments::agency_download,
        results::get
    ),
    components(schemas(CatalogueView, ServiceSearch))
)]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalogue", get(catalogue))
        .route("/services/search", get(search))
        .route("/services/{id}", get(service))
        .route(
            "/me/applications",
            get(applications::list).post(applications::submit),
        )
        .route("/me/applications/paper", axum::routing::post(paper::add))
        .route(
            "/me/attachments",
            axum::routing::post(attachments::upload).layer(axum::extract::DefaultBodyLimit::max(
                kabinet_core::services::attachments::MAX_BYTES + 1,
            )),
        )
        .route("/me/attachments/{id}", get(attachments::download))
        .route("/me/applications/{id}/result", get(results::get))
        .route(
            "/agency/attachments/{id}",
            get(attachments::agency_download),
        )
        .route("/agency/applications", get(agency::list))
        .route(
            "/agency/applications/{id}/events",
            axum::routing::post(agency::event),
        )
        .route(
            "/agency/applications/{id}/queue",
            axum::routing::put(agency::queue),
        )
}

/// The catalogue and its search index, built once.
struct Loaded {
    catalogue: &'static CatalogueView,
    index: Index,
}

static LOADED: LazyLock<Result<Loaded, String>> = LazyLock::new(|| {
    let catalogue = kabinet_core::services::catalogue::built_in()?;
    Ok(Loaded {
        catalogue,
        index: Index::new(catalogue),
    })
});

fn loaded() -> AppResult<&'static Loaded> {
    LOADED.as_ref().map_err(AppError::internal)
}

fn etag(version: &str) -> String {
    format!("\"{version}\"")
}

#[utoipa::path(get, path = "/api/v1/catalogue", tag = "services",
    params(("If-None-Match" = Option<String>, Header, description = "the version the client holds, as the ETag gave it")),
    responses((status = 200, body = CatalogueView, headers(("ETag" = String))), (status = 304)))]
pub async fn catalogue(headers: HeaderMap) -> AppResult<Response> {
    let l = loaded()?;
    let tag = etag(&l.catalogue.version);
    let held = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if held {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    Ok((
        [
            (header::ETAG, tag),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
        ],
        Json(l.catalogue),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "services",
    params(("id" = String, Path, description = "the service's id")),
    responses((status = 200, body = Service), (status = 404, body = ApiError)))]
pub async fn service(Path(id): Path<String>) -> AppResult<Json<Service>> {
    let l = loaded()?;
    l.catalogue
        .service(&id)
        .cloned()
        .map(Json)
        .ok_or_else(not_found_error)
}

/// Services found, best first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ServiceSearch {
    /// The catalogue version searched.
    pub version: String,
    pub services: Vec<Service>,
}

#[utoipa::path(get, path = "/api/v1/services/search", tag = "services",
    params(("q" = String, Query, description = "what the citizen typed, up to 200 characters"),
           ("region" = Option<String>, Query, description = "the citizen's region: federal services and those offered there"),
           ("limit" = Option<usize>, Query, description = "at most this many, 1 to 50 (20)")),
    responses((status = 200, body = ServiceSearch), (status = 422, body = ApiError)))]
pub async fn search(
    Query(query): Query<HashMap<String, String>>,
) -> AppResult<Json<ServiceSearch>> {
    let mut problems = Vec::new();
    let q = query.get("q").map(String::as_str).unwrap_or("");
    if q.trim().is_empty() {
        problems.push(FieldProblem::new("q", ErrorCode::Required));
    } else if q.chars().count() > 200 {
        problems.push(FieldProblem::new("q", ErrorCode::TooLong));
    }
    let limit = match query.get("limit").map(|l| l.trim().parse::<usize>()) {
        None => Some(20),
        Some(Ok(n)) if (1..=50).contains(&n) => Some(n),
        Some(_) => {
            problems.push(FieldProblem::new("limit", ErrorCode::OutOfRange));
            None
        }
    };
    let Some(limit) = limit.filter(|_| problems.is_empty()) else {
        return Err(AppError::validation(problems));
    };
    let l = loaded()?;
    let region = query.get("region").map(String::as_str);
    let hits = l.index.search(q, l.index.len());
    let services = l
        .index
        .services(l.catalogue, &hits)
        .into_iter()
        .filter(|s| kabinet_core::services::catalogue::offered_in(s, region))
        .take(limit)
        .cloned()
        .collect();
    Ok(Json(ServiceSearch {
        version: l.catalogue.version.clone(),
        services,
    }))
}
