//! Applications for services on both backends: the level a service needs, one
//! application per idempotency key, and the demo agency moving it to a decision
//! with every step recorded and told to the citizen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::profile::{citizen, settled, submit};
use crate::support::{Resp, T, random_hex};

both_backends!(an_application_moves_to_a_decision_and_every_step_is_told);
both_backends!(a_service_asks_for_its_level_and_a_known_service);
both_backends!(with slow_agency: a_form_is_checked_whole_and_kept_as_accepted);
both_backends!(with slow_agency: a_paper_application_is_added_by_its_receipt_and_only_by_its_applicant);
both_backends!(with silent_fund: an_authority_that_does_not_answer_is_asked_again_then_the_request_fails);
both_backends!(with slow_agency: applications_per_day_are_limited_under_concurrent_requests);

fn slow_agency(c: &mut kabinet_portal::PortalConfig) {
    c.agency_delay = std::time::Duration::from_secs(3600);
}

/// The pension fund's exchange does not answer; its requests have 3 s.
fn silent_fund(c: &mut kabinet_portal::PortalConfig) {
    slow_agency(c);
    c.exchange_down = vec!["sfr".into()];
    c.exchange_deadline = std::time::Duration::from_secs(3);
}

async fn an_authority_that_does_not_answer_is_asked_again_then_the_request_fails(t: T) {
    let (token, _) = account(&t).await;
    submit(&t, &token, &citizen("clean", 9)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(&t, &token).await["level"], "standard");
    let made = apply(&t, &token, "sfr-pension-delivery", &random_hex(16))
        .await
        .expect(201);
    assert_eq!(made.json["exchange"][0]["state"], "requested");
    // The portal's clock moves a second at a time: asked again each pause, failed
    // once the 3 s have passed.
    let mut state = String::new();
    for _ in 0..200 {
        t.clock.advance(time::Duration::milliseconds(500));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let list = t
            .get("/me/applications", Some(&token))
            .await
            .expect(200)
            .json;
        state = list["applications"][0]["exchange"][0]["state"]
            .as_str()
            .unwrap()
            .to_owned();
        if state == "failed" {
            break;
        }
    }
    assert_eq!(state, "failed", "the request fails at its deadline");
    let list = t
        .get("/me/applications", Some(&token))
        .await
        .expect(200)
        .json;
    let step = &list["applications"][0]["exchange"][0];
    assert!(
        step["attempts"].as_u64().unwrap() >= 2,
        "asked again: {step}"
    );
    assert!(
        step["reason"]["ru"]
            .as_str()
            .unwrap()
            .contains("не ответило")
    );
}

