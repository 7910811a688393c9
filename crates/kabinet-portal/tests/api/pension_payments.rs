//! «Моя пенсия» on both backends: a pensioner sees the last year's payments on
//! their delivery days, each new credit is told once (also when two paydays run at
//! once beside the portal's own), and a delivery change decided by the fund
//! applies from the day asked — only for someone the fund pays.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use kabinet_core::pension::payments::{PayMonth, pay_date};
use kabinet_core::services::workdays::calendar;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Date, Duration, OffsetDateTime, Time};

use crate::applications::apply_with;
use crate::pension_record::standard;
use crate::profile::{citizen, settled, submit};
use crate::support::{T, random_hex};

both_backends!(from first_of_december:
    a_pensioner_sees_the_year_paid_and_each_new_credit_once,
    a_delivery_change_applies_from_the_day_asked_and_only_for_a_pensioner,
);

/// 1 December 2026, 09:00 in Moscow: December's pension is not due yet (the
/// earliest delivery day is the 3rd).
fn first_of_december() -> OffsetDateTime {
    datetime!(2026-12-01 06:00 UTC)
}

/// Киселёва Екатерина: the demo fund pays her 27 430,50 ₽ a month since 2005.
const KISELEVA: usize = 18;
const MONTHLY: &str = "27430.50";

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("{v} is not a decimal"))).unwrap()
}

fn date(v: &Value) -> Date {
    kabinet_core::date::parse(v.as_str().unwrap()).unwrap()
}

async fn my_pension(t: &T, token: &str) -> Value {
    t.get("/me/pension/payments", Some(token))
        .await
        .expect(200)
        .json
}

/// Waits until the first payday has filled in the history.
async fn paid_year(t: &T, token: &str) -> Value {
    t.eventually("the first payday fills in the year", || async {
        my_pension(t, token).await["pension"]["payments"]
            .as_array()
            .is_some_and(|p| p.len() == 12)
    })
    .await;
    my_pension(t, token).await["pension"].clone()
}

