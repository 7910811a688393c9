//! The demo inbox's command.

use tauri::State;

use super::dto::OutboxItem;
use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// The SMS and e-mails the demo portal "sent", newest first.
#[tauri::command]
#[specta::specta]
pub async fn demo_outbox(state: State<'_, Kabinet>) -> Result<Vec<OutboxItem>, AppError> {
    state.demo_outbox().await
}
