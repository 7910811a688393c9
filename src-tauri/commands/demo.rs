use tauri::State;

use crate::dto::OutboxItem;
use crate::error::AppError;
use crate::services::Kabinet;

/// The SMS and e-mails the demo portal "sent", newest first.
#[tauri::command]
#[specta::specta]
pub async fn demo_outbox(state: State<'_, Kabinet>) -> Result<Vec<OutboxItem>, AppError> {
    state.demo_outbox().await
}
