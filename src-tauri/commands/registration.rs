use tauri::State;

use crate::dto::{Account, RegisterInput, Registration};
use crate::error::AppError;
use crate::secret::Secret;
use crate::services::Kabinet;

#[tauri::command]
#[specta::specta]
pub async fn register_start(
    state: State<'_, Kabinet>,
    input: RegisterInput,
    idempotency_key: String,
) -> Result<Registration, AppError> {
    state.register_start(input, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn registration_resend(
    state: State<'_, Kabinet>,
    idempotency_key: String,
) -> Result<Registration, AppError> {
    state.registration_resend(&idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn registration_confirm(
    state: State<'_, Kabinet>,
    code: String,
    idempotency_key: String,
) -> Result<Registration, AppError> {
    state.registration_confirm(code, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn registration_set_password(
    state: State<'_, Kabinet>,
    password: String,
    password_repeat: String,
    idempotency_key: String,
) -> Result<Account, AppError> {
    let (password, repeat) = (Secret::new(password), Secret::new(password_repeat));
    state
        .registration_set_password(password, repeat, &idempotency_key)
        .await
}

#[tauri::command]
#[specta::specta]
pub fn registration_abandon(state: State<'_, Kabinet>) -> Result<(), AppError> {
    state.registration_abandon()
}
