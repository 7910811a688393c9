//! A request to the fund without an account (PRODUCT.md §3, «without
//! registration»): `POST /api/v1/fund/requests` takes a name, a phone or e-mail,
//! a topic and the question — every problem at once, at most 3 a day for one
//! contact (checked and recorded in one transaction) — and answers with a number
//! and the day the fund answers by; the contact is told the number. `POST
//! /api/v1/fund/requests/status` with the number and the same contact says where
//! it stands (and the answer), and nothing else of it.
//!
//! The fund's desk is at the edge of the world: the development desk (the
//! `fund_reply` job) answers after `agency_delay` with the topic's standard
//! answer, sent to the contact once.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use kabinet_core::api::fund::{
    ANSWER_DAYS, FundRequestLookup, FundRequestStatus, FundRequestView, FundTopic, NewFundRequest,
};
use kabinet_core::api::pension::Texts;
use kabinet_core::api::{ApiError, ErrorCode};
use kabinet_core::auth::contact::Contact;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::ApiJson;
use crate::platform::http::idempotency::{Answered, Idempotent};
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::keys::random_id;
use crate::platform::limits::{self, Limit};
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::AppState;

pub const REPLY_JOB: &str = "fund_reply";

/// Requests from one contact.
pub const REQUESTS: Limit = Limit {
    max: 3,
    window: time::Duration::days(1),
};

/// Status asks for one number (guessing the contact is not a way in).
pub const LOOKUPS: Limit = Limit {
    max: 30,
    window: time::Duration::hours(1),
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/fund/requests", post(submit))
        .route("/fund/requests/status", post(status))
}

fn seal_context(id: &str) -> String {
    format!("fund-request/{id}")
}

/// «СФР-2026-» and 8 digits, to quote on the phone.
fn request_number(id: &str, now: OffsetDateTime) -> String {
    let d = Sha256::digest(id.as_bytes());
    let n = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]) % 100_000_000;
    format!("СФР-{}-{n:08}", super::payments::moscow_today(now).year())
}

/// A number as typed — «сфр-2026-…», «SFR 2026 …» or the 12 digits alone — in
/// its one written form.
fn normal_number(typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 12 {
        format!("СФР-{}-{}", &digits[..4], &digits[4..])
    } else {
        typed.trim().to_uppercase()
    }
}

fn contact_hash(state: &AppState, contact: &Contact) -> String {
    state
        .key
        .hash("fund-request-contact", &[contact.as_str().as_bytes()])
}

/// The development desk's answer to a topic.
fn standard_answer(topic: FundTopic) -> Texts {
    let (ru, en) = match topic {
        FundTopic::Pension => (
            "Назначить пенсию можно заявлением в личном кабинете или в клиентской службе фонда. Право на страховую пенсию по старости дают возраст, не меньше 15 лет стажа и 30 пенсионных баллов; сколько уже заработано, видно в личном кабинете после подтверждения СНИЛС.",
            "A pension is assigned on an application in the personal account or at a client service. The old-age insurance pension needs the age, at least 15 years of record and 30 pension points; what you have earned shows in the account once the SNILS is confirmed.",
        ),
        FundTopic::Payments => (
            "Пенсия доставляется в день, выбранный при назначении (с 3-го по 25-е число); если он выпадает на выходной или праздник — в рабочий день перед ним. Способ доставки меняется заявлением, в том числе в личном кабинете.",
            "A pension is delivered on the day chosen when it was assigned (the 3rd to the 25th); on a weekend or holiday, the working day before. The delivery is changed on an application, also in the personal account.",
        ),
        FundTopic::MaternityCapital => (
            "Сертификат на материнский капитал оформляется без заявления после рождения ребёнка по сведениям органов ЗАГС. Распорядиться средствами можно заявлением; после него документы приносят в клиентскую службу в течение 5 рабочих дней.",
            "The maternity capital certificate is issued without an application after a birth, from the registry office. The capital is disposed of on an application; the documents are then brought to a client service within 5 working days.",
        ),
        FundTopic::Disability => (
            "Сведения об инвалидности поступают в федеральный реестр из бюро медико-социальной экспертизы; ЕДВ и пенсия по инвалидности назначаются по ним без заявления. Набор социальных услуг на следующий год выбирают заявлением до 1 октября.",
            "Disability details come to the federal register from the medical and social assessment bureau; the EDV and the disability pension are assigned from them without an application. The set of social services for the next year is chosen on an application by 1 October.",
        ),
        FundTopic::Record => (
            "Выписку о пенсионных правах можно получить в личном кабинете после подтверждения СНИЛС или в клиентской службе. Если работодатель не передал сведения, фонд направит ему запрос.",
            "The statement of pension rights is in the personal account once the SNILS is confirmed, or at a client service. If an employer did not report, the fund will ask them.",
        ),
        FundTopic::Other => (
            "Спасибо за обращение. Ответы на частые вопросы есть на страницах услуг фонда; специалист свяжется с вами, если понадобятся уточнения.",
            "Thank you for writing. The fund's service pages answer the frequent questions; a specialist will contact you if more details are needed.",
        ),
    };
    Texts {
        ru: ru.into(),
        en: en.into(),
    }
}

