//! The disability register on both backends: its holder sees the group, the
//! period, the rehabilitation programme with each measure's progress and the
//! benefits it gives in her region; someone the register does not hold sees none;
//! and a choice of the set of social services, decided by the fund, applies from
//! the 1 January the law gives — refused to someone not in the register.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::applications::{apply_with, problems};
use crate::pension_payments::{decided, pensioner};
use crate::pension_record::standard;
use crate::support::{T, random_hex};

both_backends!(from fourth_of_december:
    the_register_shows_the_group_the_programme_and_the_benefits,
    a_choice_of_the_set_applies_from_its_first_of_january_and_only_for_someone_registered,
);

fn fourth_of_december() -> OffsetDateTime {
    datetime!(2026-12-04 07:00 UTC)
}

async fn disability(t: &T, token: &str) -> Value {
    t.get("/me/disability", Some(token)).await.expect(200).json
}

fn ids(v: &Value) -> Vec<String> {
    v["benefits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_register_shows_the_group_the_programme_and_the_benefits(t: T) {
    t.get("/me/disability", None).await.expect(401);
    let contact = format!("d{}@example.ru", random_hex(4));
    let simplified = t
        .register("Проверкин", &contact, &contact, "Lipa-Sneg-2741-x")
        .await;
    t.get("/me/disability", Some(&simplified.access_token))
        .await
        .expect_error(403, "standard_level_required");

    // Николаева: not in the register.
    let none = disability(&t, &standard(&t, 3).await).await;
    assert_eq!(none["record"], Value::Null);
    assert_eq!(none["benefits"], json!([]));
    assert_eq!(none.get("nsu"), None);

    // Киселёва: group II without a term, since 15 March 2019, in Novosibirsk.
    let (token, _) = pensioner(&t).await;
    let v = disability(&t, &token).await;
    let r = &v["record"];
    assert_eq!(r["group"], "second");
    assert_eq!(r["since"], "2019-03-15");
    assert_eq!(r["until"], Value::Null);
    assert_eq!(r["cause"]["ru"], "общее заболевание");
    let measures = r["ipra"]["measures"].as_array().unwrap();
    let states: Vec<&str> = measures
        .iter()
        .map(|m| m["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["done", "done", "in_progress", "planned", "not_done"]
    );
    assert_eq!(measures[4]["note"]["ru"], "Отказ получателя");
    assert_eq!(v["region"], "Новосибирская область");
    let got = ids(&v);
    for id in [
        "edv",
        "nsu",
        "disability-pension",
        "parking",
        "property-tax",
        "regional",
    ] {
        assert!(got.contains(&id.to_owned()), "no {id} in {got:?}");
    }
    for id in [
        "care-compensation",
        "fixed-payment-doubled",
        "moscow-transport",
    ] {
        assert!(!got.contains(&id.to_owned()), "{id} in {got:?}");
    }
    let benefit = |id: &str| {
        v["benefits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(benefit("edv")["assigned_since"], "2019-03-15");
    assert_eq!(benefit("nsu")["service"], "sfr-nsu");
    assert_eq!(
        benefit("regional")["title"]["ru"],
        "Меры поддержки региона: Новосибирская область"
    );
    assert_eq!(benefit("regional")["checked"], false);
    // The set: in kind, nothing chosen; a choice made today applies from 2028.
    assert_eq!(
        v["nsu"]["current"],
        json!({"medicines": "kind", "sanatorium": "kind", "travel": "kind"})
    );
    assert_eq!(v["nsu"].get("change"), None);
    assert_eq!(v["nsu"]["next_from"], "2028-01-01");

    // Павлов: group I until June 2027 in Tatarstan — the carer's payment and the
    // doubled fixed payment are his too.
    let v = disability(&t, &standard(&t, 15).await).await;
    assert_eq!(v["record"]["group"], "first");
    assert_eq!(v["record"]["until"], "2027-06-01");
    let got = ids(&v);
    for id in [
        "care-compensation",
        "fixed-payment-doubled",
        "income-tax-deduction",
    ] {
        assert!(got.contains(&id.to_owned()), "no {id} in {got:?}");
    }
}

fn nsu_form(medicines: &str) -> Value {
    json!({
        "applicant": {"surname": "Киселёва", "first_name": "Екатерина", "birth_date": "1950-09-02",
                      "snils": "754-030-940 80"},
        "medicines": medicines, "sanatorium": "kind", "travel": "kind",
        "consent": true
    })
}

async fn a_choice_of_the_set_applies_from_its_first_of_january_and_only_for_someone_registered(
    t: T,
) {
    // Not in the register: refused, saying why.
    let working = standard(&t, 0).await;
    let made = apply_with(&t, &working, "sfr-nsu", &nsu_form("money"), &random_hex(16))
        .await
        .expect(201);
    let status = decided(&t, &working, made.json["id"].as_str().unwrap()).await;
    assert_eq!(status["state"], "refused");
    assert!(
        status["reason"]
            .as_str()
            .unwrap()
            .contains("реестре инвалидов"),
        "{status}"
    );

    // A form without the ways is refused with each one named.
    let (token, login) = pensioner(&t).await;
    let mut empty = nsu_form("money");
    empty.as_object_mut().unwrap().remove("medicines");
    empty.as_object_mut().unwrap().remove("travel");
    let refused = apply_with(&t, &token, "sfr-nsu", &empty, &random_hex(16))
        .await
        .expect(422);
    assert_eq!(
        problems(&refused),
        [("form.medicines", "required"), ("form.travel", "required")],
        "{}",
        refused.json
    );

    // Medicines as money, asked on 4 December 2026: from 1 January 2028.
    let made = apply_with(&t, &token, "sfr-nsu", &nsu_form("money"), &random_hex(16))
        .await
        .expect(201);
    let status = decided(&t, &token, made.json["id"].as_str().unwrap()).await;
    assert_eq!(status["state"], "ready", "{status}");
    let v = disability(&t, &token).await;
    assert_eq!(v["nsu"]["current"]["medicines"], "kind", "not yet");
    assert_eq!(v["nsu"]["change"]["from"], "2028-01-01");
    assert_eq!(v["nsu"]["change"]["choice"]["medicines"], "money");
    assert_eq!(v["nsu"]["change"]["choice"]["travel"], "kind");

    // On 2 January 2028 it is in force.
    t.set_now(datetime!(2028-01-02 07:00 UTC));
    let token = t.sign_in(&login, "Lipa-Sneg-2741-x").await.expect(201).json["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let v = disability(&t, &token).await;
    assert_eq!(v["nsu"]["current"]["medicines"], "money");
    assert_eq!(v["nsu"].get("change"), None);
    assert_eq!(v["nsu"]["next_from"], "2029-01-01");
}
