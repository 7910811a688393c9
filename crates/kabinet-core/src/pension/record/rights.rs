//! Rights from a record: points by year (through the calculator — one
//! implementation), the insurance length from the periods, and each employer's
//! years with what the tariff asks.
//!
//! Points are counted from the pay whose contributions were paid (400-FZ art. 15:
//! the coefficient of a year is the ratio of the contributions accrued **and paid**
//! to those due on the maximum base): an employer's year counts in full when it paid
//! what the tariff asks, and in proportion when it paid less.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Month};

use super::model::Record;
use super::tariffs::{TariffYear, Tariffs, kopecks};
use crate::api::pension::{
    CalculatorStart, CreditedView, EmployerShare, EmployerView, EmployerYear, Length, MonthView,
    PeriodView, Pre2015View, RightsYear,
};
use crate::pension::{
    NonInsurancePeriod, PensionError, PensionParams, Scenario, YearPoints, calculate,
};

/// One employer's year, summed from its monthly reports.
#[derive(Debug, Clone, Default)]
pub(super) struct Sums {
    pub wage: Decimal,
    pub accrued: Decimal,
    pub paid: Decimal,
    pub months: BTreeMap<u8, MonthView>,
}

/// The months whose reports and payments are due by `today`: a month's report and
/// contributions fall due in the next month, so month M counts from the first day
/// of M + 2.
pub(super) fn month_due(year: i32, month: u8, today: Date) -> bool {
    let index = year * 12 + i32::from(month) - 1;
    let today_index = today.year() * 12 + i32::from(u8::from(today.month())) - 1;
    index + 2 <= today_index
}

/// Reports summed by (employer, year), only for months already due.
pub(super) fn employer_sums(record: &Record, today: Date) -> BTreeMap<(String, i32), Sums> {
    let mut out: BTreeMap<(String, i32), Sums> = BTreeMap::new();
    for m in &record.months {
        if !month_due(m.year, m.month, today) {
            continue;
        }
        let s = out.entry((m.employer.clone(), m.year)).or_default();
        s.wage += m.wage;
        s.accrued += m.accrued;
        s.paid += m.paid;
        s.months.insert(
            m.month,
            MonthView {
                month: m.month,
                wage: m.wage,
                accrued: m.accrued,
                paid: m.paid,
            },
        );
    }
    out
}

/// The pay of an employer's year that counts for points: all of it when what the
/// tariff asks was paid, else in proportion to what was paid.
pub(super) fn counted_wage(sums: &Sums, due: Decimal) -> Decimal {
    if due <= Decimal::ZERO || sums.paid >= due {
        return sums.wage;
    }
    kopecks(sums.wage * sums.paid.max(Decimal::ZERO) / due)
}

pub(super) fn jan1(year: i32) -> Date {
    Date::from_calendar_date(year, Month::January, 1).unwrap_or(Date::MIN)
}

fn dec31(year: i32) -> Date {
    Date::from_calendar_date(year, Month::December, 31).unwrap_or(Date::MAX)
}

/// Inclusive day intervals, merged.
fn merge(mut spans: Vec<(Date, Date)>) -> Vec<(Date, Date)> {
    spans.retain(|(a, b)| a <= b);
    spans.sort();
    let mut out: Vec<(Date, Date)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1.next_day().unwrap_or(last.1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Full calendar months and the days left of an inclusive interval.
fn months_and_days(a: Date, b: Date) -> (u32, u32) {
    let mut months = 0u32;
    loop {
        match crate::date::add_months(a, i64::from(months + 1)) {
            Some(next) if next <= b.next_day().unwrap_or(b) => months += 1,
            _ => break,
        }
    }
    let start = crate::date::add_months(a, i64::from(months)).unwrap_or(a);
    let days = (b - start).whole_days() + 1;
    (months, u32::try_from(days.max(0)).unwrap_or(0))
}

/// Years, months and days from months and days (30 days a month).
pub fn length(months: u32, days: u32) -> Length {
    let months = months + days / 30;
    let days = days % 30;
    let as_years = ((Decimal::from(months) + Decimal::from(days) / Decimal::from(30))
        / Decimal::from(12))
    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Length {
        years: months / 12,
        months: months % 12,
        days,
        as_years,
    }
}

fn days_in(spans: &[(Date, Date)], from: Date, to: Date) -> u32 {
    spans
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (a.max(from), b.min(to));
            if a > b { 0 } else { (b - a).whole_days() + 1 }
        })
        .sum::<i64>()
        .try_into()
        .unwrap_or(0)
}

