//! Events and their live stream on both backends, through real HTTPS: events
//! arrive in order; a stream cut and resumed with `Last-Event-ID` gets every event
//! exactly once; each account sees only its own; concurrent publishers make a
//! gapless sequence; another instance's stream sees the rows; the stream ends with
//! the session; the inbox pages and marks read.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use serde_json::{Value, json};

use crate::profile::{citizen, settled, submit};
use crate::support::{Resp, T, random_hex};

both_backends!(
    events_arrive_in_order_and_a_resumed_stream_gets_each_exactly_once,
    each_account_sees_only_its_own_events,
    concurrent_publishers_make_a_gapless_ordered_sequence,
    another_instance_streams_the_events_too,
    the_stream_needs_a_session_and_ends_with_it,
    the_inbox_pages_and_marks_read
);

/// One Server-Sent Event.
#[derive(Debug, Clone)]
struct Sse {
    id: Option<String>,
    event: Option<String>,
    data: String,
}

impl Sse {
    fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap()
    }
    fn seq(&self) -> u32 {
        self.id.as_deref().unwrap().parse().unwrap()
    }
}

/// A small SSE reader over a streaming response (comments, i.e. keep-alives, skipped).
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    /// The next event, `None` when the stream ended; panics after `within`.
    async fn next(&mut self, within: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut e = Sse {
                    id: None,
                    event: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    let (field, value) = line.split_once(':').unwrap_or((line, ""));
                    let value = value.strip_prefix(' ').unwrap_or(value);
                    match field {
                        "id" => e.id = Some(value.to_owned()),
                        "event" => e.event = Some(value.to_owned()),
                        "data" => {
                            if !e.data.is_empty() {
                                e.data.push('\n');
                            }
                            e.data.push_str(value);
                        }
                        _ => continue,
                    }
                    any = true;
                }
                if any {
                    return Some(e);
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .expect("an event in time")
                .expect("the stream reads");
            match chunk {
                Some(bytes) => self.buffer.push_str(std::str::from_utf8(&bytes).unwrap()),
                None => return None,
            }
        }
    }

    /// The next `n` events, each the one after the last: ids `from`, `from + 1`, …
    async fn expect_ids(&mut self, from: u32, n: u32) -> Vec<Value> {
        let mut out = Vec::new();
        for want in from..from + n {
            let e = self
                .next(Duration::from_secs(20))
                .await
                .expect("the stream goes on");
            assert_eq!(e.event, None, "an event, not {e:?}");
            assert_eq!(e.seq(), want, "ids come one after another: {e:?}");
            let v = e.json();
            assert_eq!(v["id"], want);
            out.push(v);
        }
        out
    }
}

async fn open(t: &T, token: Option<&str>, last_event_id: Option<&str>) -> reqwest::Response {
    let mut req = t.client.get(format!("{}/me/events/stream", t.api));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(id) = last_event_id {
        req = req.header("last-event-id", id);
    }
    req.send().await.expect("the stream opens")
}

async fn stream(t: &T, token: &str, last_event_id: Option<u32>) -> Stream {
    let r = open(
        t,
        Some(token),
        last_event_id.map(|n| n.to_string()).as_deref(),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    Stream {
        response: r,
        buffer: String::new(),
    }
}

/// A standard-level account (applications need one), as its access token.
async fn standard_account(t: &T, nth: usize) -> String {
    let contact = format!("n{}@example.ru", random_hex(4));
    let grant = t
        .register("Проверкин", &contact, &contact, "Lipa-Sneg-2741-x")
        .await;
    let token = grant.access_token;
    submit(t, &token, &citizen("clean", nth)["profile"])
        .await
        .expect(202);
    assert_eq!(settled(t, &token).await["level"], "standard");
    token
}

async fn apply(t: &T, token: &str) -> Resp {
    let form = json!({
        "applicant": {"surname": "Проверкин", "first_name": "Пётр", "birth_date": "1961-03-02",
                      "snils": "112-233-445 95"},
        "payment": {"method": "post"},
        "consent": true
    });
    let body =
        serde_json::to_vec(&json!({ "service_id": "sfr-pension-delivery", "form": form })).unwrap();
    t.send(
        reqwest::Method::POST,
        "/me/applications",
        Some(("application/json", &body)),
        Some(&random_hex(16)),
        Some(token),
    )
    .await
}

async fn inbox(t: &T, token: &str, query: &str) -> Value {
    t.get(&format!("/me/events{query}"), Some(token))
        .await
        .expect(200)
        .json
}

/// Waits until every application of the account is decided; the newest event id.
async fn all_decided(t: &T, token: &str) -> u32 {
    t.eventually("the demo agency decides every application", || async {
        let list = t
            .get("/me/applications", Some(token))
            .await
            .expect(200)
            .json;
        list["applications"].as_array().unwrap().iter().all(|a| {
            let s = &a["status"]["state"];
            s == "ready" || s == "refused"
        })
    })
    .await;
    inbox(t, token, "?limit=0").await["last_id"]
        .as_u64()
        .unwrap() as u32
}

/// The states one application's events went through, in order.
fn states(events: &[Value], application: &str) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["application"]["id"] == application)
        .map(|e| e["application"]["state"].as_str().unwrap().to_owned())
        .collect()
}

