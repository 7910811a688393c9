//! The auth commands: registration, sign-in, sign-out, the account.

use kabinet_core::secret::SecretString as Secret;
use tauri::State;

use super::dto::{Account, Recovery, RegisterInput, Registration, SessionEntry};
use crate::platform::Kabinet;
use crate::platform::error::AppError;

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

#[tauri::command]
#[specta::specta]
pub async fn recovery_start(
    state: State<'_, Kabinet>,
    login: String,
    idempotency_key: String,
) -> Result<Recovery, AppError> {
    state.recovery_start(login, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn recovery_resend(
    state: State<'_, Kabinet>,
    idempotency_key: String,
) -> Result<Recovery, AppError> {
    state.recovery_resend(&idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn recovery_confirm(
    state: State<'_, Kabinet>,
    code: String,
    idempotency_key: String,
) -> Result<Recovery, AppError> {
    state.recovery_confirm(code, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn recovery_set_password(
    state: State<'_, Kabinet>,
    password: String,
    password_repeat: String,
    idempotency_key: String,
) -> Result<Account, AppError> {
    let (password, repeat) = (Secret::new(password), Secret::new(password_repeat));
    state
        .recovery_set_password(password, repeat, &idempotency_key)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn sessions_list(state: State<'_, Kabinet>) -> Result<Vec<SessionEntry>, AppError> {
    state.sessions_list().await
}

#[tauri::command]
#[specta::specta]
pub async fn session_end(
    state: State<'_, Kabinet>,
    id: String,
    idempotency_key: String,
) -> Result<(), AppError> {
    state.session_end(&id, &idempotency_key).await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out_everywhere(
    state: State<'_, Kabinet>,
    idempotency_key: String,
) -> Result<(), AppError> {
    state.sign_out_everywhere(&idempotency_key).await
}
