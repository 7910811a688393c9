//! Registration: the journey, codes (wrong, expired, resend limits), password
//! policy, enumeration safety.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::support::{Duration, PASSWORD, T, random_hex};

both_backends!(
    happy_path,
    email_registration_and_field_errors,
    password_policy,
    wrong_code_attempts,
    expired_code_and_registration,
    resend_limits,
    enumeration_safe_registration,
);

async fn happy_path(t: T) {
    let r = t
        .post("/registrations", &json!({"surname": " Петров-Водкин ", "first_name": "Кузьма", "contact": "8 (912) 345-67-89"}))
        .await
        .expect(202);
    assert_eq!(r.json["step"], "awaiting_code");
    assert_eq!(r.json["surname"], "Петров-Водкин");
    assert_eq!(r.json["channel"], "sms");
    assert_eq!(r.json["contact_masked"], "+7 912 ***-**-89");
    let id = r.json["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 64);

    // Interrupted and resumed: the registration remembers what was entered.
    let resumed = t
        .get(&format!("/registrations/{id}"), None)
        .await
        .expect(200);
    assert_eq!(resumed.json, r.json);

    let sms = t.messages_to("+79123456789").await;
    assert_eq!(sms.len(), 1);
    let code = crate::support::extract_code(&sms[0].body).unwrap();

    // Set a password before confirming: wrong step.
    t.post(
        &format!("/registrations/{id}/password"),
        &json!({"password": PASSWORD, "password_repeat": PASSWORD}),
    )
    .await
    .expect_error(409, "registration_wrong_step");

    let confirmed = t
        .post(
            &format!("/registrations/{id}/confirm"),
            &json!({"code": code}),
        )
        .await
        .expect(200);
    assert_eq!(confirmed.json["step"], "awaiting_password");
    // Single use: the code cannot confirm again.
    t.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
    )
    .await
    .expect_error(409, "registration_wrong_step");

    let grant = t
        .post(
            &format!("/registrations/{id}/password"),
            &json!({"password": PASSWORD, "password_repeat": PASSWORD}),
        )
        .await
        .expect(201);
    assert_eq!(grant.json["account"]["level"], "simplified");
    assert_eq!(grant.json["account"]["next_level"]["level"], "standard");
    let access = grant.json["access_token"].as_str().unwrap().to_owned();
    assert_eq!(access.len(), 64);

    let me = t.get("/me", Some(&access)).await.expect(200);
    assert_eq!(me.json["surname"], "Петров-Водкин");
    assert_eq!(me.json["first_name"], "Кузьма");
    assert_eq!(me.json["level"], "simplified");
    assert_eq!(me.json["contact_masked"], "+7 912 ***-**-89");
    assert_eq!(
        t.get(&format!("/registrations/{id}"), None)
            .await
            .expect(200)
            .json["step"],
        "complete"
    );

    t.send(
        reqwest::Method::DELETE,
        "/sessions/current",
        None,
        Some(&random_hex(8)),
        Some(&access),
    )
    .await
    .expect(204);
    t.get("/me", Some(&access))
        .await
        .expect_error(401, "unauthenticated");

    // Sign in again, with another spelling of the number.
    let again = t.sign_in("+7 912 3456789", PASSWORD).await.expect(201);
    let access2 = again.json["access_token"].as_str().unwrap();
    assert_ne!(access2, access);
    assert_eq!(
        t.get("/me", Some(access2)).await.expect(200).json["surname"],
        "Петров-Водкин"
    );
}

async fn email_registration_and_field_errors(t: T) {
    let grant = t
        .register(
            "Smith",
            " Ivan.Smith@Example.RU ",
            "ivan.smith@example.ru",
            PASSWORD,
        )
        .await;
    assert_eq!(grant.account.contact_masked, "i***@example.ru");
    let mail = t.messages_to("ivan.smith@example.ru").await;
    assert_eq!(mail[0].channel, kabinet_core::api::Channel::Email);
    assert!(mail[0].subject.is_some());
    t.sign_in("IVAN.SMITH@example.ru", PASSWORD)
        .await
        .expect(201);

    let cases = [
        (
            json!({"surname": "", "first_name": "Иван", "contact": "89123456789"}),
            "required",
            "surname",
        ),
        (
            json!({"surname": "Иван0в", "first_name": "Иван", "contact": "89123456789"}),
            "name_invalid",
            "surname",
        ),
        (
            json!({"surname": "Иванов", "first_name": "Я".repeat(61), "contact": "89123456789"}),
            "name_invalid",
            "first_name",
        ),
        (
            json!({"surname": "Иванов", "first_name": "Иван", "contact": ""}),
            "required",
            "contact",
        ),
        (
            json!({"surname": "Иванов", "first_name": "Иван", "contact": "8 (495) 123-45-67"}),
            "phone_invalid",
            "contact",
        ),
        (
            json!({"surname": "Иванов", "first_name": "Иван", "contact": "ivan@example"}),
            "email_invalid",
            "contact",
        ),
        (
            json!({"surname": "Иванов", "first_name": "Иван", "contact": "ivan"}),
            "contact_invalid",
            "contact",
        ),
    ];
    for (body, code, field) in cases {
        let r = t
            .post("/registrations", &body)
            .await
            .expect_error(422, code);
        assert_eq!(r.json["field"], field, "{body}");
    }
}

