//! The guest-mode command.

use tauri::State;

use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// Ends the guest session (the UI's idle timeout): signs out on the portal and
/// forgets everything kept for this person. Refused outside guest mode.
#[tauri::command]
#[specta::specta]
pub async fn guest_session_end(state: State<'_, Kabinet>) -> Result<(), AppError> {
    state.guest_session_end().await
}
