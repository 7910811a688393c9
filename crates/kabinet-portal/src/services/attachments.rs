//! Files attached to applications. The citizen's app sends the file's bytes
//! (`POST /api/v1/me/attachments?name=…`, at most 5 MiB, 30 a day); the portal
//! reads its type from the content (kabinet-core's
//! [`kabinet_core::services::attachments::sniff`]: PDF, JPEG, PNG — the name and
//! the Content-Type say nothing), keeps it sealed with the server key and answers
//! with its id, which the form's attachment field then holds. When the form is
//! sent, each id must be this account's and not yet part of an application; it
//! then becomes part of this one ([`claim`]). The citizen reads their own files
//! back; an agency reads the files of its own applications.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kabinet_core::api::applications::{AttachmentKind, AttachmentView};
use kabinet_core::api::{ApiError, ErrorCode, FieldProblem};
use kabinet_core::services::attachments as rules;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use utoipa::IntoParams;

use super::agency::AgencyAuth;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::Authenticated;
use crate::platform::http::not_found_error;
use crate::platform::keys::random_id;
use crate::platform::limits::{self, Limit};
use crate::platform::state::AppState;

/// The upload path within the API (as the layers inside `/api/v1` see it), whose
/// body may be as large as a file (the others: 64 KiB).
pub const UPLOAD_PATH: &str = "/me/attachments";

/// Files per account and day: a family's papers, not a file store.
pub const UPLOADS: Limit = Limit {
    max: 30,
    window: time::Duration::hours(24),
};

fn content_context(id: &str) -> String {
    format!("attachment/{id}")
}

fn name_context(id: &str) -> String {
    format!("attachment-name/{id}")
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Upload {
    /// The file's name as the citizen chose it (shown back; the path is dropped).
    pub name: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/me/attachments", tag = "services", security(("bearer" = [])),
    params(Upload),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "the file's bytes: PDF, JPEG or PNG, at most 5 MiB"),
    responses((status = 201, body = AttachmentView), (status = 401, body = ApiError),
        (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn upload(
    State(state): State<AppState>,
    auth: Authenticated,
    Query(upload): Query<Upload>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<AttachmentView>)> {
    let kind = rules::sniff(&body)
        .map_err(|code| AppError::validation(vec![FieldProblem::new("file", code)]))?;
    let now = state.now();
    let name = rules::clean_name(upload.name.as_deref().unwrap_or_default());
    let id = random_id();
    let sha256 = hex::encode(Sha256::digest(&body));
    let size = u32::try_from(body.len()).unwrap_or(u32::MAX);
    let mut tx = state.db.pool.begin().await?;
    let subject = state.key.hash("attachments", &[auth.account_id.as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    limits::refuse_over(&mut tx, &subject, UPLOADS, now, "too many files today").await?;
    limits::record(&mut tx, &subject, now).await?;
    sqlx::query(
        "INSERT INTO attachments (id, account_id, kind, name_sealed, size, sha256, content_sealed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&auth.account_id)
    .bind(kind.key())
    .bind(state.key.seal(&name_context(&id), name.as_bytes()))
    .bind(i64::from(size))
    .bind(&sha256)
    .bind(state.key.seal(&content_context(&id), &body))
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(kind = kind.key(), size, "attachment received");
    Ok((
        StatusCode::CREATED,
        Json(AttachmentView {
            id,
            kind,
            name,
            size,
            sha256,
        }),
    ))
}

fn view_of_row(state: &AppState, row: &sqlx::any::AnyRow) -> AppResult<AttachmentView> {
    let id: String = row.try_get("id")?;
    let name = state
        .key
        .open(
            &name_context(&id),
            &row.try_get::<String, _>("name_sealed")?,
        )
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| AppError::internal("stored attachment name does not decrypt"))?;
    Ok(AttachmentView {
        kind: AttachmentKind::from_key(&row.try_get::<String, _>("kind")?)
            .ok_or_else(|| AppError::internal("stored attachment kind"))?,
        name,
        size: u32::try_from(row.try_get::<i64, _>("size")?).unwrap_or(u32::MAX),
        sha256: row.try_get("sha256")?,
        id,
    })
}

/// The files part of an application, in the order the form named them.
pub(super) async fn of_application(
    conn: &mut AnyConnection,
    state: &AppState,
    application_id: &str,
) -> AppResult<Vec<AttachmentView>> {
    let rows = sqlx::query(
        "SELECT id, kind, name_sealed, size, sha256 FROM attachments \
         WHERE application_id = $1 ORDER BY created_at, id",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| view_of_row(state, r)).collect()
}

/// Makes the files a form names part of the application, in the caller's
/// transaction; every id that is not the account's own unused file is a problem
/// at its field.
pub(crate) async fn claim(
    conn: &mut AnyConnection,
    account_id: &str,
    application_id: &str,
    named: &[(String, String)],
) -> AppResult<()> {
    let mut problems = Vec::new();
    for (path, id) in named {
        let claimed = sqlx::query(
            "UPDATE attachments SET application_id = $1 \
             WHERE id = $2 AND account_id = $3 AND application_id IS NULL",
        )
        .bind(application_id)
        .bind(id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
        if claimed.rows_affected() != 1 {
            problems.push(FieldProblem::new(path, ErrorCode::AttachmentUnknown));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(problems))
    }
}

fn file_response(kind: AttachmentKind, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.mime_type()),
            (header::CONTENT_DISPOSITION, "attachment"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response()
}

async fn content(state: &AppState, row: &sqlx::any::AnyRow) -> AppResult<Response> {
    let id: String = row.try_get("id")?;
    let kind = AttachmentKind::from_key(&row.try_get::<String, _>("kind")?)
        .ok_or_else(|| AppError::internal("stored attachment kind"))?;
    let bytes = state
        .key
        .open(
            &content_context(&id),
            &row.try_get::<String, _>("content_sealed")?,
        )
        .ok_or_else(|| AppError::internal("stored attachment does not decrypt"))?;
    Ok(file_response(kind, bytes))
}

#[utoipa::path(get, path = "/api/v1/me/attachments/{id}", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "the file's id")),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"),
        (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn download(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let row = sqlx::query(
        "SELECT id, kind, content_sealed FROM attachments WHERE id = $1 AND account_id = $2",
    )
    .bind(&id)
    .bind(&auth.account_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(not_found_error)?;
    content(&state, &row).await
}

#[utoipa::path(get, path = "/api/v1/agency/attachments/{id}", tag = "agency", security(("agency" = [])),
    params(("id" = String, Path, description = "the file's id")),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"),
        (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn agency_download(
    State(state): State<AppState>,
    auth: AgencyAuth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let row = sqlx::query(
        "SELECT f.id, f.kind, f.content_sealed FROM attachments f \
         JOIN applications a ON a.id = f.application_id WHERE f.id = $1 AND a.authority = $2",
    )
    .bind(&id)
    .bind(&auth.authority)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(not_found_error)?;
    content(&state, &row).await
}
