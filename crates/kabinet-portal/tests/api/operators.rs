//! Service-centre operators: sign-in with a password and a TOTP code at their own
//! office, the search by SNILS or phone, in-person confirmation and its audit — on
//! both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use kabinet_portal::Clock;
use serde_json::{Value, json};
use sqlx::Row;
use time::Duration;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::profile::{citizen, settled, submit};
use crate::support::{Resp, T, random_hex};

both_backends!(
    an_operator_signs_in_with_a_code_used_once_at_their_own_office,
    failed_operator_sign_ins_are_limited,
    an_operator_confirms_a_standard_citizen_in_person,
    an_operator_cannot_confirm_their_own_account_nor_one_not_yet_standard,
);

const EVERYTHING: [&str; 5] = [
    "photo",
    "full_name",
    "birth_date",
    "passport_number",
    "passport_issue",
];

struct Operator {
    login: String,
    password: String,
    totp: TOTP,
}

async fn operator(t: &T, office: &str, snils: &str) -> Operator {
    let config = t.admin_config();
    let login = format!("op{}", random_hex(3));
    let created = kabinet_portal::create_operator(
        &config,
        &kabinet_portal::NewOperator {
            login: login.clone(),
            name: "Петрова А. С.".into(),
            office_id: office.into(),
            snils: snils.into(),
        },
    )
    .await
    .expect("operator created");
    assert_eq!(created.login, login);
    assert!(created.password.len() >= 20, "a long generated password");
    assert!(
        created.otpauth_uri.starts_with("otpauth://totp/Kabinet:")
            && created.otpauth_uri.contains(&created.totp_key)
    );
    let secret = Secret::Encoded(created.totp_key).to_bytes().unwrap();
    Operator {
        login,
        password: created.password,
        totp: TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, secret, None, String::new()),
    }
}

/// A valid SNILS for an operator, of no demo citizen.
fn staff_snils(first9: &str) -> String {
    kabinet_core::identity::snils::Snils::with_check_digits(first9)
        .unwrap()
        .digits()
        .to_owned()
}

impl Operator {
    fn code(&self, t: &T) -> String {
        self.totp.generate(t.clock.now().unix_timestamp() as u64)
    }
}

async fn sign_in_as(t: &T, op: &Operator, password: &str, code: &str, office: &str) -> Resp {
    t.post(
        "/operator/sessions",
        &json!({"login": op.login, "password": password, "code": code, "office_id": office}),
    )
    .await
}

/// Signs in at the operator's office with the current code; returns the token.
async fn signed_in(t: &T, op: &Operator, office: &str) -> String {
    let r = sign_in_as(t, op, &op.password, &op.code(t), office)
        .await
        .expect(201);
    r.json["token"].as_str().unwrap().to_owned()
}

async fn op_post(t: &T, token: &str, path: &str, body: &Value) -> Resp {
    let bytes = serde_json::to_vec(body).unwrap();
    t.send(
        reqwest::Method::POST,
        path,
        Some(("application/json", &bytes)),
        Some(&random_hex(16)),
        Some(token),
    )
    .await
}

/// A citizen registered with a phone, at the standard level; (token, phone, citizen).
async fn standard_citizen(t: &T, nth: usize) -> (String, String, Value) {
    let phone = format!("+7916{:07}", nth * 1000 + 7);
    let grant = t
        .register("Проверкин", &phone, &phone, "Lipa-Sneg-2741-x")
        .await;
    let c = citizen("clean", nth);
    submit(t, &grant.access_token, &c["profile"])
        .await
        .expect(202);
    assert_eq!(settled(t, &grant.access_token).await["level"], "standard");
    (grant.access_token, phone, c)
}

