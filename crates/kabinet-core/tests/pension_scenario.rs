//! Scenario parsing (what `kabinet pension --json` reads): every bad input gets a
//! typed error naming the field; nothing panics.

use kabinet_core::pension::{
    PensionErrorCode as C, PensionParams, Scenario, answer_json, calculate, parse_date,
};
use rust_decimal_macros::dec;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 22);

const CAREER: &str = r#"{ "sex": "male", "birth_date": "1962-05-20", "ipk_pre2015": "90.0",
  "insurance_years_pre2015": 30,
  "wages": { "2015": 3600000, "2016": 3600000 },
  "non_insurance": [ { "kind": "military_service", "years": "2.0" },
                     { "kind": "child_care", "child": 2, "years": "1.5" } ],
  "insurance_years": 15,
  "claim_date": "2026-05-20" }"#;

/// (input, expected error code, expected field)
#[test]
fn bad_input_names_the_field() {
    let cases: &[(&str, C, Option<&str>)] = &[
        ("", C::EmptyInput, None),
        ("  \n\t", C::EmptyInput, None),
        ("{", C::InvalidJson, None),
        (r#"{"ipk_total": 110,}"#, C::InvalidJson, None),
        ("[1, 2]", C::InvalidValue, None),
        ("42", C::InvalidValue, None),
        (
            r#"{"ipk_total": 110, "claim_date": "2017-06-01", "bogus": 1}"#,
            C::UnknownField,
            Some("bogus"),
        ),
        (
            r#"{"ipk_total": 110, "claim_date": "1899-12-31"}"#,
            C::OutOfRange,
            Some("claim_date"),
        ),
        (
            r#"{"ipk_total": 110, "claim_date": "2101-01-01"}"#,
            C::OutOfRange,
            Some("claim_date"),
        ),
        (
            r#"{"sex": "male", "birth_date": "1899-05-01", "ipk_total": 1}"#,
            C::OutOfRange,
            Some("birth_date"),
        ),
        (
            r#"{"ipk_total": 110, "claim_date": "2017-13-01"}"#,
            C::InvalidValue,
            Some("claim_date"),
        ),
        (
            r#"{"ipk_total": 110, "claim_date": 20170601}"#,
            C::InvalidValue,
            Some("claim_date"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "wages": {"2015": -1}}"#,
            C::OutOfRange,
            Some("wages.2015"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "wages": {"2016": "-0.01"}}"#,
            C::OutOfRange,
            Some("wages.2016"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "wages": {"later": 1}}"#,
            C::InvalidValue,
            Some("wages.later"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "wages": {"2014": 1}}"#,
            C::OutOfRange,
            Some("wages.2014"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "wages": [1, 2]}"#,
            C::InvalidValue,
            Some("wages"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "child": 1, "years": 1.6}]}"#,
            C::OutOfRange,
            Some("non_insurance[0].years"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "child": 1, "years": 1}, {"kind": "child_care", "child": 1, "years": "0.6"}]}"#,
            C::OutOfRange,
            Some("non_insurance[1].years"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "child": 0, "years": 1}]}"#,
            C::OutOfRange,
            Some("non_insurance[0].child"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "child": -2, "years": 1}]}"#,
            C::OutOfRange,
            Some("non_insurance[0].child"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "child": 5, "years": 1}]}"#,
            C::OutOfRange,
            Some("non_insurance[0].child"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "years": 1}]}"#,
            C::MissingField,
            Some("non_insurance[0].child"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "care", "child": 1, "years": 1}]}"#,
            C::UnknownField,
            Some("non_insurance[0].child"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "holiday", "years": 1}]}"#,
            C::InvalidValue,
            Some("non_insurance[0].kind"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"years": 1}]}"#,
            C::MissingField,
            Some("non_insurance[0].kind"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "care"}]}"#,
            C::MissingField,
            Some("non_insurance[0].years"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "care", "years": -1}]}"#,
            C::OutOfRange,
            Some("non_insurance[0].years"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "care", "years": 1, "when": "2019"}]}"#,
            C::UnknownField,
            Some("non_insurance[0].when"),
        ),
        (
            r#"{"claim_date": "2020-01-01", "non_insurance": ["care"]}"#,
            C::InvalidValue,
            Some("non_insurance[0]"),
        ),
        (
            r#"{"ipk_total": 110, "claim_date": "2017-06-01", "wages": {"2016": 1}}"#,
            C::Conflict,
            Some("wages"),
        ),
        (
            r#"{"ipk_total": 110, "claim_date": "2017-06-01", "ipk_so_far": 40}"#,
            C::Conflict,
            Some("ipk_so_far"),
        ),
        // "So far" already holds the rights before 2015.
        (
            r#"{"claim_date": "2030-01-01", "ipk_so_far": 40, "ipk_pre2015": 30}"#,
            C::Conflict,
            Some("ipk_pre2015"),
        ),
        (
            r#"{"claim_date": "2030-01-01", "insurance_years_so_far": 20, "insurance_years_pre2015": 10}"#,
            C::Conflict,
            Some("insurance_years_pre2015"),
        ),
        (
            r#"{"claim_date": "2030-01-01", "ipk_so_far": -0.5}"#,
            C::OutOfRange,
            Some("ipk_so_far"),
        ),
        (
            r#"{"claim_date": "2030-01-01", "insurance_years_so_far": "lots"}"#,
            C::InvalidValue,
            Some("insurance_years_so_far"),
        ),
        (
            r#"{"birth_date": "1962-05-20", "ipk_total": 100}"#,
            C::MissingField,
            Some("sex"),
        ),
        (r#"{"ipk_total": 100}"#, C::MissingField, Some("claim_date")),
        (
            r#"{"sex": "other", "birth_date": "1962-05-20", "ipk_total": 100}"#,
            C::InvalidValue,
            Some("sex"),
        ),
        (
            r#"{"sex": "male", "birth_date": "1962-05-20", "claim_date": "1961-01-01"}"#,
            C::OutOfRange,
            Some("claim_date"),
        ),
        (
            r#"{"ipk_total": "many", "claim_date": "2017-06-01"}"#,
            C::InvalidValue,
            Some("ipk_total"),
        ),
        (
            r#"{"ipk_total": true, "claim_date": "2017-06-01"}"#,
            C::InvalidValue,
            Some("ipk_total"),
        ),
        (
            r#"{"ipk_total": -1, "claim_date": "2017-06-01"}"#,
            C::OutOfRange,
            Some("ipk_total"),
        ),
        (
            r#"{"ipk_total": 1e300, "claim_date": "2017-06-01"}"#,
            C::InvalidValue,
            Some("ipk_total"),
        ),
        (
            r#"{"ipk_total": 10, "claim_date": "2017-06-01", "deferral_months": -1}"#,
            C::OutOfRange,
            Some("deferral_months"),
        ),
        (
            r#"{"ipk_total": 10, "claim_date": "2017-06-01", "deferral_months": 1.5}"#,
            C::InvalidValue,
            Some("deferral_months"),
        ),
        (
            r#"{"ipk_total": 10, "claim_date": "2017-06-01", "dependants": 4}"#,
            C::OutOfRange,
            Some("dependants"),
        ),
        (
            r#"{"ipk_total": 10, "claim_date": "2017-06-01", "far_north": "south"}"#,
            C::InvalidValue,
            Some("far_north"),
        ),
        (
            r#"{"ipk_total": 10, "claim_date": "2017-06-01", "age_80_or_group1": "yes"}"#,
            C::InvalidValue,
            Some("age_80_or_group1"),
        ),
        (
            r#"{"ipk_total": 10, "claim_date": "2017-06-01", "insurance_years": 101}"#,
            C::OutOfRange,
            Some("insurance_years"),
        ),
    ];
    for (input, code, field) in cases {
        let e = Scenario::from_json(input).expect_err(input);
        assert_eq!(
            (e.code, e.field.as_deref()),
            (*code, *field),
            "{input}: {e}"
        );
        assert!(!e.message.is_empty());
        // The same through serde (what a UI command would do) and the CLI entry.
        if *code != C::EmptyInput && *code != C::InvalidJson {
            let via_serde = serde_json::from_str::<Scenario>(input).expect_err(input);
            if let Some(f) = field {
                assert!(via_serde.to_string().contains(f), "{via_serde}");
            }
        }
        let cli = answer_json(input, TODAY).expect_err(input);
        assert_eq!(cli.code, *code);
        let printed: serde_json::Value = serde_json::from_str(&cli.to_json()).expect("json");
        assert_eq!(printed["error"]["field"].as_str(), *field);
    }
}

