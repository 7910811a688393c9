//! The agencies' side of applications. An authority works its applications through
//! its own machine-to-machine API (`/api/v1/agency/…`, a bearer credential per
//! agency client, issued by `kabinet-portal create-agency-client --authority ID`
//! and kept only as a keyed hash): it lists its applications, moves them through
//! kabinet-core's status machine (register under its number, start, ask for a visit,
//! decide) and gives a queue's current place. It sees only applications for its
//! own services; anyone else's look unknown.
//!
//! An authority without a live client of its own is served by the demo agency: the
//! `agency_step` job, which moves each application one step every `agency_delay`
//! the way an agency would — registered with its number, in progress (a queue
//! place that moves up for queue services), a visit first for services that end
//! with one, then ready, or refused with a reason for some.
//!
//! Both go through [`step`]: the move is recorded only if the application is still
//! in the status it was read in, so two agency calls, or an agency call and the
//! job, never both apply; each step tells the citizen in the inbox, and status
//! changes also by SMS or e-mail.

use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use kabinet_core::api::applications::{
    Actor, AgencyApplicationList, ApplicationView, Decision, Event, QueuePlace, ResultForm, Status,
};
use kabinet_core::api::notifications::{ApplicationRef, EventKind, EventPayload};
use kabinet_core::api::services::{ResultDelivery, Service};
use kabinet_core::api::{ApiError, ErrorCode, FieldProblem};
use kabinet_core::services::status::{DataProblem, Refusal, TransitionError, apply};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;
use utoipa::IntoParams;

use super::applications::{catalogue_service, record_step, view_of};
use crate::PortalError;
use crate::identity::accounts;
use crate::notifications;
use crate::pension::documents::CERTIFICATE_SERVICE;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, bearer_token};
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::keys::{is_token_shaped, random_id, random_token};
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::AppState;

pub const AGENCY_JOB: &str = "agency_step";

/// The longest queue a place can be given in.
const QUEUE_MAX: u32 = 1_000_000;

// ---------------------------------------------------------------- credentials

/// A new agency client: its secret is shown once and kept only hashed.
#[derive(Debug)]
pub struct CreatedAgencyClient {
    pub id: String,
    pub authority: String,
    /// The bearer credential (`Authorization: Bearer …`).
    pub secret: String,
}

fn secret_hash(state: &AppState, secret: &str) -> String {
    state.key.hash("agency-client", &[secret.as_bytes()])
}

/// Issues a credential for an authority of the catalogue.
pub async fn create_client(
    state: &AppState,
    authority: &str,
) -> Result<CreatedAgencyClient, PortalError> {
    let catalogue = kabinet_core::services::catalogue::built_in().map_err(PortalError::Config)?;
    if !catalogue.authorities.iter().any(|a| a.id == authority) {
        return Err(PortalError::Config(format!(
            "authority {authority:?}: not in the catalogue"
        )));
    }
    let id = random_id();
    let secret = random_token();
    sqlx::query(
        "INSERT INTO agency_clients (id, authority, secret_hash, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(authority)
    .bind(secret_hash(state, &secret))
    .bind(state.now().unix_timestamp())
    .execute(&state.db.pool)
    .await
    .map_err(|e| PortalError::Database(e.to_string()))?;
    Ok(CreatedAgencyClient {
        id,
        authority: authority.to_owned(),
        secret,
    })
}

/// An agency client signed in by its credential.
pub struct AgencyAuth {
    pub client_id: String,
    pub authority: String,
}

impl FromRequestParts<AppState> for AgencyAuth {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthenticated =
            || AppError::new(ErrorCode::Unauthenticated, "an agency credential is needed");
        let secret = bearer_token(&parts.headers)
            .filter(|t| is_token_shaped(t))
            .ok_or_else(unauthenticated)?;
        let row = sqlx::query(
            "SELECT id, authority FROM agency_clients WHERE secret_hash = $1 AND revoked_at IS NULL",
        )
        .bind(secret_hash(state, secret))
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(unauthenticated)?;
        Ok(AgencyAuth {
            client_id: row.try_get("id")?,
            authority: row.try_get("authority")?,
        })
    }
}