async fn events_arrive_in_order_and_a_resumed_stream_gets_each_exactly_once(t: T) {
    let token = standard_account(&t, 10).await;
    let mut s = stream(&t, &token, None).await;
    let first = apply(&t, &token).await.expect(201);
    let id = first.json["id"].as_str().unwrap().to_owned();
    let number = first.json["number"].as_str().unwrap().to_owned();
    // Cut after two of the first application's events; the agency goes on.
    let mut seen = s.expect_ids(1, 2).await;
    drop(s);
    assert_eq!(seen[0]["kind"], "application_status");
    assert_eq!(seen[0]["application"]["state"], "submitted");
    assert_eq!(seen[0]["application"]["number"], number.as_str());
    assert!(
        seen[0]["text"]["ru"].as_str().unwrap().contains(&number)
            && seen[0]["text"]["en"].as_str().unwrap().contains(&number),
        "{}",
        seen[0]
    );
    for _ in 0..2 {
        apply(&t, &token).await.expect(201);
    }
    let last = all_decided(&t, &token).await;
    assert!(last >= 12, "three applications, four steps each: {last}");

    // Resumed from the last id received: the rest, once each, in order…
    let mut s = stream(&t, &token, Some(2)).await;
    seen.extend(s.expect_ids(3, last - 2).await);
    // …then live.
    apply(&t, &token).await.expect(201);
    let total = all_decided(&t, &token).await;
    seen.extend(s.expect_ids(last + 1, total - last).await);
    assert_eq!(seen.len() as u32, total);
    assert_eq!(
        states(&seen, &id)[..3],
        ["submitted", "registered", "in_progress"]
    );
    // `?after=` resumes the same way (for clients that cannot set headers).
    let r = t
        .client
        .get(format!("{}/me/events/stream?after={}", t.api, total - 1))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let mut s = Stream {
        response: r,
        buffer: String::new(),
    };
    s.expect_ids(total, 1).await;
}

