//! «Моя пенсия»: the demo fund paying the pensions it has assigned
//! (`pension_persons.assigned_*`), and what the pensioner sees of it
//! (`GET /api/v1/me/pension/payments`).
//!
//! - **Payday** (`pension_payday`, a recurring job, hourly): each pensioner has a
//!   delivery day (3–25); a month's pension is credited on that day or the last
//!   working day before it ([`kabinet_core::pension::payments::pay_date`]), at the
//!   amount indexed with the pension point, the way the delivery in force that day
//!   says. A credit is a row keyed by person and month, written with its notice in
//!   one transaction: run twice, on two instances at once, or after a crash, each
//!   month is credited once and told once («money_credited» in the inbox and
//!   stream, a short SMS/e-mail without the amount). The first run for a pensioner
//!   fills in the last 12 months silently: the fund's history, not news.
//! - **Delivery** (bank account or post) changes through the service
//!   `sfr-pension-delivery`: when the fund decides it ready, the new way applies
//!   from the day the citizen asked for (not before tomorrow). Only the bank's BIC
//!   and the account's last four digits are kept. The demo fund refuses the change
//!   to someone it pays no pension.

use axum::Json;
use axum::extract::State;
use kabinet_core::api::ApiError;
use kabinet_core::api::notifications::{EventKind, EventPayload};
use kabinet_core::api::pension::{
    DeliveryChangeView, DeliveryMethod, DeliveryView, MyPensionView, PensionInPayment,
    PensionPaymentView, Texts,
};
use kabinet_core::pension::payments::{
    PayMonth, account_tail, amount_for, delivery_day_for, due_months, pay_date,
};
use kabinet_core::pension::text::ru_money;
use kabinet_core::services::workdays::{self, Calendar};
use rust_decimal::Decimal;
use sqlx::{AnyConnection, Row};
use time::{Date, Duration, OffsetDateTime};

use crate::notifications;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::Authenticated;
use crate::platform::jobs::{self, JobError, NewJob, Outcome};
use crate::platform::limits;
use crate::platform::messaging::{self, NewMessage};
use crate::platform::state::AppState;

pub const PAYDAY_JOB: &str = "pension_payday";
const PAYDAY_EVERY: Duration = Duration::hours(1);
/// The service that changes how the pension is delivered.
pub const DELIVERY_SERVICE: &str = "sfr-pension-delivery";
/// Months of history filled in, and shown.
const HISTORY: usize = 12;
/// The only kind the demo fund pays.
const KIND: &str = "old_age_insurance";

/// The fund's day: Moscow time.
pub(crate) fn moscow_today(now: OffsetDateTime) -> Date {
    now.to_offset(time::macros::offset!(+3)).date()
}

fn calendar() -> Result<&'static Calendar, String> {
    workdays::calendar().map_err(|e| e.to_string())
}

fn dec(s: &str) -> Result<Decimal, sqlx::Error> {
    s.parse()
        .map_err(|e| sqlx::Error::Decode(format!("pension amount {s}: {e}").into()))
}

fn day(s: &str) -> Result<Date, sqlx::Error> {
    kabinet_core::date::parse(s).map_err(|e| sqlx::Error::Decode(format!("date {s}: {e}").into()))
}

/// Schedules the payday (once per database, whatever the instances).
pub async fn schedule(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now();
    let mut conn = state.db.pool.acquire().await?;
    let job = NewJob {
        unique_key: Some(PAYDAY_JOB.to_owned()),
        ..NewJob::now(PAYDAY_JOB, serde_json::Value::Null, now)
    };
    jobs::enqueue(&mut conn, &job, now).await
}

/// The `pension_payday` job: [`payday`], then again in an hour.
pub async fn payday_job(state: AppState, _: serde_json::Value) -> Result<Outcome, JobError> {
    payday(&state).await?;
    Ok(Outcome::RunAgainAt(state.now() + PAYDAY_EVERY))
}

/// A pensioner as the fund pays them.
struct Payee {
    since: Date,
    monthly: Decimal,
    delivery_day: u8,
    known_on: Date,
}