/// Whether the authority works its applications itself (a live client).
async fn has_own_client(conn: &mut AnyConnection, authority: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM agency_clients WHERE authority = $1 AND revoked_at IS NULL",
    )
    .bind(authority)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

// ---------------------------------------------------------------- one step

/// What an agency does to an application.
#[derive(Debug, Clone)]
pub(super) enum Action {
    Move(Event),
    /// The application's place in the queue now.
    Queue(u32),
}

/// The application as an agency sees it before a step.
pub(super) struct Current {
    pub id: String,
    pub status: Status,
    pub service: Option<&'static Service>,
    pub queue_position: Option<u32>,
}

#[derive(Debug)]
pub(super) enum Stepped {
    Moved(Status),
    Queued,
    /// Nothing to do (the chooser gave no action).
    Nothing,
    /// Someone else moved it meanwhile.
    Stale,
}

#[derive(Debug)]
pub(super) enum StepError {
    /// No such application for this authority.
    NotFound,
    Refused(TransitionError),
    /// A queue place for an application that is not waiting.
    NotQueued,
    Failed(AppError),
}

impl<E: Into<AppError>> From<E> for StepError {
    fn from(e: E) -> Self {
        StepError::Failed(e.into())
    }
}

fn position_of(v: Option<i64>) -> Option<u32> {
    v.and_then(|p| u32::try_from(p).ok())
}

fn change_message(
    contact: &kabinet_core::auth::contact::Contact,
    number: &str,
    s: &Status,
) -> NewMessage {
    let (ru, en) = s.label();
    NewMessage::to_contact(
        contact,
        || format!("Заявление {number} / Application {number}"),
        format!("Кабинет: заявление {number} — {ru}.\nKabinet: application {number} — {en}."),
    )
}

fn queue_message(id: &str, number: &str, service_id: &str, state: &str, p: u32) -> EventPayload {
    EventPayload {
        text: kabinet_core::api::pension::Texts {
            ru: format!("Заявление {number}: место в очереди — {p}"),
            en: format!("Application {number}: place in the queue — {p}"),
        },
        application: Some(ApplicationRef {
            id: id.to_owned(),
            number: number.to_owned(),
            service_id: service_id.to_owned(),
            state: state.to_owned(),
        }),
    }
}