async fn an_operator_signs_in_with_a_code_used_once_at_their_own_office(t: T) {
    let op = operator(&t, "c002", &staff_snils("900000002")).await;
    // Wrong code, wrong password: the same answer, never which one.
    let wrong = if op.code(&t) == "000000" {
        "111111"
    } else {
        "000000"
    };
    sign_in_as(&t, &op, &op.password, wrong, "c002")
        .await
        .expect_error(401, "invalid_credentials");
    sign_in_as(&t, &op, "not-the-password", &op.code(&t), "c002")
        .await
        .expect_error(401, "invalid_credentials");
    // A code of two steps ago is too old; one step ago still works.
    let old = op.totp.generate(t.clock.now().unix_timestamp() as u64 - 60);
    sign_in_as(&t, &op, &op.password, &old, "c002")
        .await
        .expect_error(401, "invalid_credentials");
    let code = op.code(&t);
    let r = sign_in_as(&t, &op, &op.password, &code, "c002")
        .await
        .expect(201);
    let token = r.json["token"].as_str().unwrap().to_owned();
    assert_eq!(r.json["operator"]["office_id"], "c002");
    assert!(
        r.json["operator"]["office_name"]
            .as_str()
            .unwrap()
            .contains("Ростелеком")
    );
    // The same code again, even at once: refused.
    sign_in_as(&t, &op, &op.password, &code, "c002")
        .await
        .expect_error(401, "invalid_credentials");
    let me = t.get("/operator/me", Some(&token)).await.expect(200);
    assert_eq!(me.json["login"], op.login.as_str());
    // Right credentials at another office: said plainly.
    t.advance(Duration::seconds(30));
    sign_in_as(&t, &op, &op.password, &op.code(&t), "c001")
        .await
        .expect_error(403, "operator_wrong_office");
    // A citizen's token is no operator's, and an operator's no citizen's.
    let grant = t
        .register(
            "Проверкин",
            "op@example.ru",
            "op@example.ru",
            "Lipa-Sneg-2741-x",
        )
        .await;
    t.get("/operator/me", Some(&grant.access_token))
        .await
        .expect_error(401, "unauthenticated");
    t.get("/me", Some(&token))
        .await
        .expect_error(401, "unauthenticated");
    // 30 idle minutes end the session; activity keeps it.
    t.advance(Duration::minutes(29));
    t.get("/operator/me", Some(&token)).await.expect(200);
    t.advance(Duration::minutes(29));
    t.get("/operator/me", Some(&token)).await.expect(200);
    t.advance(Duration::minutes(31));
    t.get("/operator/me", Some(&token))
        .await
        .expect_error(401, "unauthenticated");
    // Signing out ends a session on the server.
    t.advance(Duration::seconds(30));
    let token = signed_in(&t, &op, "c002").await;
    let out = t
        .send(
            reqwest::Method::DELETE,
            "/operator/sessions/current",
            None,
            Some(&random_hex(16)),
            Some(&token),
        )
        .await;
    assert_eq!(out.status, 204);
    t.get("/operator/me", Some(&token))
        .await
        .expect_error(401, "unauthenticated");
}

async fn failed_operator_sign_ins_are_limited(t: T) {
    let op = operator(&t, "c002", &staff_snils("900000003")).await;
    for _ in 0..5 {
        sign_in_as(&t, &op, "wrong", "123456", "c002")
            .await
            .expect_error(401, "invalid_credentials");
    }
    // The sixth, even right, waits, and is told until when.
    let r = sign_in_as(&t, &op, &op.password, &op.code(&t), "c002")
        .await
        .expect_error(429, "rate_limited");
    assert!(r.json["retry_at"].is_string(), "{}", r.text);
    t.advance(Duration::minutes(16));
    signed_in(&t, &op, "c002").await;
}