fn view_of_row(r: &sqlx::any::AnyRow) -> AppResult<FundRequestView> {
    let answer = match (
        r.try_get::<Option<String>, _>("answer_ru")?,
        r.try_get::<Option<String>, _>("answer_en")?,
    ) {
        (Some(ru), Some(en)) => Some(Texts { ru, en }),
        _ => None,
    };
    Ok(FundRequestView {
        number: r.try_get("number")?,
        topic: FundTopic::from_key(&r.try_get::<String, _>("topic")?)
            .ok_or_else(|| AppError::internal("stored request topic"))?,
        status: FundRequestStatus::from_key(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| AppError::internal("stored request status"))?,
        registered_at: OffsetDateTime::from_unix_timestamp(r.try_get("created_at")?)
            .map_err(AppError::internal)?,
        answer_by: kabinet_core::date::parse(&r.try_get::<String, _>("answer_by")?)
            .map_err(AppError::internal)?,
        answer,
    })
}

const COLUMNS: &str = "number, topic, status, answer_ru, answer_en, answer_by, created_at";

#[utoipa::path(post, path = "/api/v1/fund/requests", tag = "pension",
    request_body = NewFundRequest,
    responses((status = 201, body = FundRequestView),
        (status = 422, body = ApiError, description = "every problem with the request at once"),
        (status = 429, body = ApiError)))]
pub async fn submit(
    State(state): State<AppState>,
    idem: Idempotent,
    ApiJson(body): ApiJson<NewFundRequest>,
) -> AppResult<Answered> {
    let problems = body.problems();
    if !problems.is_empty() {
        return Err(AppError::validation(problems));
    }
    let (Ok(contact), Some(topic)) = (Contact::parse(&body.contact), body.topic) else {
        return Err(AppError::internal(
            "a checked request without a contact or topic",
        ));
    };
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    let subject = state
        .key
        .hash("fund-requests", &[contact.as_str().as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    limits::refuse_over(
        &mut tx,
        &subject,
        REQUESTS,
        now,
        "too many requests from one contact",
    )
    .await?;
    limits::record(&mut tx, &subject, now).await?;
    let id = random_id();
    let number = request_number(&id, now);
    let today = super::payments::moscow_today(now);
    let answer_by = today + time::Duration::days(ANSWER_DAYS);
    let sealed = json!({
        "surname": body.surname.trim(),
        "first_name": body.first_name.trim(),
        "patronymic": body.patronymic.trim(),
        "contact": contact.as_str(),
        "snils": body.snils.trim(),
        "question": body.question.trim(),
    })
    .to_string();
    sqlx::query(
        "INSERT INTO fund_requests (id, number, contact_hash, sealed, topic, status, answer_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(&id)
    .bind(&number)
    .bind(contact_hash(&state, &contact))
    .bind(state.key.seal(&seal_context(&id), sealed.as_bytes()))
    .bind(topic.key())
    .bind(FundRequestStatus::Registered.key())
    .bind(answer_by.to_string())
    .bind(now.unix_timestamp())
    .execute(&mut *tx)
    .await?;
    messaging::send(
        &mut tx,
        &NewMessage::to_contact(
            &contact,
            || format!("Обращение {number} / Request {number}"),
            format!(
                "Социальный фонд: обращение {number} зарегистрировано, ответ — до {}.\n\
                 Social Fund: request {number} is registered; the answer comes by {answer_by}.",
                kabinet_core::pension::text::ru_date(answer_by)
            ),
        ),
        now,
    )
    .await?;
    let job = NewJob {
        run_at: now + state.agency_delay,
        ..NewJob::now(REPLY_JOB, json!({ "request_id": id }), now)
    };
    jobs::enqueue(&mut tx, &job, now).await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM fund_requests WHERE id = $1"
    ))
    .bind(&id)
    .fetch_one(&mut *tx)
    .await?;
    let view = view_of_row(&row)?;
    let answer = idem
        .answer_in(&mut tx, &state, StatusCode::CREATED, &view)
        .await?;
    tx.commit().await?;
    tracing::info!(topic = topic.key(), "fund request registered");
    Ok(answer)
}

#[utoipa::path(post, path = "/api/v1/fund/requests/status", tag = "pension",
    request_body = FundRequestLookup,
    responses((status = 200, body = FundRequestView),
        (status = 404, body = ApiError, description = "no request with this number and contact"),
        (status = 429, body = ApiError)))]
