//! The protocol: idempotency, typed errors for bad requests, OpenAPI, health.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::Method;
use serde_json::json;

use crate::support::{PASSWORD, T, random_hex};

both_backends!(
    every_status_the_server_answers_is_documented,
    idempotent_retries,
    concurrent_duplicates,
    bad_requests_are_typed,
    openapi_and_health
);

async fn idempotent_retries(t: T) {
    let body = json!({"surname": "Белова", "first_name": "Ольга", "contact": "89161112233"});
    let key = random_hex(16);
    let first = t
        .post_keyed("/registrations", &body, &key)
        .await
        .expect(202);
    let retry = t
        .post_keyed("/registrations", &body, &key)
        .await
        .expect(202);
    assert_eq!(
        first.text, retry.text,
        "a retry returns the first response byte for byte"
    );
    assert_eq!(
        t.messages_to("+79161112233").await.len(),
        1,
        "one code sent"
    );

    let other = json!({"surname": "Белова", "first_name": "Ольга", "contact": "89161112234"});
    t.post_keyed("/registrations", &other, &key)
        .await
        .expect_error(422, "idempotency_key_reused");

    // Errors are replayed too: a retried wrong code does not cost another attempt.
    let id = first.json["id"].as_str().unwrap();
    let code = t.latest_code("+79161112233").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let key = random_hex(16);
    let a = t
        .post_keyed(
            &format!("/registrations/{id}/confirm"),
            &json!({"code": wrong}),
            &key,
        )
        .await;
    let b = t
        .post_keyed(
            &format!("/registrations/{id}/confirm"),
            &json!({"code": wrong}),
            &key,
        )
        .await;
    assert_eq!(a.json["attempts_left"], 4);
    assert_eq!(a.text, b.text);
    let c = t
        .post(
            &format!("/registrations/{id}/confirm"),
            &json!({"code": wrong}),
        )
        .await;
    assert_eq!(c.json["attempts_left"], 3);

    // Keys are scoped by route: the same key on another path is a new request.
    t.post_keyed(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
        &key,
    )
    .await
    .expect_error(422, "idempotency_key_reused");
    let confirm_key = random_hex(16);
    t.post_keyed(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
        &confirm_key,
    )
    .await
    .expect(200);

    let pw = json!({"password": PASSWORD, "password_repeat": PASSWORD});
    let pw_key = random_hex(16);
    let g1 = t
        .post_keyed(&format!("/registrations/{id}/password"), &pw, &pw_key)
        .await
        .expect(201);
    let g2 = t
        .post_keyed(&format!("/registrations/{id}/password"), &pw, &pw_key)
        .await
        .expect(201);
    assert_eq!(g1.text, g2.text, "the same grant, not a second account");
    let token = g1.json["access_token"].as_str().unwrap();
    t.get("/me", Some(token)).await.expect(200);

    // Sign-out keyed by session: a retry answers 204 again.
    let out_key = random_hex(16);
    t.send(
        Method::DELETE,
        "/sessions/current",
        None,
        Some(&out_key),
        Some(token),
    )
    .await
    .expect(204);
    t.send(
        Method::DELETE,
        "/sessions/current",
        None,
        Some(&out_key),
        Some(token),
    )
    .await
    .expect(204);
}

