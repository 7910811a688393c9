//! One 45-year career projection (pre-2015 record, 45 wage years partly projected,
//! non-insurance periods, full explanation), and the 11-point deferral series.
//! Prints figures; asserts nothing about timings.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
