//! The services feature's commands.

use tauri::State;

use kabinet_core::api::FieldProblem;

use super::dto::{CatalogueAnswer, CatalogueStatus, VisitDeadline};
use super::forms::{Answers, DraftInfo, FormStart};
use super::outbox::{QueuedApplication, Submitted};
use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// The catalogue in use (offline: the stored or the built-in one).
#[tauri::command]
#[specta::specta]
pub fn services_catalogue(state: State<'_, Kabinet>) -> Result<CatalogueAnswer, AppError> {
    let c = state.catalogue()?;
    Ok(CatalogueAnswer {
        status: c.status(),
        catalogue: c.catalogue.clone(),
    })
}

/// Services matching what was typed, best first (ids), offered in `region`.
#[tauri::command]
#[specta::specta]
pub fn services_search(
    state: State<'_, Kabinet>,
    query: String,
    region: Option<String>,
) -> Result<Vec<String>, AppError> {
    let query: String = query.chars().take(200).collect();
    state.search_services(&query, region.as_deref(), 50)
}

/// Asks the portal for a newer catalogue; the status of the one in use after.
#[tauri::command]
#[specta::specta]
pub async fn services_refresh(state: State<'_, Kabinet>) -> Result<CatalogueStatus, AppError> {
    state.refresh_catalogue().await
}

/// By when the service's originals are brought if applying today.
#[tauri::command]
#[specta::specta]
pub fn services_visit_deadline(
    state: State<'_, Kabinet>,
    service_id: String,
) -> Result<Option<VisitDeadline>, AppError> {
    let c = state.catalogue()?;
    // The app owns the clock (UTC, as the calculator's "today").
    let today = time::OffsetDateTime::now_utc().date();
    Ok(c.catalogue
        .service(&service_id)
        .and_then(|s| super::catalogue::visit_deadline(s, today)))
}

/// Applies for a service with the form's answers (checked here first; the
/// account's level must suffice, the portal says so otherwise).
/// `idempotency_key`: one per attempt, from the UI.
#[tauri::command]
#[specta::specta]
pub async fn application_submit(
    state: State<'_, Kabinet>,
    service_id: String,
    answers: Answers,
    idempotency_key: String,
) -> Result<Submitted, AppError> {
    state
        .application_submit(&service_id, answers.0, &idempotency_key)
        .await
}

/// The service's form: its schema, the draft if one was saved, else what the
/// account already holds.
#[tauri::command]
#[specta::specta]
pub async fn application_form(
    state: State<'_, Kabinet>,
    service_id: String,
) -> Result<FormStart, AppError> {
    state.application_form(&service_id).await
}

/// Every problem of the answers, as the portal would find them (offline too).
#[tauri::command]
#[specta::specta]
pub fn application_check(
    state: State<'_, Kabinet>,
    service_id: String,
    answers: Answers,
) -> Result<Vec<FieldProblem>, AppError> {
    state.application_check(&service_id, &answers.0)
}

/// Keeps the half-filled form as typed (the UI's own JSON).
#[tauri::command]
#[specta::specta]
pub fn application_draft_save(
    state: State<'_, Kabinet>,
    service_id: String,
    json: String,
) -> Result<(), AppError> {
    state.application_draft_save(&service_id, &json)
}

/// Throws the draft away.
#[tauri::command]
#[specta::specta]
pub fn application_draft_clear(
    state: State<'_, Kabinet>,
    service_id: String,
) -> Result<(), AppError> {
    state.application_draft_clear(&service_id)
}

/// The services with a saved draft, newest first.
#[tauri::command]
#[specta::specta]
pub fn application_drafts(state: State<'_, Kabinet>) -> Result<Vec<DraftInfo>, AppError> {
    state.application_drafts()
}

/// Sends a file for a form's attachment field: its name and its bytes in base64.
/// The answer's `id` is what the field holds.
#[tauri::command]
#[specta::specta]
pub async fn attachment_add(
    state: State<'_, Kabinet>,
    name: String,
    content_base64: String,
    idempotency_key: String,
) -> Result<kabinet_core::api::applications::AttachmentView, AppError> {
    state
        .attachment_add(&name, &content_base64, &idempotency_key)
        .await
}

/// The signed-in citizen's applications, newest first.
#[tauri::command]
#[specta::specta]
pub async fn applications_list(
    state: State<'_, Kabinet>,
) -> Result<kabinet_core::api::applications::ApplicationList, AppError> {
    state.applications().await
}

/// The applications waiting to be sent (the portal was unreachable).
#[tauri::command]
#[specta::specta]
pub fn outbox_list(state: State<'_, Kabinet>) -> Result<Vec<QueuedApplication>, AppError> {
    state.outbox_list()
}

/// Tries to send the waiting applications now; how many the portal took.
#[tauri::command]
#[specta::specta]
pub async fn outbox_send(state: State<'_, Kabinet>) -> Result<u32, AppError> {
    state.outbox_flush().await
}

/// Takes a waiting (or refused) application out of the outbox.
#[tauri::command]
#[specta::specta]
pub fn outbox_remove(state: State<'_, Kabinet>, idempotency_key: String) -> Result<(), AppError> {
    state.outbox_remove(&idempotency_key)
}

/// Adds an application made on paper at an office, by its receipt number (the
/// account's confirmed SNILS must be the applicant's).
#[tauri::command]
#[specta::specta]
pub async fn application_add_paper(
    state: State<'_, Kabinet>,
    receipt: String,
    idempotency_key: String,
) -> Result<kabinet_core::api::applications::ApplicationView, AppError> {
    state
        .application_add_paper(&receipt, &idempotency_key)
        .await
}

/// Saves the electronic result of an application (a PDF the portal signed, its
/// signature verified first) into the Downloads folder; opened with
/// `pension_document_open` like the other documents.
#[tauri::command]
#[specta::specta]
pub async fn application_result_save(
    state: State<'_, Kabinet>,
    id: String,
) -> Result<crate::pension::dto::SavedStatement, AppError> {
    let dir = crate::platform::documents::documents_dir(&state)?;
    state.application_result_save(&id, &dir).await
}
