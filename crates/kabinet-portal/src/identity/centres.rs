//! Service centres, for anyone (no sign-in): where identity is confirmed in person
//! and signatures are issued, filterable by region and searchable by town, each
//! saying whether it is open now in its own local time. The demo list ships with
//! the portal (`data/service_centres.json`, 32 centres in 6 regions).

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::Json;
use axum::extract::{Query, State};
use kabinet_core::api::{ServiceCentre, ServiceCentreList};
use kabinet_core::identity::centres::is_open;

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::state::AppState;

const DATA: &str = include_str!("../../data/service_centres.json");

#[derive(serde::Deserialize)]
struct File {
    centres: Vec<ServiceCentre>,
}

/// The list as shipped (`open_now` is filled in per answer). A broken file is
/// caught by the tests, and answers 500 rather than a panic.
static CENTRES: LazyLock<Result<Vec<ServiceCentre>, String>> = LazyLock::new(|| {
    serde_json::from_str::<File>(DATA)
        .map(|f| f.centres)
        .map_err(|e| format!("service_centres.json: {e}"))
});

/// The centre with this id, as shipped.
pub fn find(id: &str) -> Option<ServiceCentre> {
    CENTRES.as_ref().ok()?.iter().find(|c| c.id == id).cloned()
}

fn folded(s: &str) -> String {
    s.trim().to_lowercase().replace('ё', "е")
}

#[utoipa::path(get, path = "/api/v1/service-centres", tag = "service centres",
    params(("region" = Option<String>, Query, description = "exact region name, as in `regions`"),
           ("town" = Option<String>, Query, description = "part of the town's name, any case")),
    responses((status = 200, body = ServiceCentreList)))]
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> AppResult<Json<ServiceCentreList>> {
    let all = CENTRES.as_ref().map_err(AppError::internal)?;
    let region = query
        .get("region")
        .map(|r| r.trim())
        .filter(|r| !r.is_empty());
    let town = query
        .get("town")
        .map(|t| folded(t))
        .filter(|t| !t.is_empty());
    let now = state.now();
    let mut regions: Vec<String> = all.iter().map(|c| c.region.clone()).collect();
    regions.sort();
    regions.dedup();
    let centres = all
        .iter()
        .filter(|c| region.is_none_or(|r| c.region == r))
        .filter(|c| {
            town.as_ref()
                .is_none_or(|t| folded(&c.town).contains(t.as_str()))
        })
        .map(|c| ServiceCentre {
            open_now: is_open(&c.hours, c.utc_offset_minutes, now),
            ..c.clone()
        })
        .collect();
    Ok(Json(ServiceCentreList { centres, regions }))
}