async fn an_operator_confirms_a_standard_citizen_in_person(t: T) {
    let op = operator(&t, "c001", &staff_snils("900000004")).await;
    let token = signed_in(&t, &op, "c001").await;
    let (citizen_token, phone, c) = standard_citizen(&t, 3).await;
    let profile = &c["profile"];
    // Found by SNILS (any separators) and by phone, with the stored passport data.
    let snils_typed: String = profile["snils"]
        .as_str()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let by_snils = op_post(
        &t,
        &token,
        "/operator/citizens/search",
        &json!({"snils": snils_typed}),
    )
    .await
    .expect(200);
    let by_phone = op_post(
        &t,
        &token,
        "/operator/citizens/search",
        &json!({"phone": phone.replacen("+7", "8", 1)}),
    )
    .await
    .expect(200);
    assert_eq!(by_snils.json, by_phone.json);
    let rec = by_snils.json;
    assert_eq!(rec["level"], "standard");
    assert_eq!(rec["surname"], profile["surname"]);
    assert_eq!(rec["passport"], profile["passport"]);
    assert_eq!(rec["birth_date"], profile["birth_date"]);
    assert!(
        rec["snils_masked"]
            .as_str()
            .unwrap()
            .starts_with("***-***-*")
    );
    let account = rec["account_id"].as_str().unwrap().to_owned();
    // Unknown people and bad input: a clear answer each.
    op_post(
        &t,
        &token,
        "/operator/citizens/search",
        &json!({"phone": "+79160000001"}),
    )
    .await
    .expect_error(404, "not_found");
    let bad = op_post(
        &t,
        &token,
        "/operator/citizens/search",
        &json!({"snils": "112-233-445 96"}),
    )
    .await
    .expect_error(422, "validation_failed");
    assert_eq!(bad.json["errors"][0]["code"], "snils_check_digits");
    // Everything must be compared; every item left out is named.
    let verify = format!("/operator/citizens/{account}/verify");
    let r = op_post(
        &t,
        &token,
        &verify,
        &json!({"compared": ["photo", "full_name"]}),
    )
    .await
    .expect_error(422, "validation_failed");
    let mut missing: Vec<&str> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    missing.sort_unstable();
    assert_eq!(
        missing,
        [
            "compared.birth_date",
            "compared.passport_issue",
            "compared.passport_number"
        ]
    );
    let r = op_post(&t, &token, &verify, &json!({"compared": EVERYTHING}))
        .await
        .expect(200);
    assert_eq!(r.json["level"], "verified");
    // The citizen sees who confirmed them, where and how, and was told.
    let me = t.get("/me", Some(&citizen_token)).await.expect(200);
    assert_eq!(me.json["level"], "verified");
    assert_eq!(me.json["verification"]["method"], "in_person");
    assert_eq!(me.json["verification"]["operator"], "Петрова А. С.");
    assert!(
        me.json["verification"]["office"]
            .as_str()
            .unwrap()
            .contains("Мои документы")
    );
    assert!(me.json["verification"]["verified_at"].is_string());
    let told = t.messages_to(&phone).await;
    assert_eq!(
        told.iter()
            .filter(|m| m.body.contains("подтверждена в центре"))
            .count(),
        1
    );
    // Once: a second confirmation is refused plainly.
    op_post(&t, &token, &verify, &json!({"compared": EVERYTHING}))
        .await
        .expect_error(409, "level_already_reached");
    // The audit keeps operator, office, time and what was compared.
    let mut db = t.db().await;
    let rows = sqlx::query(
        "SELECT action, office_id, details, at FROM operator_audit WHERE account_id = $1 ORDER BY at, action",
    )
    .bind(&account)
    .fetch_all(&mut db)
    .await
    .unwrap();
    let actions: Vec<String> = rows.iter().map(|r| r.get("action")).collect();
    assert_eq!(actions, ["search", "search", "verify_in_person"]);
    let verified = rows.last().unwrap();
    assert_eq!(verified.get::<String, _>("office_id"), "c001");
    let details: Value = serde_json::from_str(&verified.get::<String, _>("details")).unwrap();
    let mut expected = EVERYTHING.to_vec();
    expected.sort_unstable();
    assert_eq!(details["compared"], json!(expected));
    // No personal data in the audit's details.
    assert!(!verified.get::<String, _>("details").contains(&snils_typed));
}

async fn an_operator_cannot_confirm_their_own_account_nor_one_not_yet_standard(t: T) {
    let (_, phone, c) = standard_citizen(&t, 4).await;
    // The operator is that citizen: same SNILS.
    let op = operator(&t, "c001", c["profile"]["snils"].as_str().unwrap()).await;
    let token = signed_in(&t, &op, "c001").await;
    let rec = op_post(
        &t,
        &token,
        "/operator/citizens/search",
        &json!({"phone": phone}),
    )
    .await
    .expect(200);
    let account = rec.json["account_id"].as_str().unwrap();
    op_post(
        &t,
        &token,
        &format!("/operator/citizens/{account}/verify"),
        &json!({"compared": EVERYTHING}),
    )
    .await
    .expect_error(403, "operator_own_account");
    // A citizen who has sent no passport data: nothing to compare yet.
    t.register(
        "Новиков",
        "+79165550000",
        "+79165550000",
        "Lipa-Sneg-2741-x",
    )
    .await;
    op_post(
        &t,
        &token,
        "/operator/citizens/search",
        &json!({"phone": "+79165550000"}),
    )
    .await
    .expect_error(403, "standard_level_required");
    // An unknown account id.
    op_post(
        &t,
        &token,
        "/operator/citizens/0000/verify",
        &json!({"compared": EVERYTHING}),
    )
    .await
    .expect_error(404, "not_found");
}
