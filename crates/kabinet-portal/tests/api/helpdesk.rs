//! Support on both backends: a ticket needs a topic and a description, carries a
//! screenshot (claimed once) and technical details only when they are plain, is
//! numbered and followed by its author alone, is answered by the development desk
//! and told once; at most 5 a day per account, also when sent at once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::agency::upload;
use crate::applications::{account, problems};
use crate::support::{Resp, T, random_hex};

both_backends!(a_ticket_is_checked_whole_numbered_and_answered);
both_backends!(five_tickets_a_day_also_when_sent_at_once);

/// The 8-byte PNG signature and an IHDR chunk: what a screenshot starts with.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\nIDATx\x9cc\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xaeB`\x82";

async fn send(t: &T, token: &str, body: &Value, key: &str) -> Resp {
    let bytes = serde_json::to_vec(body).unwrap();
    t.send(
        reqwest::Method::POST,
        "/me/support",
        Some(("application/json", &bytes)),
        Some(key),
        Some(token),
    )
    .await
}

fn diagnostics() -> Value {
    json!({"app_version": "0.1.0", "os": "linux", "language": "ru", "screen": "applications",
           "portal": "embedded", "guest": false, "recent_errors": ["portal_unreachable"]})
}

async fn tickets(t: &T, token: &str) -> Vec<Value> {
    t.get("/me/support", Some(token)).await.expect(200).json["tickets"]
        .as_array()
        .unwrap()
        .clone()
}

async fn a_ticket_is_checked_whole_numbered_and_answered(t: T) {
    t.get("/me/support", None).await.expect(401);
    let (token, contact) = account(&t).await;
    // Everything wrong at once; nothing recorded.
    let mut personal = diagnostics();
    personal["screen"] = json!("Проверкин Иван, +79990000000");
    let r = send(
        &t,
        &token,
        &json!({"topic": null, "message": "   ", "diagnostics": personal,
                "attachment_id": "no-such-file"}),
        &random_hex(16),
    )
    .await
    .expect_error(422, "validation_failed");
    assert_eq!(
        problems(&r),
        [
            ("topic", "required"),
            ("message", "required"),
            ("diagnostics", "value_invalid"),
            ("attachment_id", "attachment_unknown")
        ]
    );
    send(
        &t,
        &token,
        &json!({"topic": "pension", "message": "x", "extra": 1}),
        &random_hex(16),
    )
    .await
    .expect(400);
    assert!(tickets(&t, &token).await.is_empty());

    // A good one with a screenshot and the app's details; its retry is the same.
    let shot = upload(&t, &token, "экран.png", PNG).await.expect(201);
    let file = shot.json["id"].as_str().unwrap().to_owned();
    let body = json!({"topic": "pension", "message": "  Не вижу выплату за ноябрь  ",
                      "attachment_id": file, "diagnostics": diagnostics()});
    let key = random_hex(16);
    let made = send(&t, &token, &body, &key).await.expect(201);
    let again = send(&t, &token, &body, &key).await.expect(201);
    assert_eq!(made.json["id"], again.json["id"]);
    let number = made.json["number"].as_str().unwrap().to_owned();
    assert!(
        number.starts_with("ОБ-20") && number.chars().count() == 16,
        "{number}"
    );
    assert_eq!(made.json["status"], "received");
    assert_eq!(made.json["message"], "Не вижу выплату за ноябрь");
    assert_eq!(made.json["has_attachment"], true);
    assert_eq!(made.json["has_diagnostics"], true);
    // The screenshot belongs to that ticket now.
    let r = send(
        &t,
        &token,
        &json!({"topic": "app", "message": "Ещё раз", "attachment_id": file}),
        &random_hex(16),
    )
    .await
    .expect_error(422, "validation_failed");
    assert_eq!(problems(&r), [("attachment_id", "attachment_unknown")]);

    // The desk answers; the author is told once, in the inbox and by message.
    t.eventually("the desk answers", || async {
        tickets(&t, &token).await[0]["status"] == "answered"
    })
    .await;
    let list = tickets(&t, &token).await;
    assert_eq!(list.len(), 1);
    assert!(
        list[0]["answer"]["ru"]
            .as_str()
            .unwrap()
            .contains("справку"),
        "{}",
        list[0]
    );
    let events = t.get("/me/events", Some(&token)).await.expect(200).json;
    let told: Vec<&Value> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "support_answered")
        .collect();
    assert_eq!(told.len(), 1);
    assert!(told[0]["text"]["ru"].as_str().unwrap().contains(&number));
    let mail = t
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains(&number))
        .count();
    assert_eq!(mail, 1);

    // Nobody else sees it.
    let (other, _) = account(&t).await;
    assert!(tickets(&t, &other).await.is_empty());
}

async fn five_tickets_a_day_also_when_sent_at_once(t: T) {
    let (token, _) = account(&t).await;
    let body = json!({"topic": "other", "message": "Вопрос"});
    send(&t, &token, &body, &random_hex(16)).await.expect(201);
    // Five more at once: four fit the day's five.
    let keys: Vec<String> = (0..5).map(|_| random_hex(16)).collect();
    let sent =
        futures_util::future::join_all(keys.iter().map(|k| send(&t, &token, &body, k))).await;
    let codes: Vec<u16> = sent.iter().map(|r| r.status).collect();
    assert_eq!(codes.iter().filter(|c| **c == 201).count(), 4, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 429).count(), 1, "{codes:?}");
    let refused = sent.into_iter().find(|r| r.status == 429).unwrap();
    assert_eq!(refused.json["code"], "rate_limited");
    assert_eq!(tickets(&t, &token).await.len(), 5);
}