async fn each_account_sees_only_its_own_events(t: T) {
    let a = standard_account(&t, 11).await;
    let b = standard_account(&t, 12).await;
    let mut sa = stream(&t, &a, None).await;
    let mut sb = stream(&t, &b, None).await;
    let app_a = apply(&t, &a).await.expect(201).json["id"].clone();
    let app_b = apply(&t, &b).await.expect(201).json["id"].clone();
    let last_a = all_decided(&t, &a).await;
    let last_b = all_decided(&t, &b).await;
    let ea = sa.expect_ids(1, last_a).await;
    let eb = sb.expect_ids(1, last_b).await;
    assert!(ea.iter().all(|e| e["application"]["id"] == app_a));
    assert!(eb.iter().all(|e| e["application"]["id"] == app_b));
    let list_a = inbox(&t, &a, "").await;
    assert_eq!(list_a["events"].as_array().unwrap().len() as u32, last_a);
    assert!(
        list_a["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["application"]["id"] == app_a)
    );
}

async fn concurrent_publishers_make_a_gapless_ordered_sequence(t: T) {
    let token = standard_account(&t, 13).await;
    let mut s = stream(&t, &token, None).await;
    // 20 submissions at once, while the agency's jobs publish their steps too.
    let answers = futures_util::future::join_all((0..20).map(|_| {
        let t = t.clone();
        let token = token.clone();
        async move { apply(&t, &token).await }
    }))
    .await;
    assert!(answers.iter().all(|r| r.status == 201));
    let last = all_decided(&t, &token).await;
    assert!(last >= 80, "twenty applications, four steps each: {last}");
    let seen = s.expect_ids(1, last).await;
    for a in &answers {
        let id = a.json["id"].as_str().unwrap();
        let st = states(&seen, id);
        assert_eq!(
            st[..3],
            ["submitted", "registered", "in_progress"],
            "each application's steps in order"
        );
    }
    // The table agrees: 1..=last, each once.
    let mut db = t.db().await;
    let (n, lo, hi): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM events \
         WHERE account_id = (SELECT account_id FROM applications LIMIT 1)",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!((n, lo, hi), (i64::from(last), 1, i64::from(last)));
}

async fn another_instance_streams_the_events_too(t: T) {
    let token = standard_account(&t, 14).await;
    let other = t.sibling(|c| c.jobs.run = false).await;
    let r = other
        .client
        .get(format!("{}/me/events/stream", other.api))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut s = Stream {
        response: r,
        buffer: String::new(),
    };
    apply(&t, &token).await.expect(201);
    let last = all_decided(&t, &token).await;
    s.expect_ids(1, last).await;
    drop(s);
    other.stop().await;
}

async fn the_stream_needs_a_session_and_ends_with_it(t: T) {
    assert_eq!(open(&t, None, None).await.status(), 401);
    assert_eq!(open(&t, Some(&"ab".repeat(32)), None).await.status(), 401);
    let token = standard_account(&t, 15).await;
    let r = open(&t, Some(&token), Some("yesterday")).await;
    assert_eq!(r.status(), 400);
    let mut s = stream(&t, &token, None).await;
    t.send(
        reqwest::Method::DELETE,
        "/sessions/current",
        None,
        Some(&random_hex(16)),
        Some(&token),
    )
    .await
    .expect(204);
    let end = s.next(Duration::from_secs(10)).await.expect("an end event");
    assert_eq!(end.event.as_deref(), Some("end"), "{end:?}");
    assert!(
        s.next(Duration::from_secs(10)).await.is_none(),
        "the stream is closed"
    );
    assert_eq!(open(&t, Some(&token), None).await.status(), 401);
}

async fn the_inbox_pages_and_marks_read(t: T) {
    let token = standard_account(&t, 16).await;
    t.get("/me/events", None).await.expect(401);
    let empty = inbox(&t, &token, "").await;
    assert_eq!(
        empty,
        json!({"events": [], "more": false, "last_id": 0, "unread": 0})
    );
    apply(&t, &token).await.expect(201);
    let last = all_decided(&t, &token).await;
    let page = inbox(&t, &token, "?after=0&limit=2").await;
    let ids: Vec<u64> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(page["more"], true);
    assert_eq!(page["unread"], last);
    let rest = inbox(&t, &token, "?after=2").await;
    assert_eq!(rest["events"].as_array().unwrap().len() as u32, last - 2);
    assert_eq!(rest["more"], false);
    t.get("/me/events?after=minus-one", Some(&token))
        .await
        .expect_error(400, "malformed_request");

    let read = |up_to: u32| {
        let t = t.clone();
        let token = token.clone();
        async move {
            let body = serde_json::to_vec(&json!({ "up_to": up_to })).unwrap();
            t.send(
                reqwest::Method::POST,
                "/me/events/read",
                Some(("application/json", &body)),
                Some(&random_hex(16)),
                Some(&token),
            )
            .await
            .expect(200)
            .json
        }
    };
    assert_eq!(read(2).await["unread"], last - 2);
    assert_eq!(
        read(2).await["unread"],
        last - 2,
        "marking again changes nothing"
    );
    let page = inbox(&t, &token, "?limit=3").await;
    let flags: Vec<bool> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["read"].as_bool().unwrap())
        .collect();
    assert_eq!(flags, [true, true, false]);
    assert_eq!(read(last).await["unread"], 0);
}
