//! Applications for services: a citizen applies (`POST /api/v1/me/applications`,
//! idempotent, the account's level checked against the service's), follows them
//! (`GET /api/v1/me/applications`, each with every status it passed through) and is
//! told of every change by SMS or e-mail. Statuses move only through kabinet-core's
//! status machine ([`kabinet_core::services::status::apply`]).
//!
//! The agencies are at the edge of the world: the demo agency is the
//! `agency_step` job, which moves each application one step every `agency_delay`
//! the way an agency would — registered with its number, in progress, then ready
//! (electronic or paper, as the service issues it), a visit first for services
//! that end with one, or refused with a reason for some.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::api::applications::{
    Actor, ApplicationList, ApplicationView, Decision, Event, NewApplication, ResultForm, Status,
    StatusStep,
};
use kabinet_core::api::notifications::EventKind;
use kabinet_core::api::services::{ResultDelivery, Service};
use kabinet_core::api::{AccountLevel, ApiError, Channel, ErrorCode, FieldProblem};
use kabinet_core::services::status::apply;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::identity::accounts;
use crate::notifications;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::keys::random_id;
use crate::platform::limits::{self, Limit};
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::{AppState, instant};

pub const AGENCY_JOB: &str = "agency_step";

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

fn catalogue_service(id: &str) -> AppResult<Option<&'static Service>> {
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

