//! The pension record's rules as tables of cases: tariffs by year, each kind of
//! discrepancy (and none for a clean year), and rights by year that agree with the
//! calculator's own year table.

use kabinet_core::api::pension::{DiscrepancyKind, PensionRecordView};
use kabinet_core::pension::record::{
    CreditedPeriod, Employer, EmploymentPeriod, Holder, MonthReport, Pre2015, Record, tariffs,
    view, view_with_years,
};
use kabinet_core::pension::{NonInsuranceKind, Scenario, params, points_by_year};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::Date;
use time::macros::date;

const TODAY: Date = date!(2026 - 12 - 02);

fn holder() -> Holder {
    Holder {
        full_name: "Иванов Иван Иванович".into(),
        snils: "112-233-445 95".into(),
        address: Some("117042, Москва, ул. Поляны, д. 39к4, кв. 141".into()),
        region: Some("Москва".into()),
        birth_date: Some(time::macros::date!(1980 - 05 - 17)),
        sex: Some(kabinet_core::api::Sex::Male),
    }
}

fn employer(reg: &str, name: &str) -> Employer {
    Employer {
        reg_number: reg.into(),
        inn: "7701234567".into(),
        name: name.into(),
        address: None,
    }
}

/// Months `from..=to` (year, month) at `monthly` pay, contributions accrued and paid
/// at the tariff, cumulative over the year's base.
fn months_at_tariff(
    employer: &str,
    from: (i32, u8),
    to: (i32, u8),
    monthly: Decimal,
) -> Vec<MonthReport> {
    let (p, t) = (params().expect("params"), tariffs().expect("tariffs"));
    let mut out = Vec::new();
    let (mut y, mut m) = from;
    let mut before = Decimal::ZERO;
    while (y, m) <= to {
        if m == 1 {
            before = Decimal::ZERO;
        }
        let due = t.year(p, y).expect("tariff").due(before, monthly);
        before += monthly;
        out.push(MonthReport {
            employer: employer.into(),
            year: y,
            month: m,
            wage: monthly,
            accrued: due,
            paid: due,
        });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// A clean career: one employer from March 2015 on, 80 000 a month.
fn clean() -> Record {
    Record {
        employers: vec![employer("087-101-000001", "ООО «Ромашка»")],
        periods: vec![EmploymentPeriod {
            employer: "087-101-000001".into(),
            from: date!(2015 - 03 - 01),
            to: None,
            position: Some("инженер".into()),
        }],
        months: months_at_tariff("087-101-000001", (2015, 3), (2026, 10), dec!(80000)),
        pre2015: Some(Pre2015 {
            points: dec!(45.5),
            months: 180,
        }),
        ..Record::default()
    }
}

fn run(r: &Record) -> PensionRecordView {
    view(r, &holder(), TODAY).expect("view")
}

#[test]
fn tariffs_by_year() {
    let (p, t) = (params().expect("params"), tariffs().expect("tariffs"));
    // (year, pay from one employer, contributions due, single tariff)
    let cases = [
        (2015, dec!(600000), dec!(132000.00), false),
        (2016, dec!(900000), dec!(185520.00), false), // 22 % of 796 000 + 10 % of 104 000
        (2022, dec!(1565000), dec!(344300.00), false),
        (2023, dec!(1000000), dec!(300000.00), true),
        (2023, dec!(2000000), dec!(587633.00), true), // 30 % of 1 917 000 + 15.1 % of 83 000
        (2026, dec!(3000000), dec!(896871.00), true),
    ];
    for (year, pay, due, single) in cases {
        let ty = t.year(p, year).expect("tariff");
        assert_eq!(ty.due_for_year(pay), due, "{year} {pay}");
        assert_eq!(ty.tariff.single, single, "{year}");
        assert!(!ty.tariff.source.is_empty());
        assert!(!ty.base_projected);
    }
    // Later years: the single tariff with the latest known base.
    let later = t.year(p, 2040).expect("2040");
    assert!(later.tariff.single && later.base_projected);
    assert_eq!(t.year(p, 2014), None);
    // The base is cumulative: a month past it is charged at the rate above.
    let y2016 = t.year(p, 2016).expect("2016");
    assert_eq!(y2016.due(dec!(790000), dec!(10000)), dec!(1720.00)); // 6 000 × 22 % + 4 000 × 10 %
}

#[test]
fn tariff_table_rejects_gaps_and_sourceless_rows() {
    use kabinet_core::pension::record::Tariffs;
    let row = |from: i32, to: Option<i32>, source: &str| {
        let to = to.map(|t| format!("to_year = {t}\n")).unwrap_or_default();
        format!(
            "[[tariff]]\nfrom_year = {from}\n{to}rate_within = \"0.22\"\nrate_above = \"0.10\"\nsingle = false\nstatus = \"confirmed\"\nsource = \"{source}\"\n"
        )
    };
    let ok = format!(
        "schema_version = 1\n{}{}",
        row(2015, Some(2022), "x"),
        row(2023, None, "y")
    );
    assert!(Tariffs::from_toml(&ok).is_ok());
    let gap = format!(
        "schema_version = 1\n{}{}",
        row(2015, Some(2020), "x"),
        row(2023, None, "y")
    );
    assert!(Tariffs::from_toml(&gap).is_err());
    let no_source = format!("schema_version = 1\n{}", row(2015, None, " "));
    assert!(Tariffs::from_toml(&no_source).is_err());
    let closed = format!("schema_version = 1\n{}", row(2015, Some(2030), "x"));
    assert!(Tariffs::from_toml(&closed).is_err());
}

#[test]
fn a_clean_career_has_no_discrepancies_and_its_years_are_the_calculators() {
    let r = clean();
    let (v, calc_years) = view_with_years(&r, &holder(), TODAY).expect("view");
    assert!(v.discrepancies.is_empty(), "{:#?}", v.discrepancies);
    assert_eq!(v.last_full_year, 2025);
    assert_eq!(v.years.first().map(|y| y.year), Some(2015));
    assert_eq!(v.years.last().map(|y| y.year), Some(2025));
    // Each year's points are the calculator's for that year's pay, alone.
    for y in &v.years {
        let s = Scenario {
            claim_date: Some(
                Date::from_calendar_date(y.year + 1, time::Month::January, 1).expect("date"),
            ),
            wages: [(y.year, y.wage)].into_iter().collect(),
            insurance_years: Some(Decimal::ONE),
            ..Scenario::default()
        };
        let alone = points_by_year(&s, TODAY).expect("points");
        assert_eq!(
            Some(y.wage_points),
            alone.iter().find(|a| a.year == y.year).map(|a| a.points),
            "{}",
            y.year
        );
        let c = calc_years
            .iter()
            .find(|c| c.year == y.year)
            .expect("calculator year");
        assert_eq!((c.points, c.wage), (y.wage_points, y.counted_wage));
        let shares: Decimal = y.by_employer.iter().map(|s| s.points).sum();
        assert_eq!(shares, y.wage_points);
    }
    // 2015: ten months of 80 000 = 800 000 > base 711 000: the capped year points.
    let y2015 = &v.years[0];
    assert_eq!(y2015.wage, dec!(800000));
    assert_eq!(y2015.wage_points, y2015.cap.min(dec!(10)));
    // Total: before 2015 plus every year.
    let sum: Decimal = v.years.iter().map(|y| y.wage_points).sum();
    assert_eq!(v.total_points, dec!(45.5) + sum);
    assert_eq!(v.calculator_start.ipk_so_far, v.total_points);
    // Length: 15 years before 2015, then March 2015 – December 2025.
    assert_eq!(
        (v.length.years, v.length.months, v.length.days),
        (25, 10, 0)
    );
    assert_eq!(v.calculator_start.insurance_years_so_far, dec!(25.83));
    assert_eq!(
        v.calculator_start.birth_date,
        Some(time::macros::date!(1980 - 05 - 17)),
        "from the holder"
    );
    assert_eq!(v.calculator_start.sex, Some(kabinet_core::api::Sex::Male));
    // The current year's due months are shown under the employer, not as rights.
    let e = &v.employers[0];
    assert_eq!(
        e.years.last().map(|y| (y.year, y.months.len())),
        Some((2026, 10))
    );
    assert!(e.years.iter().all(|y| !y.flagged));
}

fn kinds(v: &PensionRecordView) -> Vec<(DiscrepancyKind, i32)> {
    v.discrepancies.iter().map(|d| (d.kind, d.year)).collect()
}

#[test]
fn each_kind_of_discrepancy() {
    type Change = fn(&mut MonthReport);
    // (what is wrong in 2021, the kind found, the amount in question)
    let cases: [(&str, Change, DiscrepancyKind, Decimal); 3] = [
        (
            "nothing paid",
            |m| m.paid = Decimal::ZERO,
            DiscrepancyKind::NoContributions,
            dec!(211200.00),
        ),
        (
            "accrued at 11 %",
            |m| {
                m.accrued = dec!(8800);
                m.paid = dec!(8800)
            },
            DiscrepancyKind::BelowTariff,
            dec!(105600.00),
        ),
        (
            "half paid",
            |m| m.paid = dec!(8800),
            DiscrepancyKind::NotPaidInFull,
            dec!(105600.00),
        ),
    ];
    for (what, change, kind, amount) in cases {
        let mut r = clean();
        r.months
            .iter_mut()
            .filter(|m| m.year == 2021)
            .for_each(change);
        let v = run(&r);
        assert_eq!(kinds(&v), vec![(kind, 2021)], "{what}");
        let d = &v.discrepancies[0];
        assert_eq!(d.amount, amount, "{what}");
        assert_eq!(d.months.len(), 12);
        assert!(d.points_at_stake > Decimal::ZERO, "{what}");
        assert_eq!(d.documents.len(), 3);
        assert!(
            d.explanation.ru.contains("ООО «Ромашка»") && d.explanation.ru.contains("2021"),
            "{}",
            d.explanation.ru
        );
        assert!(
            d.documents[0].text.contains("Иванов Иван Иванович")
                && d.documents[0].text.contains("112-233-445 95")
        );
        // The year counts only as far as it was paid, and is flagged.
        let y = v.years.iter().find(|y| y.year == 2021).expect("2021");
        assert!(y.counted_wage < y.wage, "{what}");
        assert!(
            v.employers[0]
                .years
                .iter()
                .find(|y| y.year == 2021)
                .is_some_and(|y| y.flagged)
        );
        // Setting it right gives back exactly the points at stake.
        let clean_2021 = run(&clean())
            .years
            .into_iter()
            .find(|y| y.year == 2021)
            .expect("2021");
        assert_eq!(
            clean_2021.wage_points - y.wage_points,
            d.points_at_stake,
            "{what}"
        );
    }
}

#[test]
fn small_rounding_differences_are_not_discrepancies() {
    let mut r = clean();
    for m in r.months.iter_mut().filter(|m| m.year == 2019) {
        m.accrued -= dec!(0.5);
        m.paid -= dec!(0.5);
    }
    assert!(run(&r).discrepancies.is_empty());
}

#[test]
fn missing_months_inside_a_period_are_found_and_outside_are_not() {
    let mut r = clean();
    r.months
        .retain(|m| !(m.year == 2020 && (4..=6).contains(&m.month)));
    let v = run(&r);
    assert_eq!(kinds(&v), vec![(DiscrepancyKind::MissingReport, 2020)]);
    let d = &v.discrepancies[0];
    assert_eq!(d.months, vec![4, 5, 6]);
    assert_eq!(d.amount, dec!(52800.00)); // 3 × 80 000 × 22 %
    assert!(
        d.explanation.ru.contains("апрель, май и июнь 2020 года"),
        "{}",
        d.explanation.ru
    );

    // A gap between two jobs is not a missing report.
    let mut gap = clean();
    gap.periods[0].to = Some(date!(2019 - 12 - 31));
    gap.months.retain(|m| m.year <= 2019 || m.year >= 2021);
    gap.employers
        .push(employer("087-101-000002", "АО «Вектор»"));
    gap.periods.push(EmploymentPeriod {
        employer: "087-101-000002".into(),
        from: date!(2021 - 01 - 11),
        to: None,
        position: None,
    });
    for m in gap.months.iter_mut().filter(|m| m.year >= 2021) {
        m.employer = "087-101-000002".into();
    }
    let v = run(&gap);
    assert!(v.discrepancies.is_empty(), "{:#?}", kinds(&v));
    assert_eq!(
        v.years
            .iter()
            .find(|y| y.year == 2020)
            .map(|y| y.length_days),
        None
    );
    assert_eq!(v.employers.len(), 2);
}

#[test]
fn credited_periods_add_points_and_length() {
    let mut r = clean();
    r.periods[0].to = Some(date!(2017 - 05 - 31));
    r.months.retain(|m| (m.year, m.month) <= (2017, 5));
    r.credited = vec![
        CreditedPeriod {
            kind: NonInsuranceKind::ChildCare,
            from: date!(2017 - 06 - 01),
            to: date!(2018 - 11 - 30),
            child: Some(1),
        },
        CreditedPeriod {
            kind: NonInsuranceKind::MilitaryService,
            from: date!(2019 - 01 - 01),
            to: date!(2019 - 12 - 31),
            child: None,
        },
    ];
    let v = run(&r);
    assert!(v.discrepancies.is_empty());
    let points: Vec<_> = v.credited.iter().map(|c| c.points).collect();
    assert_eq!(points, vec![dec!(2.7), dec!(1.8)]); // 1.5 years × 1.8; 1 year × 1.8
    let by_year: Decimal = v.years.iter().map(|y| y.credited_points).sum();
    assert_eq!(by_year, dec!(4.5));
    assert_eq!(
        v.years
            .iter()
            .find(|y| y.year == 2019)
            .map(|y| y.length_days),
        Some(365)
    );
}

#[test]
fn texts_name_the_law_and_leave_blanks_for_what_is_unknown() {
    let mut r = clean();
    r.months
        .iter_mut()
        .filter(|m| m.year == 2022)
        .for_each(|m| m.paid = Decimal::ZERO);
    let mut h = holder();
    h.address = None;
    let v = view(&r, &h, TODAY).expect("view");
    let docs = &v.discrepancies[0].documents;
    assert!(docs[0].text.contains("167-ФЗ") && docs[0].text.contains("[ваш адрес]"));
    assert!(
        docs[1]
            .text
            .contains("Государственную инспекцию труда (Москва)")
    );
    assert!(docs[2].text.contains("статья 393 Трудового кодекса"));
    assert!(
        v.discrepancies[0].explanation.en.contains("RUB 211,200.00"),
        "{}",
        v.discrepancies[0].explanation.en
    );
}
