//! One 45-year career projection (pre-2015 record, 45 wage years partly projected,
//! non-insurance periods, full explanation), the 11-point deferral series, and the
//! pension record of a 12-year career with two employers, 142 monthly reports and
//! two discrepancies (rights through the calculator, points at stake, ready texts) —
//! what `GET /me/pension/record` computes per request.
//! Prints figures; asserts nothing about timings.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kabinet_core::pension::record::{
    Employer, EmploymentPeriod, Holder, MonthReport, Record, view,
};
use kabinet_core::pension::{Scenario, calculate, deferral_series};
use time::macros::date;

fn career() -> Scenario {
    // Born 1996, working 2016-2060 (45 wage years: 2016-2026 given, the rest
    // projected from `future_wage`); the right arises at 65 in 2061.
    let mut wages = serde_json::Map::new();
    for (i, year) in (2016..=2026).enumerate() {
        wages.insert(year.to_string(), (600_000 + 40_000 * i).into());
    }
    let v = serde_json::json!({
        "sex": "male",
        "birth_date": "1996-03-15",
        "wages": wages,
        "future_wage": 1_800_000,
        "non_insurance": [
            {"kind": "military_service", "years": "1.0"},
            {"kind": "child_care", "child": 1, "years": "0.5"},
            {"kind": "care", "years": "2"}
        ]
    });
    Scenario::from_value(&v).unwrap_or_default()
}

fn record() -> Record {
    use rust_decimal::Decimal;
    let employer = |reg: &str, name: &str| Employer {
        reg_number: reg.into(),
        inn: "7707083893".into(),
        name: name.into(),
        address: None,
    };
    let period = |reg: &str, from, to| EmploymentPeriod {
        employer: reg.into(),
        from,
        to,
        position: None,
    };
    let mut r = Record {
        employers: vec![
            employer("087-101-000101", "А"),
            employer("087-102-000202", "Б"),
        ],
        periods: vec![
            period(
                "087-101-000101",
                date!(2015 - 01 - 01),
                Some(date!(2019 - 12 - 31)),
            ),
            period("087-102-000202", date!(2020 - 01 - 01), None),
        ],
        ..Record::default()
    };
    for year in 2015..=2026 {
        for month in 1..=12u8 {
            if (year, month) > (2026, 10) || (year == 2023 && month == 5) {
                continue; // not yet reported; one month missing
            }
            let reg = if year < 2020 {
                "087-101-000101"
            } else {
                "087-102-000202"
            };
            let wage = Decimal::from(50_000 + 2_000 * (year - 2015));
            let rate = if year < 2023 {
                Decimal::new(22, 2)
            } else {
                Decimal::new(30, 2)
            };
            let accrued = wage * rate;
            let paid = if year == 2021 { Decimal::ZERO } else { accrued };
            r.months.push(MonthReport {
                employer: reg.into(),
                year,
                month,
                wage,
                accrued,
                paid,
            });
        }
    }
    r
}

fn bench(c: &mut Criterion) {
    let today = date!(2026 - 11 - 22);
    let s = career();
    assert!(
        calculate(&s, today).is_ok(),
        "benchmark scenario must calculate"
    );
    c.bench_function("pension: 45-year career projection", |b| {
        b.iter(|| calculate(black_box(&s), black_box(today)))
    });
    c.bench_function("pension: deferral series (11 claim years)", |b| {
        b.iter(|| deferral_series(black_box(&s), black_box(today)))
    });
    let r = record();
    let holder = Holder::default();
    let v = view(&r, &holder, today).expect("benchmark record must compute");
    assert_eq!(
        v.discrepancies.len(),
        2,
        "the benchmark record has two discrepancies"
    );
    c.bench_function(
        "pension record: 12 years, 142 reports, 2 discrepancies",
        |b| b.iter(|| view(black_box(&r), black_box(&holder), black_box(today))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