/// The demo agency takes the application up after `agency_delay` (the
/// `agency_step` job, in the caller's transaction).
pub(super) async fn hand_to_agency(
    conn: &mut AnyConnection,
    state: &AppState,
    id: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    let job = NewJob {
        run_at: now + state.agency_delay,
        ..NewJob::now(AGENCY_JOB, json!({ "application_id": id }), now)
    };
    jobs::enqueue(&mut *conn, &job, now).await?;
    Ok(())
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

fn seal_context(id: &str) -> String {
    format!("application/{id}")
}

pub(super) async fn view_of(
    conn: &mut AnyConnection,
    state: &AppState,
    id: &str,
) -> AppResult<ApplicationView> {
    let row = sqlx::query(
        "SELECT id, number, service_id, status, agency_number, form_sealed, created_at \
         FROM applications WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let form = match row.try_get::<Option<String>, _>("form_sealed")? {
        None => serde_json::Value::Object(Default::default()),
        Some(sealed) => {
            let plain = state
                .key
                .open(&seal_context(id), &sealed)
                .ok_or_else(|| AppError::internal("stored application form does not decrypt"))?;
            serde_json::from_slice(&plain).map_err(AppError::internal)?
        }
    };
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
    Ok(ApplicationView {
        exchange,
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        service_id: row.try_get("service_id")?,
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
    sqlx::query(
        "INSERT INTO applications (id, number, account_id, service_id, state, status, form_sealed, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(&id)
    .bind(&number)
    .bind(&auth.account_id)
    .bind(&service.id)
    .bind(submitted.key())
    .bind(status_json(&submitted)?)
    .bind(sealed)
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    record_step(&mut tx, &id, &submitted, Actor::Citizen, now).await?;
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
    hand_to_agency(&mut tx, &state, &id, now).await?;
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

/// What the demo agency does next with an application in `current`: a fixed
/// share of applications is refused with a reason, services that end with a visit
/// ask for one first, the rest are issued the way the service issues them.
fn demo_agency_event(
    current: &Status,
    id: &str,
    service: Option<&Service>,
    now: OffsetDateTime,
) -> Option<Event> {
    let roll = Sha256::digest(id.as_bytes())[0];
    let issued = match service.map(|s| s.result) {
        Some(ResultDelivery::Electronic) => ResultForm::Electronic,
        _ => ResultForm::Paper,
    };
    let visit_first = service.is_some_and(|s| s.result == ResultDelivery::Visit);
    Some(match current {
        Status::Submitted => Event::Register {
            agency_number: format!("{}", 100_000 + u32::from(roll) * 317),
        },
        Status::Registered { .. } => Event::Start,
        Status::InProgress if roll % 8 == 0 => Event::Decide(Decision::Refused {
            reason: "Сведения в заявлении не совпадают с данными ведомства: проверьте паспортные данные и подайте заявление снова".into(),
        }),
        Status::InProgress if visit_first => Event::NeedVisit {
            at: (now.to_offset(time::macros::offset!(+3)) + time::Duration::days(3))
                .replace_time(time::macros::time!(10:00)),
            place: "Центр обслуживания «Тверской», Москва, ул. Тверская, д. 7".into(),
            bring: vec!["Паспорт гражданина РФ".into()],
        },
        Status::InProgress | Status::VisitNeeded { .. } => {
            Event::Decide(Decision::Ready { result: issued })
        }
        _ => return None,
    })
}

fn change_message(
    contact: &kabinet_core::auth::contact::Contact,
    number: &str,
    s: &Status,
) -> NewMessage {
    let channel = contact.channel();
    let (ru, en) = s.label();
    NewMessage {
        channel,
        to: contact.as_str().to_owned(),
        subject: (channel == Channel::Email)
            .then(|| format!("Заявление {number} / Application {number}")),
        body: format!("Кабинет: заявление {number} — {ru}.\nKabinet: application {number} — {en}."),
    }
}

/// The `agency_step` job: the demo agency moves the application one step on, tells
/// the citizen, then runs again after `agency_delay` until a decision.
pub async fn agency_job(state: AppState, payload: serde_json::Value) -> Result<Outcome, JobError> {
    let Some(id) = payload["application_id"].as_str().map(str::to_owned) else {
        return Err(JobError::permanent("agency_step without application_id"));
    };
    let now = state.now();
    let Some(row) = sqlx::query(
        "SELECT account_id, service_id, number, state, status FROM applications WHERE id = $1",
    )
    .bind(&id)
    .fetch_optional(&state.db.pool)
    .await?
    else {
        return Ok(Outcome::Done);
    };
    let account: String = row.try_get("account_id")?;
    let service_id: String = row.try_get("service_id")?;
    let number: String = row.try_get("number")?;
    let state_key: String = row.try_get("state")?;
    let current: Status = serde_json::from_str(&row.try_get::<String, _>("status")?)
        .map_err(|e| JobError::permanent(format!("stored status: {e}")))?;
    let service = catalogue_service(&service_id).ok().flatten();
    let Some(event) = demo_agency_event(&current, &id, service, now) else {
        return Ok(Outcome::Done);
    };
    let next = apply(&current, &event, Actor::Agency, now)
        .map_err(|e| JobError::permanent(e.to_string()))?;
    let agency_number = match &next {
        Status::Registered { agency_number } => Some(agency_number.clone()),
        _ => None,
    };
    let mut tx = state.db.pool.begin().await?;
    let moved = sqlx::query(
        "UPDATE applications SET state = $1, status = $2, updated_at = $3, \
         agency_number = COALESCE($4, agency_number) WHERE id = $5 AND state = $6",
    )
    .bind(next.key())
    .bind(serde_json::to_string(&next).map_err(|e| JobError::permanent(e.to_string()))?)
    .bind(now.unix_timestamp())
    .bind(agency_number)
    .bind(&id)
    .bind(&state_key)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        // Another run got there first; look again.
        return Ok(Outcome::RunAgainAt(now));
    }
    record_step(&mut tx, &id, &next, Actor::Agency, now)
        .await
        .map_err(|e| JobError::retry(format!("{e:?}")))?;
    let (_, contact) = accounts::level_and_contact(&mut *tx, &account)
        .await
        .map_err(|e| JobError::retry(format!("{e:?}")))?;
    messaging::send(&mut tx, &change_message(&contact, &number, &next), now).await?;
    let told = notifications::application_status(&id, &number, &service_id, &next);
    notifications::publish(&mut tx, &account, EventKind::ApplicationStatus, &told, now).await?;
    tx.commit().await?;
    state.jobs.wake();
    state.events.wake(&account);
    Ok(
        if next.is_terminal() || matches!(next, Status::Ready { .. } | Status::Refused { .. }) {
            Outcome::Done
        } else {
            Outcome::RunAgainAt(now + state.agency_delay)
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use time::macros::datetime;

    /// The demo agency's path for a service, from submitted to its decision.
    fn path(service_id: &str, id: &str) -> Vec<&'static str> {
        let now = datetime!(2026-12-03 09:00 UTC);
        let service = catalogue_service(service_id).unwrap();
        let mut s = Status::Submitted;
        let mut out = vec![s.key()];
        while let Some(e) = demo_agency_event(&s, id, service, now) {
            s = apply(&s, &e, Actor::Agency, now)
                .expect("the demo agency only sends allowed events");
            out.push(s.key());
        }
        out
    }

    #[test]
    fn the_demo_agency_walks_the_status_machine_to_a_decision() {
        // An id whose roll is not a refusal, and one whose roll is.
        let (kept, refused) = {
            let ids: Vec<String> = (0..64).map(|i| format!("id{i}")).collect();
            let roll = |id: &str| Sha256::digest(id.as_bytes())[0] % 8;
            (
                ids.iter().find(|i| roll(i) != 0).unwrap().clone(),
                ids.iter().find(|i| roll(i) == 0).unwrap().clone(),
            )
        };
        assert_eq!(
            path("sfr-pension-delivery", &kept),
            ["submitted", "registered", "in_progress", "ready"]
        );
        assert_eq!(
            path("sfr-pension-delivery", &refused),
            ["submitted", "registered", "in_progress", "refused"]
        );
        let visit = kabinet_core::services::catalogue::built_in()
            .unwrap()
            .services
            .iter()
            .find(|s| s.result == ResultDelivery::Visit)
            .expect("a service that ends with a visit");
        assert_eq!(
            path(&visit.id, &kept),
            [
                "submitted",
                "registered",
                "in_progress",
                "visit_needed",
                "ready"
            ]
        );
    }

    #[test]
    fn receipt_numbers_are_readable() {
        let n = receipt_number("abc", datetime!(2026-12-03 09:00 UTC));
        assert!(
            n.starts_with("ЗЛ-2026-") && n.len() == "ЗЛ-2026-".len() + 8,
            "{n}"
        );
    }
}
