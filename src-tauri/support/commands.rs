//! The support feature's commands.

use kabinet_core::api::support::{Diagnostics, TicketList, TicketTopic, TicketView};
use tauri::State;

use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// The technical details a ticket from `screen` would carry, to show before sending.
#[tauri::command]
#[specta::specta]
pub fn support_diagnostics(
    state: State<'_, Kabinet>,
    screen: String,
    recent_errors: Vec<String>,
) -> Diagnostics {
    state.support_diagnostics(&screen, &recent_errors)
}

/// Sends a ticket; `screen`/`recent_errors` only when the citizen chose to attach
/// the technical details.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn support_submit(
    state: State<'_, Kabinet>,
    topic: Option<TicketTopic>,
    message: String,
    attachment_id: Option<String>,
    with_diagnostics: bool,
    screen: String,
    recent_errors: Vec<String>,
    idempotency_key: String,
) -> Result<TicketView, AppError> {
    let details = with_diagnostics.then_some((screen, recent_errors));
    state
        .support_submit(topic, message, attachment_id, details, &idempotency_key)
        .await
}

/// The account's tickets, newest first.
#[tauri::command]
#[specta::specta]
pub async fn support_list(state: State<'_, Kabinet>) -> Result<TicketList, AppError> {
    state.support_list().await
}

/// Sends a request to the pension fund without an account.
#[tauri::command]
#[specta::specta]
pub async fn fund_request_send(
    state: State<'_, Kabinet>,
    request: kabinet_core::api::fund::NewFundRequest,
    idempotency_key: String,
) -> Result<kabinet_core::api::fund::FundRequestView, AppError> {
    state.fund_request_send(request, &idempotency_key).await
}

/// Where a request to the fund stands, by its number and the contact it gave.
#[tauri::command]
#[specta::specta]
pub async fn fund_request_status(
    state: State<'_, Kabinet>,
    lookup: kabinet_core::api::fund::FundRequestLookup,
    idempotency_key: String,
) -> Result<kabinet_core::api::fund::FundRequestView, AppError> {
    state.fund_request_status(lookup, &idempotency_key).await
}
