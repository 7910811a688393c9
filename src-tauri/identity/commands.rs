//! The identity commands: the profile for the standard level and its draft.

use tauri::State;

use super::dto::{Profile, ProfileInput};
use crate::platform::Kabinet;
use crate::platform::error::AppError;

#[tauri::command]
#[specta::specta]
pub async fn profile_get(state: State<'_, Kabinet>) -> Result<Profile, AppError> {
    state.profile_get().await.map(Profile::from)
}

#[tauri::command]
#[specta::specta]
pub async fn profile_submit(
    state: State<'_, Kabinet>,
    submission: ProfileInput,
    idempotency_key: String,
) -> Result<Profile, AppError> {
    state
        .profile_submit(submission.into(), &idempotency_key)
        .await
        .map(Profile::from)
}

#[tauri::command]
#[specta::specta]
pub async fn profile_draft_save(state: State<'_, Kabinet>, json: String) -> Result<(), AppError> {
    state.profile_draft_save(&json).await
}

#[tauri::command]
#[specta::specta]
pub async fn profile_draft_load(state: State<'_, Kabinet>) -> Result<Option<String>, AppError> {
    state.profile_draft_load().await
}

#[tauri::command]
#[specta::specta]
pub async fn profile_draft_clear(state: State<'_, Kabinet>) -> Result<(), AppError> {
    state.profile_draft_clear().await
}

/// Service centres where identity is confirmed in person (no sign-in needed).
#[tauri::command]
#[specta::specta]
pub async fn service_centres(
    state: State<'_, Kabinet>,
    region: Option<String>,
    town: Option<String>,
) -> Result<kabinet_core::api::ServiceCentreList, AppError> {
    state.service_centres(region, town).await
}

/// The latest registered letter with its tracking; None before the first.
#[tauri::command]
#[specta::specta]
pub async fn letter_get(
    state: State<'_, Kabinet>,
) -> Result<Option<kabinet_core::api::LetterView>, AppError> {
    state.letter_get().await
}

/// Asks for a registered letter with a code to the profile's address.
#[tauri::command]
#[specta::specta]
pub async fn letter_request(
    state: State<'_, Kabinet>,
    idempotency_key: String,
) -> Result<kabinet_core::api::LetterView, AppError> {
    state.letter_request(&idempotency_key).await
}

/// Enters the letter's code; on success the account is verified (read it again).
#[tauri::command]
#[specta::specta]
pub async fn letter_confirm(
    state: State<'_, Kabinet>,
    code: String,
    idempotency_key: String,
) -> Result<(), AppError> {
    state.letter_confirm(&code, &idempotency_key).await
}