/// Numbers may be JSON numbers or strings; both examples from the issue parse.
#[test]
fn good_input() {
    let known = Scenario::from_json(
        r#"{ "ipk_total": "110.0", "claim_date": "2017-06-01", "deferral_months": 0 }"#,
    )
    .expect("known total");
    assert_eq!(known.ipk_total, Some(dec!(110)));
    assert_eq!(known.claim_date, Some(date!(2017 - 06 - 01)));

    let career = Scenario::from_json(CAREER).expect("career");
    assert_eq!(career.wages.get(&2015), Some(&dec!(3600000)));
    assert_eq!(career.non_insurance.len(), 2);
    assert_eq!(career.insurance_years, Some(dec!(15)));

    for n in [
        r#"110"#,
        r#""110""#,
        r#"110.0"#,
        r#"" 110.00 ""#,
        r#"1.1e2"#,
    ] {
        let s = Scenario::from_json(&format!(
            r#"{{"ipk_total": {n}, "claim_date": "2017-06-01"}}"#
        ))
        .expect(n);
        assert_eq!(s.ipk_total, Some(dec!(110)), "{n}");
    }
    // null means "not given".
    let s = Scenario::from_json(r#"{"ipk_total": 5, "claim_date": "2017-06-01", "sex": null}"#)
        .expect("null");
    assert_eq!(s.sex, None);

    let out = answer_json(CAREER, TODAY).expect("answers");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    for key in [
        "right_date",
        "eligible",
        "required_years",
        "required_ipk",
        "ipk_total",
        "ipk_by_year",
        "deferral_months",
        "kv_ipk",
        "kv_fv",
        "spk",
        "fv",
        "monthly_pension",
        "prices_as_of",
        "explanation",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["monthly_pension"], "27489.82");
    assert_eq!(v["ipk_by_year"]["2015"], "7.39");
    assert!(v["explanation"][0]["ru"].is_string() && v["explanation"][0]["en"].is_string());
}

/// Every prefix of a valid scenario, and many single-character corruptions, give a
/// result or an error — never a panic.
#[test]
fn nothing_panics() {
    let inputs = [
        CAREER,
        r#"{ "ipk_total": "110.0", "claim_date": "2017-06-01" }"#,
    ];
    for input in inputs {
        let chars: Vec<char> = input.chars().collect();
        for cut in 0..chars.len() {
            let prefix: String = chars[..cut].iter().collect();
            let _ = answer_json(&prefix, TODAY);
        }
        for i in 0..chars.len() {
            for c in ['9', '-', '"', '0', 'x', '.', '{', ']'] {
                let mut m = chars.clone();
                m[i] = c;
                let text: String = m.into_iter().collect();
                if let Ok(s) = Scenario::from_json(&text) {
                    let _ = calculate(&s, TODAY);
                    let _ = kabinet_core::pension::deferral_series(&s, TODAY);
                }
            }
        }
    }
    // Extremes that parse.
    for input in [
        r#"{"ipk_total": 100000, "claim_date": "2100-12-31", "deferral_months": 1200}"#,
        r#"{"sex": "female", "birth_date": "2100-12-31", "ipk_total": 1}"#,
        r#"{"claim_date": "2100-12-31", "wages": {"2100": 1000000000000}, "future_wage": 1000000000000}"#,
    ] {
        let s = Scenario::from_json(input).expect(input);
        let _ = calculate(&s, TODAY);
    }
}

/// What `Serialize` writes, `Deserialize` reads back (a UI round trip).
#[test]
fn serde_round_trip() {
    for input in [
        CAREER,
        r#"{ "ipk_total": "110.0", "claim_date": "2017-06-01", "deferral_months": 0,
             "dependants": 2, "far_north": "equivalent", "age_80_or_group1": true }"#,
    ] {
        let s = Scenario::from_json(input).expect("parses");
        let text = serde_json::to_string(&s).expect("serialises");
        let back: Scenario = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, s, "{text}");
    }
}

