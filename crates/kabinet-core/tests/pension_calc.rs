//! The calculator against published figures and the rules, as tables of cases.

use kabinet_core::pension::{
    FarNorth, NonInsuranceKind, NonInsurancePeriod, PensionErrorCode, PensionResult, Scenario,
    calculate, calculate_with, deferral_series, deferral_series_with, params, points_by_year,
    points_by_year_with, year_points,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use time::Date;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 22);

fn run(v: Value) -> PensionResult {
    let s = Scenario::from_value(&v).unwrap_or_else(|e| panic!("{v}: {e}"));
    calculate(&s, TODAY).unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn money(d: Decimal) -> String {
    d.to_string()
}

/// Known totals: (scenario, right date, eligible, amount if eligible).
#[test]
fn known_totals_against_published_values() {
    let cases = [
        // The seed's 2017 example: 110 × 78.58 + 4805.11.
        (
            json!({"ipk_total": "110.0", "claim_date": "2017-06-01", "deferral_months": 0}),
            "13448.91",
        ),
        // Straddling 2017-04-01 (SPK 78.28 -> 78.58, FV unchanged).
        (
            json!({"ipk_total": 110, "claim_date": "2017-03-31"}),
            "13415.91",
        ),
        (
            json!({"ipk_total": 110, "claim_date": "2017-04-01"}),
            "13448.91",
        ),
        // Before the 2017-02-01 indexation: 74.27 / 4558.93.
        (
            json!({"ipk_total": 110, "claim_date": "2017-01-31"}),
            "12728.63",
        ),
        // Straddling 2022-06-01 (+10%): 107.36 / 6564.31 -> 118.10 / 7220.74.
        (
            json!({"ipk_total": 100, "claim_date": "2022-05-31"}),
            "17300.31",
        ),
        (
            json!({"ipk_total": 100, "claim_date": "2022-06-01"}),
            "19030.74",
        ),
        // Points part rounded to kopecks on its own: 33.333 × 145.69 = 4856.28477.
        (
            json!({"ipk_total": "33.333", "claim_date": "2025-03-01"}),
            "13763.98",
        ),
    ];
    for (v, amount) in cases {
        let r = run(v.clone());
        assert!(r.eligible, "{v}");
        assert_eq!(money(r.monthly_pension), amount, "{v}");
        assert_eq!(r.right_date, r.claim_date, "{v}");
    }
}

/// What is missing to be entitled, as the result states it (the UI shows it, it does
/// not work it out). (scenario, missing insurance years, missing points); both None
/// means eligible and no shortfall.
#[test]
fn shortfall_cases() {
    let cases = [
        // 2017 needs 8 years and 11.4 points.
        (
            json!({"ipk_total": "11.4", "claim_date": "2017-06-01"}),
            None,
            None,
        ),
        (
            json!({"ipk_total": "11.399", "claim_date": "2017-06-01"}),
            None,
            Some(dec!(0.001)),
        ),
        (
            json!({"ipk_total": 50, "insurance_years": 7, "claim_date": "2017-06-01"}),
            Some(dec!(1)),
            None,
        ),
        // 2025 and later: 15 years, 30 points.
        (
            json!({"ipk_total": 10, "insurance_years": "5.5", "claim_date": "2030-01-01"}),
            Some(dec!(9.5)),
            Some(dec!(20)),
        ),
        (
            json!({"ipk_total": 29.9, "claim_date": "2030-01-01"}),
            None,
            Some(dec!(0.1)),
        ),
        // The right arises 2020-02-01: 11 years, 18.6 points; the record is unknown.
        (
            json!({"sex": "female", "birth_date": "1964-08-01", "ipk_total": "10"}),
            None,
            Some(dec!(8.6)),
        ),
        // A career: 1 year of record before 2015 + 2 years with wages = 3 of 15 years;
        // 5 + 7.39 + 7.83 (capped) = 20.22 of 30 points.
        (
            json!({"sex": "female", "birth_date": "1975-03-10", "ipk_pre2015": 5,
                   "insurance_years_pre2015": 1,
                   "wages": {"2015": 711000, "2016": 796000}}),
            Some(dec!(12)),
            Some(dec!(9.78)),
        ),
    ];
    for (v, years, ipk) in cases {
        let r = run(v.clone());
        let shortfall = r.shortfall.as_ref().map(|s| (s.insurance_years, s.ipk));
        let expected = (years.is_some() || ipk.is_some()).then_some((years, ipk));
        assert_eq!(shortfall, expected, "{v}");
        assert_eq!(r.eligible, expected.is_none(), "{v}");
    }
}

/// Eligibility, with requirements frozen at the year the right arises.
/// (scenario, eligible, required years, required points)
#[test]
fn eligibility_cases() {
    let cases = [
        // 2017 needs 8 years and 11.4 points.
        (
            json!({"ipk_total": "11.4", "claim_date": "2017-06-01"}),
            true,
            8,
            dec!(11.4),
        ),
        (
            json!({"ipk_total": "11.399", "claim_date": "2017-06-01"}),
            false,
            8,
            dec!(11.4),
        ),
        (
            json!({"ipk_total": 50, "insurance_years": 7, "claim_date": "2017-06-01"}),
            false,
            8,
            dec!(11.4),
        ),
        (
            json!({"ipk_total": 50, "insurance_years": 8, "claim_date": "2017-06-01"}),
            true,
            8,
            dec!(11.4),
        ),
        // 2025 and later: 15 years, 30 points.
        (
            json!({"ipk_total": 29.9, "claim_date": "2030-01-01"}),
            false,
            15,
            dec!(30.0),
        ),
        // Right arose 2019-09-10 (man born 1959-03-10): 2019's 10 years / 16.2 points
        // still apply to a claim in 2024 (2024 itself would need 15 / 28.2).
        (
            json!({"sex": "male", "birth_date": "1959-03-10", "ipk_total": 20,
                   "insurance_years": 11, "claim_date": "2024-09-10"}),
            true,
            10,
            dec!(16.2),
        ),
        // Known total without birth date: right = claim - deferral -> 2019 rules.
        (
            json!({"ipk_total": 20, "insurance_years": 11, "claim_date": "2024-09-10",
                   "deferral_months": 60}),
            true,
            10,
            dec!(16.2),
        ),
        (
            json!({"ipk_total": 20, "insurance_years": 11, "claim_date": "2024-09-10"}),
            false,
            15,
            dec!(28.2),
        ),
    ];
    for (v, eligible, years, ipk) in cases {
        let r = run(v.clone());
        assert_eq!(
            (r.eligible, r.required_years, r.required_ipk),
            (eligible, years, ipk),
            "{v}"
        );
        if !eligible {
            assert_eq!(money(r.monthly_pension), "0.00", "{v}");
            assert!(r.amount_if_eligible > Decimal::ZERO);
            assert!(r.explanation.iter().any(|l| l.key == "not_eligible"));
        }
    }
}

#[test]
fn frozen_requirement_with_deferral_premium() {
    let r = run(
        json!({"sex": "male", "birth_date": "1959-03-10", "ipk_total": 20,
                       "insurance_years": 11, "claim_date": "2024-09-10"}),
    );
    assert_eq!(r.right_date, date!(2019 - 09 - 10));
    assert_eq!(r.requirement_year, 2019);
    assert_eq!((r.deferral_months, r.deferral_full_years), (60, 5));
    assert_eq!((r.kv_ipk, r.kv_fv), (dec!(1.45), dec!(1.36)));
    // 20 × 1.45 × 133.05 = 3858.45 ; 8134.88 × 1.36 = 11063.4368 -> 11063.44
    assert_eq!(money(r.points_part), "3858.45");
    assert_eq!(money(r.fixed_part), "11063.44");
    assert_eq!(money(r.monthly_pension), "14921.89");
}

/// (sex, birth date, right date, retirement age in months)
#[test]
fn retirement_age_and_the_2019_2020_relief() {
    let cases = [
        ("male", "1958-06-01", "2018-06-01", 720), // old rules
        ("female", "1963-12-31", "2018-12-31", 660),
        ("male", "1959-03-10", "2019-09-10", 726), // relief: 60.5
        ("male", "1959-09-15", "2020-03-15", 726),
        ("female", "1964-08-01", "2020-02-01", 666), // relief: 55.5
        ("female", "1964-02-29", "2019-08-29", 666),
        ("male", "1960-05-01", "2021-11-01", 738), // 61.5
        ("female", "1965-01-01", "2021-07-01", 678),
        ("male", "1961-07-01", "2024-07-01", 756),   // 63
        ("female", "1966-03-15", "2024-03-15", 696), // 58
        ("male", "1962-05-20", "2026-05-20", 768),   // 64
        ("female", "1967-10-10", "2026-10-10", 708), // 59
        ("male", "1963-01-10", "2028-01-10", 780),   // 65
        ("female", "1968-03-03", "2028-03-03", 720), // 60
        ("male", "1970-02-01", "2035-02-01", 780),
        ("male", "1968-02-29", "2033-02-28", 780), // no 29 Feb in 2033
    ];
    for (sex, birth, right, months) in cases {
        let r = run(json!({"sex": sex, "birth_date": birth, "ipk_total": 100}));
        assert_eq!(
            (r.right_date.to_string(), r.retirement_age_months),
            (right.to_owned(), Some(months)),
            "{sex} {birth}"
        );
        assert_eq!(r.claim_date, r.right_date);
    }
}

/// Annual points: (wages, funded option, expected points for the year)
#[test]
fn annual_points_and_caps() {
    let cases = [
        // 2015-2020 caps bind below the maximum base (10 points at the base).
        (2015, "711000", false, "7.39"),
        (2015, "5000000", false, "7.39"),
        (2016, "796000", false, "7.83"),
        (2017, "876000", false, "8.26"),
        (2019, "1150000", false, "9.13"),
        (2020, "1292000", false, "9.57"),
        (2019, "575000", false, "5"),
        (2021, "1465000", false, "10"),
        // 75 000 a month in 2025 -> 3.262 (published example); 3.26205... rounded.
        (2025, "900000", false, "3.262"),
        // Rounded half up to 3 decimals before the cap: 0.0005 of the base -> 0.001.
        (2024, "111.25", false, "0.001"),
        (2024, "111.24", false, "0"),
        // Kept a funded pension: the lower cap.
        (2018, "1021000", true, "5.43"),
        (2021, "1465000", true, "6.25"),
        (2026, "2979000", true, "6.25"),
        (2021, "439500", true, "3"),
    ];
    for (year, wage, funded, points) in cases {
        let v = json!({"sex": "male", "birth_date": "1966-01-01",
                       "wages": {year.to_string(): wage}, "funded_option": funded});
        let r = run(v.clone());
        assert_eq!(
            r.ipk_by_year.get(&year).map(|d| d.to_string()),
            Some(points.to_owned()),
            "{v}"
        );
        assert_eq!(r.ipk_total.to_string(), points, "{v}");
    }
}

/// Non-insurance periods: (periods, points)
#[test]
fn non_insurance_periods() {
    let cases = [
        (json!([{"kind": "military_service", "years": 1}]), "1.8"),
        (json!([{"kind": "military_service", "years": "2.0"}]), "3.6"),
        (
            json!([{"kind": "child_care", "child": 1, "years": 1.5}]),
            "2.7",
        ),
        (
            json!([{"kind": "child_care", "child": 2, "years": 1.5}]),
            "5.4",
        ),
        (
            json!([{"kind": "child_care", "child": 3, "years": 1.5}]),
            "8.1",
        ),
        (
            json!([{"kind": "child_care", "child": 4, "years": 1}]),
            "5.4",
        ),
        (json!([{"kind": "care", "years": 3}]), "5.4"),
        (json!([{"kind": "care", "years": "0.5"}]), "0.9"),
        // Four children, 1.5 years each = the 6-year maximum, all counted.
        (
            json!([{"kind": "child_care", "child": 1, "years": 1.5},
                   {"kind": "child_care", "child": 2, "years": 1.5},
                   {"kind": "child_care", "child": 3, "years": 1.5},
                   {"kind": "child_care", "child": 4, "years": 1.5}]),
            "24.3",
        ),
        // One child split over two periods.
        (
            json!([{"kind": "child_care", "child": 1, "years": 1},
                   {"kind": "child_care", "child": 1, "years": 0.5}]),
            "2.7",
        ),
    ];
    for (periods, points) in cases {
        let r = run(
            json!({"sex": "female", "birth_date": "1970-01-01", "ipk_pre2015": 0,
                           "non_insurance": periods}),
        );
        assert_eq!(r.ipk_non_insurance.to_string(), points, "{periods}");
        assert_eq!(r.ipk_total.to_string(), points, "{periods}");
        assert!(r.explanation.iter().any(|l| l.key == "non_insurance"));
    }
}

/// The 6-year total for child care binds (possible only when building a scenario in
/// code); the best-paid children count first.
#[test]
fn child_care_total_is_capped_at_six_years() {
    let child = |c, y| NonInsurancePeriod {
        kind: NonInsuranceKind::ChildCare,
        child: Some(c),
        years: y,
    };
    let s = Scenario {
        sex: Some(kabinet_core::pension::Sex::Female),
        birth_date: Some(date!(1970 - 01 - 01)),
        non_insurance: vec![
            child(1, dec!(1.5)),
            child(3, dec!(1.5)),
            child(4, dec!(1.5)),
            child(3, dec!(1.5)),
            child(4, dec!(1.5)),
        ],
        ..Scenario::default()
    };
    let r = calculate(&s, TODAY).expect("calculates");
    // 4 × 1.5 years at 5.4 = 32.4; the first child's 1.5 years do not fit.
    assert_eq!(r.ipk_non_insurance, dec!(32.4));
    assert_eq!(r.non_insurance[0].counted_years, Decimal::ZERO);
}

/// Deferral: (deferral months, full years, KvIPK, KvFV)
#[test]
fn deferral_premiums() {
    let cases = [
        (0, 0, dec!(1.0), dec!(1.0)),
        (11, 0, dec!(1.0), dec!(1.0)),
        (12, 1, dec!(1.07), dec!(1.056)),
        (36, 3, dec!(1.24), dec!(1.19)),
        (119, 9, dec!(2.09), dec!(1.9)),
        (120, 10, dec!(2.32), dec!(2.11)),
        (130, 10, dec!(2.32), dec!(2.11)),
    ];
    for (months, years, kv_ipk, kv_fv) in cases {
        let r = run(json!({"ipk_total": 100, "claim_date": "2026-06-01",
                           "deferral_months": months}));
        assert_eq!(
            (r.deferral_months, r.deferral_full_years, r.kv_ipk, r.kv_fv),
            (months, years, kv_ipk, kv_fv),
            "{months}"
        );
    }
    // 100 × 1.24 × 156.76 = 19438.24 ; 9584.69 × 1.19 = 11405.7811 -> 11405.78
    let r = run(json!({"ipk_total": 100, "claim_date": "2026-06-01", "deferral_months": 36}));
    assert_eq!(money(r.monthly_pension), "30844.02");
}

#[test]
fn deferral_series_rises_each_year() {
    let s = Scenario::from_value(&json!({"sex": "male", "birth_date": "1962-05-20",
        "ipk_pre2015": 80, "insurance_years_pre2015": 30, "future_wage": 1200000}))
    .expect("valid");
    let series = deferral_series(&s, TODAY).expect("series");
    assert_eq!(series.len(), 11);
    assert_eq!(series[0].claim_date, date!(2026 - 05 - 20));
    assert_eq!(series[10].claim_date, date!(2036 - 05 - 20));
    for w in series.windows(2) {
        assert!(w[1].monthly_pension > w[0].monthly_pension);
        assert!(w[1].ipk_total >= w[0].ipk_total);
        assert_eq!(w[1].deferral_months, w[0].deferral_months + 12);
    }
    assert_eq!(series[10].kv_ipk, dec!(2.32));
    assert!(series[1].in_todays_prices);
}

/// Fixed-payment increases on 2018 values (FV 4982.90): (flags, fixed part)
#[test]
fn fixed_payment_increases() {
    let cases = [
        (json!({}), "4982.90"),
        (json!({"age_80_or_group1": true}), "9965.80"),
        (json!({"dependants": 1}), "6643.87"),
        (json!({"dependants": 3}), "9965.80"),
        (json!({"far_north": "far_north"}), "7474.35"),
        (json!({"far_north": "equivalent"}), "6477.77"),
        (json!({"far_north": "none"}), "4982.90"),
    ];
    for (flags, fixed) in cases {
        let mut v = json!({"ipk_total": 50, "claim_date": "2018-03-01"});
        if let (Value::Object(m), Value::Object(f)) = (&mut v, flags.clone()) {
            m.extend(f);
        }
        let r = run(v);
        assert_eq!(money(r.fixed_part), fixed, "{flags}");
        assert_eq!(r.points_part, dec!(4074.50), "{flags}");
    }
    let s = Scenario {
        ipk_total: Some(dec!(50)),
        claim_date: Some(date!(2018 - 03 - 01)),
        far_north: FarNorth::FarNorth,
        ..Scenario::default()
    };
    assert!(
        calculate(&s, TODAY)
            .expect("ok")
            .explanation
            .iter()
            .any(|l| l.key == "fixed_payment_increase")
    );
}

/// A career: pre-2015 points, wage years, non-insurance periods, computed record.
#[test]
fn career_breakdown() {
    let r = run(json!({
        "sex": "male", "birth_date": "1962-05-20", "ipk_pre2015": "90.0",
        "insurance_years_pre2015": 30,
        "wages": {"2015": 3600000, "2016": "398000", "2026": 100000, "2027": 100},
        "non_insurance": [{"kind": "military_service", "years": "2.0"},
                          {"kind": "child_care", "child": 2, "years": "1.5"}]
    }));
    assert_eq!(r.right_date, date!(2026 - 05 - 20));
    // 2016: 398000 / 796000 × 10 = 5; 2026 and 2027 are not before the claim year.
    assert_eq!(
        r.ipk_by_year
            .iter()
            .map(|(y, p)| (*y, p.to_string()))
            .collect::<Vec<_>>(),
        [(2015, "7.39".to_owned()), (2016, "5".to_owned())]
    );
    assert_eq!(r.ipk_non_insurance, dec!(9));
    assert_eq!(r.ipk_total, dec!(111.39));
    assert_eq!(r.insurance_years, Some(dec!(35.5)));
    assert!(r.explanation.iter().any(|l| l.key == "wages_not_counted"));
    // 111.39 × 156.76 = 17461.4964 -> 17461.50 ; + 9584.69
    assert_eq!(money(r.monthly_pension), "27046.19");
    for l in &r.explanation {
        assert!(!l.ru.is_empty() && !l.en.is_empty(), "{}", l.key);
    }
}

/// Points and record from the statement ("so far", to the end of last year) instead
/// of the rights before 2015: wages count from today's year on, and the explanation
/// calls the brought-in figures what they are.
#[test]
fn statement_totals_so_far() {
    // Born 1975-03-10, woman: right at 60 on 2035-03-10 (claim year 2035).
    let base = json!({"sex": "female", "birth_date": "1975-03-10",
                      "ipk_so_far": "61.2", "insurance_years_so_far": 22,
                      "future_wage": 1200000,
                      "non_insurance": [{"kind": "child_care", "child": 1, "years": 1}]});
    let r = run(base.clone());
    assert_eq!(r.right_date, date!(2035 - 03 - 10));
    assert_eq!(r.ipk_so_far, Some(dec!(61.2)));
    assert_eq!(r.ipk_pre2015, dec!(0));
    // 2026..=2034 at 1 200 000 against the latest base 2 979 000: 4.028 each.
    let years: Vec<_> = r.years.iter().map(|y| (y.year, y.points)).collect();
    assert_eq!(years.first(), Some(&(2026, dec!(4.028))));
    assert_eq!(years.len(), 9);
    assert!(r.years.iter().all(|y| y.projected));
    // 61.2 + 9 × 4.028 + 1.8 = 99.252 ; record 22 + 9 + 1 = 32.
    assert_eq!(r.ipk_total, dec!(99.252));
    assert_eq!(r.insurance_years, Some(dec!(32)));
    let keys: Vec<_> = r.explanation.iter().map(|l| l.key.as_str()).collect();
    assert!(
        keys.contains(&"so_far") && !keys.contains(&"pre2015"),
        "{keys:?}"
    );
    let line = |k: &str| r.explanation.iter().find(|l| l.key == k).expect(k).clone();
    assert!(line("so_far").en.contains("61.2"), "{}", line("so_far").en);
    assert!(line("total_points").en.contains("61.2 (before 2026)"));
    assert!(line("total_points").ru.contains("61,2 (до 2026 года)"));
    assert!(
        line("insurance_years")
            .en
            .contains("22 (before 2026) + 9 (years with wages since 2026)")
    );
    for l in &r.explanation {
        assert!(
            !l.en.contains("2015") && !l.ru.contains("2015"),
            "{}: {}",
            l.key,
            l.en
        );
    }

    // A wage for a past year would be counted twice: refused, naming the year.
    let mut past = base.clone();
    past["wages"] = json!({"2024": 600000, "2027": 600000});
    let s = Scenario::from_value(&past).expect("parses");
    let e = calculate(&s, TODAY).expect_err("past wages with so-far totals");
    assert_eq!(
        (e.code, e.field.as_deref()),
        (PensionErrorCode::Conflict, Some("wages.2024"))
    );
    // This year's wage is fine and replaces the assumed one.
    let mut this_year = base;
    this_year["wages"] = json!({"2026": 0});
    let r2 = run(this_year);
    assert_eq!(r2.ipk_by_year.get(&2026), Some(&dec!(0)));
    assert_eq!(r2.insurance_years, Some(dec!(31)));
}

#[test]
fn projection_is_in_todays_prices() {
    let s = Scenario::from_value(&json!({"sex": "female", "birth_date": "1980-04-01",
        "ipk_pre2015": 5, "insurance_years_pre2015": 5,
        "wages": {"2015": 300000, "2025": 1379500}, "future_wage": 2979000}))
    .expect("valid");
    let r = calculate(&s, TODAY).expect("ok");
    assert_eq!(r.right_date, date!(2040 - 04 - 01));
    assert!(r.in_todays_prices && r.projected);
    assert_eq!((r.spk, r.fv), (dec!(156.76), dec!(9584.69)));
    assert_eq!(r.prices_as_of, date!(2026 - 01 - 01));
    assert!(r.explanation.iter().any(|l| l.key == "todays_prices"));
    let years = points_by_year(&s, TODAY).expect("ok");
    // 2015, 2025 earned; 2026..=2039 projected at the latest known base (10 points each).
    assert_eq!(years.len(), 2 + 14);
    assert!(years.iter().filter(|y| y.year < 2026).all(|y| !y.projected));
    assert!(
        years
            .iter()
            .filter(|y| y.year >= 2026)
            .all(|y| y.projected && y.wage_assumed && y.points == dec!(10))
    );
    assert!(
        years
            .iter()
            .filter(|y| y.year > 2026)
            .all(|y| y.parameters_projected)
    );
    assert_eq!(r.ipk_total, dec!(5) + dec!(4.219) + dec!(5) + dec!(140));
    // A claim in the past is not "in today's prices".
    let past = run(json!({"ipk_total": 100, "claim_date": "2020-01-01"}));
    assert!(!past.in_todays_prices && !past.projected);
}

/// `year_points` counts one year exactly as the calculation does; the `_with`
/// functions with the embedded tables answer what the plain ones answer.
#[test]
fn year_points_and_with_tables_agree_with_the_calculation() {
    let s = Scenario::from_value(&json!({"sex": "female", "birth_date": "1980-04-01",
        "ipk_pre2015": 5, "insurance_years_pre2015": 5, "funded_option": true,
        "wages": {"2015": 300000, "2025": 1379500, "2026": 9000000}, "future_wage": 2979000}))
    .expect("valid");
    let p = params().expect("tables");
    assert!(p.as_of >= date!(2026 - 01 - 01));
    let years = points_by_year(&s, TODAY).expect("ok");
    for y in &years {
        let one = year_points(p, y.year, y.wage, true).expect("a year from 2015");
        assert_eq!(
            (
                one.uncapped,
                one.cap,
                one.points,
                one.max_base,
                one.parameters_projected
            ),
            (
                y.uncapped,
                y.cap,
                y.points,
                y.max_base,
                y.parameters_projected
            ),
            "{}",
            y.year
        );
    }
    // Above the base: 10 points before the cap, the funded cap after it.
    let high = year_points(p, 2026, dec!(9000000), true).expect("2026");
    assert_eq!(high.uncapped, dec!(10));
    assert!(high.points < dec!(10));
    assert_eq!(
        year_points(p, 2014, dec!(100000), false).map_err(|e| e.code),
        Err(PensionErrorCode::OutOfRange)
    );
    assert_eq!(points_by_year_with(&s, TODAY, p).expect("ok"), years);
    assert_eq!(
        calculate_with(&s, TODAY, p).expect("ok"),
        calculate(&s, TODAY).expect("ok")
    );
    assert_eq!(
        deferral_series_with(&s, TODAY, p).expect("ok"),
        deferral_series(&s, TODAY).expect("ok")
    );
}

/// A birth date in the future or less than 14 years ago is refused on its field.
#[test]
fn birth_date_in_the_future_or_too_young_is_refused() {
    for (birth, ok) in [
        ("2026-11-23", false), // tomorrow
        ("2030-01-01", false),
        ("2012-11-23", false), // 14 tomorrow
        ("2012-11-22", true),  // 14 today
        ("1980-04-01", true),
    ] {
        let s = Scenario::from_value(&json!({"sex": "male", "birth_date": birth})).expect("parses");
        match calculate(&s, TODAY) {
            Ok(_) => assert!(ok, "{birth} should be refused"),
            Err(e) => {
                assert!(!ok, "{birth}: {e}");
                assert_eq!(e.code, PensionErrorCode::OutOfRange);
                assert_eq!(e.field.as_deref(), Some("birth_date"));
            }
        }
    }
}

/// Consecutive years computed alike are one explanation line, with the Russian plural.
#[test]
fn years_computed_alike_are_one_line() {
    let s = Scenario::from_value(&json!({"sex": "female", "birth_date": "1980-04-01",
        "ipk_pre2015": 5, "insurance_years_pre2015": 5,
        "wages": {"2015": 300000, "2025": 1379500}, "future_wage": 2979000}))
    .expect("valid");
    let r = calculate(&s, TODAY).expect("ok");
    let lines: Vec<_> = r
        .explanation
        .iter()
        .filter(|l| l.key == "year_points")
        .collect();
    // 2015, 2025, 2026 (published base), 2027–2039 (latest known base) .
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(lines[0].ru.starts_with("2015 год:"), "{}", lines[0].ru);
    assert!(
        lines[3]
            .ru
            .starts_with("2027–2039: 13 лет по 10 баллов — каждый год заработок"),
        "{}",
        lines[3].ru
    );
    assert!(
        lines[3]
            .en
            .starts_with("2027–2039: 13 years at 10 points each — every year wage"),
        "{}",
        lines[3].en
    );
    // The grouping changes the words only, never the sum.
    let sum: Decimal = r.years.iter().map(|y| y.points).sum();
    assert_eq!(sum, dec!(4.219) + dec!(5) + dec!(140));
}

/// Scenarios that parse but cannot be calculated: (scenario, code, field)
#[test]
fn calculation_errors_name_the_field() {
    let cases = [
        (
            json!({"sex": "male", "birth_date": "1962-05-20", "ipk_total": 50,
                   "claim_date": "2025-01-01"}),
            PensionErrorCode::ClaimBeforeRight,
            "claim_date",
        ),
        (
            json!({"sex": "male", "birth_date": "1950-01-01", "ipk_total": 50}),
            PensionErrorCode::OutOfRange,
            "birth_date",
        ),
        (
            json!({"ipk_total": 50, "claim_date": "2014-12-31"}),
            PensionErrorCode::OutOfRange,
            "claim_date",
        ),
        (
            json!({"ipk_total": 50, "claim_date": "2016-01-01", "deferral_months": 24}),
            PensionErrorCode::OutOfRange,
            "claim_date",
        ),
        (
            json!({"sex": "male", "birth_date": "1959-03-10", "ipk_total": 50,
                   "claim_date": "2024-09-10", "deferral_months": 12}),
            PensionErrorCode::Conflict,
            "deferral_months",
        ),
    ];
    for (v, code, field) in cases {
        let s = Scenario::from_value(&v).expect("parses");
        let e = calculate(&s, TODAY).expect_err("must fail");
        assert_eq!(
            (e.code, e.field.as_deref()),
            (code, Some(field)),
            "{v}: {e}"
        );
    }
}

/// The plain summary: rounded amount, points to one decimal, exact prices; what is
/// missing when the right is not reached.
#[test]
fn summary_sentence() {
    let r = run(json!({"ipk_total": "110.0", "claim_date": "2017-06-01", "deferral_months": 0}));
    assert_eq!(
        r.summary.ru,
        "С 1 июня 2017 года — около 13\u{a0}400 ₽ в месяц: 110 баллов × 78,58 ₽ + фиксированная выплата 4\u{a0}805,11 ₽."
    );
    assert_eq!(
        r.summary.en,
        "From 1 June 2017 — about 13,400 RUB a month: 110 points × 78.58 RUB + the fixed payment 4,805.11 RUB."
    );
    let short = run(json!({"ipk_total": "10", "claim_date": "2030-06-01", "insurance_years": 15}));
    if !short.eligible {
        assert!(
            short.summary.ru.contains("не хватает"),
            "{}",
            short.summary.ru
        );
        assert!(
            short.summary.en.contains("short of"),
            "{}",
            short.summary.en
        );
    }
}

/// The law is cited once, in the closing line, for the provisions the lines used;
/// no other line carries a citation.
#[test]
fn the_law_is_cited_once_at_the_end() {
    let r = run(json!({
        "sex": "female", "birth_date": "1966-03-01",
        "ipk_pre2015": "40", "insurance_years_pre2015": "20",
        "deferral_months": 24, "dependants": 1,
        "non_insurance": [{ "kind": "child_care", "child": 1, "years": "1.5" }]
    }));
    let (last, rest) = r.explanation.split_last().expect("lines");
    assert_eq!(last.key, "legal_basis");
    for l in rest {
        for law in ["ФЗ", "FZ", "ст. ", "art. ", "прилож", "appendi"] {
            assert!(
                !l.ru.contains(law) && !l.en.contains(law),
                "{}: {} / {}",
                l.key,
                l.ru,
                l.en
            );
        }
    }
    for cited in [
        "№ 400-ФЗ",
        "ст. 8",
        "ст. 35",
        "ст. 12 и 15",
        "ст. 17",
        "приложения 1 и 2",
    ] {
        assert!(last.ru.contains(cited), "{cited}: {}", last.ru);
    }
    for cited in [
        "400-FZ",
        "art. 8",
        "art. 35",
        "arts. 12 and 15",
        "art. 17",
        "appendices 1 and 2",
    ] {
        assert!(last.en.contains(cited), "{cited}: {}", last.en);
    }
    assert_eq!(
        r.explanation
            .iter()
            .filter(|l| l.key == "legal_basis")
            .count(),
        1
    );
    // Nothing deferred, no periods, no increases: only what was used is cited.
    let plain = run(
        json!({ "sex": "male", "birth_date": "1970-05-05", "ipk_pre2015": "60", "insurance_years_pre2015": "25" }),
    );
    let basis = &plain.explanation.last().expect("lines").ru;
    assert!(
        basis.contains("ст. 8") && !basis.contains("ст. 17") && !basis.contains("приложения 1 и 2"),
        "{basis}"
    );
}
