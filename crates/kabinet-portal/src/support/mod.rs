//! Support: a signed-in citizen writes to the support desk (`POST /me/support`) —
//! a topic, a description, optionally a screenshot (an attachment claimed by the
//! ticket) and the app's technical details (versions and error codes only, refused
//! unless plain) — and gets a ticket number; `GET /me/support` lists the tickets
//! with their status and the desk's answer. The desk is at the edge of the world:
//! the development desk (the `support_reply` job) answers after `agency_delay`
//! with the topic's standard answer, told in the inbox and by SMS/e-mail.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use kabinet_core::api::notifications::{EventKind, EventPayload};
use kabinet_core::api::pension::Texts;
use kabinet_core::api::support::{NewTicket, TicketList, TicketStatus, TicketTopic, TicketView};
use kabinet_core::api::{ApiError, ErrorCode, FieldProblem};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;
use utoipa::OpenApi;

use crate::identity::accounts;
use crate::notifications;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::{ApiJson, Authenticated};
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::keys::random_id;
use crate::platform::limits::{self, Limit};
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::AppState;

pub const REPLY_JOB: &str = "support_reply";

/// Tickets per account: a person with a real problem writes a few, not dozens.
pub const TICKETS: Limit = Limit {
    max: 5,
    window: time::Duration::days(1),
};

#[derive(OpenApi)]
#[openapi(paths(submit, list))]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new().route("/me/support", get(list).post(submit))
}

fn message_context(id: &str) -> String {
    format!("support-ticket/{id}")
}

/// A number to quote on the phone: «ОБ-2026-» and 8 digits.
fn ticket_number(id: &str, now: OffsetDateTime) -> String {
    let d = Sha256::digest(id.as_bytes());
    let n = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]) % 100_000_000;
    format!("ОБ-{}-{n:08}", now.year())
}

/// The development desk's answer to a topic.
fn standard_answer(topic: TicketTopic) -> Texts {
    let (ru, en) = match topic {
        TicketTopic::SignIn => (
            "Если вход не удаётся, проверьте раскладку клавиатуры и Caps Lock. После нескольких неверных паролей вход временно приостанавливается — время, когда можно попробовать снова, показано на экране входа.",
            "If you cannot sign in, check the keyboard layout and Caps Lock. After several wrong passwords sign-in pauses for a while; the screen says when to try again.",
        ),
        TicketTopic::Account => (
            "Уровень учётной записи повышается на главной странице: «Личные данные» для стандартной, центр обслуживания или письмо с кодом — для подтверждённой.",
            "The account level goes up from Home: «Personal data» for standard, a service centre or a letter with a code for verified.",
        ),
        TicketTopic::Application => (
            "Статус заявления и каждое его изменение видны в «Моих заявлениях»; ведомство рассматривает заявление в срок, указанный на странице услуги.",
            "An application's status and every change are in «My applications»; the authority decides within the time the service's page states.",
        ),
        TicketTopic::Pension => (
            "Сведения о пенсионных правах и выплатах Социальный фонд обновляет ежемесячно. Если сумма или дата выплаты расходятся с ожидаемыми, закажите справку о назначенной пенсии в каталоге услуг.",
            "The Social Fund updates pension rights and payments monthly. If an amount or date is not what you expected, order the pension certificate in the catalogue.",
        ),
        TicketTopic::App => (
            "Спасибо, технические сведения получены. Обновите приложение до последней версии; если ошибка повторится, мы сообщим о её исправлении.",
            "Thank you, the technical details arrived. Please update the app; if the error comes back, we will tell you when it is fixed.",
        ),
        TicketTopic::Other => (
            "Спасибо за обращение. Ответ на частые вопросы есть на страницах услуг; по вашему вопросу мы свяжемся с вами, если понадобятся уточнения.",
            "Thank you for writing. The service pages answer the frequent questions; we will contact you if we need more details.",
        ),
    };
    Texts {
        ru: ru.into(),
        en: en.into(),
    }
}

fn instant(t: i64) -> AppResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(t).map_err(AppError::internal)
}

fn view_of_row(state: &AppState, r: &sqlx::any::AnyRow) -> AppResult<TicketView> {
    let id: String = r.try_get("id")?;
    let message = state
        .key
        .open(
            &message_context(&id),
            &r.try_get::<String, _>("message_sealed")?,
        )
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| AppError::internal("a stored ticket does not decrypt"))?;
    let answer = match (
        r.try_get::<Option<String>, _>("answer_ru")?,
        r.try_get::<Option<String>, _>("answer_en")?,
    ) {
        (Some(ru), Some(en)) => Some(Texts { ru, en }),
        _ => None,
    };
    Ok(TicketView {
        number: r.try_get("number")?,
        topic: TicketTopic::from_key(&r.try_get::<String, _>("topic")?)
            .ok_or_else(|| AppError::internal("stored ticket topic"))?,
        message,
        status: TicketStatus::from_key(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| AppError::internal("stored ticket status"))?,
        has_attachment: r.try_get::<Option<String>, _>("attachment_id")?.is_some(),
        has_diagnostics: r.try_get::<Option<String>, _>("diagnostics")?.is_some(),
        answer,
        created_at: instant(r.try_get("created_at")?)?,
        updated_at: instant(r.try_get("updated_at")?)?,
        id,
    })
}

const COLUMNS: &str = "id, number, topic, message_sealed, diagnostics, attachment_id, status, \
                       answer_ru, answer_en, created_at, updated_at";

