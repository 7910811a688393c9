//! The service catalogue without an account: versioned (ETag / 304), one service by
//! id, and search as citizens type — on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::T;

both_backends!(
    the_catalogue_is_served_with_its_version_and_not_again_when_unchanged,
    search_finds_what_citizens_type_and_says_what_is_wrong_with_a_query,
);

async fn raw_get(t: &T, path: &str, if_none_match: Option<&str>) -> reqwest::Response {
    let mut req = t.client.get(format!("{}{path}", t.api));
    if let Some(tag) = if_none_match {
        req = req.header("if-none-match", tag);
    }
    req.send().await.unwrap()
}

async fn the_catalogue_is_served_with_its_version_and_not_again_when_unchanged(t: T) {
    let r = raw_get(&t, "/catalogue", None).await;
    assert_eq!(r.status(), 200);
    let tag = r.headers()["etag"].to_str().unwrap().to_owned();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(tag, format!("\"{}\"", body["version"].as_str().unwrap()));
    let services = body["services"].as_array().unwrap();
    assert!(services.len() >= 40, "{} services", services.len());
    assert!(body["categories"].as_array().unwrap().len() >= 8);
    assert!(body["authorities"].as_array().unwrap().len() >= 8);

    let again = raw_get(&t, "/catalogue", Some(&tag)).await;
    assert_eq!(again.status(), 304, "unchanged: nothing to download");
    assert!(again.bytes().await.unwrap().is_empty());
    let stale = raw_get(&t, "/catalogue", Some("\"an-older-version\"")).await;
    assert_eq!(stale.status(), 200);

    let id = services[0]["id"].as_str().unwrap();
    let one = t.get(&format!("/services/{id}"), None).await.expect(200);
    assert_eq!(one.json["id"], id);
    t.get("/services/no-such-service", None)
        .await
        .expect_error(404, "not_found");
}

async fn search_finds_what_citizens_type_and_says_what_is_wrong_with_a_query(t: T) {
    let first = |r: &crate::support::Resp| {
        r.json["services"][0]["id"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    for (q, want) in [
        ("загран", "mvd-foreign-passport"),
        ("пасспорт 45", "mvd-passport-20-45"),
        ("права", "mvd-driving-licence"),
    ] {
        let r = t
            .get(&format!("/services/search?q={}", urlencode(q)), None)
            .await
            .expect(200);
        assert!(first(&r).starts_with(want), "{q:?} → {}", r.text);
    }
    // The kindergarten queue is regional: offered in Москва, not everywhere.
    let moscow = t
        .get(
            &format!(
                "/services/search?q={}&region={}",
                urlencode("детский сад"),
                urlencode("Москва")
            ),
            None,
        )
        .await
        .expect(200);
    let regions: Vec<&serde_json::Value> = moscow.json["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["regions"])
        .collect();
    assert!(!regions.is_empty(), "{}", moscow.text);
    for r in regions {
        let list = r.as_array().unwrap();
        assert!(list.is_empty() || list.iter().any(|x| x == "Москва"), "{r}");
    }

    let r = t
        .get("/services/search?q=%20", None)
        .await
        .expect_error(422, "validation_failed");
    assert_eq!(r.json["errors"][0]["field"], "q");
    assert_eq!(r.json["errors"][0]["code"], "required");
    let long = "а".repeat(201);
    let r = t
        .get(
            &format!("/services/search?q={}&limit=0", urlencode(&long)),
            None,
        )
        .await
        .expect_error(422, "validation_failed");
    let codes: Vec<(String, String)> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("q".to_owned(), "too_long".to_owned()),
            ("limit".to_owned(), "out_of_range".to_owned())
        ],
        "every problem at once"
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
