//! The services feature's commands.

use tauri::State;

use super::dto::{CatalogueAnswer, CatalogueStatus, VisitDeadline};
use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// The catalogue in use (offline: the stored or the built-in one).
#[tauri::command]
#[specta::specta]
pub fn services_catalogue(state: State<'_, Kabinet>) -> Result<CatalogueAnswer, AppError> {
    let c = state.catalogue()?;
    Ok(CatalogueAnswer {
        status: c.status(),
        catalogue: c.catalogue.clone(),
    })
}

/// Services matching what was typed, best first (ids), offered in `region`.
#[tauri::command]
#[specta::specta]
pub fn services_search(
    state: State<'_, Kabinet>,
    query: String,
    region: Option<String>,
) -> Result<Vec<String>, AppError> {
    let query: String = query.chars().take(200).collect();
    state.search_services(&query, region.as_deref(), 50)
}

/// Asks the portal for a newer catalogue; the status of the one in use after.
#[tauri::command]
#[specta::specta]
pub async fn services_refresh(state: State<'_, Kabinet>) -> Result<CatalogueStatus, AppError> {
    state.refresh_catalogue().await
}

/// By when the service's originals are brought if applying today.
#[tauri::command]
#[specta::specta]
pub fn services_visit_deadline(
    state: State<'_, Kabinet>,
    service_id: String,
) -> Result<Option<VisitDeadline>, AppError> {
    let c = state.catalogue()?;
    // The app owns the clock (UTC, as the calculator's "today").
    let today = time::OffsetDateTime::now_utc().date();
    Ok(c.catalogue
        .service(&service_id)
        .and_then(|s| super::catalogue::visit_deadline(s, today)))
}

/// Applies for a service (the account's level must suffice; the portal says so
/// otherwise). `idempotency_key`: one per attempt, from the UI.
#[tauri::command]
#[specta::specta]
pub async fn application_submit(
    state: State<'_, Kabinet>,
    service_id: String,
    idempotency_key: String,
) -> Result<kabinet_core::api::applications::ApplicationView, AppError> {
    state
        .application_submit(&service_id, &idempotency_key)
        .await
}

/// The signed-in citizen's applications, newest first.
#[tauri::command]
#[specta::specta]
pub async fn applications_list(
    state: State<'_, Kabinet>,
) -> Result<kabinet_core::api::applications::ApplicationList, AppError> {
    state.applications().await
}
