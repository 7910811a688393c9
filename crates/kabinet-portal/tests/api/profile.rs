//! The standard level: the profile, its registry checks as jobs, the limits and
//! the "SNILS already registered" rule — on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use sqlx::Row;
use time::Duration;

use crate::support::{Resp, T, random_hex};

both_backends!(
    profile_problems_come_all_at_once,
    a_clean_citizen_becomes_standard_and_is_told,
    each_registry_refusal_is_told_with_its_reason,
    a_replaced_passport_passes_with_the_new_one,
    a_registry_outage_is_retried_until_it_answers,
    a_snils_held_by_another_account_is_said_so,
    submissions_per_account_are_limited,
);
both_backends!(service_centres_are_found_by_region_and_town_and_say_if_open);
both_backends!(with no_workers: a_check_finishes_once_on_another_instance_after_a_restart);
both_backends!(with slow_registries: concurrent_identical_submissions_make_one_set_of_checks);

fn no_workers(c: &mut kabinet_portal::PortalConfig) {
    c.jobs.run = false;
    c.registry_delay = std::time::Duration::ZERO;
}

fn slow_registries(c: &mut kabinet_portal::PortalConfig) {
    c.registry_delay = std::time::Duration::from_secs(3600);
}

const DATA: &str = include_str!("../../data/registries.json");

/// The `nth` citizen of the development registries with this case.
pub fn citizen(case: &str, nth: usize) -> Value {
    let data: Value = serde_json::from_str(DATA).unwrap();
    data["citizens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["case"] == case)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {case} citizen #{nth}"))
        .clone()
}

async fn account(t: &T) -> (String, String) {
    let contact = format!("p{}@example.ru", random_hex(4));
    let grant = t
        .register("Проверкин", &contact, &contact, "Lipa-Sneg-2741-x")
        .await;
    (grant.access_token, contact)
}

pub async fn submit(t: &T, token: &str, profile: &Value) -> Resp {
    submit_keyed(t, token, profile, &random_hex(16)).await
}

async fn submit_keyed(t: &T, token: &str, profile: &Value, key: &str) -> Resp {
    let body = serde_json::to_vec(profile).unwrap();
    t.send(
        reqwest::Method::PUT,
        "/me/profile",
        Some(("application/json", &body)),
        Some(key),
        Some(token),
    )
    .await
}

async fn profile(t: &T, token: &str) -> Value {
    t.get("/me/profile", Some(token)).await.expect(200).json
}

/// Waits until no check is waiting or in progress; returns the profile.
pub async fn settled(t: &T, token: &str) -> Value {
    t.eventually("the checks finish", || async {
        profile(t, token).await["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "done" || c["status"] == "failed")
    })
    .await;
    profile(t, token).await
}

fn check<'a>(view: &'a Value, kind: &str) -> &'a Value {
    view["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} check in {view}"))
}

async fn profile_problems_come_all_at_once(t: T) {
    let (token, _) = account(&t).await;
    let mut p = citizen("clean", 1)["profile"].clone();
    p["surname"] = json!("Smirnov");
    p["snils"] = json!("112-233-445 96");
    p["passport"]["issued_on"] = json!("2099-01-01");
    p["passport"]["division_code"] = json!("77-001");
    let r = submit(&t, &token, &p)
        .await
        .expect_error(422, "validation_failed");
    let mut problems: Vec<(String, String)> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    problems.sort();
    assert_eq!(
        problems,
        [
            ("passport.division_code", "division_code_invalid"),
            ("passport.issued_on", "date_in_future"),
            ("snils", "snils_check_digits"),
            ("surname", "name_not_cyrillic"),
        ]
        .map(|(f, c)| (f.to_owned(), c.to_owned()))
    );
    // Nothing was stored or started.
    let view = profile(&t, &token).await;
    assert!(view["submitted"].is_null() && view["checks"].as_array().unwrap().is_empty());
    // Unknown fields are refused as a malformed request.
    let mut extra = citizen("clean", 1)["profile"].clone();
    extra["nickname"] = json!("x");
    submit(&t, &token, &extra)
        .await
        .expect_error(400, "malformed_request");
}

