//! The shell's commands: the first paint, start-up, the language.

use tauri::State;

use super::dto::{Language, Shell, Startup};
use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// Language and mode for the first paint; answers at once.
#[tauri::command]
#[specta::specta]
pub fn shell(state: State<'_, Kabinet>) -> Shell {
    state.shell()
}

/// Waits for the portal and the keyring; says where to open.
#[tauri::command]
#[specta::specta]
pub async fn startup(state: State<'_, Kabinet>) -> Result<Startup, AppError> {
    state.startup().await
}

#[tauri::command]
#[specta::specta]
pub fn set_language(state: State<'_, Kabinet>, language: Language) -> Result<(), AppError> {
    state.set_language(language)
}
