//! «Входы в учётную запись» on both backends: each live session with the app that
//! opened it and its network — coarse, never the full address — started and last
//! used; ending one (only one's own: another account's is not found), and signing
//! out everywhere; each written as a security event.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use sqlx::Row;

use crate::support::{Duration, PASSWORD, T};

both_backends!(sessions_are_listed_and_ended_one_or_all);

async fn list(t: &T, token: &str) -> Vec<Value> {
    t.get("/me/sessions", Some(token)).await.expect(200).json["sessions"]
        .as_array()
        .unwrap()
        .clone()
}

async fn delete(t: &T, path: &str, token: &str) -> crate::support::Resp {
    let key = crate::support::random_hex(16);
    t.send(reqwest::Method::DELETE, path, None, Some(&key), Some(token))
        .await
}

async fn sessions_are_listed_and_ended_one_or_all(t: T) {
    let first = t
        .register("Соколов", "89057654321", "+79057654321", PASSWORD)
        .await;
    t.advance(Duration::minutes(3));
    let second = t.sign_in("+79057654321", PASSWORD).await.expect(201).json;
    let second_token = second["access_token"].as_str().unwrap();

    let seen = list(&t, second_token).await;
    assert_eq!(seen.len(), 2, "{seen:?}");
    // The most recently used first; this request's own session said so.
    assert_eq!(seen[0]["current"], true);
    assert_eq!(seen[1]["current"], false);
    for s in &seen {
        assert_eq!(s["network"], "127.0.0.0/24", "coarse: {s}");
        assert!(!s["device"].as_str().unwrap().is_empty());
        assert!(
            !s.to_string().contains("127.0.0.1"),
            "never the full address: {s}"
        );
    }
    assert!(seen[0]["started_at"].as_str() > seen[1]["started_at"].as_str());

    // Another account cannot end it, nor learn that it exists.
    let stranger = t
        .register("Чужой", "89050000001", "+79050000001", PASSWORD)
        .await;
    let other_id = seen[1]["id"].as_str().unwrap();
    delete(
        &t,
        &format!("/me/sessions/{other_id}"),
        &stranger.access_token,
    )
    .await
    .expect_error(404, "not_found");
    t.get("/me", Some(&first.access_token)).await.expect(200);

    // Ended from the second device: the first is signed out at once.
    delete(&t, &format!("/me/sessions/{other_id}"), second_token)
        .await
        .expect(204);
    t.get("/me", Some(&first.access_token))
        .await
        .expect_error(401, "unauthenticated");
    delete(&t, &format!("/me/sessions/{other_id}"), second_token)
        .await
        .expect_error(404, "not_found");
    assert_eq!(list(&t, second_token).await.len(), 1);

    // «Выйти на всех устройствах»: this one too.
    let third = t.sign_in("+79057654321", PASSWORD).await.expect(201).json;
    delete(&t, "/me/sessions", second_token).await.expect(204);
    for token in [second_token, third["access_token"].as_str().unwrap()] {
        t.get("/me", Some(token))
            .await
            .expect_error(401, "unauthenticated");
    }
    let refreshed = t
        .post(
            "/sessions/refresh",
            &serde_json::json!({"refresh_token": third["refresh_token"]}),
        )
        .await;
    assert_eq!(
        refreshed.status, 401,
        "a refresh token of an ended session is spent"
    );

    let mut db = t.db().await;
    let kinds: Vec<String> = sqlx::query(
        "SELECT e.kind FROM security_events e JOIN accounts a ON a.id = e.account_id \
         WHERE a.contact = '+79057654321' ORDER BY e.id",
    )
    .fetch_all(&mut db)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("kind"))
    .collect();
    assert_eq!(kinds, ["session_ended", "signed_out_everywhere"]);
}
