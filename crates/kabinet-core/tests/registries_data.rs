//! The development registries' data file (`kabinet-portal/data/registries.json`),
//! which the portal's fake migration service and pension fund answer from: every
//! citizen's profile is one a person could submit, every identifier is valid and
//! unique, and every case the registry checks must handle is there.

use std::collections::{BTreeMap, HashSet};

use kabinet_core::api::ProfileSubmission;
use kabinet_core::identity::inn::Inn;
use kabinet_core::identity::passport::PassportNumber;
use kabinet_core::identity::profile::validate_profile;
use serde_json::Value;
use time::macros::date;

fn citizens() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../kabinet-portal/data/registries.json"
    );
    let text = std::fs::read_to_string(path).expect("registries.json is readable");
    let file: Value = serde_json::from_str(&text).expect("registries.json is JSON");
    assert_eq!(file["version"], 1);
    file["citizens"]
        .as_array()
        .expect("a citizens array")
        .clone()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string in {v}"))
}

#[test]
fn every_profile_validates_and_every_identifier_is_valid_and_unique() {
    let today = date!(2026 - 12 - 02);
    let citizens = citizens();
    assert!(citizens.len() >= 50, "{} citizens", citizens.len());
    let (mut snils, mut inns, mut passports) = (HashSet::new(), HashSet::new(), HashSet::new());
    for (i, c) in citizens.iter().enumerate() {
        let input: ProfileSubmission =
            serde_json::from_value(c["profile"].clone()).unwrap_or_else(|e| panic!("#{i}: {e}"));
        let profile = validate_profile(&input, today)
            .unwrap_or_else(|problems| panic!("#{i} {}: {problems:?}", input.surname));
        assert!(profile.address().is_some(), "#{i} has an address");
        assert!(
            snils.insert(profile.snils().digits().to_owned()),
            "#{i}: SNILS repeated"
        );
        let inn = Inn::parse(text(c, "inn")).unwrap_or_else(|e| panic!("#{i} INN: {e}"));
        assert!(inns.insert(inn.digits().to_owned()), "#{i}: INN repeated");
        assert!(
            passports.insert(profile.passport().number().to_string()),
            "#{i}: passport repeated"
        );
        if let Some(new) = c["migration_service"].get("replaced_by") {
            let new = PassportNumber::parse(text(new, "series"), text(new, "number"))
                .unwrap_or_else(|e| panic!("#{i} replaced_by: {e:?}"));
            assert!(
                passports.insert(new.to_string()),
                "#{i}: new passport repeated"
            );
        }
    }
}

#[test]
fn every_case_is_there_and_has_its_registry_answer() {
    let citizens = citizens();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in citizens.iter().enumerate() {
        let case = text(c, "case");
        *counts.entry(case).or_default() += 1;
        let ms = &c["migration_service"];
        let pf = &c["pension_fund"];
        let p = &c["profile"];
        match case {
            "clean" => {
                assert_eq!(ms, &serde_json::json!({"status": "valid"}), "#{i}");
                assert_eq!(pf, &serde_json::json!({}), "#{i}");
            }
            "passport_invalid" => assert_eq!(text(ms, "status"), "invalid", "#{i}"),
            "passport_replaced" => {
                assert_eq!(text(ms, "status"), "replaced", "#{i}");
                assert!(ms["replaced_by"].is_object(), "#{i}");
            }
            "snils_other_person" => {
                let owner = &pf["owner"];
                for key in ["surname", "first_name", "patronymic", "birth_date"] {
                    assert!(owner[key].is_string(), "#{i} owner.{key}");
                }
                assert!(
                    owner["surname"] != p["surname"] || owner["birth_date"] != p["birth_date"],
                    "#{i}: the owner is someone else"
                );
            }
            "name_spelling" => {
                let name = &ms["registry_name"];
                assert_eq!(text(ms, "status"), "valid", "#{i}");
                let differs = ["surname", "first_name", "patronymic"]
                    .iter()
                    .filter(|k| name[**k] != p[**k])
                    .count();
                assert_eq!(differs, 1, "#{i}: one name part spelt differently");
            }
            "registry_timeout" => {
                assert_eq!(
                    ms["fault"],
                    serde_json::json!({"kind": "timeout", "times": 2}),
                    "#{i}"
                );
            }
            "registry_down" => {
                assert_eq!(
                    pf["fault"],
                    serde_json::json!({"kind": "down", "times": 4}),
                    "#{i}"
                );
            }
            other => panic!("#{i}: unknown case {other}"),
        }
    }
    assert!(
        counts.get("clean").copied().unwrap_or(0) >= 30,
        "{counts:?}"
    );
    for case in [
        "passport_invalid",
        "passport_replaced",
        "snils_other_person",
        "name_spelling",
        "registry_timeout",
        "registry_down",
    ] {
        assert!(
            counts.get(case).copied().unwrap_or(0) >= 3,
            "{case}: {counts:?}"
        );
    }
}

/// The first citizen is the portal's demo account.
#[test]
fn the_first_citizen_is_the_demo_account() {
    let citizens = citizens();
    let first = &citizens[0];
    assert_eq!(text(first, "case"), "clean");
    let p = &first["profile"];
    assert_eq!(
        (
            text(p, "surname"),
            text(p, "first_name"),
            text(p, "patronymic"),
            text(p, "sex")
        ),
        ("Демонстрационный", "Пользователь", "Петрович", "male")
    );
}
