//! The verified level by registered letter: the request and its limits, the
//! development post's tracking as a job, the code's rules — on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use sqlx::Row;
use time::Duration;

use crate::support::{Resp, T, random_hex};

both_backends!(
    a_simplified_account_gets_no_letter,
    a_standard_account_without_an_address_gets_no_letter,
    the_letter_is_tracked_to_the_citizen_and_its_code_verifies_the_account,
    three_wrong_codes_wait_ten_minutes_even_for_the_right_one,
    an_expired_code_is_said_so,
    one_letter_a_month_and_only_the_latest_counts,
    concurrent_requests_make_one_letter,
);
both_backends!(with no_workers: the_tracking_finishes_once_on_another_instance_after_a_restart);

fn no_workers(c: &mut kabinet_portal::PortalConfig) {
    c.jobs.run = false;
}

const DATA: &str = include_str!("../../data/registries.json");
const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PASSWORD: &str = "Lipa-Sneg-2741-x";

/// The `nth` clean citizen of the development registries (letters use the
/// citizens from #20 on, so they do not meet the profile tests' ones).
fn citizen(nth: usize) -> Value {
    let data: Value = serde_json::from_str(DATA).unwrap();
    data["citizens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["case"] == "clean")
        .nth(nth)
        .unwrap_or_else(|| panic!("no clean citizen #{nth}"))
        .clone()
}

async fn simplified(t: &T) -> (String, String) {
    let contact = format!("l{}@example.ru", random_hex(4));
    let grant = t.register("Письмов", &contact, &contact, PASSWORD).await;
    (grant.access_token, contact)
}

async fn put_profile(t: &T, token: &str, profile: &Value) {
    let body = serde_json::to_vec(profile).unwrap();
    t.send(
        reqwest::Method::PUT,
        "/me/profile",
        Some(("application/json", &body)),
        Some(&random_hex(16)),
        Some(token),
    )
    .await
    .expect(202);
    t.eventually("the account becomes standard", || async {
        t.get("/me", Some(token)).await.json["level"] == "standard"
    })
    .await;
}

/// A standard account of the `nth` clean citizen (who has an address).
async fn standard(t: &T, nth: usize) -> (String, String) {
    let (token, contact) = simplified(t).await;
    let profile = citizen(nth)["profile"].clone();
    assert!(profile["address"].is_object(), "the citizen has an address");
    put_profile(t, &token, &profile).await;
    (token, contact)
}

async fn ask(t: &T, token: &str) -> Resp {
    ask_keyed(t, token, &random_hex(16)).await
}

async fn ask_keyed(t: &T, token: &str, key: &str) -> Resp {
    t.send(
        reqwest::Method::POST,
        "/me/letter",
        Some(("application/json", b"{}")),
        Some(key),
        Some(token),
    )
    .await
}

async fn enter(t: &T, token: &str, code: &str) -> Resp {
    let body = serde_json::to_vec(&json!({ "code": code })).unwrap();
    t.send(
        reqwest::Method::POST,
        "/me/letter/confirm",
        Some(("application/json", &body)),
        Some(&random_hex(16)),
        Some(token),
    )
    .await
}

/// The code in a letter's text: `XXXXX-XXXXX` after "Code" / "Код".
fn code_in(body: &str) -> Option<String> {
    body.split(|c: char| c.is_whitespace())
        .find(|w| {
            w.len() == 11
                && w.as_bytes()[5] == b'-'
                && w.chars()
                    .filter(|c| *c != '-')
                    .all(|c| ALPHABET.contains(c))
        })
        .map(|w| w.replace('-', ""))
}

/// The letters in the outbox for this address (newest first).
async fn letters_to(t: &T, address: &str) -> Vec<kabinet_core::api::OutboxMessage> {
    t.messages_to(address)
        .await
        .into_iter()
        .filter(|m| m.channel == kabinet_core::api::Channel::Post)
        .collect()
}

async fn latest_code(t: &T, address: &str) -> String {
    let letters = letters_to(t, address).await;
    code_in(&letters.first().expect("a letter was posted").body).expect("the letter has a code")
}

/// A code that is not `right`.
fn wrong(right: &str) -> String {
    let mut w: Vec<char> = right.chars().collect();
    w[0] = if w[0] == 'A' { 'B' } else { 'A' };
    w.into_iter().collect()
}

async fn letter(t: &T, token: &str) -> Value {
    t.get("/me/letter", Some(token)).await.expect(200).json
}

async fn handed_over(t: &T, token: &str) -> Value {
    t.eventually("the letter is handed over", || async {
        letter(t, token).await["status"] == "handed_over"
    })
    .await;
    letter(t, token).await
}

async fn a_simplified_account_gets_no_letter(t: T) {
    let (token, _) = simplified(&t).await;
    ask(&t, &token)
        .await
        .expect_error(403, "standard_level_required");
    enter(&t, &token, "ABCDE12345")
        .await
        .expect_error(403, "standard_level_required");
    t.get("/me/letter", Some(&token))
        .await
        .expect_error(404, "letter_not_found");
}

async fn a_standard_account_without_an_address_gets_no_letter(t: T) {
    let (token, _) = simplified(&t).await;
    let mut profile = citizen(20)["profile"].clone();
    profile.as_object_mut().unwrap().remove("address");
    put_profile(&t, &token, &profile).await;
    let r = ask(&t, &token).await.expect_error(422, "address_required");
    assert_eq!(r.json["field"], "address");
    enter(&t, &token, "ABCDE12345")
        .await
        .expect_error(404, "letter_not_found");
}

async fn the_letter_is_tracked_to_the_citizen_and_its_code_verifies_the_account(t: T) {
    let (token, contact) = standard(&t, 21).await;
    let r = ask(&t, &token).await.expect(202);
    assert_eq!(r.json["status"], "accepted");
    assert_eq!(r.json["attempts_left"], 3);
    let address = r.json["address"].as_str().unwrap().to_owned();
    let c = citizen(21);
    assert!(address.starts_with(c["profile"]["address"]["postcode"].as_str().unwrap()));
    let view = handed_over(&t, &token).await;
    let tracking: Vec<(String, String)> = view["tracking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["status"].as_str().unwrap().to_owned(),
                e["at"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let statuses: Vec<&str> = tracking.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        statuses,
        ["accepted", "in_transit", "arrived", "handed_over"]
    );
    let at = |s: &str| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
    };
    assert!(tracking.windows(2).all(|w| at(&w[0].1) <= at(&w[1].1)));
    // The SMS / e-mail that the letter waits at the post office: once.
    let told = t
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains("почтовом отделении"))
        .count();
    assert_eq!(told, 1);
    // The letter itself in the demo inbox: to the name and address, with the code.
    let letters = letters_to(&t, &address).await;
    assert_eq!(letters.len(), 1);
    let text = &letters[0].body;
    assert!(text.contains(c["profile"]["surname"].as_str().unwrap()) && text.contains(&address));
    let code = code_in(text).expect("a code of the alphabet");
    assert_eq!(code.len(), 10);
    // Stored only as a keyed hash.
    let mut db = t.db().await;
    let row = sqlx::query("SELECT code_hash, address FROM letters")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let stored = format!(
        "{}{}",
        row.try_get::<String, _>("code_hash").unwrap(),
        row.try_get::<String, _>("address").unwrap()
    );
    assert!(!stored.contains(&code) && !stored.contains(&address));
    // Wrong, then right (lower case, with a dash, as typed).
    let r = enter(&t, &token, &wrong(&code))
        .await
        .expect_error(422, "letter_code_wrong");
    assert_eq!(
        (r.json["field"].clone(), r.json["attempts_left"].clone()),
        (json!("code"), json!(2))
    );
    let typed = format!("{}-{}", &code[..5], &code[5..]).to_lowercase();
    let r = enter(&t, &token, &typed).await.expect(200);
    assert_eq!(r.json["level"], "verified");
    assert_eq!(r.json["verification"]["method"], "letter");
    let me = t.get("/me", Some(&token)).await.expect(200);
    assert_eq!(me.json["level"], "verified");
    assert_eq!(me.json["verification"]["method"], "letter");
    assert!(letter(&t, &token).await["confirmed_at"].is_string());
    let told = t
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains("подтверждённая"))
        .count();
    assert_eq!(told, 1, "the citizen is told the account is verified");
    // Single use: the same code again changes nothing.
    enter(&t, &token, &code)
        .await
        .expect_error(409, "level_already_reached");
    ask(&t, &token)
        .await
        .expect_error(409, "level_already_reached");
}

