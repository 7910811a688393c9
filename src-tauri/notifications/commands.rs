//! The notifications feature's commands.

use kabinet_core::api::notifications::{EventList, EventView, Unread};
use tauri::State;
use tauri::ipc::Channel;

use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// A page of the inbox, oldest first: the events after `after`, or without it the
/// newest `limit` (at most 200); with the unread count.
#[tauri::command]
#[specta::specta]
pub async fn notifications_list(
    state: State<'_, Kabinet>,
    after: Option<u32>,
    limit: u32,
) -> Result<EventList, AppError> {
    state.notifications_list(after, limit).await
}

/// Marks every event up to `up_to` read; the unread count after.
#[tauri::command]
#[specta::specta]
pub async fn notifications_mark_read(
    state: State<'_, Kabinet>,
    up_to: u32,
    idempotency_key: String,
) -> Result<Unread, AppError> {
    state.notifications_mark_read(up_to, &idempotency_key).await
}

/// Where the live events go from now on (one per window; a reloaded page
/// subscribes again and replaces the old channel).
#[tauri::command]
#[specta::specta]
pub fn notifications_subscribe(
    listener: State<'_, super::stream::Listener>,
    on_event: Channel<EventView>,
) -> Result<(), AppError> {
    listener.set(on_event);
    Ok(())
}