/// One way to read a date: the CLI's `--today` (`parse_date`) and a scenario's
/// `claim_date` give the same verdict on the same text. (text, expected)
#[test]
fn dates_are_read_one_way() {
    let cases: &[(&str, Result<&str, C>)] = &[
        ("2026-11-22", Ok("2026-11-22")),
        (" 2026-11-22 ", Ok("2026-11-22")),
        ("1900-01-01", Ok("1900-01-01")),
        ("2100-12-31", Ok("2100-12-31")),
        ("2026-2-3", Err(C::InvalidValue)),
        ("2026-02-30", Err(C::InvalidValue)),
        ("22.11.2026", Err(C::InvalidValue)),
        ("2026-11-22T10:00:00Z", Err(C::InvalidValue)),
        ("", Err(C::InvalidValue)),
        ("1899-12-31", Err(C::OutOfRange)),
        ("2101-01-01", Err(C::OutOfRange)),
    ];
    for (text, expected) in cases {
        let direct = parse_date(text, "claim_date");
        assert_eq!(
            direct.as_ref().map(ToString::to_string).map_err(|e| e.code),
            expected.map(str::to_owned),
            "parse_date({text:?})"
        );
        let json = serde_json::json!({"ipk_total": 110, "claim_date": text});
        let in_scenario = Scenario::from_value(&json).map(|s| s.claim_date);
        assert_eq!(
            in_scenario.map_err(|e| (e.code, e.field)),
            direct.map(Some).map_err(|e| (e.code, e.field)),
            "scenario claim_date {text:?}"
        );
    }
}