async fn password_policy(t: T) {
    let id = t.start("Кузнецова", "Анна", "+7 (916) 000-11-22").await;
    let code = t.latest_code("+79160001122").await;
    t.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
    )
    .await
    .expect(200);
    let long = "x".repeat(129);
    let cases = [
        ("Xq7#kL2", "Xq7#kL2", "password_too_short", "password"),
        (
            long.as_str(),
            long.as_str(),
            "password_too_long",
            "password",
        ),
        (
            PASSWORD,
            "correct horse battery stapler",
            "password_mismatch",
            "password_repeat",
        ),
        (
            "password123",
            "password123",
            "password_too_common",
            "password",
        ),
        (
            "qwertyuiop",
            "qwertyuiop",
            "password_too_common",
            "password",
        ),
        (
            "моя 9160001122 тайна",
            "моя 9160001122 тайна",
            "password_contains_personal_data",
            "password",
        ),
        (
            "кузнецова навсегда 77",
            "кузнецова навсегда 77",
            "password_contains_personal_data",
            "password",
        ),
    ];
    for (password, repeat, code, field) in cases {
        let r = t
            .post(
                &format!("/registrations/{id}/password"),
                &json!({"password": password, "password_repeat": repeat}),
            )
            .await
            .expect_error(422, code);
        assert_eq!(r.json["field"], field, "{password}");
    }
    // 64+ characters of anything are fine.
    let passphrase = "Über den Wolken muss die Freiheit wohl grenzenlos sein — 🌤 sagt Reinhard";
    t.post(
        &format!("/registrations/{id}/password"),
        &json!({"password": passphrase, "password_repeat": passphrase}),
    )
    .await
    .expect(201);
    t.sign_in("89160001122", passphrase).await.expect(201);
}

async fn wrong_code_attempts(t: T) {
    let id = t.start("Орлов", "Пётр", "89031112233").await;
    let code = t.latest_code("+79031112233").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let r = t
            .post(
                &format!("/registrations/{id}/confirm"),
                &json!({"code": wrong}),
            )
            .await
            .expect_error(422, "code_wrong");
        assert_eq!(r.json["attempts_left"], left);
        assert_eq!(r.json["field"], "code");
    }
    // Sixth entry: the code is dead, even the right one.
    t.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
    )
    .await
    .expect_error(422, "code_attempts_exhausted");
    // The registration is locked for 15 minutes whatever is resent: no new code, and
    // the screen can say until when.
    let r = t
        .post(
            &format!("/registrations/{id}/confirm"),
            &json!({"code": code}),
        )
        .await
        .expect_error(422, "code_attempts_exhausted");
    let locked_until = r.json["retry_at"].clone();
    assert!(locked_until.is_string(), "{}", r.text);
    t.advance(Duration::seconds(60));
    let r = t
        .post(&format!("/registrations/{id}/resend"), &json!({}))
        .await
        .expect_error(422, "code_attempts_exhausted");
    assert_eq!(r.json["retry_at"], locked_until);
    let view = t
        .get(&format!("/registrations/{id}"), None)
        .await
        .expect(200);
    assert_eq!(view.json["resend_available_at"], locked_until);
    assert_eq!(
        t.messages_to("+79031112233").await.len(),
        1,
        "nothing was sent"
    );
    // After the lock, a new code works.
    t.advance(Duration::minutes(14));
    t.post(&format!("/registrations/{id}/resend"), &json!({}))
        .await
        .expect(202);
    let fresh = t.latest_code("+79031112233").await;
    t.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": fresh}),
    )
    .await
    .expect(200);
}

async fn expired_code_and_registration(t: T) {
    let id = t.start("Орлова", "Вера", "89035556677").await;
    let code = t.latest_code("+79035556677").await;
    t.advance(Duration::minutes(10) + Duration::seconds(1));
    t.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
    )
    .await
    .expect_error(422, "code_expired");
    let r = t
        .post(&format!("/registrations/{id}/resend"), &json!({}))
        .await
        .expect(202);
    assert_eq!(r.json["step"], "awaiting_code");
    let fresh = t.latest_code("+79035556677").await;
    assert_ne!(
        fresh, code,
        "a new code (1 in a million chance of a repeat)"
    );
    t.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": fresh}),
    )
    .await
    .expect(200);

    // The whole registration is forgotten after 24 hours.
    t.advance(Duration::hours(24));
    t.get(&format!("/registrations/{id}"), None)
        .await
        .expect_error(404, "registration_not_found");
    t.get(&format!("/registrations/{}", "ab".repeat(32)), None)
        .await
        .expect_error(404, "registration_not_found");
    t.get("/registrations/not-an-id", None)
        .await
        .expect_error(404, "registration_not_found");
}