/// One step of application `id` by `actor`: `choose` picks the action for its
/// current state. `authority`: only an application for this authority's services.
pub(super) async fn step(
    state: &AppState,
    id: &str,
    authority: Option<&str>,
    choose: impl FnOnce(&Current) -> Option<Action>,
) -> Result<Stepped, StepError> {
    let now = state.now();
    let Some(row) = sqlx::query(
        "SELECT account_id, service_id, number, state, status, queue_position \
         FROM applications WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    else {
        return Err(StepError::NotFound);
    };
    let account: String = row.try_get("account_id")?;
    let service_id: String = row.try_get("service_id")?;
    let number: String = row.try_get("number")?;
    let state_key: String = row.try_get("state")?;
    let service = catalogue_service(&service_id).ok().flatten();
    if authority.is_some_and(|a| service.is_none_or(|s| s.authority != a)) {
        return Err(StepError::NotFound);
    }
    let current = Current {
        id: id.to_owned(),
        status: serde_json::from_str(&row.try_get::<String, _>("status")?)
            .map_err(AppError::internal)?,
        service,
        queue_position: position_of(row.try_get("queue_position")?),
    };
    let Some(action) = choose(&current) else {
        return Ok(Stepped::Nothing);
    };
    let mut tx = state.db.pool.begin().await?;
    let stepped = match action {
        Action::Move(event) => {
            let next =
                apply(&current.status, &event, Actor::Agency, now).map_err(StepError::Refused)?;
            let agency_number = match &next {
                Status::Registered { agency_number } => Some(agency_number.clone()),
                _ => None,
            };
            let moved = sqlx::query(
                "UPDATE applications SET state = $1, status = $2, updated_at = $3, \
                 agency_number = COALESCE($4, agency_number) WHERE id = $5 AND state = $6",
            )
            .bind(next.key())
            .bind(serde_json::to_string(&next).map_err(AppError::internal)?)
            .bind(now.unix_timestamp())
            .bind(agency_number)
            .bind(id)
            .bind(&state_key)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() != 1 {
                return Ok(Stepped::Stale);
            }
            record_step(&mut tx, id, &next, Actor::Agency, now).await?;
            if matches!(
                next,
                Status::Ready {
                    result: ResultForm::Electronic
                }
            ) {
                super::results::issue(&mut tx, state, id, now).await?;
            }
            if matches!(next, Status::Ready { .. })
                && service_id == crate::pension::payments::DELIVERY_SERVICE
            {
                crate::pension::payments::apply_delivery_change(&mut tx, state, id, &account, now)
                    .await?;
            }
            if matches!(next, Status::Ready { .. })
                && service_id == crate::pension::disability::NSU_SERVICE
            {
                crate::pension::disability::apply_nsu_choice(&mut tx, state, id, &account, now)
                    .await?;
            }
            let (_, contact) = accounts::level_and_contact(&mut *tx, &account).await?;
            messaging::send(&mut tx, &change_message(&contact, &number, &next), now).await?;
            let told = notifications::application_status(id, &number, &service_id, &next);
            notifications::publish(&mut tx, &account, EventKind::ApplicationStatus, &told, now)
                .await?;
            Stepped::Moved(next)
        }
        Action::Queue(p) => {
            if !matches!(
                current.status,
                Status::Registered { .. } | Status::InProgress
            ) {
                return Err(StepError::NotQueued);
            }
            let moved = sqlx::query(
                "UPDATE applications SET queue_position = $1, updated_at = $2 \
                 WHERE id = $3 AND state = $4",
            )
            .bind(i64::from(p))
            .bind(now.unix_timestamp())
            .bind(id)
            .bind(&state_key)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() != 1 {
                return Ok(Stepped::Stale);
            }
            if current.queue_position != Some(p) {
                let told = queue_message(id, &number, &service_id, &state_key, p);
                notifications::publish(&mut tx, &account, EventKind::QueuePosition, &told, now)
                    .await?;
            }
            Stepped::Queued
        }
    };
    tx.commit().await?;
    state.jobs.wake();
    state.events.wake(&account);
    Ok(stepped)
}

// ---------------------------------------------------------------- the API

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// Only applications in this state (`submitted`, `in_progress`, …).
    pub state: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/agency/applications", tag = "agency", security(("agency" = [])),
    params(Filter),
    responses((status = 200, body = AgencyApplicationList), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    auth: AgencyAuth,
    Query(filter): Query<Filter>,
) -> AppResult<Json<AgencyApplicationList>> {
    let mut conn = state.db.pool.acquire().await?;
    let ids: Vec<String> = match filter.state.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => {
            sqlx::query_scalar(
                "SELECT id FROM applications WHERE authority = $1 AND state = $2 \
             ORDER BY created_at, id LIMIT 500",
            )
            .bind(&auth.authority)
            .bind(s)
            .fetch_all(&mut *conn)
            .await?
        }
        _ => sqlx::query_scalar(
            "SELECT id FROM applications WHERE authority = $1 ORDER BY created_at, id LIMIT 500",
        )
        .bind(&auth.authority)
        .fetch_all(&mut *conn)
        .await?,
    };
    let mut applications = Vec::with_capacity(ids.len());
    for id in ids {
        applications.push(view_of(&mut conn, &state, &id).await?);
    }
    Ok(Json(AgencyApplicationList {
        authority: auth.authority,
        applications,
    }))
}

fn data_problem(p: DataProblem) -> FieldProblem {
    match p {
        DataProblem::AgencyNumberEmpty => FieldProblem::new("agency_number", ErrorCode::Required),
        DataProblem::ReasonEmpty => FieldProblem::new("reason", ErrorCode::Required),
        DataProblem::PlaceEmpty => FieldProblem::new("place", ErrorCode::Required),
        DataProblem::BringItemEmpty => FieldProblem::new("bring", ErrorCode::Required),
        DataProblem::VisitNotInFuture => FieldProblem::new("at", ErrorCode::OutOfRange),
    }
}

