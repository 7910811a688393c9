//! A request to the fund without an account, on both backends: every problem at
//! once; a number and the day the answer is due, told to the contact; the same
//! key is the same request; at most 3 a day from one contact, also when sent at
//! once; the status only for the number with its contact; the development desk's
//! answer sent to the contact once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::applications::problems;
use crate::support::{Resp, T, random_hex};

both_backends!(from fourth_of_december:
    a_request_without_an_account_gets_a_number_and_its_answer,
    one_contact_sends_at_most_three_a_day_even_at_once,
);

fn fourth_of_december() -> OffsetDateTime {
    datetime!(2026-12-04 07:00 UTC)
}

async fn post(t: &T, path: &str, body: &Value, key: &str) -> Resp {
    let bytes = serde_json::to_vec(body).unwrap();
    t.send(
        reqwest::Method::POST,
        path,
        Some(("application/json", &bytes)),
        Some(key),
        None,
    )
    .await
}

fn request(contact: &str) -> Value {
    json!({
        "surname": "Иванова", "first_name": "Мария", "patronymic": "Петровна",
        "contact": contact, "snils": "", "topic": "payments",
        "question": "Когда придёт пенсия за декабрь? Я переехала и сменила банк."
    })
}

async fn a_request_without_an_account_gets_a_number_and_its_answer(t: T) {
    // Everything wrong at once, in the form's order.
    let bad = json!({
        "surname": " ", "first_name": "", "contact": "maria@", "snils": "112-233-445 00",
        "topic": null, "question": ""
    });
    let r = post(&t, "/fund/requests", &bad, &random_hex(16))
        .await
        .expect(422);
    assert_eq!(
        problems(&r),
        [
            ("surname", "required"),
            ("first_name", "required"),
            ("contact", "email_invalid"),
            ("snils", "snils_check_digits"),
            ("topic", "required"),
            ("question", "required"),
        ]
    );

    let contact = format!("m{}@example.ru", random_hex(4));
    let key = random_hex(16);
    let made = post(&t, "/fund/requests", &request(&contact), &key)
        .await
        .expect(201);
    let number = made.json["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("СФР-2026-"), "{number}");
    assert_eq!(made.json["status"], "registered");
    assert_eq!(made.json["answer_by"], "2027-01-03", "30 days");
    assert!(
        !made.json.to_string().contains("Иванова"),
        "the name is not echoed"
    );
    // A retry with the same key is the same request.
    let again = post(&t, "/fund/requests", &request(&contact), &key)
        .await
        .expect(201);
    assert_eq!(again.json["number"], number.as_str());
    // Told once that it is registered (the desk's answer may follow at once).
    let told = t.messages_to(&contact).await;
    let registered: Vec<_> = told
        .iter()
        .filter(|m| m.body.contains("зарегистрировано"))
        .collect();
    assert_eq!(registered.len(), 1, "told once: {told:?}");
    assert!(registered[0].body.contains(&number) && registered[0].body.contains("03.01.2027"));

    // The status: only with the contact the request gave.
    let lookup = |c: &str| json!({ "number": number, "contact": c });
    post(
        &t,
        "/fund/requests/status",
        &lookup("someone@example.ru"),
        &random_hex(16),
    )
    .await
    .expect_error(404, "not_found");
    post(
        &t,
        "/fund/requests/status",
        &json!({"number": "СФР-2026-00000000", "contact": contact}),
        &random_hex(16),
    )
    .await
    .expect_error(404, "not_found");
    // Registered, then answered: the answer goes to the contact.
    let before = post(
        &t,
        "/fund/requests/status",
        &lookup(&contact),
        &random_hex(16),
    )
    .await
    .expect(200);
    assert!(matches!(
        before.json["status"].as_str(),
        Some("registered" | "answered")
    ));
    t.eventually("the fund answers", || async {
        t.messages_to(&contact).await.len() == 2
    })
    .await;
    // The digits alone and the e-mail in capitals find it too.
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let s = post(
        &t,
        "/fund/requests/status",
        &json!({ "number": digits, "contact": contact.to_uppercase() }),
        &random_hex(16),
    )
    .await
    .expect(200);
    assert!(
        s.json["answer"]["ru"].as_str().unwrap().contains("день"),
        "{}",
        s.json
    );
    assert_eq!(s.json["topic"], "payments");
    let told = t.messages_to(&contact).await;
    assert_eq!(told.len(), 2, "the answer, once: {told:?}");
    let answer = format!("ответ на обращение {number}");
    assert!(told.iter().any(|m| m.body.contains(&answer)), "{told:?}");
}

async fn one_contact_sends_at_most_three_a_day_even_at_once(t: T) {
    let contact = format!("n{}@example.ru", random_hex(4));
    let sends = (0..5).map(|_| {
        let t = &t;
        let body = request(&contact);
        async move { post(t, "/fund/requests", &body, &random_hex(16)).await }
    });
    let answers = futures_util::future::join_all(sends).await;
    let made = answers.iter().filter(|r| r.status == 201).count();
    let limited: Vec<&Resp> = answers.iter().filter(|r| r.status == 429).collect();
    assert_eq!((made, limited.len()), (3, 2));
    assert!(
        limited
            .iter()
            .all(|r| r.code() == "rate_limited" && r.json["retry_at"].is_string())
    );
    // Another contact is not held up.
    post(
        &t,
        "/fund/requests",
        &request(&format!("o{}@example.ru", random_hex(4))),
        &random_hex(16),
    )
    .await
    .expect(201);
}
