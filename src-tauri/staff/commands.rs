//! Operator mode's commands.

use tauri::State;

use super::dto::{CitizenRecord, ComparedItem, DemoOperator, OperatorView};
use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// The demo operator's login, password, office and current code (demo only).
#[tauri::command]
#[specta::specta]
pub async fn operator_demo(state: State<'_, Kabinet>) -> Result<DemoOperator, AppError> {
    state.operator_demo().await
}

#[tauri::command]
#[specta::specta]
pub async fn operator_sign_in(
    state: State<'_, Kabinet>,
    login: String,
    password: String,
    code: String,
    office_id: String,
    idempotency_key: String,
) -> Result<OperatorView, AppError> {
    let body = kabinet_core::api::OperatorSignIn {
        login,
        password,
        code,
        office_id,
    };
    state.operator_sign_in(body, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn operator_sign_out(state: State<'_, Kabinet>) -> Result<(), AppError> {
    state.operator_sign_out().await
}

/// Finds a citizen by SNILS or by phone (one of the two).
#[tauri::command]
#[specta::specta]
pub async fn operator_search(
    state: State<'_, Kabinet>,
    snils: Option<String>,
    phone: Option<String>,
) -> Result<CitizenRecord, AppError> {
    state
        .operator_search(kabinet_core::api::CitizenSearch { snils, phone })
        .await
        .map(CitizenRecord::from)
}

#[tauri::command]
#[specta::specta]
pub async fn operator_confirm(
    state: State<'_, Kabinet>,
    account_id: String,
    compared: Vec<ComparedItem>,
    idempotency_key: String,
) -> Result<CitizenRecord, AppError> {
    state
        .operator_confirm(&account_id, compared, &idempotency_key)
        .await
        .map(CitizenRecord::from)
}