async fn a_clean_citizen_becomes_standard_and_is_told(t: T) {
    let (token, contact) = account(&t).await;
    let c = citizen("clean", 2);
    let r = submit(&t, &token, &c["profile"]).await.expect(202);
    assert_eq!(r.json["level"], "simplified");
    assert_eq!(r.json["checks"].as_array().unwrap().len(), 2);
    assert_eq!(r.json["submitted"]["snils"], c["profile"]["snils"]);
    let view = settled(&t, &token).await;
    assert_eq!(check(&view, "passport")["status"], "done");
    assert_eq!(check(&view, "snils")["status"], "done");
    assert_eq!(view["level"], "standard");
    assert_eq!(
        view["inn"], c["inn"],
        "the INN is looked up once the passport is confirmed"
    );
    let me = t.get("/me", Some(&token)).await.expect(200);
    assert_eq!(me.json["level"], "standard");
    assert_eq!(me.json["next_level"]["level"], "verified");
    let told: Vec<_> = t
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains("стандартная"))
        .collect();
    assert_eq!(told.len(), 1, "one message says the account is standard");
    // Standard already: a new submission is refused, plainly.
    submit(&t, &token, &c["profile"])
        .await
        .expect_error(409, "level_already_reached");
    // Passport and SNILS are sealed in the database, never in clear.
    let mut db = t.db().await;
    let row = sqlx::query("SELECT data_sealed FROM profiles")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let sealed: String = row.try_get("data_sealed").unwrap();
    let number = c["profile"]["passport"]["number"].as_str().unwrap();
    assert!(!sealed.contains(number) && !sealed.contains("passport"));
}

async fn each_registry_refusal_is_told_with_its_reason(t: T) {
    for (case, kind, failure) in [
        ("passport_invalid", "passport", "passport_invalid"),
        ("passport_replaced", "passport", "passport_replaced"),
        ("snils_other_person", "snils", "snils_other_person"),
        ("name_spelling", "passport", "data_mismatch"),
    ] {
        let (token, contact) = account(&t).await;
        submit(&t, &token, &citizen(case, 0)["profile"])
            .await
            .expect(202);
        let view = settled(&t, &token).await;
        assert_eq!(check(&view, kind)["status"], "failed", "{case}");
        assert_eq!(check(&view, kind)["failure"], failure, "{case}");
        assert_eq!(view["level"], "simplified", "{case}");
        let failed: Vec<_> = t
            .messages_to(&contact)
            .await
            .into_iter()
            .filter(|m| m.body.contains("не пройдена"))
            .collect();
        assert_eq!(failed.len(), 1, "{case}: the failure is told once");
    }
    // Someone the registries do not know.
    let (token, _) = account(&t).await;
    let mut stranger = citizen("clean", 3)["profile"].clone();
    stranger["passport"]["number"] = json!("000001");
    submit(&t, &token, &stranger).await.expect(202);
    let view = settled(&t, &token).await;
    assert_eq!(check(&view, "passport")["failure"], "not_found");
}

async fn a_replaced_passport_passes_with_the_new_one(t: T) {
    let (token, _) = account(&t).await;
    let c = citizen("passport_replaced", 1);
    submit(&t, &token, &c["profile"]).await.expect(202);
    settled(&t, &token).await;
    let mut renewed = c["profile"].clone();
    let newer = &c["migration_service"]["replaced_by"];
    renewed["passport"]["series"] = newer["series"].clone();
    renewed["passport"]["number"] = newer["number"].clone();
    submit(&t, &token, &renewed).await.expect(202);
    let view = settled(&t, &token).await;
    assert_eq!(view["level"], "standard", "{view}");
    assert_eq!(view["submitted"]["passport"]["number"], newer["number"]);
}

