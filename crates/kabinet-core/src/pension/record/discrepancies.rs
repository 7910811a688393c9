//! The rules that find what costs a citizen rights, one employer's year at a time
//! (only months already due count: see [`super::rights::month_due`]):
//!
//! | kind | when | amount in question |
//! |---|---|---|
//! | `no_contributions` | pay reported, nothing paid | the contributions due at the tariff |
//! | `below_tariff` | accrued less than the tariff asks for the reported pay | due − accrued |
//! | `not_paid_in_full` | accrued at the tariff, paid less | accrued − paid |
//! | `missing_report` | a month inside an employment period with no report | due on the employer's average reported monthly pay |
//!
//! Differences up to 1 RUB per reported month are rounding, not discrepancies.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use time::Date;

use super::letters::{self, Holder};
use super::model::Record;
use super::rights::{Sums, counted_wage, jan1, month_due};
use super::tariffs::{Tariffs, kopecks};
use crate::api::pension::{Discrepancy, DiscrepancyKind, Texts};
use crate::pension::{PensionError, PensionParams, Scenario, points_by_year};

/// Points the calculator gives a year's pay (the same code as the rights).
fn year_points(p: &PensionParams, year: i32, wage: Decimal, funded: bool, today: Date) -> Decimal {
    if wage <= Decimal::ZERO || p.max_base(year).is_none() {
        return Decimal::ZERO;
    }
    let scenario = Scenario {
        claim_date: Some(jan1(year + 1)),
        wages: [(year, wage)].into_iter().collect(),
        funded_option: funded,
        insurance_years: Some(Decimal::ONE),
        ..Scenario::default()
    };
    points_by_year(&scenario, today)
        .ok()
        .and_then(|ys| ys.into_iter().find(|y| y.year == year))
        .map_or(Decimal::ZERO, |y| y.points)
}