async fn three_wrong_codes_wait_ten_minutes_even_for_the_right_one(t: T) {
    let (token, _) = standard(&t, 22).await;
    let address = ask(&t, &token).await.expect(202).json["address"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = latest_code(&t, &address).await;
    for left in [2, 1, 0] {
        let r = enter(&t, &token, &wrong(&code))
            .await
            .expect_error(422, "letter_code_wrong");
        assert_eq!(r.json["attempts_left"], left);
    }
    let r = enter(&t, &token, &code)
        .await
        .expect_error(429, "rate_limited");
    assert!(r.json["retry_at"].is_string());
    assert_eq!(letter(&t, &token).await["attempts_left"], 0);
    t.advance(Duration::minutes(10) + Duration::seconds(1));
    let r = enter(&t, &token, &code).await.expect(200);
    assert_eq!(r.json["verification"]["method"], "letter");
    let me = t.get("/me", Some(&token)).await.expect(200);
    assert_eq!(me.json["level"], "verified");
}

async fn sign_in(t: &T, contact: &str) -> String {
    t.sign_in(contact, PASSWORD).await.expect(201).json["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn an_expired_code_is_said_so(t: T) {
    let (token, contact) = standard(&t, 23).await;
    let r = ask(&t, &token).await.expect(202);
    let address = r.json["address"].as_str().unwrap().to_owned();
    let code = latest_code(&t, &address).await;
    t.advance(Duration::days(30) + Duration::seconds(1));
    // Sessions last less than that: sign in again.
    let token = sign_in(&t, &contact).await;
    let r = enter(&t, &token, &code)
        .await
        .expect_error(422, "letter_code_expired");
    assert_eq!(r.json["field"], "code");
    // Any code of an expired letter is useless: "ask for a new letter", not "wrong".
    enter(&t, &token, &wrong(&code))
        .await
        .expect_error(422, "letter_code_expired");
}

async fn one_letter_a_month_and_only_the_latest_counts(t: T) {
    let (token, contact) = standard(&t, 24).await;
    let first = ask(&t, &token).await.expect(202);
    let address = first.json["address"].as_str().unwrap().to_owned();
    let old_code = latest_code(&t, &address).await;
    let r = ask(&t, &token).await.expect_error(429, "letter_too_soon");
    assert_eq!(r.json["retry_at"], first.json["next_request_at"]);
    // The same request retried (same key) is answered as the first time.
    let key = random_hex(16);
    let again = ask_keyed(&t, &token, &key).await;
    assert_eq!(ask_keyed(&t, &token, &key).await.text, again.text);
    t.advance(Duration::days(31));
    // Sessions last less than a month: sign in again.
    let token = sign_in(&t, &contact).await;
    ask(&t, &token).await.expect(202);
    let new_code = latest_code(&t, &address).await;
    assert_ne!(new_code, old_code);
    // Only the latest letter counts.
    enter(&t, &token, &old_code)
        .await
        .expect_error(422, "letter_code_wrong");
    enter(&t, &token, &new_code).await.expect(200);
}

async fn concurrent_requests_make_one_letter(t: T) {
    let (token, _) = standard(&t, 25).await;
    let answers = futures_util::future::join_all((0..10).map(|_| ask(&t, &token))).await;
    let made = answers.iter().filter(|r| r.status == 202).count();
    let refused = answers
        .iter()
        .filter(|r| r.status == 429 && r.code() == "letter_too_soon")
        .count();
    assert_eq!(
        (made, refused),
        (1, 9),
        "{:?}",
        answers.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let mut db = t.db().await;
    let letters: i64 = sqlx::query("SELECT COUNT(*) AS n FROM letters")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    let posted: i64 = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'post'")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!((letters, posted), (1, 1));
}

async fn the_tracking_finishes_once_on_another_instance_after_a_restart(t: T) {
    // This instance runs no jobs: the profile checks and the post wait for another.
    let (token, contact) = simplified(&t).await;
    let body = serde_json::to_vec(&citizen(26)["profile"]).unwrap();
    t.send(
        reqwest::Method::PUT,
        "/me/profile",
        Some(("application/json", &body)),
        Some(&random_hex(16)),
        Some(&token),
    )
    .await
    .expect(202);
    let other = std::sync::Arc::new(t.sibling(|_| {}).await);
    other
        .eventually("the account becomes standard", || async {
            other.get("/me", Some(&token)).await.json["level"] == "standard"
        })
        .await;
    other.stop().await;
    ask(&t, &token).await.expect(202);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(letter(&t, &token).await["status"], "accepted");
    // Another instance (after a restart) takes the post job over.
    let second = std::sync::Arc::new(t.sibling(|_| {}).await);
    let third = t.sibling(|_| {}).await;
    let view = handed_over(&second, &token).await;
    assert_eq!(view["tracking"].as_array().unwrap().len(), 4);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let told = second
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains("почтовом отделении"))
        .count();
    assert_eq!(told, 1, "the arrival is told once");
    third.stop().await;
    second.stop().await;
}