async fn concurrent_duplicates(t: T) {
    let body = json!({"surname": "Морозов", "first_name": "Илья", "contact": "ilya@example.org"});
    let key = random_hex(16);
    let (a, b) = tokio::join!(
        t.post_keyed("/registrations", &body, &key),
        t.post_keyed("/registrations", &body, &key)
    );
    assert_eq!((a.status, b.status), (202, 202), "{} / {}", a.text, b.text);
    assert_eq!(a.text, b.text, "one registration");
    assert_eq!(
        t.messages_to("ilya@example.org").await.len(),
        1,
        "one code sent"
    );

    let id = a.json["id"].as_str().unwrap();
    let code = t.latest_code("ilya@example.org").await;
    t.post(
        &format!("/registrations/{id}/confirm"),
        &json!({"code": code}),
    )
    .await
    .expect(200);
    let pw = json!({"password": PASSWORD, "password_repeat": PASSWORD});
    let key = random_hex(16);
    let path = format!("/registrations/{id}/password");
    let (a, b) = tokio::join!(
        t.post_keyed(&path, &pw, &key),
        t.post_keyed(&path, &pw, &key)
    );
    assert_eq!((a.status, b.status), (201, 201), "{} / {}", a.text, b.text);
    assert_eq!(a.text, b.text, "one account, one session");

    // Two double-clicks with different keys still make one account.
    let id2 = t.start("Морозов", "Илья", "8 903 000 12 34").await;
    let code2 = t.latest_code("+79030001234").await;
    t.post(
        &format!("/registrations/{id2}/confirm"),
        &json!({"code": code2}),
    )
    .await
    .expect(200);
    let path2 = format!("/registrations/{id2}/password");
    let (a, b) = tokio::join!(t.post(&path2, &pw), t.post(&path2, &pw));
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{} / {}", a.text, b.text);
}

async fn bad_requests_are_typed(t: T) {
    let key = || random_hex(8);
    let post = |path: &'static str, ct: &'static str, body: Vec<u8>, key: Option<String>| {
        let t = t.clone();
        async move {
            t.send(Method::POST, path, Some((ct, &body)), key.as_deref(), None)
                .await
        }
    };
    post(
        "/registrations",
        "application/json",
        b"{\"surname\": ".to_vec(),
        Some(key()),
    )
    .await
    .expect_error(400, "malformed_request");
    post(
        "/registrations",
        "application/json",
        b"[1, 2]".to_vec(),
        Some(key()),
    )
    .await
    .expect_error(400, "malformed_request");
    let unknown =
        br#"{"surname":"A","first_name":"B","contact":"89123456789","admin":true}"#.to_vec();
    post("/registrations", "application/json", unknown, Some(key()))
        .await
        .expect_error(400, "malformed_request");
    let missing = br#"{"surname":"A","first_name":"B"}"#.to_vec();
    post("/registrations", "application/json", missing, Some(key()))
        .await
        .expect_error(400, "malformed_request");
    let valid = br#"{"surname":"A","first_name":"B","contact":"89123456789"}"#.to_vec();
    post("/registrations", "text/plain", valid.clone(), Some(key()))
        .await
        .expect_error(415, "unsupported_media_type");
    post(
        "/sessions",
        "application/x-www-form-urlencoded",
        b"login=a&password=b".to_vec(),
        Some(key()),
    )
    .await
    .expect_error(415, "unsupported_media_type");
    let huge = format!(
        r#"{{"surname":"{}","first_name":"B","contact":"89123456789"}}"#,
        "A".repeat(100 * 1024)
    );
    post(
        "/registrations",
        "application/json",
        huge.into_bytes(),
        Some(key()),
    )
    .await
    .expect_error(413, "payload_too_large");
    post("/registrations", "application/json", valid.clone(), None)
        .await
        .expect_error(400, "idempotency_key_missing");
    post(
        "/sessions",
        "application/json",
        valid,
        Some("bad key with spaces".into()),
    )
    .await
    .expect_error(400, "idempotency_key_missing");

    t.get("/no/such/route", None)
        .await
        .expect_error(404, "not_found");
    t.get("/../../etc/passwd", None)
        .await
        .expect_error(404, "not_found");
    t.send(Method::GET, "/../../", None, None, None)
        .await
        .expect_error(404, "not_found");
    t.send(Method::PUT, "/health", None, Some(&key()), None)
        .await
        .expect_error(405, "method_not_allowed");
    t.get("/sessions", None)
        .await
        .expect_error(405, "method_not_allowed");
    t.get("/me", None)
        .await
        .expect_error(401, "unauthenticated");
    t.get("/me", Some("deadbeef"))
        .await
        .expect_error(401, "unauthenticated");
    t.get("/me", Some(&"ab".repeat(32)))
        .await
        .expect_error(401, "unauthenticated");
    t.post("/sessions/refresh", &json!({"refresh_token": 5}))
        .await
        .expect_error(400, "malformed_request");
}

