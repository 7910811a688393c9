//! The services feature's commands.

use tauri::State;

use super::dto::{CatalogueAnswer, CatalogueStatus};
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
