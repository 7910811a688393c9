//! Electronic results. When an application whose service gives its result
//! electronically is decided «ready» (by the demo agency or an agency through its
//! API), the portal issues the document in the same transaction: the fund's
//! certificate of the pension and payments for `sfr-pension-certificate`, a notice
//! of the decision for every other service. The PDF is kept sealed with the server
//! key and signed once, at issue, by the portal's document key; the applicant
//! fetches it (`GET /me/applications/{id}/result`) and the app verifies it against
//! the pinned CA, offline as well.

use axum::Json;
use axum::extract::{Path, State};
use base64::Engine as _;
use kabinet_core::api::applications::ResultDocument;
use kabinet_core::api::{AccountLevel, ApiError, SignedFile};
use kabinet_core::pension::text::ru_date;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::applications::catalogue_service;
use crate::identity::{accounts, profile};
use crate::pension::documents::{CERTIFICATE_SERVICE, certificate};
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::Authenticated;
use crate::platform::http::not_found_error;
use crate::platform::pdf::Pdf;
use crate::platform::state::AppState;

fn content_context(application: &str) -> String {
    format!("application-result/{application}")
}

fn moscow(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(time::macros::offset!(+3))
}

/// What a decision notice names.
struct Notice<'a> {
    title: &'a str,
    authority: &'a str,
    number: &'a str,
    applied: OffsetDateTime,
    agency_number: Option<&'a str>,
    applicant: &'a str,
    /// What the decision itself set, for a service whose decision says more.
    details: Option<&'a str>,
}

/// The notice of a decision for a service without a document of its own.
fn decision_pdf(n: &Notice<'_>, now: OffsetDateTime) -> AppResult<Vec<u8>> {
    let Notice {
        title,
        authority,
        number,
        applied,
        agency_number,
        applicant,
        details,
    } = *n;
    let mut pdf = Pdf::new("Уведомление о результате предоставления услуги", now);
    pdf.heading("Уведомление о результате предоставления государственной услуги")
        .paragraph(&format!("Услуга: {title}"))
        .paragraph(&format!("Ведомство: {authority}"))
        .paragraph(&format!("Заявитель: {applicant}"))
        .paragraph(&format!(
            "Заявление № {number} от {}{}",
            ru_date(moscow(applied).date()),
            agency_number
                .map(|n| format!("; регистрационный номер в ведомстве: {n}"))
                .unwrap_or_default()
        ))
        .gap()
        .paragraph(&format!(
            "Решение: услуга предоставлена {}.",
            ru_date(moscow(now).date())
        ));
    if let Some(d) = details {
        pdf.paragraph(d);
    }
    pdf.gap().paragraph(
        "Уведомление подписано электронной подписью портала «Кабинет». Подлинность \
             проверяется приложением «Кабинет», в том числе без подключения к интернету.",
    );
    pdf.render().map_err(AppError::internal)
}