pub async fn status(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<FundRequestLookup>,
) -> AppResult<Json<FundRequestView>> {
    let number = normal_number(&body.number);
    let not_found = || {
        AppError::new(
            ErrorCode::NotFound,
            "no request with this number and contact",
        )
    };
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    let subject = state.key.hash("fund-request-lookups", &[number.as_bytes()]);
    limits::lock(&mut tx, &[&subject], now).await?;
    limits::refuse_over(&mut tx, &subject, LOOKUPS, now, "too many status asks").await?;
    limits::record(&mut tx, &subject, now).await?;
    tx.commit().await?;
    let Ok(contact) = Contact::parse(&body.contact) else {
        return Err(not_found());
    };
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM fund_requests WHERE number = $1 AND contact_hash = $2"
    ))
    .bind(&number)
    .bind(contact_hash(&state, &contact))
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(not_found)?;
    Ok(Json(view_of_row(&row)?))
}

/// The development desk answers a request once, to the contact it gave.
pub async fn reply_job(state: AppState, payload: serde_json::Value) -> Result<Outcome, JobError> {
    let Some(id) = payload["request_id"].as_str() else {
        return Err(JobError::permanent("fund_reply without request_id"));
    };
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    let Some(row) = sqlx::query(
        "SELECT number, topic, sealed FROM fund_requests WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(FundRequestStatus::Registered.key())
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Outcome::Done);
    };
    let number: String = row.try_get("number")?;
    let topic = FundTopic::from_key(&row.try_get::<String, _>("topic")?)
        .ok_or_else(|| JobError::permanent("stored request topic"))?;
    let sealed: serde_json::Value = state
        .key
        .open(&seal_context(id), &row.try_get::<String, _>("sealed")?)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| JobError::permanent("a stored request does not decrypt"))?;
    let contact = sealed["contact"]
        .as_str()
        .and_then(|c| Contact::parse(c).ok())
        .ok_or_else(|| JobError::permanent("a stored request without its contact"))?;
    let answer = standard_answer(topic);
    let answered = sqlx::query(
        "UPDATE fund_requests SET status = $1, answer_ru = $2, answer_en = $3, updated_at = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(FundRequestStatus::Answered.key())
    .bind(&answer.ru)
    .bind(&answer.en)
    .bind(now.unix_timestamp())
    .bind(id)
    .bind(FundRequestStatus::Registered.key())
    .execute(&mut *tx)
    .await?;
    if answered.rows_affected() != 1 {
        return Ok(Outcome::Done);
    }
    messaging::send(
        &mut tx,
        &NewMessage::to_contact(
            &contact,
            || format!("Ответ на обращение {number} / Answer to request {number}"),
            format!(
                "Социальный фонд, ответ на обращение {number}:\n{}",
                answer.ru
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
    fn request_numbers_read_out_on_the_phone() {
        let now = time::macros::datetime!(2026-12-04 10:00 UTC);
        let n = request_number("abc", now);
        assert!(n.starts_with("СФР-2026-"), "{n}");
        assert_eq!(n.chars().count(), "СФР-2026-".chars().count() + 8);
        assert_ne!(n, request_number("abd", now));
    }

    #[test]
    fn a_number_is_found_however_it_is_typed() {
        for typed in [
            "СФР-2026-01234567",
            "сфр-2026-01234567",
            "SFR-2026-01234567",
            " 2026 0123 4567 ",
            "202601234567",
        ] {
            assert_eq!(normal_number(typed), "СФР-2026-01234567", "{typed}");
        }
        assert_eq!(normal_number("СФР-2026-123"), "СФР-2026-123");
    }

    #[test]
    fn every_topic_has_an_answer_in_both_languages() {
        for topic in FundTopic::ALL {
            let a = standard_answer(topic);
            assert!(a.ru.len() > 40 && a.en.len() > 40, "{topic:?}");
        }
    }
}