/// The child-care limits come from the parameter table, not from the code: the same
/// periods checked against tables with another per-child limit.
/// (limit per child, periods as (child, years), expected: None = accepted, else the field)
#[test]
fn child_care_limit_comes_from_the_table() {
    const FILE: &str = include_str!("../data/pension-params.toml");
    const LIMIT: &str = "max_years_per_child = \"1.5\"";
    assert!(FILE.contains(LIMIT), "the table states the limit per child");
    type Case<'a> = (&'a str, &'a [(u32, &'a str)], Option<&'a str>);
    let cases: &[Case<'_>] = &[
        ("1.5", &[(1, "1.5")], None),
        ("1.5", &[(1, "1.6")], Some("non_insurance[0].years")),
        ("1.0", &[(1, "1.0")], None),
        ("1.0", &[(1, "1.2")], Some("non_insurance[0].years")),
        (
            "1.0",
            &[(2, "0.6"), (2, "0.6")],
            Some("non_insurance[1].years"),
        ),
        ("1.0", &[(1, "0.6"), (2, "0.6")], None),
        ("2.0", &[(1, "1.8")], None),
        ("2.0", &[(3, "1"), (3, "1")], None),
        (
            "2.0",
            &[(3, "1.5"), (3, "1")],
            Some("non_insurance[1].years"),
        ),
    ];
    for (limit, periods, expected) in cases {
        let file = FILE.replacen(LIMIT, &format!("max_years_per_child = \"{limit}\""), 1);
        let table = PensionParams::from_toml(&file).expect("a valid table");
        let periods: Vec<_> = periods
            .iter()
            .map(|(child, years)| serde_json::json!({"kind": "child_care", "child": child, "years": years}))
            .collect();
        let v = serde_json::json!({"claim_date": "2020-01-01", "non_insurance": periods});
        let got = Scenario::from_value_with(&v, &table);
        match expected {
            None => assert!(got.is_ok(), "limit {limit}, {v}: {got:?}"),
            Some(field) => {
                let e = got.expect_err("refused");
                assert_eq!(
                    (e.code, e.field.as_deref()),
                    (C::OutOfRange, Some(*field)),
                    "limit {limit}, {v}"
                );
                assert!(
                    e.message
                        .contains(&limit.trim_end_matches(".0").to_string()),
                    "{}",
                    e.message
                );
            }
        }
    }
}
