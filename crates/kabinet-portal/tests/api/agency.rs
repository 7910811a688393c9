//! The agencies' own API on both backends: a credential per agency, only its own
//! applications, every move through the status machine (refused moves named, one
//! of two concurrent moves applied), a queue place the citizen sees and is told;
//! and the day to bring documents for maternity capital.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::applications::{account, apply, apply_with, problems};
use crate::profile::{citizen, settled, submit};
use crate::support::{Resp, T, random_hex};

both_backends!(an_agency_works_only_its_own_applications_through_the_status_machine);
both_backends!(maternity_capital_documents_are_due_five_working_days_after_applying);

async fn client(t: &T, authority: &str) -> String {
    kabinet_portal::create_agency_client(&t.admin_config(), authority)
        .await
        .expect("agency client created")
        .secret
}

/// An agency's event, under a fresh idempotency key.
async fn agency_post(t: &T, secret: &str, id: &str, event: &Value) -> Resp {
    agency_post_keyed(t, secret, id, event, &random_hex(16)).await
}

async fn agency_post_keyed(t: &T, secret: &str, id: &str, event: &Value, key: &str) -> Resp {
    let body = serde_json::to_vec(event).unwrap();
    t.send(
        reqwest::Method::POST,
        &format!("/agency/applications/{id}/events"),
        Some(("application/json", &body)),
        Some(key),
        Some(secret),
    )
    .await
}

async fn queue(t: &T, secret: &str, id: &str, position: i64) -> Resp {
    let body = serde_json::to_vec(&json!({ "position": position })).unwrap();
    t.send(
        reqwest::Method::PUT,
        &format!("/agency/applications/{id}/queue"),
        Some(("application/json", &body)),
        Some(&random_hex(16)),
        Some(secret),
    )
    .await
}

async fn standard(t: &T, nth: usize) -> (String, String) {
    let (token, contact) = account(t).await;
    submit(t, &token, &citizen("clean", nth)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(t, &token).await["level"], "standard");
    (token, contact)
}