async fn resend_limits(t: T) {
    let id = t.start("Соколов", "Олег", "89047778899").await;
    let resend = format!("/registrations/{id}/resend");
    let started = t
        .get(&format!("/registrations/{id}"), None)
        .await
        .expect(200);

    let r = t
        .post(&resend, &json!({}))
        .await
        .expect_error(429, "resend_too_soon");
    assert_eq!(r.json["retry_at"], started.json["resend_available_at"]);

    // Nine more, once a minute: ten codes in the window.
    for _ in 0..9 {
        t.advance(Duration::seconds(60));
        t.post(&resend, &json!({})).await.expect(202);
    }
    assert_eq!(t.messages_to("+79047778899").await.len(), 10);
    // The eleventh within ten minutes of the first is refused…
    t.advance(Duration::seconds(60));
    let r = t
        .post(&resend, &json!({}))
        .await
        .expect_error(429, "resend_too_soon");
    assert!(r.json["retry_at"].is_string());
    // …a new registration for the same number is refused too (limits are per destination)…
    t.post(
        "/registrations",
        &json!({"surname": "Соколов", "first_name": "Олег", "contact": "+79047778899"}),
    )
    .await
    .expect_error(429, "resend_too_soon");
    // …and allowed once the window has moved on.
    t.advance(Duration::seconds(1));
    t.post(&resend, &json!({})).await.expect(202);
    assert_eq!(t.messages_to("+79047778899").await.len(), 11);
    // An empty body is accepted as `{}`.
    t.advance(Duration::seconds(60));
    t.send(
        reqwest::Method::POST,
        &resend,
        None,
        Some(&random_hex(8)),
        None,
    )
    .await
    .expect(202);
}

/// Same status and same set of fields, values aside from the id and the times.
fn same_shape(a: &serde_json::Value, b: &serde_json::Value) {
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(a), keys(b));
    for k in ["step", "channel"] {
        assert_eq!(a[k], b[k], "{k}");
    }
}

async fn enumeration_safe_registration(t: T) {
    t.register("Зайцев", "89261234567", "+79261234567", PASSWORD)
        .await;
    let before = t.messages_to("+79261234567").await.len();
    t.advance(Duration::seconds(60)); // past the resend interval of the code just sent

    let body =
        |contact: &str| json!({"surname": "Зайцев", "first_name": "Иван", "contact": contact});
    let known = t.post("/registrations", &body("8 926 123 45 67")).await;
    let unknown = t.post("/registrations", &body("8 926 765 43 21")).await;
    assert_eq!((known.status, unknown.status), (202, 202));
    same_shape(&known.json, &unknown.json);

    // The owner of the number gets a notice, not a code.
    let notices = t.messages_to("+79261234567").await;
    assert_eq!(notices.len(), before + 1);
    assert!(
        crate::support::extract_code(&notices[0].body).is_none(),
        "no code in the notice"
    );
    assert!(notices[0].body.contains("войдите или восстановите пароль"));

    // Resend answers alike.
    t.advance(Duration::seconds(60));
    let known_id = known.json["id"].as_str().unwrap();
    let unknown_id = unknown.json["id"].as_str().unwrap();
    let k = t
        .post(&format!("/registrations/{known_id}/resend"), &json!({}))
        .await;
    let u = t
        .post(&format!("/registrations/{unknown_id}/resend"), &json!({}))
        .await;
    assert_eq!((k.status, u.status), (202, 202));
    same_shape(&k.json, &u.json);

    // Confirming can never succeed for the registered number: every code is wrong.
    for code in ["000000", "123456", "999999"] {
        t.post(
            &format!("/registrations/{known_id}/confirm"),
            &json!({"code": code}),
        )
        .await
        .expect_error(422, "code_wrong");
    }

    // Sign-in failures are identical for a wrong password and an unknown login.
    let wrong_password = t
        .sign_in("89261234567", "not the password at all")
        .await
        .expect_error(401, "invalid_credentials");
    let unknown_login = t
        .sign_in("89267654321", "not the password at all")
        .await
        .expect_error(401, "invalid_credentials");
    assert_eq!(wrong_password.text, unknown_login.text);
    let not_a_login = t
        .sign_in("nobody", "not the password at all")
        .await
        .expect_error(401, "invalid_credentials");
    assert_eq!(not_a_login.text, unknown_login.text);
}