fn step_error(e: StepError) -> AppError {
    match e {
        StepError::NotFound => crate::platform::http::not_found_error(),
        StepError::Refused(t) => match t.refusal {
            Refusal::InvalidData(p) => AppError::validation(vec![data_problem(p)]),
            Refusal::NotAllowed | Refusal::WrongActor => AppError::new(
                ErrorCode::TransitionRefused,
                format!("{} is not allowed in state {}", t.event, t.state),
            ),
        },
        StepError::NotQueued => AppError::new(
            ErrorCode::TransitionRefused,
            "a queue place is given only while the application is registered or in progress",
        ),
        StepError::Failed(e) => e,
    }
}

/// Runs one agency call's step; a concurrent move is reported as refused, the
/// caller reads the application again.
async fn agency_step(
    state: &AppState,
    auth: &AgencyAuth,
    id: &str,
    action: Action,
) -> AppResult<Json<ApplicationView>> {
    match step(state, id, Some(&auth.authority), |_| Some(action)).await {
        Ok(Stepped::Stale) => Err(AppError::new(
            ErrorCode::TransitionRefused,
            "the application moved meanwhile; read it again",
        )),
        Ok(_) => {
            tracing::info!(client = %auth.client_id, "agency moved an application");
            let mut conn = state.db.pool.acquire().await?;
            Ok(Json(view_of(&mut conn, state, id).await?))
        }
        Err(e) => Err(step_error(e)),
    }
}