/// Issues the electronic result of application `id` (just decided «ready»), once.
/// Without a document-signing key the portal issues none (the decision stands;
/// the applicant sees no document).
pub(super) async fn issue(
    conn: &mut AnyConnection,
    state: &AppState,
    id: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    let Some(signer) = state.signer.as_ref() else {
        return Ok(());
    };
    let row = sqlx::query(
        "SELECT a.account_id, a.service_id, a.number, a.agency_number, a.created_at, \
         c.surname, c.first_name FROM applications a JOIN accounts c ON c.id = a.account_id \
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let account: String = row.try_get("account_id")?;
    let service_id: String = row.try_get("service_id")?;
    let number: String = row.try_get("number")?;
    let (file_name, bytes) = if service_id == CERTIFICATE_SERVICE {
        certificate(&mut *conn, state, &account, &number, now).await?
    } else {
        let service = catalogue_service(&service_id)?.ok_or_else(|| {
            AppError::internal("an application for a service not in the catalogue")
        })?;
        let catalogue =
            kabinet_core::services::catalogue::built_in().map_err(AppError::internal)?;
        let authority = catalogue
            .authorities
            .iter()
            .find(|a| a.id == service.authority)
            .map_or_else(|| service.authority.clone(), |a| a.name.ru.clone());
        // The confirmed name from the standard level up, else the account's own.
        let (level, _) = accounts::level_and_contact(&mut *conn, &account).await?;
        let confirmed = if level >= AccountLevel::Standard {
            profile::submission(&mut *conn, state, &account).await?
        } else {
            None
        };
        let applicant = match confirmed {
            Some(p) => profile::full_name(&p),
            None => format!(
                "{} {}",
                row.try_get::<String, _>("surname")?,
                row.try_get::<String, _>("first_name")?
            ),
        };
        let applied = OffsetDateTime::from_unix_timestamp(row.try_get("created_at")?)
            .map_err(AppError::internal)?;
        let agency_number: Option<String> = row.try_get("agency_number")?;
        let details = if service_id == kabinet_core::pension::edv::EDV_SERVICE {
            let answers = super::applications::answers_of(&mut *conn, state, id).await?;
            Some(crate::pension::edv::decision_text(
                &answers,
                moscow(applied).date(),
            )?)
        } else {
            None
        };
        let pdf = decision_pdf(
            &Notice {
                title: &service.title.ru,
                authority: &authority,
                number: &number,
                applied,
                agency_number: agency_number.as_deref(),
                applicant: &applicant,
                details: details.as_deref(),
            },
            now,
        )?;
        (format!("Результат услуги {number}.pdf"), pdf)
    };
    let signature = signer.sign_bytes(&bytes).map_err(AppError::internal)?;
    let b64 = &base64::engine::general_purpose::STANDARD;
    sqlx::query(
        "INSERT INTO application_results (application_id, file_name, content_sealed, signature, \
         signer_chain, signed_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(id)
    .bind(&file_name)
    .bind(state.key.seal(&content_context(id), &bytes))
    .bind(b64.encode(signature))
    .bind(serde_json::to_string(signer.chain_pem()).map_err(AppError::internal)?)
    .bind(now.unix_timestamp())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What the applicant's view says of the result: its name and when it was signed.
pub(super) async fn document_of(
    conn: &mut AnyConnection,
    id: &str,
) -> AppResult<Option<ResultDocument>> {
    let Some(row) = sqlx::query(
        "SELECT file_name, signed_at FROM application_results WHERE application_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(ResultDocument {
        file_name: row.try_get("file_name")?,
        signed_at: OffsetDateTime::from_unix_timestamp(row.try_get("signed_at")?)
            .map_err(AppError::internal)?,
    }))
}

#[utoipa::path(get, path = "/api/v1/me/applications/{id}/result", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "the application's id")),
    responses((status = 200, body = SignedFile, description = "the result, signed by the portal"),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError, description = "no such application of this account, or no result yet")))]
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(id): Path<String>,
) -> AppResult<Json<SignedFile>> {
    let row = sqlx::query(
        "SELECT r.file_name, r.content_sealed, r.signature, r.signer_chain, r.signed_at \
         FROM application_results r JOIN applications a ON a.id = r.application_id \
         WHERE r.application_id = $1 AND a.account_id = $2",
    )
    .bind(&id)
    .bind(&auth.account_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(not_found_error)?;
    let bytes = state
        .key
        .open(
            &content_context(&id),
            &row.try_get::<String, _>("content_sealed")?,
        )
        .ok_or_else(|| AppError::internal("a stored result does not decrypt"))?;
    Ok(Json(SignedFile {
        file_name: row.try_get("file_name")?,
        media_type: "application/pdf".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        signature_base64: row.try_get("signature")?,
        signer_chain_pem: serde_json::from_str(&row.try_get::<String, _>("signer_chain")?)
            .map_err(AppError::internal)?,
        signed_at: OffsetDateTime::from_unix_timestamp(row.try_get("signed_at")?)
            .map_err(AppError::internal)?,
    }))
}
