//! `kabinet pension --json` as a user runs it: the real binary, a scenario on stdin,
//! JSON on stdout, or an error naming the field on stderr with exit status 2.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kabinet");

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .arg("pension")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the kabinet binary");
    if let Some(mut input) = child.stdin.take() {
        // The binary may exit before reading everything (usage errors): ignore EPIPE.
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("wait for kabinet")
}

const TODAY: [&str; 3] = ["--json", "--today", "2026-11-22"];

/// (stdin, expected monthly_pension, expected right_date, eligible)
#[test]
fn scenarios_answer_on_stdout() {
    let cases = [
        (
            r#"{ "ipk_total": "110.0", "claim_date": "2017-06-01", "deferral_months": 0 }"#,
            "13448.91",
            "2017-06-01",
            true,
        ),
        (
            r#"{ "ipk_total": 110, "claim_date": "2017-03-31" }"#,
            "13415.91",
            "2017-03-31",
            true,
        ),
        (
            r#"{ "ipk_total": 100, "claim_date": "2022-06-01" }"#,
            "19030.74",
            "2022-06-01",
            true,
        ),
        (
            r#"{ "sex": "male", "birth_date": "1962-05-20", "ipk_pre2015": "90.0",
                 "insurance_years_pre2015": 30,
                 "wages": { "2015": 3600000, "2016": 3600000 },
                 "non_insurance": [ { "kind": "military_service", "years": "2.0" },
                                    { "kind": "child_care", "child": 2, "years": "1.5" } ],
                 "insurance_years": 15,
                 "claim_date": "2026-05-20" }"#,
            "27489.82",
            "2026-05-20",
            true,
        ),
        (
            r#"{ "sex": "female", "birth_date": "1964-08-01", "ipk_total": "10" }"#,
            "0.00",
            "2020-02-01",
            false,
        ),
    ];
    for (stdin, monthly, right, eligible) in cases {
        let out = run(&TODAY, stdin);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stdin}: {stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        assert_eq!(v["monthly_pension"], monthly, "{stdin}");
        assert_eq!(v["right_date"], right, "{stdin}");
        assert_eq!(v["eligible"], eligible, "{stdin}");
        for key in [
            "shortfall",
            "required_years",
            "required_ipk",
            "ipk_total",
            "ipk_by_year",
            "deferral_months",
            "kv_ipk",
            "kv_fv",
            "spk",
            "fv",
            "prices_as_of",
            "explanation",
        ] {
            assert!(v.get(key).is_some(), "{stdin}: no {key}");
        }
    }
}

/// Without --today the clock is used; a future claim says it is in today's prices.
#[test]
fn default_today_and_projection() {
    let out = run(
        &["--json"],
        r#"{ "sex": "male", "birth_date": "1990-01-01", "future_wage": 1500000 }"#,
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["in_todays_prices"], true);
    assert!(
        v["explanation"]
            .as_array()
            .expect("lines")
            .iter()
            .any(|l| l["key"] == "todays_prices")
    );
}

/// (args, stdin, expected field in the error; None = the input as a whole)
#[test]
fn bad_input_exits_2_naming_the_field() {
    let cases: &[(&[&str], &str, Option<&str>)] = &[
        (&TODAY, "", None),
        (&TODAY, "{ not json", None),
        (
            &TODAY,
            r#"{"ipk_total": 1, "claim_date": "2017-06-01", "salary": 5}"#,
            Some("salary"),
        ),
        (
            &TODAY,
            r#"{"ipk_total": 1, "claim_date": "1899-01-01"}"#,
            Some("claim_date"),
        ),
        (
            &TODAY,
            r#"{"sex": "male", "birth_date": "2101-01-01", "ipk_total": 1}"#,
            Some("birth_date"),
        ),
        (
            &TODAY,
            r#"{"claim_date": "2020-01-01", "wages": {"2016": -100}}"#,
            Some("wages.2016"),
        ),
        (
            &TODAY,
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "child": 1, "years": 2}]}"#,
            Some("non_insurance[0].years"),
        ),
        (
            &TODAY,
            r#"{"claim_date": "2020-01-01", "non_insurance": [{"kind": "child_care", "child": 0, "years": 1}]}"#,
            Some("non_insurance[0].child"),
        ),
        (
            &TODAY,
            r#"{"sex": "male", "birth_date": "1962-05-20", "ipk_total": 50, "claim_date": "2025-01-01"}"#,
            Some("claim_date"),
        ),
        (&["--json", "--today", "yesterday"], "{}", Some("--today")),
        // --today is read as a scenario's dates are: the same years.
        (&["--json", "--today", "1899-12-31"], "{}", Some("--today")),
        (&["--json", "--today"], "{}", None),
        (&[], "{}", None),
        (&["--xml"], "{}", None),
    ];
    for (args, stdin, field) in cases {
        let out = run(args, stdin);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} {stdin}: {stderr}");
        assert!(out.stdout.is_empty(), "{stdin}: stdout not empty");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let v: serde_json::Value = serde_json::from_str(stderr.trim()).expect("JSON error");
        assert_eq!(v["error"]["field"].as_str(), *field, "{stdin}: {stderr}");
        assert!(v["error"]["code"].is_string() && v["error"]["message"].is_string());
    }
}
