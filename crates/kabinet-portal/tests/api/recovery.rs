//! Recovering access on both backends: by phone or e-mail, SNILS or passport, a
//! code goes to the account's own contact; a login that names no account gets the
//! same answer and no message, and its recovery never confirms; the new password
//! follows the policy, ends every other session, enables a sign-in disabled after
//! 100 failures, is told to the contact and written as a security event; codes
//! are single-use and their 5 entries hold under concurrent guesses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::Duration;

use kabinet_core::identity::snils::Snils;
use serde_json::{Value, json};
use sqlx::Row;

use crate::profile::{citizen, settled, submit};
use crate::support::{T, random_hex};

both_backends!(
    a_code_goes_to_the_accounts_contact_whatever_login_names_it,
    a_new_password_ends_every_other_session_and_enables_sign_in_again,
    codes_hold_under_concurrent_entries,
);

const PASSWORD: &str = "Lipa-Sneg-2741-x";
const NEW_PASSWORD: &str = "Vesna-Grom-8153-y";

/// A standard account of the development registries' citizen 0; its contact.
async fn standard_citizen(t: &T) -> (String, String) {
    let contact = format!("r{}@example.ru", random_hex(4));
    let grant = t.register("Проверкин", &contact, &contact, PASSWORD).await;
    submit(t, &grant.access_token, &citizen("clean", 0)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(t, &grant.access_token).await["level"], "standard");
    // The registration's code went to this contact a moment ago: once a minute.
    t.advance(Duration::seconds(61));
    (grant.access_token, contact)
}

