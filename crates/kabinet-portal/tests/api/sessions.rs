//! Sessions: refresh, expiry, sign-in throttling.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::support::{Duration, PASSWORD, T, random_hex};

both_backends!(refresh_and_expiry, sign_in_throttling, demo_account);

async fn refresh_and_expiry(t: T) {
    let grant = t
        .register("Волков", "89051234567", "+79051234567", PASSWORD)
        .await;
    // The access token lasts 15 minutes.
    t.advance(Duration::minutes(15) + Duration::seconds(1));
    t.get("/me", Some(&grant.access_token))
        .await
        .expect_error(401, "unauthenticated");

    let refreshed = t
        .post(
            "/sessions/refresh",
            &json!({"refresh_token": grant.refresh_token}),
        )
        .await
        .expect(200);
    let access = refreshed.json["access_token"].as_str().unwrap();
    let refresh = refreshed.json["refresh_token"].as_str().unwrap();
    assert_ne!(refresh, grant.refresh_token, "refresh tokens rotate");
    let grant_json = serde_json::to_value(&grant).unwrap();
    assert_eq!(
        refreshed.json["session_expires_at"], grant_json["session_expires_at"],
        "refresh never extends"
    );
    t.get("/me", Some(access)).await.expect(200);
    // The old refresh token is spent.
    t.post(
        "/sessions/refresh",
        &json!({"refresh_token": grant.refresh_token}),
    )
    .await
    .expect_error(401, "session_expired");
    t.post("/sessions/refresh", &json!({"refresh_token": "nonsense"}))
        .await
        .expect_error(401, "session_expired");

    // After 30 days the session ends whatever the refreshes.
    t.advance(Duration::days(30));
    t.post("/sessions/refresh", &json!({"refresh_token": refresh}))
        .await
        .expect_error(401, "session_expired");

    // Signing out ends the session: its refresh token no longer works either.
    let fresh = t.sign_in("89051234567", PASSWORD).await.expect(201);
    let access = fresh.json["access_token"].as_str().unwrap();
    let refresh = fresh.json["refresh_token"].as_str().unwrap();
    t.send(
        reqwest::Method::DELETE,
        "/sessions/current",
        None,
        Some(&random_hex(8)),
        Some(access),
    )
    .await
    .expect(204);
    t.post("/sessions/refresh", &json!({"refresh_token": refresh}))
        .await
        .expect_error(401, "session_expired");
    t.send(
        reqwest::Method::DELETE,
        "/sessions/current",
        None,
        Some(&random_hex(8)),
        Some(access),
    )
    .await
    .expect_error(401, "unauthenticated");
}

async fn sign_in_throttling(t: T) {
    t.register("Лисицын", "89057654321", "+79057654321", PASSWORD)
        .await;
    for _ in 0..10 {
        t.sign_in("89057654321", "wrong password, sorry")
            .await
            .expect_error(401, "invalid_credentials");
    }
    // Even the right password is refused while throttled; unknown logins behave alike.
    let r = t
        .sign_in("89057654321", PASSWORD)
        .await
        .expect_error(429, "rate_limited");
    assert!(r.json["retry_at"].is_string());
    for _ in 0..10 {
        t.sign_in("89050000001", "wrong password, sorry")
            .await
            .expect_error(401, "invalid_credentials");
    }
    t.sign_in("89050000001", "wrong password, sorry")
        .await
        .expect_error(429, "rate_limited");

    t.advance(Duration::minutes(15) + Duration::seconds(2));
    t.sign_in("8 905 765-43-21", PASSWORD).await.expect(201);
}

async fn demo_account(t: T) {
    let r = t
        .sign_in(kabinet_portal::DEMO_LOGIN, kabinet_portal::DEMO_PASSWORD)
        .await
        .expect(201);
    assert_eq!(r.json["account"]["level"], "simplified");
}