/// Every discrepancy in the record, by year then employer.
pub(super) fn find(
    record: &Record,
    holder: &Holder,
    p: &PensionParams,
    t: &Tariffs,
    sums: &BTreeMap<(String, i32), Sums>,
    today: Date,
) -> Result<Vec<Discrepancy>, PensionError> {
    let mut found = Vec::new();
    // Counted pay of each year, all employers: what the year's points come from now.
    let mut year_counted: BTreeMap<i32, Decimal> = BTreeMap::new();
    for ((_, year), s) in sums {
        let due = t
            .year(p, *year)
            .map(|ty| ty.due_for_year(s.wage))
            .unwrap_or_default();
        *year_counted.entry(*year).or_default() += counted_wage(s, due);
    }
    let at_stake = |year: i32, extra: Decimal| {
        let now = year_counted.get(&year).copied().unwrap_or_default();
        let funded = record.funded_option;
        (year_points(p, year, now + extra, funded, today)
            - year_points(p, year, now, funded, today))
        .max(Decimal::ZERO)
        .normalize()
    };

    for ((reg, year), s) in sums {
        let Some(ty) = t.year(p, *year) else { continue };
        let due = ty.due_for_year(s.wage);
        let tolerance = Decimal::from(s.months.len());
        let counted = counted_wage(s, due);
        let (kind, amount) = if s.wage > Decimal::ZERO && s.paid <= Decimal::ZERO {
            (DiscrepancyKind::NoContributions, due.max(s.accrued))
        } else if s.accrued + tolerance < due {
            (DiscrepancyKind::BelowTariff, due - s.accrued)
        } else if s.paid + tolerance < s.accrued {
            (DiscrepancyKind::NotPaidInFull, s.accrued - s.paid)
        } else {
            continue;
        };
        let employer = record.employer(reg);
        found.push(make(
            kind,
            reg,
            employer.map_or(reg.as_str(), |e| e.name.as_str()),
            *year,
            s.months.keys().copied().collect(),
            kopecks(amount),
            at_stake(*year, s.wage - counted),
            Facts {
                wage: s.wage,
                accrued: s.accrued,
                paid: s.paid,
                due,
                rate: ty.tariff.rate_within,
            },
            record,
            holder,
            today,
        ));
    }

    // Months inside an employment period without any report from that employer.
    let mut missing: BTreeMap<(String, i32), BTreeSet<u8>> = BTreeMap::new();
    for period in &record.periods {
        let start = period.from.max(jan1(2015));
        let end = period.to.unwrap_or(today);
        let (mut y, mut m) = (start.year(), u8::from(start.month()));
        while (y, m) <= (end.year(), u8::from(end.month())) && month_due(y, m, today) {
            let reported = sums
                .get(&(period.employer.clone(), y))
                .is_some_and(|s| s.months.contains_key(&m));
            if !reported {
                missing
                    .entry((period.employer.clone(), y))
                    .or_default()
                    .insert(m);
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    for ((reg, year), months) in missing {
        let Some(ty) = t.year(p, year) else { continue };
        // The employer's average reported monthly pay (that year, else any year).
        let of_year = sums
            .get(&(reg.clone(), year))
            .filter(|s| !s.months.is_empty());
        let (pay, n) = match of_year {
            Some(s) => (s.wage, s.months.len()),
            None => sums
                .iter()
                .filter(|((r, _), _)| *r == reg)
                .fold((Decimal::ZERO, 0), |(w, n), (_, s)| {
                    (w + s.wage, n + s.months.len())
                }),
        };
        let average = if n == 0 {
            Decimal::ZERO
        } else {
            pay / Decimal::from(n)
        };
        let extra = average * Decimal::from(months.len());
        let before = of_year.map_or(Decimal::ZERO, |s| s.wage);
        let amount = kopecks(ty.due(before, extra));
        let employer = record.employer(&reg);
        found.push(make(
            DiscrepancyKind::MissingReport,
            &reg,
            employer.map_or(reg.as_str(), |e| e.name.as_str()),
            year,
            months.into_iter().collect(),
            amount,
            at_stake(year, extra),
            Facts {
                wage: extra,
                accrued: Decimal::ZERO,
                paid: Decimal::ZERO,
                due: amount,
                rate: ty.tariff.rate_within,
            },
            record,
            holder,
            today,
        ));
    }
    found.sort_by(|a, b| {
        (a.year, &a.employer, a.kind as u8).cmp(&(b.year, &b.employer, b.kind as u8))
    });
    Ok(found)
}

/// The numbers a discrepancy's texts quote.
#[derive(Debug, Clone, Copy)]
pub(super) struct Facts {
    pub wage: Decimal,
    pub accrued: Decimal,
    pub paid: Decimal,
    pub due: Decimal,
    pub rate: Decimal,
}

#[allow(clippy::too_many_arguments)]
fn make(
    kind: DiscrepancyKind,
    reg: &str,
    name: &str,
    year: i32,
    months: Vec<u8>,
    amount: Decimal,
    points_at_stake: Decimal,
    facts: Facts,
    record: &Record,
    holder: &Holder,
    today: Date,
) -> Discrepancy {
    let id = format!("{}-{}-{year}", kind_key(kind), reg.replace('-', ""));
    let explanation: Texts =
        letters::explanation(kind, name, year, &months, amount, points_at_stake, facts);
    let documents = letters::documents(
        kind,
        record.employer(reg),
        name,
        year,
        &months,
        amount,
        facts,
        holder,
        today,
    );
    Discrepancy {
        id,
        kind,
        employer: reg.to_owned(),
        employer_name: name.to_owned(),
        year,
        months,
        amount,
        points_at_stake,
        explanation,
        documents,
    }
}

pub fn kind_key(kind: DiscrepancyKind) -> &'static str {
    match kind {
        DiscrepancyKind::NoContributions => "no_contributions",
        DiscrepancyKind::BelowTariff => "below_tariff",
        DiscrepancyKind::NotPaidInFull => "not_paid_in_full",
        DiscrepancyKind::MissingReport => "missing_report",
    }
}