/// What [`super::view`] needs from this step.
pub(super) struct Rights {
    pub years: Vec<RightsYear>,
    pub employers: Vec<EmployerView>,
    pub credited: Vec<CreditedView>,
    pub total_points: Decimal,
    pub length: Length,
    pub pre2015: Option<Pre2015View>,
    pub start: CalculatorStart,
    /// Year points as the calculator answered them (for the agreement test).
    pub calculator_years: Vec<YearPoints>,
}

/// Everything about rights to the end of the last full year.
pub(super) fn rights(
    record: &Record,
    p: &PensionParams,
    t: &Tariffs,
    sums: &BTreeMap<(String, i32), Sums>,
    today: Date,
) -> Result<Rights, PensionError> {
    let last_full = today.year() - 1;
    let (from, to) = (jan1(2015), dec31(last_full));

    // Counted pay per employer and year.
    let mut counted: BTreeMap<i32, BTreeMap<String, Decimal>> = BTreeMap::new();
    let mut reported: BTreeMap<i32, Decimal> = BTreeMap::new();
    for ((employer, year), s) in sums {
        if *year < 2015 || *year > last_full {
            continue;
        }
        let due = t
            .year(p, *year)
            .map(|ty| ty.due_for_year(s.wage))
            .unwrap_or_default();
        *counted
            .entry(*year)
            .or_default()
            .entry(employer.clone())
            .or_default() += counted_wage(s, due);
        *reported.entry(*year).or_default() += s.wage;
    }

    // Credited periods after 2014, clipped to the last full year.
    let credited_spans: Vec<_> = record
        .credited
        .iter()
        .map(|c| (c, c.from.max(from), c.to.min(to)))
        .filter(|(_, a, b)| a <= b)
        .collect();
    let non_insurance: Vec<NonInsurancePeriod> = credited_spans
        .iter()
        .map(|(c, a, b)| {
            let (m, d) = months_and_days(*a, *b);
            NonInsurancePeriod {
                kind: c.kind,
                child: c.child,
                years: length(m, d).as_years,
            }
        })
        .collect();

    // The insurance length: employment and credited periods, merged.
    let mut spans: Vec<(Date, Date)> = record
        .periods
        .iter()
        .map(|e| (e.from.max(from), e.to.unwrap_or(to).min(to)))
        .collect();
    spans.extend(credited_spans.iter().map(|(_, a, b)| (*a, *b)));
    let spans = merge(spans);
    let (mut months, mut days) = (0u32, 0u32);
    for &(a, b) in &spans {
        let (m, d) = months_and_days(a, b);
        months += m;
        days += d;
    }
    let pre_months = record.pre2015.as_ref().map_or(0, |p| p.months);
    let total_length = length(months + pre_months, days);

    // The calculator, on the claim date 1 January of this year: every full year counts.
    let scenario = Scenario {
        claim_date: Some(jan1(today.year())),
        ipk_pre2015: record.pre2015.as_ref().map(|p| p.points),
        insurance_years_pre2015: record
            .pre2015
            .as_ref()
            .map(|p| length(p.months, 0).as_years),
        wages: counted
            .iter()
            .map(|(y, by)| (*y, by.values().copied().sum::<Decimal>()))
            .filter(|(_, w)| *w > Decimal::ZERO)
            .collect(),
        non_insurance,
        insurance_years: Some(total_length.as_years),
        funded_option: record.funded_option,
        ..Scenario::default()
    };
    let result = calculate(&scenario, today)?;

    // Credited points per year: each period's points spread over its days.
    let mut credited_by_year: BTreeMap<i32, Decimal> = BTreeMap::new();
    let mut credited = Vec::new();
    for ((c, a, b), n) in credited_spans.iter().zip(&result.non_insurance) {
        credited.push(CreditedView {
            kind: c.kind,
            child: c.child,
            from: c.from,
            to: c.to,
            points: n.points,
        });
        let total_days = Decimal::from((*b - *a).whole_days() + 1);
        let mut left = n.points;
        for year in a.year()..=b.year() {
            let share = if year == b.year() {
                left
            } else {
                let d = Decimal::from(days_in(&[(*a, *b)], jan1(year), dec31(year)));
                (n.points * d / total_days)
                    .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
            };
            left -= share;
            *credited_by_year.entry(year).or_default() += share;
        }
    }

    let years: Vec<RightsYear> = (2015..=last_full)
        .filter_map(|year| {
            let y = result.years.iter().find(|y| y.year == year);
            let length_days = days_in(&spans, jan1(year), dec31(year));
            let credited_points = credited_by_year.get(&year).copied().unwrap_or_default();
            if y.is_none() && length_days == 0 && credited_points.is_zero() {
                return None;
            }
            let base = p.max_base(year.min(p.last_known_year()))?.value;
            let cap = p.annual_cap(year.min(p.last_known_year()))?;
            let wage_points = y.map(|y| y.points).unwrap_or_default();
            Some(RightsYear {
                year,
                wage: reported.get(&year).copied().unwrap_or_default(),
                counted_wage: y.map(|y| y.wage).unwrap_or_default(),
                max_base: base,
                cap: if record.funded_option {
                    cap.cap_funded
                } else {
                    cap.cap
                },
                wage_points,
                by_employer: split(wage_points, counted.get(&year)),
                credited_points,
                length_days,
            })
        })
        .collect();

    let employers = employer_views(record, p, t, sums);
    let last_wage = reported.get(&last_full).copied().unwrap_or_default();
    Ok(Rights {
        total_points: result.ipk_total,
        start: CalculatorStart {
            ipk_so_far: result.ipk_total,
            insurance_years_so_far: total_length.as_years,
            funded_option: record.funded_option,
            last_wage,
            birth_date: None,
            sex: None,
        },
        length: total_length,
        pre2015: record.pre2015.as_ref().map(|p| Pre2015View {
            points: p.points,
            length: length(p.months, 0),
        }),
        years,
        employers,
        credited,
        calculator_years: result.years,
    })
}

