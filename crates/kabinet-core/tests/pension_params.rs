//! The embedded parameter file: it parses, it is well-formed, it is current, and its
//! figures match published ones.

use kabinet_core::pension::params::{PensionParams, ValueStatus};
use kabinet_core::pension::{Sex, date_from_unix_seconds, params, params_as_of};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::macros::date;

const FILE: &str = include_str!("../data/pension-params.toml");

fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    date_from_unix_seconds(secs).map_or(2026, |d| d.year())
}

#[test]
fn embedded_file_parses_and_has_no_problems() {
    let p = params().expect("embedded tables load");
    assert_eq!(p.problems(), Vec::<String>::new());
    assert_eq!(params_as_of().expect("loads"), date!(2026 - 03 - 11));
}

/// Data must be kept current: a new year needs its SPK, FV and maximum base.
#[test]
fn every_year_from_2015_to_the_current_one_is_covered() {
    let p = params().expect("loads");
    for year in 2015..=current_year() {
        assert!(
            p.spk.iter().any(|r| r.effective.year() == year),
            "spk: no row in {year}"
        );
        assert!(
            p.fv.iter().any(|r| r.effective.year() == year),
            "fv: no row in {year}"
        );
        assert!(
            p.max_base.iter().any(|r| r.year == year),
            "max_base: no row for {year}"
        );
        // The last cap / requirement row holds for every later year by definition.
        assert!(p.annual_cap(year).is_some(), "annual_cap: {year}");
        assert!(
            p.min_requirement(year).is_some(),
            "min_requirements: {year}"
        );
    }
}

#[test]
fn every_value_keeps_its_source_and_status() {
    let p = params().expect("loads");
    let sources = p
        .spk
        .iter()
        .chain(&p.fv)
        .map(|r| &r.source)
        .chain(p.max_base.iter().map(|r| &r.source))
        .chain(p.annual_cap.iter().map(|r| &r.source))
        .chain(p.min_requirements.iter().map(|r| &r.source))
        .chain(p.retirement_age.cohort.iter().map(|r| &r.source))
        .chain([
            &p.retirement_age.source,
            &p.premium.source,
            &p.non_insurance.military_service.source,
            &p.non_insurance.care.source,
            &p.non_insurance.child_care.source,
            &p.fixed_payment_increase.age_80_or_group1.source,
            &p.fixed_payment_increase.dependants.source,
            &p.fixed_payment_increase.far_north.source,
            &p.fixed_payment_increase.far_north_equivalent.source,
        ]);
    for s in sources {
        assert!(s.trim().len() > 5, "empty source: {s:?}");
    }
    // Statuses are carried, not flattened: the research marks these as derived/unconfirmed.
    assert_eq!(
        p.spk
            .iter()
            .find(|r| r.effective == date!(2022 - 01 - 01))
            .map(|r| r.status),
        Some(ValueStatus::Derived)
    );
    assert_eq!(
        p.annual_cap(2015).map(|r| r.status),
        Some(ValueStatus::Unconfirmed)
    );
}