/// Credits every pension due by today and not credited yet; how many were.
pub async fn payday(state: &AppState) -> Result<usize, JobError> {
    let now = state.now();
    let today = moscow_today(now);
    let calendar = calendar().map_err(JobError::permanent)?;
    let persons: Vec<String> = sqlx::query_scalar(
        "SELECT person FROM pension_persons \
         WHERE assigned_since IS NOT NULL AND assigned_monthly IS NOT NULL ORDER BY person",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut credited = 0;
    for person in persons {
        let mut tx = state.db.pool.begin().await?;
        // One payday at a time per pensioner (and SQLite's write lock taken first).
        limits::lock(&mut tx, &[&format!("pension-payday/{person}")], now).await?;
        let Some(payee) = payee(&mut tx, &person, Some(now)).await? else {
            continue;
        };
        let last: Option<String> =
            sqlx::query_scalar("SELECT MAX(month) FROM pension_payments WHERE person = $1")
                .bind(&person)
                .fetch_one(&mut *tx)
                .await?;
        let last = last.as_deref().and_then(PayMonth::parse);
        for month in due_months(
            calendar,
            payee.since,
            payee.delivery_day,
            last,
            today,
            HISTORY,
        ) {
            let paid_on = pay_date(calendar, month, payee.delivery_day);
            let amount = amount_for(&state.pension_params, payee.monthly, payee.known_on, month);
            let delivery = delivery_on(&mut tx, &person, paid_on).await?;
            let written = sqlx::query(
                "INSERT INTO pension_payments (person, month, paid_on, amount, method, bik, \
                 account_tail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (person, month) DO NOTHING",
            )
            .bind(&person)
            .bind(month.key())
            .bind(paid_on.to_string())
            .bind(amount.to_string())
            .bind(delivery.method.key())
            .bind(delivery.bik.clone())
            .bind(delivery.account_tail.clone())
            .bind(now.unix_timestamp())
            .execute(&mut *tx)
            .await?;
            if written.rows_affected() != 1 {
                continue;
            }
            credited += 1;
            if paid_on < payee.known_on {
                continue; // the history filled in on the first run
            }
            if let Some(account) = account_of(&mut tx, &person).await? {
                let payment = PensionPaymentView {
                    month: month.key(),
                    paid_on,
                    amount,
                    delivery,
                };
                tell(&mut tx, &account, &payment, now).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(credited)
}

/// The pensioner's delivery day and the date their amount is known on, written the
/// first time (`now` given) — or, reading only, as they would be written today.
async fn payee(
    conn: &mut AnyConnection,
    person: &str,
    now: Option<OffsetDateTime>,
) -> Result<Option<Payee>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT assigned_since, assigned_monthly FROM pension_persons WHERE person = $1",
    )
    .bind(person)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let (Some(since), Some(monthly)) = (
        row.try_get::<Option<String>, _>("assigned_since")?,
        row.try_get::<Option<String>, _>("assigned_monthly")?,
    ) else {
        return Ok(None);
    };
    // The fund spreads its pensioners over the month by a stable number.
    let stable = u64::from_str_radix(person.get(..12).unwrap_or("0"), 16).unwrap_or(0);
    if let Some(now) = now {
        sqlx::query(
            "INSERT INTO pension_payees (person, delivery_day, known_on, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (person) DO NOTHING",
        )
        .bind(person)
        .bind(i64::from(delivery_day_for(stable)))
        .bind(moscow_today(now).to_string())
        .bind(now.unix_timestamp())
        .execute(&mut *conn)
        .await?;
    }
    let stored = sqlx::query("SELECT delivery_day, known_on FROM pension_payees WHERE person = $1")
        .bind(person)
        .fetch_optional(&mut *conn)
        .await?;
    let (delivery_day, known_on) = match stored {
        Some(r) => (
            u8::try_from(r.try_get::<i64, _>("delivery_day")?).unwrap_or(3),
            day(&r.try_get::<String, _>("known_on")?)?,
        ),
        None => (delivery_day_for(stable), Date::MAX),
    };
    Ok(Some(Payee {
        since: day(&since)?,
        monthly: dec(&monthly)?,
        delivery_day,
        known_on,
    }))
}

fn delivery_of(row: &sqlx::any::AnyRow) -> Result<DeliveryView, sqlx::Error> {
    let method: String = row.try_get("method")?;
    Ok(DeliveryView {
        method: DeliveryMethod::from_key(&method).unwrap_or(DeliveryMethod::Post),
        bik: row.try_get("bik")?,
        account_tail: row.try_get("account_tail")?,
    })
}

/// How the pension is delivered on `on`: the latest change in force, else by post.
async fn delivery_on(
    conn: &mut AnyConnection,
    person: &str,
    on: Date,
) -> Result<DeliveryView, sqlx::Error> {
    let row = sqlx::query(
        "SELECT method, bik, account_tail FROM pension_delivery \
         WHERE person = $1 AND from_date <= $2 ORDER BY from_date DESC LIMIT 1",
    )
    .bind(person)
    .bind(on.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => delivery_of(&r),
        None => Ok(DeliveryView {
            method: DeliveryMethod::Post,
            bik: None,
            account_tail: None,
        }),
    }
}

/// The account whose confirmed SNILS is this person's.
async fn account_of(conn: &mut AnyConnection, person: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT account_id FROM profiles WHERE snils_hash = $1 AND snils_confirmed = 1",
    )
    .bind(person)
    .fetch_optional(&mut *conn)
    .await
}

/// «за декабрь 2026 г.» / «for December 2026».
pub(crate) fn month_words(m: PayMonth) -> (String, String) {
    let i = usize::from(u8::from(m.month)) - 1;
    (
        format!(
            "{} {} г.",
            kabinet_core::pension::text::MONTHS_RU[i],
            m.year
        ),
        format!("{} {}", m.month, m.year),
    )
}

/// The notice of a credit: in the inbox with the amount and where it went; by
/// SMS/e-mail without them (a lock screen is not the place for sums).
fn credit_texts(p: &PensionPaymentView) -> Texts {
    let month = PayMonth::parse(&p.month)
        .map(month_words)
        .unwrap_or_default();
    let (to_ru, to_en) = match (&p.delivery.method, &p.delivery.account_tail) {
        (DeliveryMethod::Bank, Some(tail)) => (
            format!("зачислена на счёт ••••{tail}"),
            format!("credited to account ••••{tail}"),
        ),
        (DeliveryMethod::Bank, None) => {
            ("зачислена на счёт".into(), "credited to the account".into())
        }
        (DeliveryMethod::Post, _) => (
            "передана для доставки почтой".into(),
            "handed to the post for delivery".into(),
        ),
    };
    Texts {
        ru: format!("Пенсия за {}: {} ₽ {to_ru}", month.0, ru_money(p.amount)),
        en: format!("Pension for {}: {} RUB {to_en}", month.1, p.amount),
    }
}

async fn tell(
    conn: &mut AnyConnection,
    account: &str,
    payment: &PensionPaymentView,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let told = EventPayload {
        text: credit_texts(payment),
        application: None,
    };
    notifications::publish(&mut *conn, account, EventKind::MoneyCredited, &told, now).await?;
    let contact: Option<String> = sqlx::query_scalar("SELECT contact FROM accounts WHERE id = $1")
        .bind(account)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(contact) = contact.and_then(|c| kabinet_core::auth::contact::Contact::parse(&c).ok())
    else {
        return Ok(());
    };
    let month = PayMonth::parse(&payment.month)
        .map(month_words)
        .unwrap_or_default();
    let message = NewMessage::to_contact(
        &contact,
        || "Пенсия зачислена / Pension credited".to_owned(),
        format!(
            "Кабинет: пенсия за {} зачислена. Подробности — в разделе «Моя пенсия».\n\
             Kabinet: the pension for {} is credited. See «My pension».",
            month.0, month.1
        ),
    );
    messaging::send(&mut *conn, &message, now).await
}

// ---------------------------------------------------------------- delivery changes

/// Whether the fund pays this account's holder a pension.
pub(crate) async fn pays(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
) -> AppResult<bool> {
    let Some(person) = person_if_confirmed(conn, state, account).await? else {
        return Ok(false);
    };
    Ok(payee(conn, &person, None).await?.is_some())
}

async fn person_if_confirmed(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
) -> AppResult<Option<String>> {
    match super::record::person_of(conn, state, account).await {
        Ok(p) => Ok(Some(p)),
        Err(e) if e.code() == kabinet_core::api::ErrorCode::StandardLevelRequired => Ok(None),
        Err(e) => Err(e),
    }
}

/// A delivery change decided ready: from the day asked for (not before tomorrow)
/// the pension goes the new way. `Ok(false)`: the fund pays this account no pension.
pub(crate) async fn apply_delivery_change(
    conn: &mut AnyConnection,
    state: &AppState,
    application_id: &str,
    account: &str,
    now: OffsetDateTime,
) -> AppResult<bool> {
    let Some(person) = person_if_confirmed(conn, state, account).await? else {
        return Ok(false);
    };
    if payee(conn, &person, None).await?.is_none() {
        return Ok(false);
    }
    let answers = crate::services::applications::answers_of(conn, state, application_id).await?;
    let payment = &answers["payment"];
    let Some(method) = payment["method"]
        .as_str()
        .and_then(DeliveryMethod::from_key)
    else {
        return Err(AppError::internal("a delivery change without a method"));
    };
    let (bik, tail) = match method {
        DeliveryMethod::Bank => (
            payment["bank"]["bik"].as_str().map(str::to_owned),
            payment["bank"]["account"].as_str().map(account_tail),
        ),
        DeliveryMethod::Post => (None, None),
    };
    let tomorrow = moscow_today(now) + Duration::days(1);
    let asked = answers["from_month"]
        .as_str()
        .and_then(|d| kabinet_core::date::parse(d).ok());
    let from = asked.map_or(tomorrow, |d| d.max(tomorrow));
    sqlx::query(
        "INSERT INTO pension_delivery (person, from_date, method, bik, account_tail, \
         application_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (person, from_date) DO UPDATE SET method = excluded.method, \
         bik = excluded.bik, account_tail = excluded.account_tail, \
         application_id = excluded.application_id, created_at = excluded.created_at",
    )
    .bind(&person)
    .bind(from.to_string())
    .bind(method.key())
    .bind(bik)
    .bind(tail)
    .bind(application_id)
    .bind(now.unix_timestamp())
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

// ---------------------------------------------------------------- the view

/// The account's pension in payment (none: `pension` is null), from the standard
/// level.
pub async fn view_of(state: &AppState, account: &str) -> AppResult<MyPensionView> {
    let mut conn = state.db.pool.acquire().await?;
    let person = super::record::person_of(&mut conn, state, account).await?;
    Ok(MyPensionView {
        pension: in_payment(&mut conn, state, &person).await?,
    })
}

/// The pension the fund pays `person` (a keyed person), if any, as of today.
pub(crate) async fn in_payment(
    conn: &mut AnyConnection,
    state: &AppState,
    person: &str,
) -> AppResult<Option<PensionInPayment>> {
    let Some(payee) = payee(&mut *conn, person, None).await? else {
        return Ok(None);
    };
    let now = state.now();
    let today = moscow_today(now);
    let calendar = calendar().map_err(AppError::internal)?;
    // Before the first payday run the amount is as known today.
    let known_on = payee.known_on.min(today);
    let mut payments = Vec::new();
    for r in sqlx::query(
        "SELECT month, paid_on, amount, method, bik, account_tail FROM pension_payments \
         WHERE person = $1 ORDER BY month DESC LIMIT $2",
    )
    .bind(person)
    .bind(HISTORY as i64)
    .fetch_all(&mut *conn)
    .await?
    {
        payments.push(PensionPaymentView {
            month: r.try_get("month")?,
            paid_on: day(&r.try_get::<String, _>("paid_on")?)?,
            amount: dec(&r.try_get::<String, _>("amount")?)?,
            delivery: delivery_of(&r)?,
        });
    }
    // The next payment: the month after the last one paid, or the first not yet due.
    let mut next = match payments.first().and_then(|p| PayMonth::parse(&p.month)) {
        Some(last) => last.next(),
        None => PayMonth::of(today),
    };
    if payments.is_empty() {
        while pay_date(calendar, next, payee.delivery_day) <= today {
            next = next.next();
        }
    }
    let next_on = pay_date(calendar, next, payee.delivery_day);
    let next = PensionPaymentView {
        month: next.key(),
        paid_on: next_on,
        amount: amount_for(&state.pension_params, payee.monthly, known_on, next),
        delivery: delivery_on(&mut *conn, person, next_on).await?,
    };
    let change = sqlx::query(
        "SELECT from_date, method, bik, account_tail FROM pension_delivery \
         WHERE person = $1 AND from_date > $2 ORDER BY from_date LIMIT 1",
    )
    .bind(person)
    .bind(today.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let change = match change {
        Some(r) => Some(DeliveryChangeView {
            from: day(&r.try_get::<String, _>("from_date")?)?,
            delivery: delivery_of(&r)?,
        }),
        None => None,
    };
    Ok(Some(PensionInPayment {
        kind: KIND.into(),
        since: payee.since,
        monthly: amount_for(
            &state.pension_params,
            payee.monthly,
            known_on,
            PayMonth::of(today),
        ),
        delivery_day: payee.delivery_day,
        delivery: delivery_on(&mut *conn, person, today).await?,
        change,
        next,
        payments,
    }))
}

#[utoipa::path(get, path = "/api/v1/me/pension/payments", tag = "pension", security(("bearer" = [])),
    responses((status = 200, body = MyPensionView), (status = 401, body = ApiError),
        (status = 403, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<MyPensionView>> {
    Ok(Json(view_of(&state, &auth.account_id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::api::pension::DeliveryView;
    use time::macros::date;

    fn paid(method: DeliveryMethod, tail: Option<&str>) -> PensionPaymentView {
        PensionPaymentView {
            month: "2026-12".into(),
            paid_on: date!(2026 - 12 - 11),
            amount: Decimal::new(2_743_050, 2),
            delivery: DeliveryView {
                method,
                bik: tail.map(|_| "044525225".into()),
                account_tail: tail.map(str::to_owned),
            },
        }
    }

    #[test]
    fn a_credit_says_the_month_the_sum_and_where_it_went() {
        let t = credit_texts(&paid(DeliveryMethod::Bank, Some("4312")));
        assert_eq!(
            t.ru,
            "Пенсия за декабрь 2026 г.: 27\u{a0}430,50 ₽ зачислена на счёт ••••4312"
        );
        assert_eq!(
            t.en,
            "Pension for December 2026: 27430.50 RUB credited to account ••••4312"
        );
        let t = credit_texts(&paid(DeliveryMethod::Post, None));
        assert!(t.ru.ends_with("передана для доставки почтой"), "{}", t.ru);
    }
}