/// A year's points split by each employer's counted pay; the last employer takes
/// what rounding leaves, so the shares add up exactly.
fn split(points: Decimal, by: Option<&BTreeMap<String, Decimal>>) -> Vec<EmployerShare> {
    let Some(by) = by else { return Vec::new() };
    let total: Decimal = by.values().copied().sum();
    let mut left = points;
    let n = by.len();
    by.iter()
        .enumerate()
        .map(|(i, (employer, wage))| {
            let share = if i + 1 == n || total.is_zero() {
                left
            } else {
                (points * *wage / total)
                    .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
            };
            left -= share;
            EmployerShare {
                employer: employer.clone(),
                points: share.normalize(),
            }
        })
        .collect()
}

fn employer_views(
    record: &Record,
    p: &PensionParams,
    t: &Tariffs,
    sums: &BTreeMap<(String, i32), Sums>,
) -> Vec<EmployerView> {
    record
        .employers
        .iter()
        .map(|e| {
            let mut periods: Vec<PeriodView> = record
                .periods
                .iter()
                .filter(|p| p.employer == e.reg_number)
                .map(|p| PeriodView {
                    from: p.from,
                    to: p.to,
                    position: p.position.clone(),
                })
                .collect();
            periods.sort_by_key(|p| p.from);
            let years = sums
                .iter()
                .filter(|((reg, _), _)| *reg == e.reg_number)
                .map(|((_, year), s)| EmployerYear {
                    year: *year,
                    wage: s.wage,
                    accrued: s.accrued,
                    paid: s.paid,
                    due: t
                        .year(p, *year)
                        .map(|ty: TariffYear<'_>| ty.due_for_year(s.wage))
                        .unwrap_or_default(),
                    months: s.months.values().cloned().collect(),
                    flagged: false,
                })
                .collect();
            EmployerView {
                reg_number: e.reg_number.clone(),
                inn: e.inn.clone(),
                name: e.name.clone(),
                periods,
                years,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap_or(Month::January), day)
            .unwrap_or(Date::MIN)
    }

    #[test]
    fn months_and_days_of_intervals() {
        let cases = [
            ((d(2015, 1, 1), d(2015, 12, 31)), (12, 0)),
            ((d(2015, 1, 15), d(2015, 2, 14)), (1, 0)),
            ((d(2015, 1, 15), d(2015, 2, 20)), (1, 6)),
            ((d(2016, 3, 1), d(2016, 3, 1)), (0, 1)),
            ((d(2016, 2, 1), d(2016, 2, 29)), (1, 0)),
            ((d(2015, 3, 1), d(2025, 12, 31)), (130, 0)),
        ];
        for ((a, b), want) in cases {
            assert_eq!(months_and_days(a, b), want, "{a}..{b}");
        }
    }

    #[test]
    fn length_counts_thirty_days_a_month() {
        let l = length(25, 47);
        assert_eq!((l.years, l.months, l.days), (2, 2, 17));
        assert_eq!(l.as_years.to_string(), "2.21");
    }

    #[test]
    fn overlapping_periods_count_once() {
        let spans = merge(vec![
            (d(2015, 1, 1), d(2015, 6, 30)),
            (d(2015, 6, 1), d(2015, 12, 31)),
            (d(2017, 1, 1), d(2017, 1, 31)),
        ]);
        assert_eq!(spans.len(), 2);
        assert_eq!(days_in(&spans, d(2015, 1, 1), d(2015, 12, 31)), 365);
    }

    #[test]
    fn a_month_falls_due_in_the_month_after_next() {
        let today = d(2026, 12, 2);
        assert!(month_due(2026, 10, today));
        assert!(!month_due(2026, 11, today));
        assert!(month_due(2025, 12, today));
    }
}