async fn a_registry_outage_is_retried_until_it_answers(t: T) {
    let (token, _) = account(&t).await;
    // The migration service times out twice, then answers.
    submit(&t, &token, &citizen("registry_timeout", 0)["profile"])
        .await
        .expect(202);
    t.eventually("the passport check waits for the registry", || async {
        let view = profile(&t, &token).await;
        check(&view, "snils")["status"] == "done"
            && check(&view, "passport")["status"] == "in_progress"
    })
    .await;
    // The queue retries with backoff (10 s, then 20 s): move the clock on.
    for _ in 0..20 {
        let view = profile(&t, &token).await;
        if view["level"] == "standard" {
            break;
        }
        t.advance(Duration::seconds(15));
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let view = settled(&t, &token).await;
    assert_eq!(check(&view, "passport")["status"], "done");
    assert_eq!(view["level"], "standard");
}

async fn a_snils_held_by_another_account_is_said_so(t: T) {
    let c = citizen("clean", 4);
    let (first, _) = account(&t).await;
    submit(&t, &first, &c["profile"]).await.expect(202);
    assert_eq!(settled(&t, &first).await["level"], "standard");
    let (second, _) = account(&t).await;
    let r = submit(&t, &second, &c["profile"])
        .await
        .expect_error(409, "snils_already_registered");
    assert_eq!(r.json["field"], "snils");
    // Nothing was started for the second account.
    assert!(
        profile(&t, &second).await["checks"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn submissions_per_account_are_limited(t: T) {
    let (token, contact) = account(&t).await;
    let mut p = citizen("clean", 5)["profile"].clone();
    for i in 0..5 {
        p["passport"]["number"] = json!(format!("00000{i}"));
        submit(&t, &token, &p).await.expect(202);
        settled(&t, &token).await; // not found: failed, so the next may be sent
    }
    p["passport"]["number"] = json!("000009");
    let r = submit(&t, &token, &p)
        .await
        .expect_error(429, "rate_limited");
    assert!(r.json["retry_at"].is_string());
    // Six hours later it may be sent again.
    t.advance(Duration::hours(6) + Duration::minutes(1));
    let token = t
        .sign_in(&contact, "Lipa-Sneg-2741-x")
        .await
        .expect(201)
        .json["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    submit(&t, &token, &p).await.expect(202);
}

async fn a_check_finishes_once_on_another_instance_after_a_restart(t: T) {
    let (token, contact) = account(&t).await;
    submit(&t, &token, &citizen("clean", 6)["profile"])
        .await
        .expect(202);
    // This instance runs no jobs: the checks wait. It goes away; another starts.
    let view = profile(&t, &token).await;
    assert_eq!(check(&view, "passport")["status"], "waiting");
    let other = std::sync::Arc::new(
        t.sibling(|c| c.registry_delay = std::time::Duration::ZERO)
            .await,
    );
    let view = settled(&other, &token).await;
    assert_eq!(view["level"], "standard");
    // A third instance changes nothing: the checks ran once.
    let third = t.sibling(|_| {}).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let told = other
        .messages_to(&contact)
        .await
        .into_iter()
        .filter(|m| m.body.contains("стандартная"))
        .count();
    assert_eq!(told, 1);
    third.stop().await;
}

async fn concurrent_identical_submissions_make_one_set_of_checks(t: T) {
    let (token, _) = account(&t).await;
    let p = citizen("clean", 7)["profile"].clone();
    let answers = futures_util::future::join_all((0..50).map(|_| submit(&t, &token, &p))).await;
    for r in answers {
        assert_eq!(r.status, 202, "{}", r.json);
    }
    let mut db = t.db().await;
    let checks: i64 = sqlx::query("SELECT COUNT(*) AS n FROM registry_checks")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    let jobs: i64 = sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'registry_check'")
        .fetch_one(&mut db)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(
        (checks, jobs),
        (2, 2),
        "one passport check and one SNILS check"
    );
    // Other data while those run: refused, not a second set.
    let mut other = p.clone();
    other["birth_place"] = json!("г. Казань");
    submit(&t, &token, &other)
        .await
        .expect_error(409, "checks_in_progress");
}

async fn service_centres_are_found_by_region_and_town_and_say_if_open(t: T) {
    use kabinet_portal::Clock;
    let all = t.get("/service-centres", None).await.expect(200).json;
    let centres = all["centres"].as_array().unwrap();
    assert!(centres.len() >= 30, "{} centres", centres.len());
    assert!(all["regions"].as_array().unwrap().len() >= 6);
    let region = "Свердловская область";
    let r = t
        .get(&format!("/service-centres?region={region}"), None)
        .await
        .expect(200);
    let found = r.json["centres"].as_array().unwrap();
    assert!(!found.is_empty() && found.iter().all(|c| c["region"] == region));
    // A town by part of its name, in any case, with ё as е.
    let r = t
        .get("/service-centres?town=екатерин", None)
        .await
        .expect(200);
    let found = r.json["centres"].as_array().unwrap();
    assert!(!found.is_empty() && found.iter().all(|c| c["town"] == "Екатеринбург"));
    let r = t
        .get("/service-centres?town=Атлантида", None)
        .await
        .expect(200);
    assert!(r.json["centres"].as_array().unwrap().is_empty());
    // Move the clock to the next Sunday, 12:00 in Moscow: the post offices (closed
    // on Sundays) are closed, an MFC open seven days a week is open.
    let now = t.clock.now();
    let days = (7 - now.weekday().number_days_from_sunday()) % 7;
    let sunday_noon = (now + Duration::days(i64::from(days)))
        .replace_time(time::macros::time!(09:00))
        + Duration::days(if days == 0 && now.hour() >= 9 { 7 } else { 0 });
    t.advance(sunday_noon - now);
    let r = t
        .get("/service-centres?region=Москва", None)
        .await
        .expect(200);
    let found = r.json["centres"].as_array().unwrap();
    for c in found {
        let sunday = &c["hours"][6];
        assert_eq!(c["open_now"], !sunday.is_null(), "{}", c["name"]);
    }
    assert!(found.iter().any(|c| c["open_now"] == true));
    assert!(found.iter().any(|c| c["open_now"] == false));
}