async fn an_agency_works_only_its_own_applications_through_the_status_machine(t: T) {
    let sfr = client(&t, "sfr").await;
    let mvd = client(&t, "mvd").await;
    assert!(
        kabinet_portal::create_agency_client(&t.admin_config(), "nobody")
            .await
            .is_err(),
        "only an authority of the catalogue"
    );
    let (token, contact) = standard(&t, 11).await;
    let made = apply(&t, &token, "sfr-pension-delivery", &random_hex(16))
        .await
        .expect(201);
    let id = made.json["id"].as_str().unwrap().to_owned();
    let number = made.json["number"].as_str().unwrap().to_owned();

    // No credential, a wrong one, a citizen's token: not an agency.
    t.get("/agency/applications", None).await.expect(401);
    t.get("/agency/applications", Some(&random_hex(32)))
        .await
        .expect(401);
    t.get("/agency/applications", Some(&token))
        .await
        .expect(401);
    // Each agency sees only its own.
    let theirs = t.get("/agency/applications", Some(&mvd)).await.expect(200);
    assert_eq!(theirs.json["authority"], "mvd");
    assert!(theirs.json["applications"].as_array().unwrap().is_empty());
    let own = t
        .get("/agency/applications?state=submitted", Some(&sfr))
        .await
        .expect(200);
    let listed = &own.json["applications"];
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(
        listed[0]["form"]["payment"]["method"], "post",
        "the agency reads the answers"
    );
    let none = t
        .get("/agency/applications?state=ready", Some(&sfr))
        .await
        .expect(200);
    assert!(none.json["applications"].as_array().unwrap().is_empty());
    // Someone else's application looks unknown.
    agency_post(
        &t,
        &mvd,
        &id,
        &json!({"event": "register", "agency_number": "1"}),
    )
    .await
    .expect_error(404, "not_found");
    agency_post(&t, &sfr, "nope", &json!({"event": "start"}))
        .await
        .expect_error(404, "not_found");
    // The status machine decides: data, order, and what an agency may send.
    let r = agency_post(
        &t,
        &sfr,
        &id,
        &json!({"event": "register", "agency_number": "  "}),
    )
    .await
    .expect_error(422, "validation_failed");
    assert_eq!(problems(&r), [("agency_number", "required")]);
    agency_post(&t, &sfr, &id, &json!({"event": "start"}))
        .await
        .expect_error(409, "transition_refused");
    agency_post(&t, &sfr, &id, &json!({"event": "withdraw"}))
        .await
        .expect_error(409, "transition_refused");
    agency_post(&t, &sfr, &id, &json!({"event": "fly"}))
        .await
        .expect_error(400, "malformed_request");
    let register = json!({"event": "register", "agency_number": " 077-2026-15 "});
    let key = random_hex(16);
    let r = agency_post_keyed(&t, &sfr, &id, &register, &key)
        .await
        .expect(200);
    assert_eq!(r.json["agency_number"], "077-2026-15");
    // The agency's retry of the same call gets the same answer, not a refusal.
    let again = agency_post_keyed(&t, &sfr, &id, &register, &key)
        .await
        .expect(200);
    assert_eq!(again.json, r.json);
    // Two starts at once: one moves it, the other is told it moved.
    let start = json!({"event": "start"});
    let (a, b) = tokio::join!(
        agency_post(&t, &sfr, &id, &start),
        agency_post(&t, &sfr, &id, &start)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    // A queue place: in range, seen and told (once per change).
    queue(&t, &sfr, &id, 0)
        .await
        .expect_error(422, "validation_failed");
    queue(&t, &sfr, &id, 12).await.expect(200);
    queue(&t, &sfr, &id, 12).await.expect(200);
    let r = queue(&t, &sfr, &id, 7).await.expect(200);
    assert_eq!(r.json["queue_position"], 7);
    let mine = t.get("/me/applications", Some(&token)).await.expect(200);
    assert_eq!(mine.json["applications"][0]["queue_position"], 7);
    let events = t.get("/me/events", Some(&token)).await.expect(200);
    let places: Vec<&str> = events.json["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "queue_position")
        .map(|e| e["text"]["ru"].as_str().unwrap())
        .collect();
    assert_eq!(places.len(), 2, "{places:?}");
    assert!(places[1].ends_with("место в очереди — 7"), "{places:?}");
    // The decision, with its reason; then no more moves but closing.
    let r = agency_post(
        &t,
        &sfr,
        &id,
        &json!({"event": "decide", "decision": "refused", "reason": "Нет права на выплату"}),
    )
    .await
    .expect(200);
    assert_eq!(r.json["status"]["state"], "refused");
    queue(&t, &sfr, &id, 3)
        .await
        .expect_error(409, "transition_refused");
    agency_post(&t, &sfr, &id, &json!({"event": "close"}))
        .await
        .expect(200);
    let mine = t.get("/me/applications", Some(&token)).await.expect(200);
    let states: Vec<&str> = mine.json["applications"][0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        [
            "submitted",
            "registered",
            "in_progress",
            "refused",
            "closed"
        ],
        "the agency's moves only: the demo agency left the fund's applications to it"
    );
    let told = t
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains(&number))
        .count();
    assert_eq!(told, 4, "each status change by SMS or e-mail");
}

async fn maternity_capital_documents_are_due_five_working_days_after_applying(t: T) {
    let (token, _) = standard(&t, 12).await;
    // Verification itself is tested with the letter and the operator; here the
    // account is made verified directly.
    let me = t.get("/me", Some(&token)).await.expect(200);
    let mut db = t.db().await;
    sqlx::query("UPDATE accounts SET level = 'verified' WHERE id = $1")
        .bind(me.json["id"].as_str().unwrap())
        .execute(&mut db)
        .await
        .unwrap();
    let form = json!({
        "applicant": {"surname": "Проверкин", "first_name": "Пётр", "birth_date": "1990-03-02",
                      "snils": "112-233-445 95"},
        "purpose": "mortgage",
        "amount": 450000,
        "recipient": "ПАО «Банк», кредитный договор № 17",
        "consent": true
    });
    let made = apply_with(
        &t,
        &token,
        "sfr-maternity-capital-disposal",
        &form,
        &random_hex(16),
    )
    .await
    .expect(201);
    let due = &made.json["visit_by"];
    assert_eq!(due["working_days"], 5);
    // The test clock stands at its fixed start; the day is counted on the
    // production calendar from then (Moscow time).
    let start = kabinet_portal::Clock::now(&*t.clock);
    let expected = kabinet_core::services::workdays::deadline(
        start.to_offset(time::macros::offset!(+3)).date(),
        5,
    )
    .unwrap();
    assert_eq!(due["date"], expected.date.to_string());
    assert_eq!(due["confirmed"], expected.confirmed);
    assert!(due["place"]["ru"].as_str().unwrap().contains("СФР"));
    assert!(
        due["bring"][0]["ru"].as_str().unwrap().contains("Договор"),
        "{due}"
    );
    // Kept with the application.
    let mine = t.get("/me/applications", Some(&token)).await.expect(200);
    assert_eq!(mine.json["applications"][0]["visit_by"], *due);
    // A service without such a step has none.
    let other = apply(&t, &token, "sfr-pension-delivery", &random_hex(16))
        .await
        .expect(201);
    assert!(other.json.get("visit_by").is_none());
}

both_backends!(files_are_attached_by_their_content_once_and_read_only_by_their_own);

pub async fn upload(t: &T, token: &str, name: &str, bytes: &[u8]) -> Resp {
    t.send(
        reqwest::Method::POST,
        &format!("/me/attachments?name={}", urlencode(name)),
        Some(("application/octet-stream", bytes)),
        Some(&random_hex(16)),
        Some(token),
    )
    .await
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn kindergarten_form(document: Option<&str>) -> Value {
    let mut v = json!({
        "applicant": {"surname": "Проверкин", "first_name": "Пётр", "birth_date": "1990-03-02",
                      "snils": "112-233-445 95"},
        "child": {"surname": "Проверкина", "first_name": "Мария", "birth_date": "2024-02-10",
                  "certificate_series": "IV-МЮ", "certificate_number": "123456"},
        "from": "2027-09-01", "kindergartens": ["№ 1234"], "benefit": "large_family",
        "consent": true
    });
    if let Some(d) = document {
        v["benefit_document"] = json!(d);
    }
    v
}

async fn get_bytes(t: &T, path: &str, token: &str) -> (u16, Vec<u8>) {
    let r = t
        .client
        .get(format!("{}{path}", t.api))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

async fn files_are_attached_by_their_content_once_and_read_only_by_their_own(t: T) {
    let dogm = client(&t, "mos_dogm").await;
    let sfr = client(&t, "sfr").await;
    let (token, _) = standard(&t, 13).await;
    let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n".to_vec();
    // The type is the content's: a text file named .pdf is refused, a PDF named
    // .txt is a PDF.
    let r = upload(&t, &token, "справка.pdf", b"just some text")
        .await
        .expect_error(422, "validation_failed");
    assert_eq!(problems(&r), [("file", "file_type_not_allowed")]);
    let r = upload(&t, &token, "empty.pdf", b"")
        .await
        .expect_error(422, "validation_failed");
    assert_eq!(problems(&r), [("file", "required")]);
    let mut big = pdf.clone();
    big.resize(kabinet_core::services::attachments::MAX_BYTES + 1, b' ');
    let r = upload(&t, &token, "big.pdf", &big)
        .await
        .expect_error(422, "validation_failed");
    assert_eq!(problems(&r), [("file", "file_too_large")]);
    big.resize(kabinet_core::services::attachments::MAX_BYTES + 4096, b' ');
    upload(&t, &token, "bigger.pdf", &big)
        .await
        .expect_error(413, "payload_too_large");
    upload(&t, "", "x.pdf", &pdf).await.expect(401);
    let made = upload(&t, &token, "C:\\Сканы\\удостоверение многодетной.txt", &pdf)
        .await
        .expect(201);
    assert_eq!(made.json["kind"], "pdf");
    assert_eq!(made.json["name"], "удостоверение многодетной.txt");
    assert_eq!(made.json["size"], pdf.len());
    let id = made.json["id"].as_str().unwrap().to_owned();
    // Stored sealed: neither the content nor the name is in the database.
    let mut db = t.db().await;
    let stored: String =
        sqlx::query_scalar("SELECT content_sealed || name_sealed FROM attachments WHERE id = $1")
            .bind(&id)
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert!(!stored.contains(&hex::encode(b"%PDF")) && !stored.contains("удостоверение"));

    // Someone else cannot use or read it.
    let (other, _) = standard(&t, 14).await;
    assert_eq!(
        get_bytes(&t, &format!("/me/attachments/{id}"), &other)
            .await
            .0,
        404
    );
    let r = apply_with(
        &t,
        &other,
        "mos-kindergarten-queue",
        &kindergarten_form(Some(&id)),
        &random_hex(16),
    )
    .await
    .expect_error(422, "validation_failed");
    assert_eq!(
        problems(&r),
        [("form.benefit_document", "attachment_unknown")]
    );
    // Its owner attaches it; it is then part of that application only.
    let sent = apply_with(
        &t,
        &token,
        "mos-kindergarten-queue",
        &kindergarten_form(Some(&id)),
        &random_hex(16),
    )
    .await
    .expect(201);
    assert_eq!(sent.json["attachments"][0]["id"], id.as_str());
    assert_eq!(sent.json["form"]["benefit_document"], id.as_str());
    let r = apply_with(
        &t,
        &token,
        "mos-kindergarten-queue",
        &kindergarten_form(Some(&id)),
        &random_hex(16),
    )
    .await
    .expect_error(422, "validation_failed");
    assert_eq!(
        problems(&r),
        [("form.benefit_document", "attachment_unknown")]
    );
    // Read back byte for byte by the citizen and by the agency of the service only.
    assert_eq!(
        get_bytes(&t, &format!("/me/attachments/{id}"), &token).await,
        (200, pdf.clone())
    );
    assert_eq!(
        get_bytes(&t, &format!("/agency/attachments/{id}"), &dogm).await,
        (200, pdf)
    );
    assert_eq!(
        get_bytes(&t, &format!("/agency/attachments/{id}"), &sfr)
            .await
            .0,
        404
    );
    let listed = t.get("/agency/applications", Some(&dogm)).await.expect(200);
    assert_eq!(
        listed.json["applications"][0]["attachments"][0]["kind"],
        "pdf"
    );
}