#[test]
fn published_figures() {
    let p = params().expect("loads");
    let spk = |d| p.spk_at(d).map(|r| r.value);
    let fv = |d| p.fv_at(d).map(|r| r.value);
    // (date, SPK, FV) — straddling the mid-year changes of 2017-04-01 and 2022-06-01.
    let cases = [
        (date!(2015 - 01 - 01), dec!(64.10), dec!(3935.00)),
        (date!(2015 - 02 - 01), dec!(71.41), dec!(4383.59)),
        (date!(2017 - 01 - 31), dec!(74.27), dec!(4558.93)),
        (date!(2017 - 02 - 01), dec!(78.28), dec!(4805.11)),
        (date!(2017 - 03 - 31), dec!(78.28), dec!(4805.11)),
        (date!(2017 - 04 - 01), dec!(78.58), dec!(4805.11)),
        (date!(2017 - 06 - 01), dec!(78.58), dec!(4805.11)),
        (date!(2018 - 01 - 01), dec!(81.49), dec!(4982.90)),
        (date!(2022 - 05 - 31), dec!(107.36), dec!(6564.31)),
        (date!(2022 - 06 - 01), dec!(118.10), dec!(7220.74)),
        (date!(2025 - 01 - 01), dec!(145.69), dec!(8907.70)),
        (date!(2026 - 01 - 01), dec!(156.76), dec!(9584.69)),
        (date!(2040 - 01 - 01), dec!(156.76), dec!(9584.69)), // latest known
    ];
    for (d, s, f) in cases {
        assert_eq!((spk(d), fv(d)), (Some(s), Some(f)), "{d}");
    }
    assert_eq!(spk(date!(2014 - 12 - 31)), None);

    let base = |y| p.max_base(y).map(|r| r.value);
    assert_eq!(base(2015), Some(dec!(711000)));
    assert_eq!(base(2017), Some(dec!(876000)));
    assert_eq!(base(2026), Some(dec!(2979000)));
    assert_eq!(base(2050), Some(dec!(2979000)));
    assert_eq!(base(2014), None);

    let cap = |y| p.annual_cap(y).map(|r| (r.cap, r.cap_funded));
    assert_eq!(cap(2015), Some((dec!(7.39), dec!(4.62))));
    assert_eq!(cap(2017), Some((dec!(8.26), dec!(5.16))));
    assert_eq!(cap(2020), Some((dec!(9.57), dec!(5.98))));
    assert_eq!(cap(2021), Some((dec!(10.0), dec!(6.25))));
    assert_eq!(cap(2035), Some((dec!(10.0), dec!(6.25))));

    let req = |y| p.min_requirement(y).map(|r| (r.min_years, r.min_ipk));
    assert_eq!(req(2015), Some((6, dec!(6.6))));
    assert_eq!(req(2017), Some((8, dec!(11.4))));
    assert_eq!(req(2024), Some((15, dec!(28.2))));
    assert_eq!(req(2025), Some((15, dec!(30.0))));
    assert_eq!(req(2040), Some((15, dec!(30.0))));

    // Premium coefficients: (full years, KvIPK, KvFV); none beyond 10 years.
    for (y, ipk, fv) in [
        (0, dec!(1.0), dec!(1.0)),
        (1, dec!(1.07), dec!(1.056)),
        (5, dec!(1.45), dec!(1.36)),
        (10, dec!(2.32), dec!(2.11)),
        (15, dec!(2.32), dec!(2.11)),
    ] {
        let r = p.premium(y).expect("row");
        assert_eq!((r.kv_ipk, r.kv_fv), (ipk, fv), "{y} years");
    }

    let ni = &p.non_insurance;
    assert_eq!(ni.military_service.ipk_per_year, dec!(1.8));
    assert_eq!(ni.care.ipk_per_year, dec!(1.8));
    let child: Vec<Decimal> = (1..=5).filter_map(|c| p.child_care_rate(c)).collect();
    assert_eq!(child, [dec!(1.8), dec!(3.6), dec!(5.4), dec!(5.4)]);
    assert_eq!(ni.child_care.max_years_per_child, dec!(1.5));
    assert_eq!(ni.child_care.max_years_total, dec!(6.0));
}

/// The reconstructed age rule reproduces every published cohort.
#[test]
fn retirement_age_rule_reproduces_the_published_cohorts() {
    let p = params().expect("loads");
    assert!(p.retirement_age.cohort.len() >= 10);
    for c in &p.retirement_age.cohort {
        let old = match c.sex {
            Sex::Male => p.retirement_age.old_age_male,
            Sex::Female => p.retirement_age.old_age_female,
        } as i32;
        assert_eq!(
            p.retirement_age_months(c.sex, c.birth_year + old),
            c.age_months,
            "{:?} born {}",
            c.sex,
            c.birth_year
        );
    }
}

/// Validation catches what a careless edit of the file would break.
#[test]
fn broken_files_are_rejected() {
    assert!(PensionParams::from_toml(FILE).is_ok());
    let cases: [(&str, &str, &str); 7] = [
        // (what, find, replace)
        (
            "dates out of order",
            "effective = 2017-04-01",
            "effective = 2017-01-15",
        ),
        ("negative value", "value = \"78.58\"", "value = \"-78.58\""),
        (
            "gap in years",
            "year = 2016\nvalue = \"796000\"",
            "year = 2017\nvalue = \"796000\"",
        ),
        (
            "funded cap above cap",
            "cap_funded = \"6.25\"",
            "cap_funded = \"16.25\"",
        ),
        (
            "premium not increasing",
            "kv_ipk = \"1.45\"",
            "kv_ipk = \"1.05\"",
        ),
        (
            "unknown field",
            "schema_version = 1",
            "schema_version = 1\nsurprise = 2",
        ),
        ("not a number", "value = \"64.10\"", "value = \"sixty\""),
    ];
    for (what, find, replace) in cases {
        assert!(FILE.contains(find), "{what}: pattern missing");
        let broken = FILE.replacen(find, replace, 1);
        assert!(
            PensionParams::from_toml(&broken).is_err(),
            "{what} not rejected"
        );
    }
}