#[utoipa::path(post, path = "/api/v1/me/support", tag = "support", security(("bearer" = [])),
    request_body = NewTicket,
    responses((status = 201, body = TicketView), (status = 401, body = ApiError),
        (status = 422, body = ApiError, description = "every problem with the ticket at once"),
        (status = 429, body = ApiError)))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Authenticated,
    idem: Idempotent,
    ApiJson(body): ApiJson<NewTicket>,
) -> AppResult<Answered> {
    let mut problems = body.problems();
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    let subject = state
        .key
        .hash("support-tickets", &[auth.account_id.as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    let id = random_id();
    // The screenshot: the account's own file, not yet part of anything.
    if let Some(file) = &body.attachment_id {
        let free: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM attachments WHERE id = $1 AND account_id = $2 \
             AND application_id IS NULL",
        )
        .bind(file)
        .bind(&auth.account_id)
        .fetch_optional(&mut *tx)
        .await?;
        if free.is_none() {
            problems.push(FieldProblem::new(
                "attachment_id",
                ErrorCode::AttachmentUnknown,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::validation(problems));
    }
    if let Some(file) = &body.attachment_id {
        crate::services::attachments::claim(
            &mut tx,
            &auth.account_id,
            &id,
            &[("attachment_id".to_owned(), file.clone())],
        )
        .await?;
    }
    let Some(topic) = body.topic else {
        return Err(AppError::internal("a checked ticket without a topic"));
    };
    limits::refuse_over(&mut tx, &subject, TICKETS, now, "too many support tickets").await?;
    limits::record(&mut tx, &subject, now).await?;
    let message = body.message.trim();
    let number = ticket_number(&id, now);
    sqlx::query(
        "INSERT INTO support_tickets (id, number, account_id, topic, message_sealed, diagnostics, \
         attachment_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(&id)
    .bind(&number)
    .bind(&auth.account_id)
    .bind(topic.key())
    .bind(state.key.seal(&message_context(&id), message.as_bytes()))
    .bind(
        body.diagnostics
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(AppError::internal)?,
    )
    .bind(&body.attachment_id)
    .bind(TicketStatus::Received.key())
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    let job = NewJob {
        run_at: now + state.agency_delay,
        ..NewJob::now(REPLY_JOB, json!({ "ticket_id": id }), now)
    };
    jobs::enqueue(&mut tx, &job, now).await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM support_tickets WHERE id = $1"
    ))
    .bind(&id)
    .fetch_one(&mut *tx)
    .await?;
    let view = view_of_row(&state, &row)?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &view)
        .await?;
    tx.commit().await?;
    Ok(answer)
}

#[utoipa::path(get, path = "/api/v1/me/support", tag = "support", security(("bearer" = [])),
    responses((status = 200, body = TicketList), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<TicketList>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM support_tickets WHERE account_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT 100"
    ))
    .bind(&auth.account_id)
    .fetch_all(&state.db.pool)
    .await?;
    let tickets = rows
        .iter()
        .map(|r| view_of_row(&state, r))
        .collect::<AppResult<_>>()?;
    Ok(Json(TicketList { tickets }))
}

/// The development desk answers a ticket once, with its topic's standard answer.
pub async fn reply_job(state: AppState, payload: serde_json::Value) -> Result<Outcome, JobError> {
    let Some(id) = payload["ticket_id"].as_str() else {
        return Err(JobError::permanent("support_reply without ticket_id"));
    };
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    let Some(row) = sqlx::query(
        "SELECT account_id, number, topic FROM support_tickets WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(TicketStatus::Received.key())
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Outcome::Done);
    };
    let account: String = row.try_get("account_id")?;
    let number: String = row.try_get("number")?;
    let topic = TicketTopic::from_key(&row.try_get::<String, _>("topic")?)
        .ok_or_else(|| JobError::permanent("stored ticket topic"))?;
    let answer = standard_answer(topic);
    let answered = sqlx::query(
        "UPDATE support_tickets SET status = $1, answer_ru = $2, answer_en = $3, updated_at = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(TicketStatus::Answered.key())
    .bind(&answer.ru)
    .bind(&answer.en)
    .bind(now.unix_timestamp())
    .bind(id)
    .bind(TicketStatus::Received.key())
    .execute(&mut *tx)
    .await?;
    if answered.rows_affected() != 1 {
        return Ok(Outcome::Done);
    }
    let told = EventPayload {
        text: Texts {
            ru: format!("Служба поддержки ответила на обращение {number}"),
            en: format!("Support answered your request {number}"),
        },
        application: None,
    };
    notifications::publish(&mut tx, &account, EventKind::SupportAnswered, &told, now).await?;
    let (_, contact) = accounts::level_and_contact(&mut *tx, &account)
        .await
        .map_err(|e| JobError::retry(format!("{e:?}")))?;
    messaging::send(
        &mut tx,
        &NewMessage::to_contact(
            &contact,
            || format!("Обращение {number} / Request {number}"),
            format!(
                "Кабинет: на обращение {number} есть ответ — он в приложении.\n\
                 Kabinet: your request {number} has an answer — see the app."
            ),
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_read_out_on_the_phone() {
        let now = time::macros::datetime!(2026-12-04 10:00 UTC);
        let n = ticket_number("abc", now);
        assert!(n.starts_with("ОБ-2026-"), "{n}");
        assert_eq!(n.chars().count(), "ОБ-2026-".chars().count() + 8);
        assert_eq!(n, ticket_number("abc", now), "stable");
        assert_ne!(n, ticket_number("abd", now));
    }

    #[test]
    fn every_topic_has_an_answer_in_both_languages() {
        for topic in [
            TicketTopic::SignIn,
            TicketTopic::Account,
            TicketTopic::Application,
            TicketTopic::Pension,
            TicketTopic::App,
            TicketTopic::Other,
        ] {
            let a = standard_answer(topic);
            assert!(a.ru.len() > 40 && a.en.len() > 40, "{topic:?}");
        }
    }
}