#[utoipa::path(post, path = "/api/v1/agency/applications/{id}/events", tag = "agency", security(("agency" = [])),
    params(("id" = String, Path, description = "the application's id")),
    request_body = Event,
    responses((status = 200, body = ApplicationView), (status = 401, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn event(
    State(state): State<AppState>,
    auth: AgencyAuth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> AppResult<Json<ApplicationView>> {
    let event = kabinet_core::services::status::parse_event(&body)
        .map_err(|e| AppError::new(ErrorCode::MalformedRequest, e))?;
    agency_step(&state, &auth, &id, Action::Move(event)).await
}

#[utoipa::path(put, path = "/api/v1/agency/applications/{id}/queue", tag = "agency", security(("agency" = [])),
    params(("id" = String, Path, description = "the application's id")),
    request_body = QueuePlace,
    responses((status = 200, body = ApplicationView), (status = 401, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn queue(
    State(state): State<AppState>,
    auth: AgencyAuth,
    Path(id): Path<String>,
    ApiJson(place): ApiJson<QueuePlace>,
) -> AppResult<Json<ApplicationView>> {
    if !(1..=QUEUE_MAX).contains(&place.position) {
        return Err(AppError::validation(vec![FieldProblem::new(
            "position",
            ErrorCode::OutOfRange,
        )]));
    }
    agency_step(&state, &auth, &id, Action::Queue(place.position)).await
}

// ---------------------------------------------------------------- the demo agency

/// The demo agency takes the application up after `agency_delay` (the
/// `agency_step` job, in the caller's transaction), unless its authority works its
/// applications itself.
pub(super) async fn hand_to_agency(
    conn: &mut AnyConnection,
    state: &AppState,
    id: &str,
    authority: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    if has_own_client(conn, authority).await? {
        return Ok(());
    }
    let job = NewJob {
        run_at: now + state.agency_delay,
        ..NewJob::now(AGENCY_JOB, json!({ "application_id": id }), now)
    };
    jobs::enqueue(&mut *conn, &job, now).await?;
    Ok(())
}

/// Whether the service is a queue (a place is given and moves up).
/// What the fund's own records say of an application it can check before deciding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checked {
    /// Not a service the records settle.
    No,
    Eligible,
    Refused(&'static str),
}

impl Checked {
    fn refusal(self) -> Option<&'static str> {
        match self {
            Self::Refused(r) => Some(r),
            _ => None,
        }
    }
}

/// The fund changes the delivery only of a pension it pays, the set of social
/// services only of someone in the disability register, and assigns the EDV by
/// application only on a certificate the issuing authority's register holds for
/// the applicant.
async fn fund_check(
    conn: &mut AnyConnection,
    state: &AppState,
    application_id: &str,
    service_id: &str,
    account: &str,
) -> AppResult<Checked> {
    Ok(match service_id {
        crate::pension::payments::DELIVERY_SERVICE => {
            if crate::pension::payments::pays(conn, state, account).await? {
                Checked::Eligible
            } else {
                Checked::Refused(
                    "Фонд не выплачивает вам пенсию: менять способ её доставки нечему. Если вы подали заявление о назначении пенсии, способ доставки указывается в нём",
                )
            }
        }
        crate::pension::disability::NSU_SERVICE => {
            if crate::pension::disability::registered(conn, state, account).await? {
                Checked::Eligible
            } else {
                Checked::Refused(
                    "В федеральном реестре инвалидов нет сведений о вас: набор социальных услуг положен тем, кто получает ежемесячную денежную выплату. Если инвалидность установлена недавно, сведения поступят в реестр из бюро медико-социальной экспертизы",
                )
            }
        }
        kabinet_core::pension::edv::EDV_SERVICE => {
            match crate::pension::edv::check(conn, state, application_id, account)
                .await?
                .refusal()
            {
                None => Checked::Eligible,
                Some(reason) => Checked::Refused(reason),
            }
        }
        _ => Checked::No,
    })
}

fn is_queue(service: Option<&Service>) -> bool {
    service.is_some_and(|s| s.form == "kindergarten")
}

/// What the demo agency does next with an application: a queue service's place
/// moves up by a few each step until the child is first, a fixed share is then
/// refused with a reason (before anything else, for other services), services that end with a visit ask
/// for one first, the rest are issued the way the service issues them.
/// `checked`: what the fund's own records say of an application it can check (it
/// refuses exactly those they rule out, and no others).
fn demo_agency_action(c: &Current, now: OffsetDateTime, checked: Checked) -> Option<Action> {
    let roll = Sha256::digest(c.id.as_bytes())[0];
    let issued = match c.service.map(|s| s.result) {
        Some(ResultDelivery::Electronic) => ResultForm::Electronic,
        _ => ResultForm::Paper,
    };
    let visit_first = c.service.is_some_and(|s| s.result == ResultDelivery::Visit);
    let queue = is_queue(c.service);
    Some(Action::Move(match &c.status {
        Status::Submitted => Event::Register {
            agency_number: format!("{}", 100_000 + u32::from(roll) * 317),
        },
        Status::Registered { .. } => Event::Start,
        Status::InProgress if queue && c.queue_position.is_none_or(|p| p > 1) => {
            let next = match c.queue_position {
                None => 9 + u32::from(roll % 8),
                Some(p) => p.saturating_sub(4).max(1),
            };
            return Some(Action::Queue(next));
        }
        Status::InProgress if checked.refusal().is_some() => Event::Decide(Decision::Refused {
            reason: checked.refusal().unwrap_or_default().into(),
        }),
        // A certificate of what the fund knows is always issued (saying so when
        // it pays nothing); other services are now and then refused.
        Status::InProgress
            if roll % 8 == 0
                && checked == Checked::No
                && c.service.is_none_or(|s| s.id != CERTIFICATE_SERVICE) =>
        {
            Event::Decide(Decision::Refused {
            reason: "Сведения в заявлении не совпадают с данными ведомства: проверьте паспортные данные и подайте заявление снова".into(),
        })
        }
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
    }))
}

/// The `agency_step` job: the demo agency moves the application one step on, then
/// runs again after `agency_delay` until a decision. It stops if the authority has
/// since got a client of its own.
pub async fn agency_job(state: AppState, payload: serde_json::Value) -> Result<Outcome, JobError> {
    let Some(id) = payload["application_id"].as_str().map(str::to_owned) else {
        return Err(JobError::permanent("agency_step without application_id"));
    };
    let now = state.now();
    let Some(row) =
        sqlx::query("SELECT authority, account_id, service_id FROM applications WHERE id = $1")
            .bind(&id)
            .fetch_optional(&state.db.pool)
            .await?
    else {
        return Ok(Outcome::Done);
    };
    let authority: Option<String> = row.try_get("authority")?;
    let mut conn = state.db.pool.acquire().await?;
    if let Some(a) = authority
        && has_own_client(&mut conn, &a).await?
    {
        return Ok(Outcome::Done);
    }
    let service_id: String = row.try_get("service_id")?;
    let account: String = row.try_get("account_id")?;
    let checked = fund_check(&mut conn, &state, &id, &service_id, &account)
        .await
        .map_err(|e| JobError::retry(format!("{e:?}")))?;
    drop(conn);
    match step(&state, &id, None, |c| demo_agency_action(c, now, checked)).await {
        Ok(Stepped::Moved(next))
            if next.is_terminal()
                || matches!(next, Status::Ready { .. } | Status::Refused { .. }) =>
        {
            Ok(Outcome::Done)
        }
        Ok(Stepped::Moved(_) | Stepped::Queued) => {
            Ok(Outcome::RunAgainAt(now + state.agency_delay))
        }
        // Another run got there first; look again.
        Ok(Stepped::Stale) => Ok(Outcome::RunAgainAt(now)),
        Ok(Stepped::Nothing) | Err(StepError::NotFound) => Ok(Outcome::Done),
        Err(StepError::Refused(e)) => Err(JobError::permanent(e.to_string())),
        Err(StepError::NotQueued) => Err(JobError::permanent("queue place out of state")),
        Err(StepError::Failed(e)) => Err(JobError::retry(format!("{e:?}"))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use time::macros::datetime;

    /// The demo agency's path for a service, from submitted to its decision.
    fn path(service_id: &str, id: &str) -> Vec<String> {
        let now = datetime!(2026-12-03 09:00 UTC);
        let mut c = Current {
            id: id.into(),
            status: Status::Submitted,
            service: catalogue_service(service_id).unwrap(),
            queue_position: None,
        };
        let mut out = vec![c.status.key().to_owned()];
        while let Some(a) = demo_agency_action(&c, now, Checked::No) {
            match a {
                Action::Move(e) => {
                    c.status = apply(&c.status, &e, Actor::Agency, now)
                        .expect("the demo agency only sends allowed events");
                    out.push(c.status.key().to_owned());
                }
                Action::Queue(p) => {
                    assert!(c.queue_position.is_none_or(|q| p < q), "the place moves up");
                    c.queue_position = Some(p);
                    out.push(format!("queue {p}"));
                }
            }
        }
        out
    }

    fn ids() -> (String, String) {
        let ids: Vec<String> = (0..64).map(|i| format!("id{i}")).collect();
        let roll = |id: &str| Sha256::digest(id.as_bytes())[0] % 8;
        (
            ids.iter().find(|i| roll(i) != 0).unwrap().clone(),
            ids.iter().find(|i| roll(i) == 0).unwrap().clone(),
        )
    }

    #[test]
    fn the_demo_agency_walks_the_status_machine_to_a_decision() {
        // An id whose roll is not a refusal, and one whose roll is.
        let (kept, refused) = ids();
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
    fn in_a_queue_the_demo_agency_moves_the_place_up_to_first_then_offers_it() {
        let (kept, _) = ids();
        let p = path("mos-kindergarten-queue", &kept);
        assert_eq!(p[..3], ["submitted", "registered", "in_progress"]);
        assert_eq!(p.last().map(String::as_str), Some("ready"));
        let places: Vec<&String> = p.iter().filter(|s| s.starts_with("queue")).collect();
        assert!(places.len() >= 3, "{p:?}");
        assert_eq!(places.last().map(|s| s.as_str()), Some("queue 1"), "{p:?}");
    }
}
