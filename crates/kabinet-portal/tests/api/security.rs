//! Limits and single-use rules under concurrent and hostile use.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::support::{Duration, PASSWORD, Resp, T, random_hex};

both_backends!(
    concurrent_wrong_passwords_verify_at_most_ten,
    idempotency_fingerprints_are_keyed,
    concurrent_starts_send_one_code,
    daily_cap_counts_plus_tags_with_their_base_address,
    refresh_token_reuse_ends_the_session,
);
both_backends!(with small_hash_queue: full_hash_queue_answers_503_with_retry_after);
both_backends!(with trust_loopback_proxy:
    a_guesser_elsewhere_does_not_lock_the_owner_out,
    consecutive_failures_disable_password_sign_in,
    starts_are_limited_per_client_address,
);

fn trust_loopback_proxy(c: &mut kabinet_portal::PortalConfig) {
    c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
}

fn small_hash_queue(c: &mut kabinet_portal::PortalConfig) {
    c.password_hash_queue = 0;
}

async fn wrong_from(t: &T, login: &str, client: &str) -> Resp {
    t.sign_in_from(login, "wrong password, sorry", client).await
}

async fn right_from(t: &T, login: &str, client: &str) -> Resp {
    t.sign_in_from(login, PASSWORD, client).await
}

async fn concurrent_wrong_passwords_verify_at_most_ten(t: T) {
    t.register("Быстров", "89101234567", "+79101234567", PASSWORD)
        .await;
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let t = t.clone();
            tokio::spawn(async move { t.sign_in("89101234567", "wrong password, sorry").await })
        })
        .collect();
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for task in tasks {
        *by_status.entry(task.await.unwrap().status).or_default() += 1;
    }
    assert_eq!(
        by_status,
        [(401, 10), (429, 40)].into_iter().collect(),
        "at most 10 guesses were verified"
    );
}

async fn full_hash_queue_answers_503_with_retry_after(t: T) {
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let t = t.clone();
            tokio::spawn(async move {
                t.sign_in(&format!("8910555{i:04}"), "wrong password, sorry")
                    .await
            })
        })
        .collect();
    let mut busy = 0;
    for task in tasks {
        let r = task.await.unwrap();
        match r.status {
            401 => {}
            503 => {
                assert_eq!(r.code(), "unavailable");
                assert_eq!(
                    r.retry_after.as_deref(),
                    Some("1"),
                    "503 says when to retry"
                );
                busy += 1;
            }
            other => panic!("unexpected {other}: {}", r.text),
        }
    }
    assert!(
        busy > 0,
        "with no queue, a burst larger than the CPUs is refused at once"
    );
    // Nothing was lost: the demo account still signs in.
    t.sign_in(kabinet_portal::DEMO_LOGIN, kabinet_portal::DEMO_PASSWORD)
        .await
        .expect(201);
}

async fn idempotency_fingerprints_are_keyed(t: T) {
    let body = serde_json::to_vec(&json!({"login": "89101112233", "password": "my secret words"}))
        .unwrap();
    t.send(
        reqwest::Method::POST,
        "/sessions",
        Some(("application/json", &body)),
        Some(&random_hex(16)),
        None,
    )
    .await
    .expect(401);
    let mut db = t.db().await;
    let stored: Vec<String> = sqlx::query("SELECT request_hash FROM idempotency")
        .fetch_all(&mut db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("request_hash"))
        .collect();
    assert_eq!(stored.len(), 1);
    assert_ne!(
        stored[0],
        hex::encode(Sha256::digest(&body)),
        "not a plain hash of the password body"
    );
}