async fn applications_per_day_are_limited_under_concurrent_requests(t: T) {
    let (token, _) = account(&t).await;
    submit(&t, &token, &citizen("clean", 7)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(&t, &token).await["level"], "standard");
    let attempts = (0..25).map(|_| {
        let t = t.clone();
        let token = token.clone();
        async move { apply(&t, &token, "sfr-pension-delivery", &random_hex(16)).await }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let created = answers.iter().filter(|r| r.status == 201).count();
    let limited: Vec<&Resp> = answers.iter().filter(|r| r.status == 429).collect();
    assert_eq!(
        (created, limited.len()),
        (20, 5),
        "20 a day, checked and recorded at once"
    );
    assert!(
        limited
            .iter()
            .all(|r| r.code() == "rate_limited" && r.json["retry_at"].is_string())
    );
    let list = t
        .get("/me/applications", Some(&token))
        .await
        .expect(200)
        .json;
    assert_eq!(list["applications"].as_array().unwrap().len(), 20);
}

/// A 422's problems as (field, code), in order.
pub fn problems(r: &Resp) -> Vec<(&str, &str)> {
    r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect()
}

/// Good answers to the pension-delivery form (`pension-payment`).
fn delivery_form() -> Value {
    json!({
        "applicant": {"surname": "Проверкин", "first_name": "Пётр", "birth_date": "1961-03-02",
                      "snils": "112-233-445 95"},
        "payment": {"method": "post"},
        "consent": true
    })
}

pub async fn apply(t: &T, token: &str, service: &str, key: &str) -> Resp {
    apply_with(t, token, service, &delivery_form(), key).await
}

pub async fn apply_with(t: &T, token: &str, service: &str, form: &Value, key: &str) -> Resp {
    let body = serde_json::to_vec(&json!({ "service_id": service, "form": form })).unwrap();
    t.send(
        reqwest::Method::POST,
        "/me/applications",
        Some(("application/json", &body)),
        Some(key),
        Some(token),
    )
    .await
}

pub async fn account(t: &T) -> (String, String) {
    let contact = format!("a{}@example.ru", random_hex(4));
    let grant = t
        .register("Проверкин", &contact, &contact, "Lipa-Sneg-2741-x")
        .await;
    (grant.access_token, contact)
}

async fn a_service_asks_for_its_level_and_a_known_service(t: T) {
    let (token, _) = account(&t).await;
    apply(&t, &token, "sfr-pension-delivery", &random_hex(16))
        .await
        .expect_error(403, "standard_level_required");
    let r = apply(&t, &token, "no-such-service", &random_hex(16))
        .await
        .expect_error(422, "validation_failed");
    assert_eq!(r.json["errors"][0]["field"], "service_id");
    submit(&t, &token, &citizen("clean", 5)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(&t, &token).await["level"], "standard");
    apply(&t, &token, "sfr-pension-old-age", &random_hex(16))
        .await
        .expect_error(403, "verified_level_required");
    t.get("/me/applications", None).await.expect(401);
}

async fn an_application_moves_to_a_decision_and_every_step_is_told(t: T) {
    let (token, contact) = account(&t).await;
    submit(&t, &token, &citizen("clean", 6)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(&t, &token).await["level"], "standard");

    let key = random_hex(16);
    let first = apply(&t, &token, "sfr-pension-delivery", &key)
        .await
        .expect(201);
    let again = apply(&t, &token, "sfr-pension-delivery", &key)
        .await
        .expect(201);
    assert_eq!(
        first.json["id"], again.json["id"],
        "one key, one application"
    );
    assert_eq!(first.json["status"]["state"], "submitted");
    let number = first.json["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("ЗЛ-"), "{number}");

    let decided = |v: &Value| {
        let s = v["applications"][0]["status"]["state"].clone();
        s == "ready" || s == "refused"
    };
    t.eventually("the demo agency decides", || async {
        decided(
            &t.get("/me/applications", Some(&token))
                .await
                .expect(200)
                .json,
        )
    })
    .await;
    let list = t
        .get("/me/applications", Some(&token))
        .await
        .expect(200)
        .json;
    assert_eq!(list["applications"].as_array().unwrap().len(), 1);
    let app = &list["applications"][0];
    let states: Vec<&str> = app["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        &states[..3],
        ["submitted", "registered", "in_progress"],
        "{states:?}"
    );
    assert!(matches!(states[3], "ready" | "refused"), "{states:?}");
    assert!(
        app["agency_number"].is_string(),
        "the agency's number is kept"
    );
    assert!(app["label"]["ru"].is_string());
    if app["status"]["state"] == "refused" {
        assert!(!app["status"]["reason"].as_str().unwrap().is_empty());
    }
    // Every change the agency made was told, with the receipt number.
    let told = t
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains(&number))
        .count();
    assert_eq!(told, 3, "registered, in progress, the decision");

    // Another citizen sees none of it.
    let (other, _) = account(&t).await;
    let theirs = t
        .get("/me/applications", Some(&other))
        .await
        .expect(200)
        .json;
    assert!(theirs["applications"].as_array().unwrap().is_empty());
}

async fn a_form_is_checked_whole_and_kept_as_accepted(t: T) {
    let (token, _) = account(&t).await;
    submit(&t, &token, &citizen("clean", 8)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(&t, &token).await["level"], "standard");

    // Nothing filled in: every required answer is named at once.
    let r = apply_with(
        &t,
        &token,
        "sfr-pension-delivery",
        &json!({}),
        &random_hex(16),
    )
    .await
    .expect_error(422, "validation_failed");
    assert_eq!(
        problems(&r),
        [
            ("form.applicant", "required"),
            ("form.payment", "required"),
            ("form.consent", "required")
        ]
    );

    // Wrong answers: each its own code, in the form's order.
    let mut bad = delivery_form();
    bad["applicant"]["snils"] = json!("112-233-445 96");
    bad["applicant"]["birth_date"] = json!("2099-01-01");
    bad["payment"] = json!({"method": "bank", "bank": {"bik": "12345", "account": ""}});
    let r = apply_with(&t, &token, "sfr-pension-delivery", &bad, &random_hex(16))
        .await
        .expect_error(422, "validation_failed");
    assert_eq!(
        problems(&r),
        [
            ("form.applicant.birth_date", "date_in_future"),
            ("form.applicant.snils", "snils_check_digits"),
            ("form.payment.bank.bik", "value_invalid"),
            ("form.payment.bank.account", "required"),
        ]
    );
    let none = t
        .get("/me/applications", Some(&token))
        .await
        .expect(200)
        .json;
    assert!(
        none["applications"].as_array().unwrap().is_empty(),
        "a refused form records nothing"
    );

    // Good answers with a hidden group typed before the choice changed: accepted,
    // kept as accepted (trimmed, the hidden group and empty texts left out).
    let mut good = delivery_form();
    good["applicant"]["surname"] = json!("  Проверкин ");
    good["applicant"]["patronymic"] = json!("");
    good["payment"] = json!({"method": "post", "bank": {"bik": "1"}});
    let made = apply_with(&t, &token, "sfr-pension-delivery", &good, &random_hex(16))
        .await
        .expect(201);
    assert_eq!(made.json["form"]["applicant"]["surname"], "Проверкин");
    // The SNILS the service needs is asked of the pension fund, not of the citizen.
    let exchange = &made.json["exchange"];
    assert_eq!(exchange.as_array().unwrap().len(), 1, "{exchange}");
    assert_eq!(exchange[0]["authority"], "sfr");
    assert_eq!(exchange[0]["document"]["ru"], "СНИЛС");
    t.eventually("the fund answers", || async {
        let list = t
            .get("/me/applications", Some(&token))
            .await
            .expect(200)
            .json;
        list["applications"][0]["exchange"][0]["state"] == "received"
    })
    .await;
    assert_eq!(made.json["form"]["applicant"].get("patronymic"), None);
    assert_eq!(made.json["form"]["payment"], json!({"method": "post"}));
    let list = t
        .get("/me/applications", Some(&token))
        .await
        .expect(200)
        .json;
    assert_eq!(list["applications"][0]["form"], made.json["form"]);
}

async fn add_paper(t: &T, token: &str, receipt: &str) -> Resp {
    let body = serde_json::to_vec(&json!({ "receipt": receipt })).unwrap();
    t.send(
        reqwest::Method::POST,
        "/me/applications/paper",
        Some(("application/json", &body)),
        Some(&random_hex(16)),
        Some(token),
    )
    .await
}

async fn a_paper_application_is_added_by_its_receipt_and_only_by_its_applicant(t: T) {
    // Никитина made МФЦ-2026-000533 on paper (data/paper-applications.json).
    let (holder, _) = account(&t).await;
    add_paper(&t, &holder, "МФЦ-2026-000533")
        .await
        .expect_error(403, "standard_level_required");
    submit(&t, &holder, &citizen("clean", 10)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(&t, &holder).await["level"], "standard");
    let added = add_paper(&t, &holder, " мфц-2026-000533 ")
        .await
        .expect(201);
    assert_eq!(added.json["service_id"], "fns-inn");
    assert_eq!(added.json["agency_number"], "МФЦ-2026-000533");
    assert_eq!(added.json["status"]["state"], "registered");
    let again = add_paper(&t, &holder, "МФЦ-2026-000533").await.expect(201);
    assert_eq!(again.json["id"], added.json["id"], "added once");
    let list = t
        .get("/me/applications", Some(&holder))
        .await
        .expect(200)
        .json;
    assert_eq!(list["applications"].as_array().unwrap().len(), 1);

    // Another citizen: someone else's receipt and an unknown one look the same.
    let (other, _) = account(&t).await;
    submit(&t, &other, &citizen("clean", 11)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(&t, &other).await["level"], "standard");
    let theirs = add_paper(&t, &other, "МФЦ-2026-000533")
        .await
        .expect_error(404, "paper_receipt_not_found");
    let unknown = add_paper(&t, &other, "МФЦ-2026-999999")
        .await
        .expect_error(404, "paper_receipt_not_found");
    assert_eq!(theirs.json, unknown.json);
    // Guessing is limited: 10 tries an hour.
    let mut last = 0;
    for i in 0..10 {
        last = add_paper(&t, &other, &format!("МФЦ-2026-{i:06}"))
            .await
            .status;
    }
    assert_eq!(last, 429, "the 11th and later tries wait");
    let none = t
        .get("/me/applications", Some(&other))
        .await
        .expect(200)
        .json;
    assert!(none["applications"].as_array().unwrap().is_empty());
}