async fn credits(t: &T, token: &str) -> Vec<String> {
    t.get("/me/events", Some(token)).await.expect(200).json["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "money_credited")
        .map(|e| e["text"]["ru"].as_str().unwrap().to_owned())
        .collect()
}

const PASSWORD: &str = "Lipa-Sneg-2741-x";

/// A new account of Киселёва Екатерина at the standard level: its token and login.
pub async fn pensioner(t: &T) -> (String, String) {
    let contact = format!("k{}@example.ru", random_hex(4));
    let grant = t.register("Киселёва", &contact, &contact, PASSWORD).await;
    submit(
        t,
        &grant.access_token,
        &citizen("clean", KISELEVA)["profile"],
    )
    .await
    .expect(202);
    assert_eq!(settled(t, &grant.access_token).await["level"], "standard");
    (grant.access_token, contact)
}

/// Signs in again (after the clock jumped past the access token's life).
async fn again(t: &T, login: &str) -> String {
    t.sign_in(login, PASSWORD).await.expect(201).json["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Moscow morning of `d`.
fn morning(d: Date) -> OffsetDateTime {
    d.with_time(Time::from_hms(6, 0, 0).unwrap()).assume_utc()
}

async fn a_pensioner_sees_the_year_paid_and_each_new_credit_once(t: T) {
    t.get("/me/pension/payments", None).await.expect(401);
    let contact = format!("p{}@example.ru", random_hex(4));
    let simplified = t
        .register("Проверкин", &contact, &contact, "Lipa-Sneg-2741-x")
        .await;
    t.get("/me/pension/payments", Some(&simplified.access_token))
        .await
        .expect_error(403, "standard_level_required");
    // The demo citizen has a record but no pension.
    let working = standard(&t, 0).await;
    assert_eq!(my_pension(&t, &working).await["pension"], Value::Null);

    let (token, login) = pensioner(&t).await;
    let p = paid_year(&t, &token).await;
    assert_eq!(p["kind"], "old_age_insurance");
    assert_eq!(p["since"], "2005-09-02");
    let day = u8::try_from(p["delivery_day"].as_u64().unwrap()).unwrap();
    assert!((3..=25).contains(&day), "delivery day {day}");
    assert_eq!(dec(&p["monthly"]), Decimal::from_str(MONTHLY).unwrap());
    assert_eq!(p["delivery"]["method"], "post");

    // December 2025 … November 2026, newest first, each on its delivery day or the
    // working day before it, by post.
    let cal = calendar().unwrap();
    let payments = p["payments"].as_array().unwrap();
    let mut month = PayMonth::parse("2026-11").unwrap();
    for paid in payments {
        assert_eq!(paid["month"], month.key());
        let on = date(&paid["paid_on"]);
        assert_eq!(on, pay_date(cal, month, day), "{}", month.key());
        // Early delivery days falling on holidays move into the month before
        // (3 January → 30 December, 3 May → 30 April).
        assert!(
            on.month() == month.month || (on.month() == month.previous().month && on.day() >= 25),
            "{} paid on {on}",
            month.key()
        );
        assert_eq!(paid["delivery"]["method"], "post");
        month = month.previous();
    }
    // 2026 at this year's amount; December 2025 before the January indexation of
    // the pension point (145,69 → 156,76 ₽).
    for paid in &payments[..11] {
        assert_eq!(dec(&paid["amount"]), Decimal::from_str(MONTHLY).unwrap());
    }
    let before = dec(&payments[11]["amount"]);
    let want = (Decimal::from_str(MONTHLY).unwrap() * Decimal::from_str("145.69").unwrap()
        / Decimal::from_str("156.76").unwrap())
    .round_dp(2);
    assert_eq!(before, want);
    // The history is not news.
    assert!(credits(&t, &token).await.is_empty());

    // December's pension: announced, then credited on its day, told once.
    assert_eq!(p["next"]["month"], "2026-12");
    let due = date(&p["next"]["paid_on"]);
    assert_eq!(due, pay_date(cal, PayMonth::parse("2026-12").unwrap(), day));
    t.set_now(morning(due) - Duration::days(1));
    assert!(
        kabinet_portal::pay_pensions(&t.admin_config())
            .await
            .unwrap()
            == 0,
        "nothing is due the day before"
    );
    t.set_now(morning(due));
    // Two paydays at once, beside the portal's own hourly one (due again now).
    let (one, two) = (t.admin_config(), t.admin_config());
    let (a, b) = tokio::join!(
        kabinet_portal::pay_pensions(&one),
        kabinet_portal::pay_pensions(&two)
    );
    assert!(
        a.unwrap() + b.unwrap() <= 1,
        "at most one credit between the two"
    );
    let token = again(&t, &login).await;
    t.eventually("December is credited", || async {
        !credits(&t, &token).await.is_empty()
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let told = credits(&t, &token).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].starts_with("Пенсия за декабрь 2026 г.: 27\u{a0}430,50 ₽"),
        "{}",
        told[0]
    );
    assert!(
        told[0].ends_with("передана для доставки почтой"),
        "{}",
        told[0]
    );
    let p = my_pension(&t, &token).await["pension"].clone();
    assert_eq!(p["payments"][0]["month"], "2026-12");
    assert_eq!(
        p["payments"].as_array().unwrap().len(),
        12,
        "the last 12 months"
    );
    assert_eq!(p["next"]["month"], "2027-01");
    // By SMS/e-mail: that it came, not how much.
    let mail: Vec<_> = t
        .messages_to(&login)
        .await
        .into_iter()
        .filter(|m| m.body.contains("пенсия за декабрь 2026 г. зачислена"))
        .collect();
    assert_eq!(mail.len(), 1);
    assert!(!mail[0].body.contains("430"), "{}", mail[0].body);
}

fn delivery_form(from: &str) -> Value {
    json!({
        "applicant": {"surname": "Киселёва", "first_name": "Екатерина", "birth_date": "1950-02-11",
                      "snils": "754-030-940 80"},
        "payment": {"method": "bank", "bank": {"bik": "044525225", "account": "40817810099910004312"}},
        "from_month": from,
        "consent": true
    })
}

pub async fn decided(t: &T, token: &str, id: &str) -> Value {
    t.eventually("the fund decides", || async {
        let list = t
            .get("/me/applications", Some(token))
            .await
            .expect(200)
            .json;
        list["applications"].as_array().unwrap().iter().any(|a| {
            a["id"] == id && matches!(a["status"]["state"].as_str(), Some("ready" | "refused"))
        })
    })
    .await;
    let list = t
        .get("/me/applications", Some(token))
        .await
        .expect(200)
        .json;
    list["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()["status"]
        .clone()
}

async fn a_delivery_change_applies_from_the_day_asked_and_only_for_a_pensioner(t: T) {
    // Someone the fund pays nothing: refused, with the reason.
    let working = standard(&t, 0).await;
    let made = apply_with(
        &t,
        &working,
        "sfr-pension-delivery",
        &delivery_form("2026-12-20"),
        &random_hex(16),
    )
    .await
    .expect(201);
    let status = decided(&t, &working, made.json["id"].as_str().unwrap()).await;
    assert_eq!(status["state"], "refused");
    assert!(
        status["reason"]
            .as_str()
            .unwrap()
            .contains("не выплачивает вам пенсию"),
        "{status}"
    );

    // The pensioner asks for her bank account from the 20th of December.
    let (token, login) = pensioner(&t).await;
    let p = paid_year(&t, &token).await;
    let day = u8::try_from(p["delivery_day"].as_u64().unwrap()).unwrap();
    let made = apply_with(
        &t,
        &token,
        "sfr-pension-delivery",
        &delivery_form("2026-12-20"),
        &random_hex(16),
    )
    .await
    .expect(201);
    let id = made.json["id"].as_str().unwrap().to_owned();
    let status = decided(&t, &token, &id).await;
    assert_eq!(status["state"], "ready", "{status}");
    let p = my_pension(&t, &token).await["pension"].clone();
    assert_eq!(p["change"]["from"], "2026-12-20");
    assert_eq!(p["change"]["delivery"]["method"], "bank");
    assert_eq!(p["change"]["delivery"]["bik"], "044525225");
    assert_eq!(p["change"]["delivery"]["account_tail"], "4312");
    assert!(
        !p.to_string().contains("40817810099910004312"),
        "the whole account number is never shown"
    );
    assert_eq!(p["delivery"]["method"], "post", "until the 20th, by post");

    // December's pension goes the way in force on its day; January's by the bank.
    let cal = calendar().unwrap();
    let december = pay_date(cal, PayMonth::parse("2026-12").unwrap(), day);
    let january = pay_date(cal, PayMonth::parse("2027-01").unwrap(), day);
    t.set_now(morning(january));
    kabinet_portal::pay_pensions(&t.admin_config())
        .await
        .unwrap();
    let token = again(&t, &login).await;
    let p = my_pension(&t, &token).await["pension"].clone();
    let method_of = |month: &str| {
        p["payments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["month"] == month)
            .unwrap_or_else(|| panic!("{month} paid: {p}"))["delivery"]
            .clone()
    };
    let want_december = if december >= time::macros::date!(2026 - 12 - 20) {
        "bank"
    } else {
        "post"
    };
    assert_eq!(method_of("2026-12")["method"], want_december);
    assert_eq!(method_of("2027-01")["method"], "bank");
    assert_eq!(method_of("2027-01")["account_tail"], "4312");
    assert_eq!(p["change"], Value::Null, "in force now");
    assert_eq!(p["delivery"]["method"], "bank");
    let told = credits(&t, &token).await;
    assert!(
        told.iter()
            .any(|m| m.starts_with("Пенсия за январь 2027 г.")
                && m.ends_with("зачислена на счёт ••••4312")),
        "{told:?}"
    );
}
