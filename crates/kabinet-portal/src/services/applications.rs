//! Applications for services: a citizen applies (`POST /api/v1/me/applications`,
//! idempotent, the account's level checked against the service's), follows them
//! (`GET /api/v1/me/applications`, each with every status it passed through) and is
//! told of every change by SMS or e-mail. Statuses move only through kabinet-core's
//! status machine ([`kabinet_core::services::status::apply`]).
//!
//! The agencies move them, through their own API or the demo agency
//! ([`super::agency`]). A service whose documents are brought in person within
//! some working days of applying (maternity capital) gets that day at submission,
//! on the production calendar ([`kabinet_core::services::workdays`]).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::applications::{
    Actor, ApplicationList, ApplicationView, Event, NewApplication, Status, StatusStep, VisitDue,
};
use kabinet_core::api::notifications::EventKind;
use kabinet_core::api::services::Service;
use kabinet_core::api::{AccountLevel, ApiError, ErrorCode, FieldProblem};
use kabinet_core::services::status::apply;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::identity::accounts;
use crate::notifications;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::keys::random_id;
use crate::platform::limits::{self, Limit};
use crate::platform::state::{AppState, instant};

/// Applications per account: enough for a family's errands, not a flood of
/// agency work and messages.
pub const APPLICATIONS: Limit = Limit {
    max: 20,
    window: time::Duration::hours(24),
};

fn label(s: &Status) -> kabinet_core::api::pension::Texts {
    let (ru, en) = s.label();
    kabinet_core::api::pension::Texts {
        ru: ru.into(),
        en: en.into(),
    }
}

pub(super) fn catalogue_service(id: &str) -> AppResult<Option<&'static Service>> {
    let c = kabinet_core::services::catalogue::built_in().map_err(AppError::internal)?;
    Ok(c.service(id))
}

fn actor_key(a: Actor) -> &'static str {
    match a {
        Actor::Citizen => "citizen",
        Actor::Agency => "agency",
        Actor::Portal => "portal",
    }
}

fn status_json(s: &Status) -> AppResult<String> {
    serde_json::to_string(s).map_err(AppError::internal)
}

/// A receipt number a citizen can read out on the phone: year and 8 digits.
fn receipt_number(id: &str, now: OffsetDateTime) -> String {
    let d = Sha256::digest(id.as_bytes());
    let n = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]) % 100_000_000;
    format!("ЗЛ-{}-{n:08}", now.year())
}