async fn openapi_and_health(t: T) {
    let health = t.get("/health", None).await.expect(200);
    assert_eq!(health.json["status"], "ok");
    assert_eq!(health.json["demo"], true);

    let doc = t.get("/openapi.json", None).await.expect(200);
    assert!(doc.json["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc.json["paths"].as_object().unwrap();
    for path in [
        "/api/v1/health",
        "/api/v1/registrations",
        "/api/v1/registrations/{id}",
        "/api/v1/registrations/{id}/resend",
        "/api/v1/registrations/{id}/confirm",
        "/api/v1/registrations/{id}/password",
        "/api/v1/sessions",
        "/api/v1/sessions/refresh",
        "/api/v1/sessions/current",
        "/api/v1/me",
        "/api/v1/demo/outbox",
    ] {
        assert!(paths.contains_key(path), "OpenAPI lists {path}");
    }
    assert!(doc.json["components"]["schemas"]["ErrorCode"].is_object());
    assert!(doc.json["components"]["schemas"]["SessionGrant"].is_object());
}

/// A request to try: body (content type, bytes), idempotency key, bearer token.
type Probe<'a> = (
    Option<(&'a str, &'a [u8])>,
    Option<&'a str>,
    Option<&'a str>,
);

/// Walks every operation of the OpenAPI document with the requests a careless or
/// hostile client makes, and fails on any status the document does not list for
/// it. Request bodies are closed objects (`additionalProperties: false`).
async fn every_status_the_server_answers_is_documented(t: T) {
    let doc = t.get("/openapi.json", None).await.expect(200).json;
    let schemas = &doc["components"]["schemas"];
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let documented: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            let concrete = path
                .trim_start_matches("/api/v1")
                .replace("{id}", &"ab".repeat(32));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let key = random_hex(8);
            let probes: Vec<Probe> = vec![
                (None, None, None),
                (None, Some(key.as_str()), None),
                (Some(("text/plain", b"hello")), Some("k-text"), None),
                (Some(("application/json", b"{")), Some("k-broken"), None),
                (Some(("application/json", b"{}")), Some("k-empty"), None),
                (
                    Some(("application/json", br#"{"unexpected": 1}"#)),
                    Some("k-extra"),
                    None,
                ),
                (
                    Some(("application/json", b"{}")),
                    Some("a key with spaces"),
                    None,
                ),
                (None, Some("k-token"), Some("ab".repeat(32).leak())),
            ];
            for (body, key, token) in probes {
                let r = t.send(method.clone(), &concrete, body, key, token).await;
                assert!(
                    documented.contains(&&r.status.to_string()),
                    "{method} {path} answered {} ({}), documented {documented:?}",
                    r.status,
                    r.text
                );
                checked += 1;
            }
            if let Some(reference) =
                op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
            {
                let name = reference.rsplit('/').next().unwrap();
                // A tagged choice (an agency's event) is closed in each of its kinds.
                let kinds = match schemas[name]["oneOf"].as_array() {
                    Some(kinds) => kinds.iter().collect(),
                    None => vec![&schemas[name]],
                };
                for kind in kinds {
                    assert_eq!(
                        kind["additionalProperties"], false,
                        "{name} (body of {method} {path}) is a closed object: {kind}"
                    );
                }
            }
            if method != reqwest::Method::GET {
                let key = op["parameters"]
                    .as_array()
                    .and_then(|ps| ps.iter().find(|p| p["name"] == "Idempotency-Key"))
                    .unwrap_or_else(|| panic!("{method} {path} documents its Idempotency-Key"));
                assert_eq!(key["required"], true);
                assert_eq!(key["schema"]["maxLength"], 200);
            }
        }
    }
    assert!(checked > 80, "walked {checked} requests");
}