async fn concurrent_starts_send_one_code(t: T) {
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let t = t.clone();
            tokio::spawn(async move {
                t.post(
                    "/registrations",
                    &json!({"surname": "Гонкин", "first_name": "Иван", "contact": "89104445566"}),
                )
                .await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        let r = task.await.unwrap();
        if r.status == 429 {
            assert_eq!(r.code(), "resend_too_soon");
        }
        statuses.push(r.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 202).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(t.messages_to("+79104445566").await.len(), 1, "one code");
}

async fn daily_cap_counts_plus_tags_with_their_base_address(t: T) {
    for i in 0..20 {
        t.post(
            "/registrations",
            &json!({"surname": "Тегова", "first_name": "Анна", "contact": format!("anna+{i}@example.org")}),
        )
        .await
        .expect(202);
        // Past the per-minute and per-10-minutes rules.
        t.advance(Duration::minutes(2));
    }
    let r = t
        .post(
            "/registrations",
            &json!({"surname": "Тегова", "first_name": "Анна", "contact": "anna@example.org"}),
        )
        .await
        .expect_error(429, "resend_too_soon");
    let retry: time::OffsetDateTime = time::OffsetDateTime::parse(
        r.json["retry_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let now = kabinet_portal::Clock::now(&*t.clock);
    assert!(
        retry > now + Duration::hours(20),
        "the daily cap: {retry} vs {now}"
    );
    // Another address is not affected.
    t.post(
        "/registrations",
        &json!({"surname": "Тегова", "first_name": "Анна", "contact": "anna2@example.org"}),
    )
    .await
    .expect(202);
}

async fn refresh_token_reuse_ends_the_session(t: T) {
    let grant = t
        .register("Повторов", "89107778899", "+79107778899", PASSWORD)
        .await;
    let rotated = t
        .post(
            "/sessions/refresh",
            &json!({"refresh_token": grant.refresh_token}),
        )
        .await
        .expect(200);
    let access = rotated.json["access_token"].as_str().unwrap();
    t.get("/me", Some(access)).await.expect(200);
    // The spent token again, under a new key (not a retry): the session ends.
    t.post(
        "/sessions/refresh",
        &json!({"refresh_token": grant.refresh_token}),
    )
    .await
    .expect_error(401, "session_expired");
    t.get("/me", Some(access))
        .await
        .expect_error(401, "unauthenticated");
    t.post(
        "/sessions/refresh",
        &json!({"refresh_token": rotated.json["refresh_token"]}),
    )
    .await
    .expect_error(401, "session_expired");
    let mut db = t.db().await;
    let kinds: Vec<String> = sqlx::query("SELECT kind FROM security_events")
        .fetch_all(&mut db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("kind"))
        .collect();
    assert_eq!(kinds, ["refresh_token_reused"]);
    // Another sign-in is a new session and works.
    t.sign_in("89107778899", PASSWORD).await.expect(201);
}

async fn a_guesser_elsewhere_does_not_lock_the_owner_out(t: T) {
    t.register("Хозяев", "89102223344", "+79102223344", PASSWORD)
        .await;
    for _ in 0..10 {
        wrong_from(&t, "89102223344", "203.0.113.7")
            .await
            .expect_error(401, "invalid_credentials");
    }
    wrong_from(&t, "89102223344", "203.0.113.7")
        .await
        .expect_error(429, "rate_limited");
    // The owner, from home, is not locked out by it.
    right_from(&t, "89102223344", "198.51.100.9")
        .await
        .expect(201);
    // The guesser stays throttled for the window; rotating within an IPv6 /64 does
    // not help either.
    for i in 0..10 {
        wrong_from(&t, "89102223344", &format!("2001:db8:5:6::{i:x}"))
            .await
            .expect_error(401, "invalid_credentials");
    }
    wrong_from(&t, "89102223344", "2001:db8:5:6:ffff::1")
        .await
        .expect_error(429, "rate_limited");
}

async fn consecutive_failures_disable_password_sign_in(t: T) {
    t.register("Упорнов", "89103334455", "+79103334455", PASSWORD)
        .await;
    // 100 failures from 10 places, spread so that no window limit stops them.
    for round in 0..2 {
        for client in 0..5 {
            for _ in 0..10 {
                wrong_from(
                    &t,
                    "89103334455",
                    &format!("203.0.113.{}", round * 5 + client),
                )
                .await
                .expect_error(401, "invalid_credentials");
            }
        }
        t.advance(Duration::hours(1) + Duration::seconds(1));
    }
    // The right password no longer signs in, and only then is the reason told.
    right_from(&t, "89103334455", "198.51.100.9")
        .await
        .expect_error(403, "sign_in_disabled");
    wrong_from(&t, "89103334455", "198.51.100.9")
        .await
        .expect_error(401, "invalid_credentials");
    // The admin command switches it on again.
    let config = kabinet_portal::PortalConfig {
        database_url: t.database_url.clone(),
        secret_key_file: Some(t.key_file.clone()),
        ..kabinet_portal::PortalConfig::default()
    };
    assert!(
        kabinet_portal::enable_password_sign_in(&config, "8 910 333-44-55")
            .await
            .unwrap()
    );
    assert!(
        !kabinet_portal::enable_password_sign_in(&config, "89100000009")
            .await
            .unwrap()
    );
    right_from(&t, "89103334455", "198.51.100.9")
        .await
        .expect(201);
}

async fn starts_are_limited_per_client_address(t: T) {
    let start = |i: usize, client: &'static str| {
        let t = t.clone();
        async move {
            t.send_with_header(
                "/registrations",
                &json!({"surname": "Массов", "first_name": "Иван", "contact": format!("8911{i:07}")}),
                ("x-forwarded-for", client),
            )
            .await
        }
    };
    for i in 0..100 {
        start(i, "203.0.113.50").await.expect(202);
    }
    let r = start(100, "203.0.113.50")
        .await
        .expect_error(429, "rate_limited");
    assert!(r.json["retry_at"].is_string());
    start(101, "203.0.113.51").await.expect(202);
}