pub(super) async fn record_step(
    conn: &mut AnyConnection,
    id: &str,
    status: &Status,
    actor: Actor,
    at: OffsetDateTime,
) -> AppResult<()> {
    let seq: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM application_history WHERE application_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO application_history (application_id, seq, state, status, actor, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(seq)
    .bind(status.key())
    .bind(status_json(status)?)
    .bind(actor_key(actor))
    .bind(at.unix_timestamp())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where and what to bring by `date` for a service that asks for it.
fn visit_due(service: Option<&Service>, date: String, confirmed: bool) -> Option<VisitDue> {
    let service = service?;
    Some(VisitDue {
        date,
        working_days: service.visit_within_working_days?,
        confirmed,
        place: kabinet_core::api::pension::Texts {
            ru: "Любая клиентская служба СФР или МФЦ «Мои документы»".into(),
            en: "Any client office of the Social Fund (SFR) or an MFC «My Documents» centre".into(),
        },
        bring: service
            .documents
            .iter()
            .filter(|d| d.in_person)
            .map(|d| d.name.clone())
            .collect(),
    })
}

/// The last day to bring documents in person, counted in working days from the
/// day of applying in Moscow time; `None` if the service does not ask for it or
/// the production calendar does not reach that far (then the agency says).
fn visit_by(service: &Service, now: OffsetDateTime) -> Option<(String, bool)> {
    let n = service.visit_within_working_days?;
    let today = now.to_offset(time::macros::offset!(+3)).date();
    match kabinet_core::services::workdays::deadline(today, n) {
        Ok(d) => Some((d.date.to_string(), d.confirmed)),
        Err(e) => {
            tracing::warn!(error = %e, "no visit deadline: the production calendar");
            None
        }
    }
}

fn seal_context(id: &str) -> String {
    format!("application/{id}")
}

fn opened(state: &AppState, id: &str, sealed: Option<String>) -> AppResult<serde_json::Value> {
    match sealed {
        None => Ok(serde_json::Value::Object(Default::default())),
        Some(sealed) => {
            let plain = state
                .key
                .open(&seal_context(id), &sealed)
                .ok_or_else(|| AppError::internal("stored application form does not decrypt"))?;
            serde_json::from_slice(&plain).map_err(AppError::internal)
        }
    }
}

/// What the citizen filled in, as sent (an empty object for a paper application).
pub(crate) async fn answers_of(
    conn: &mut AnyConnection,
    state: &AppState,
    id: &str,
) -> AppResult<serde_json::Value> {
    let sealed: Option<String> =
        sqlx::query_scalar("SELECT form_sealed FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    opened(state, id, sealed)
}

pub(super) async fn view_of(
    conn: &mut AnyConnection,
    state: &AppState,
    id: &str,
) -> AppResult<ApplicationView> {
    let row = sqlx::query(
        "SELECT id, number, service_id, status, agency_number, form_sealed, created_at, \
         queue_position, visit_by, visit_by_confirmed FROM applications WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let form = opened(state, id, row.try_get("form_sealed")?)?;
    let status: Status =
        serde_json::from_str(&row.try_get::<String, _>("status")?).map_err(AppError::internal)?;
    let mut history = Vec::new();
    for h in sqlx::query(
        "SELECT status, at FROM application_history WHERE application_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let s: Status =
            serde_json::from_str(&h.try_get::<String, _>("status")?).map_err(AppError::internal)?;
        history.push(StatusStep {
            label: label(&s),
            status: s,
            at: instant(h.try_get("at")?),
        });
    }
    let exchange = super::exchange::steps(conn, id).await?;
    let service_id: String = row.try_get("service_id")?;
    let visit_by = match row.try_get::<Option<String>, _>("visit_by")? {
        None => None,
        Some(date) => visit_due(
            catalogue_service(&service_id)?,
            date,
            row.try_get::<Option<i64>, _>("visit_by_confirmed")? == Some(1),
        ),
    };
    let attachments = super::attachments::of_application(conn, state, id).await?;
    Ok(ApplicationView {
        result_document: super::results::document_of(conn, id).await?,
        attachments,
        exchange,
        queue_position: row
            .try_get::<Option<i64>, _>("queue_position")?
            .and_then(|p| u32::try_from(p).ok()),
        visit_by,
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        service_id,
        label: label(&status),
        status,
        agency_number: row.try_get("agency_number")?,
        form,
        created_at: instant(row.try_get("created_at")?),
        history,
    })
}

#[utoipa::path(post, path = "/api/v1/me/applications", tag = "services", security(("bearer" = [])),
    request_body = NewApplication,
    responses((status = 201, body = ApplicationView), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 422, body = ApiError), (status = 429, body = ApiError)))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Authenticated,
    idem: Idempotent,
    ApiJson(body): ApiJson<NewApplication>,
) -> AppResult<Answered> {
    let now = state.now();
    let Some(service) = catalogue_service(&body.service_id)? else {
        return Err(AppError::validation(vec![FieldProblem::new(
            "service_id",
            ErrorCode::NotFound,
        )]));
    };
    // The same schema and checks as the app's, before anything is recorded.
    let schema = kabinet_core::services::catalogue::built_in()
        .map_err(AppError::internal)?
        .forms
        .get(&service.form)
        .ok_or_else(|| AppError::internal("the service's form is missing"))?;

    let mut tx = state.db.pool.begin().await?;
    // Checked and recorded in this transaction, serialised per account.
    let subject = state
        .key
        .hash("applications", &[auth.account_id.as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    let (level, _) = accounts::level_and_contact(&mut *tx, &auth.account_id).await?;
    if level < service.min_level {
        let (code, what) = match service.min_level {
            AccountLevel::Verified => (ErrorCode::VerifiedLevelRequired, "verified"),
            _ => (ErrorCode::StandardLevelRequired, "standard"),
        };
        return Err(AppError::new(
            code,
            format!("this service needs a {what} account"),
        ));
    }
    let answers = kabinet_core::services::forms::check(schema, &body.form, now.date())
        .map_err(AppError::validation)?;
    limits::refuse_over(
        &mut tx,
        &subject,
        APPLICATIONS,
        now,
        "too many applications today",
    )
    .await?;
    limits::record(&mut tx, &subject, now).await?;
    let submitted =
        apply(&Status::Draft, &Event::Submit, Actor::Citizen, now).map_err(AppError::internal)?;
    let id = random_id();
    let number = receipt_number(&id, now);
    let sealed = state.key.seal(
        &seal_context(&id),
        &serde_json::to_vec(&answers).map_err(AppError::internal)?,
    );
    let due = visit_by(service, now);
    sqlx::query(
        "INSERT INTO applications (id, number, account_id, service_id, authority, state, status, \
         form_sealed, visit_by, visit_by_confirmed, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(&id)
    .bind(&number)
    .bind(&auth.account_id)
    .bind(&service.id)
    .bind(&service.authority)
    .bind(submitted.key())
    .bind(status_json(&submitted)?)
    .bind(sealed)
    .bind(due.as_ref().map(|d| d.0.clone()))
    .bind(due.as_ref().map(|d| i64::from(d.1)))
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    record_step(&mut tx, &id, &submitted, Actor::Citizen, now).await?;
    let named = kabinet_core::services::attachments::ids_in(schema, &answers);
    super::attachments::claim(&mut tx, &auth.account_id, &id, &named).await?;
    // What other authorities hold is asked of them, never of the citizen.
    super::exchange::request_all(&mut tx, &state, &id, service, now).await?;
    let told = notifications::application_status(&id, &number, &service.id, &submitted);
    notifications::publish(
        &mut tx,
        &auth.account_id,
        EventKind::ApplicationStatus,
        &told,
        now,
    )
    .await?;
    super::agency::hand_to_agency(&mut tx, &state, &id, &service.authority, now).await?;
    let view = view_of(&mut tx, &state, &id).await?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &view)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    state.events.wake(&auth.account_id);
    tracing::info!(service = %service.id, "application submitted");
    Ok(answer)
}

#[utoipa::path(get, path = "/api/v1/me/applications", tag = "services", security(("bearer" = [])),
    responses((status = 200, body = ApplicationList), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<ApplicationList>> {
    let mut conn = state.db.pool.acquire().await?;
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM applications WHERE account_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(&auth.account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut applications = Vec::with_capacity(ids.len());
    for id in ids {
        applications.push(view_of(&mut conn, &state, &id).await?);
    }
    Ok(Json(ApplicationList { applications }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use time::macros::datetime;

    #[test]
    fn receipt_numbers_are_readable() {
        let n = receipt_number("abc", datetime!(2026-12-03 09:00 UTC));
        assert!(
            n.starts_with("ЗЛ-2026-") && n.len() == "ЗЛ-2026-".len() + 8,
            "{n}"
        );
    }

    #[test]
    fn documents_are_due_five_working_days_after_applying_in_moscow_time() {
        let disposal = catalogue_service("sfr-maternity-capital-disposal")
            .unwrap()
            .unwrap();
        for (now, due) in [
            // Thursday: Fri, Mon, Tue, Wed, Thu.
            (datetime!(2026-12-03 09:00 UTC), "2026-12-10"),
            // Late Thursday UTC is already Friday in Moscow.
            (datetime!(2026-12-03 22:30 UTC), "2026-12-11"),
        ] {
            assert_eq!(
                visit_by(disposal, now),
                Some((due.to_owned(), true)),
                "{now}"
            );
        }
        // Over New Year: 30 December, then (31 December moved off, 1–8 January
        // holidays, the weekend) 11–14 January; 2027's decree is not in the table,
        // so the day may still move.
        assert_eq!(
            visit_by(disposal, datetime!(2026-12-29 09:00 UTC)),
            Some(("2027-01-14".to_owned(), false))
        );
        let delivery = catalogue_service("sfr-pension-delivery").unwrap().unwrap();
        assert_eq!(visit_by(delivery, datetime!(2026-12-03 09:00 UTC)), None);
    }
}
