use tauri::State;

use crate::dto::Account;
use crate::error::AppError;
use crate::secret::Secret;
use crate::services::Kabinet;

#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    state: State<'_, Kabinet>,
    login: String,
    password: String,
    idempotency_key: String,
) -> Result<Account, AppError> {
    state
        .sign_in(login, Secret::new(password), &idempotency_key)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, Kabinet>, idempotency_key: String) -> Result<(), AppError> {
    state.sign_out(&idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn account(state: State<'_, Kabinet>) -> Result<Account, AppError> {
    state.account().await
}