async fn start(t: &T, login: &str) -> Value {
    t.post("/recoveries", &json!({"login": login}))
        .await
        .expect(202)
        .json
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

async fn a_code_goes_to_the_accounts_contact_whatever_login_names_it(t: T) {
    let (_, contact) = standard_citizen(&t).await;
    for login in [
        contact.as_str(),
        "485-370-789 32",
        "4517 175058",
        "45 17 175058",
    ] {
        let before = t.messages_to(&contact).await.len();
        let v = start(&t, login).await;
        assert_eq!(v["step"], "awaiting_code", "{login}");
        let messages = t.messages_to(&contact).await;
        assert_eq!(
            messages.len(),
            before + 1,
            "{login}: one code to the contact"
        );
        assert!(
            messages[0].body.contains("восстановления доступа"),
            "{login}"
        );
        // Once a minute to one destination, whichever login named it.
        t.post("/recoveries", &json!({"login": login}))
            .await
            .expect_error(429, "resend_too_soon");
        t.advance(Duration::seconds(61));
    }

    // Logins that name no account: the same answer, nothing sent, never confirmed.
    let known = start(&t, &contact).await;
    let unknown_snils = Snils::with_check_digits("112233445").unwrap().to_string();
    for login in [
        "nobody@example.ru",
        "+7 912 000-00-01",
        unknown_snils.as_str(),
        "4500 000001",
    ] {
        let before = t.outbox().await.len();
        let v = start(&t, login).await;
        assert_eq!(keys(&v), keys(&known), "{login}: the same shape");
        assert_eq!(v["step"], "awaiting_code");
        assert_eq!(t.outbox().await.len(), before, "{login}: nothing sent");
        let id = v["id"].as_str().unwrap();
        for code in ["000000", "123456"] {
            t.post(&format!("/recoveries/{id}/confirm"), &json!({"code": code}))
                .await
                .expect_error(422, "code_wrong");
        }
    }

    // Not a login at all: said at the field.
    let r = t
        .post("/recoveries", &json!({"login": "кто-то"}))
        .await
        .expect_error(422, "login_invalid");
    assert_eq!(r.json["field"], "login");
    t.post("/recoveries", &json!({"login": "  "}))
        .await
        .expect_error(422, "required");
}

async fn recover(t: &T, login: &str, to: &str) -> String {
    let v = start(t, login).await;
    let id = v["id"].as_str().unwrap().to_owned();
    let code = t.latest_code(to).await;
    let r = t
        .post(&format!("/recoveries/{id}/confirm"), &json!({"code": code}))
        .await
        .expect(200);
    assert_eq!(r.json["step"], "awaiting_password");
    id
}

async fn a_new_password_ends_every_other_session_and_enables_sign_in_again(t: T) {
    let (old_token, contact) = standard_citizen(&t).await;
    let other = t.sign_in(&contact, PASSWORD).await.expect(201).json["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // 100 failures disabled password sign-in.
    {
        let mut db = t.db().await;
        sqlx::query("UPDATE accounts SET failed_sign_ins = 100, password_disabled_at = 1 WHERE contact = $1")
            .bind(&contact)
            .execute(&mut db)
            .await
            .unwrap();
    }
    t.sign_in(&contact, PASSWORD)
        .await
        .expect_error(403, "sign_in_disabled");

    let id = recover(&t, "485-370-789 32", &contact).await;
    // The code is used: a second confirm is at the wrong step.
    t.post(
        &format!("/recoveries/{id}/confirm"),
        &json!({"code": "000000"}),
    )
    .await
    .expect_error(409, "recovery_wrong_step");
    // The policy of registration: a common password, two different entries.
    let path = format!("/recoveries/{id}/password");
    t.post(
        &path,
        &json!({"password": "password123", "password_repeat": "password123"}),
    )
    .await
    .expect_error(422, "password_too_common");
    t.post(
        &path,
        &json!({"password": NEW_PASSWORD, "password_repeat": "другой"}),
    )
    .await
    .expect_error(422, "password_mismatch");
    let grant = t
        .post(
            &path,
            &json!({"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}),
        )
        .await
        .expect(201)
        .json;
    assert_eq!(grant["account"]["level"], "standard");
    let new_token = grant["access_token"].as_str().unwrap();
    t.get("/me", Some(new_token)).await.expect(200);
    // Every earlier session is over.
    for token in [&old_token, &other] {
        t.get("/me", Some(token))
            .await
            .expect_error(401, "unauthenticated");
    }
    // Done once: the recovery takes no second password.
    t.post(
        &path,
        &json!({"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}),
    )
    .await
    .expect_error(409, "recovery_wrong_step");
    // The old password no longer signs in; the new one does, sign-in enabled again.
    t.sign_in(&contact, PASSWORD)
        .await
        .expect_error(401, "invalid_credentials");
    t.sign_in(&contact, NEW_PASSWORD).await.expect(201);
    // Told to the contact, written as a security event.
    assert!(
        t.messages_to(&contact).await[0]
            .body
            .contains("Пароль от Кабинета изменён"),
        "the contact is told"
    );
    let mut db = t.db().await;
    let kinds: Vec<String> = sqlx::query(
        "SELECT e.kind FROM security_events e JOIN accounts a ON a.id = e.account_id WHERE a.contact = $1",
    )
    .bind(&contact)
    .fetch_all(&mut db)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("kind"))
    .collect();
    assert_eq!(kinds, ["password_reset"]);
}

async fn codes_hold_under_concurrent_entries(t: T) {
    let (_, contact) = standard_citizen(&t).await;
    // Ten wrong guesses at once: at most five are taken, then the recovery locks.
    let v = start(&t, &contact).await;
    let id = v["id"].as_str().unwrap().to_owned();
    let code = t.latest_code(&contact).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let path = format!("/recoveries/{id}/confirm");
    let body = json!({"code": wrong});
    let guesses = (0..10).map(|_| t.post(&path, &body));
    let answers = futures_util::future::join_all(guesses).await;
    let counted = answers.iter().filter(|r| r.code() == "code_wrong").count();
    assert!(counted <= 5, "{counted} wrong entries were taken");
    assert!(answers.iter().all(|r| matches!(
        r.code(),
        "code_wrong" | "code_attempts_exhausted" | "unavailable"
    )));
    t.post(&path, &json!({"code": code}))
        .await
        .expect_error(422, "code_attempts_exhausted");

    // A fresh code entered twice at once: one recovery moves on, once.
    t.advance(Duration::minutes(16));
    let v = start(&t, &contact).await;
    let id = v["id"].as_str().unwrap().to_owned();
    let code = t.latest_code(&contact).await;
    let path = format!("/recoveries/{id}/confirm");
    let body = json!({"code": code});
    let (a, b) = tokio::join!(t.post(&path, &body), t.post(&path, &body));
    let mut codes = [a.status, b.status];
    codes.sort_unstable();
    assert_eq!(codes, [200, 409], "{} / {}", a.text, b.text);
}
