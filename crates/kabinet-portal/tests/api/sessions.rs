//! Sessions: refresh, expiry, sign-in throttling.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use kabinet_portal::MAX_FAILURES_PER_CLIENT;

use crate::support::{Duration, PASSWORD, Resp, T, random_hex};

both_backends!(
    refresh_and_expiry,
    sign_in_throttling,
    demo_account,
    per_client_limit_ignores_forwarded_for_by_default,
    a_signed_out_token_is_refused_everywhere_within_the_cache_bound
);
both_backends!(with trust_loopback_proxy: per_client_limit_behind_a_trusted_proxy);

/// The test client connects from 127.0.0.1: make that a trusted proxy.
fn trust_loopback_proxy(c: &mut kabinet_portal::PortalConfig) {
    c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
}

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

/// The per-client limit counts the address the client connected from. The test
/// client connects from 127.0.0.1: without trusted proxies (the default) an
/// `X-Forwarded-For` it makes up changes nothing; with 127.0.0.1 trusted, the
/// forwarded address is the client, so one client's failures do not lock out the
/// others behind the same proxy.
async fn per_client_limit_ignores_forwarded_for_by_default(t: T) {
    // Untrusted peer: 100 failures under made-up addresses still count as one client.
    for i in 0..MAX_FAILURES_PER_CLIENT {
        let spoof = ["198.51.100.1", "198.51.100.2", "198.51.100.3"][i % 3];
        fail(&t, format!("8905000{i:04}"), spoof)
            .await
            .expect_error(401, "invalid_credentials");
    }
    fail(&t, "89059999999".into(), "198.51.100.4")
        .await
        .expect_error(429, "rate_limited");
}

async fn per_client_limit_behind_a_trusted_proxy(t: T) {
    for i in 0..MAX_FAILURES_PER_CLIENT {
        fail(&t, format!("8905000{i:04}"), "203.0.113.7")
            .await
            .expect_error(401, "invalid_credentials");
    }
    // That client is throttled — also when it forges a left part of the header…
    fail(&t, "89059999999".into(), "203.0.113.7")
        .await
        .expect_error(429, "rate_limited");
    fail(&t, "89059999999".into(), "192.0.2.1, 203.0.113.7")
        .await
        .expect_error(429, "rate_limited");
    // …while another citizen behind the same proxy is not.
    fail(&t, "89059999999".into(), "203.0.113.8")
        .await
        .expect_error(401, "invalid_credentials");
}

/// A sign-in with a wrong password, as forwarded for `forwarded`.
async fn fail(t: &T, login: String, forwarded: &str) -> Resp {
    t.sign_in_from(&login, "wrong password, sorry", forwarded)
        .await
}

async fn demo_account(t: T) {
    let r = t
        .sign_in(kabinet_portal::DEMO_LOGIN, kabinet_portal::DEMO_PASSWORD)
        .await
        .expect(201);
    assert_eq!(r.json["account"]["level"], "simplified");
}

/// Sessions are read through a cache of at most 2 s: the instance that signs out
/// refuses the token at once, another instance within that bound.
async fn a_signed_out_token_is_refused_everywhere_within_the_cache_bound(t: T) {
    let grant = t
        .register("Кешева", "89051230077", "+79051230077", PASSWORD)
        .await;
    let other = t.sibling(|_| {}).await;
    // Both instances have the session in their caches now.
    t.get("/me", Some(&grant.access_token)).await.expect(200);
    other
        .get("/me", Some(&grant.access_token))
        .await
        .expect(200);
    t.send(
        reqwest::Method::DELETE,
        "/sessions/current",
        None,
        Some(&random_hex(16)),
        Some(&grant.access_token),
    )
    .await
    .expect(204);
    t.get("/me", Some(&grant.access_token))
        .await
        .expect_error(401, "unauthenticated");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    other
        .get("/me", Some(&grant.access_token))
        .await
        .expect_error(401, "unauthenticated");
}
