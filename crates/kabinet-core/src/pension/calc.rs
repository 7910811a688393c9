//! The calculation itself: right date, eligibility, points, premium coefficients,
//! the monthly amount, and the explanation (Russian and English, line by line).
//! Rounding is described in the module docs of [`super`].

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use time::{Date, Month};

use super::error::{PensionError, PensionErrorCode as Code};
use super::params::{PensionParams, params};
use super::scenario::{FarNorth, NonInsuranceKind, Scenario, Sex};

/// Where the right date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RightDateBasis {
    /// Retirement age reached (sex and birth date given).
    BirthDate,
    /// No birth date: the claim date (minus any deferral) is taken as the right date.
    ClaimDate,
}

/// Points of one calendar year from wages.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct YearPoints {
    pub year: i32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub wage: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub max_base: Decimal,
    /// `round3(min(wage, max_base) / max_base × 10)`, before the cap.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub uncapped: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub cap: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub points: Decimal,
    /// The year is today's or later: not yet earned.
    pub projected: bool,
    /// The wage is `future_wage`, not one given for this year.
    pub wage_assumed: bool,
    /// The year is after the last published maximum base / cap (latest known used).
    pub parameters_projected: bool,
}

/// Points from one non-insurance period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NonInsurancePoints {
    pub kind: NonInsuranceKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<u32>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub years: Decimal,
    /// Years that count (child care: at most 6 years in all).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub counted_years: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_per_year: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub points: Decimal,
}

/// One step of the explanation, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExplanationLine {
    /// Stable key of the rule applied (e.g. `right_date`, `year_points`, `formula`).
    pub key: String,
    pub ru: String,
    pub en: String,
}

/// The answer for one claim date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PensionResult {
    #[serde(with = "super::iso_date")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub right_date: Date,
    pub right_date_basis: RightDateBasis,
    /// Retirement age in months (when computed from the birth date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retirement_age_months: Option<u32>,
    #[serde(with = "super::iso_date")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub claim_date: Date,
    pub eligible: bool,
    /// The year whose requirements apply (the year the right arises).
    pub requirement_year: i32,
    pub required_years: u32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub required_ipk: Decimal,
    /// Insurance length; None when unknown (known total without `insurance_years`).
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub insurance_years: Option<Decimal>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_pre2015: Decimal,
    /// Points up to the end of last year from the statement (when given instead of
    /// the rights before 2015 and past wages).
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub ipk_so_far: Option<Decimal>,
    /// Year → points from wages (years before the claim year).
    #[cfg_attr(feature = "specta", specta(type = BTreeMap<i32, String>))]
    pub ipk_by_year: BTreeMap<i32, Decimal>,
    pub years: Vec<YearPoints>,
    pub non_insurance: Vec<NonInsurancePoints>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_non_insurance: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_total: Decimal,
    pub deferral_months: u32,
    /// Full years of deferral the premium coefficients are taken for (at most 10 count).
    pub deferral_full_years: u32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_ipk: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_fv: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub spk: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub fv: Decimal,
    /// `round2(IPK × KvIPK × SPK)`.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub points_part: Decimal,
    /// `round2(FV × KvFV + increases)`.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub fixed_part: Decimal,
    /// `points_part + fixed_part`, whether or not the person is eligible.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub amount_if_eligible: Decimal,
    /// What is paid: `amount_if_eligible` when eligible, else 0.00 (two decimals).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub monthly_pension: Decimal,
    /// Date from which the SPK/FV used are in force.
    #[serde(with = "super::iso_date")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub prices_as_of: Date,
    /// The claim date is after today: latest known SPK/FV, i.e. today's prices.
    pub in_todays_prices: bool,
    /// Some points are not yet earned (years from today's year on).
    pub projected: bool,
    /// Date of the parameter tables.
    #[serde(with = "super::iso_date")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub params_as_of: Date,
    pub explanation: Vec<ExplanationLine>,
}

/// One point of the "monthly amount vs claim year" series.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeferralPoint {
    #[serde(with = "super::iso_date")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub claim_date: Date,
    pub claim_year: i32,
    pub deferral_months: u32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_total: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_ipk: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_fv: Decimal,
    pub eligible: bool,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub monthly_pension: Decimal,
    pub in_todays_prices: bool,
}

/// Full calculation for the scenario's claim date (default: the day the right arises).
pub fn calculate(scenario: &Scenario, today: Date) -> Result<PensionResult, PensionError> {
    let p = params()?;
    compute(scenario, p, today, None, true)
}

/// Monthly amount when claiming on the right date and on each of its next 10
/// anniversaries (premium coefficients grow by full years). No explanation built.
pub fn deferral_series(
    scenario: &Scenario,
    today: Date,
) -> Result<Vec<DeferralPoint>, PensionError> {
    let p = params()?;
    let (right, _, _) = right_date(scenario, p)?;
    (0..=10u32)
        .map(|k| {
            let claim = add_months(right, 12 * k)?;
            let r = compute(scenario, p, today, Some((right, claim)), false)?;
            Ok(DeferralPoint {
                claim_date: r.claim_date,
                claim_year: r.claim_date.year(),
                deferral_months: r.deferral_months,
                ipk_total: r.ipk_total,
                kv_ipk: r.kv_ipk,
                kv_fv: r.kv_fv,
                eligible: r.eligible,
                monthly_pension: r.monthly_pension,
                in_todays_prices: r.in_todays_prices,
            })
        })
        .collect()
}

/// Points year by year (earned vs projected) up to the scenario's claim year.
pub fn points_by_year(scenario: &Scenario, today: Date) -> Result<Vec<YearPoints>, PensionError> {
    let p = params()?;
    compute(scenario, p, today, None, false).map(|r| r.years)
}

/// Today's date from a Unix timestamp (for adapters that own the clock).
pub fn date_from_unix_seconds(seconds: i64) -> Option<Date> {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .map(|t| t.date())
}

fn round3(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

fn kopecks(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

fn first_day_2015() -> Date {
    Date::from_calendar_date(2015, Month::January, 1).unwrap_or(Date::MIN)
}

/// `d` plus `months` calendar months; a day missing in the target month becomes
/// that month's last day (29 Feb + 1 year = 28 Feb).
fn add_months_signed(d: Date, months: i64) -> Option<Date> {
    let index = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

fn add_months(d: Date, months: u32) -> Result<Date, PensionError> {
    add_months_signed(d, i64::from(months)).ok_or_else(|| {
        PensionError::new(
            Code::OutOfRange,
            "claim_date",
            "date out of the supported range",
        )
    })
}

/// Full calendar months from `a` to `b` (0 if `b` <= `a`).
fn months_between(a: Date, b: Date) -> u32 {
    if b <= a {
        return 0;
    }
    let mut m = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(u8::from(b.month()))
        - i64::from(u8::from(a.month()));
    while m > 0 && add_months_signed(a, m).is_none_or(|d| d > b) {
        m -= 1;
    }
    u32::try_from(m).unwrap_or(0)
}

/// (right date, basis, retirement age in months)
fn right_date(
    s: &Scenario,
    p: &PensionParams,
) -> Result<(Date, RightDateBasis, Option<u32>), PensionError> {
    let (right, basis, age, field) = match (s.sex, s.birth_date) {
        (Some(sex), Some(birth)) => {
            let old = match sex {
                Sex::Male => p.retirement_age.old_age_male,
                Sex::Female => p.retirement_age.old_age_female,
            };
            let old_year = birth.year() + i32::try_from(old).unwrap_or(0);
            let months = p.retirement_age_months(sex, old_year);
            let right = add_months_signed(birth, i64::from(months)).ok_or_else(|| {
                PensionError::new(Code::OutOfRange, "birth_date", "date out of range")
            })?;
            (right, RightDateBasis::BirthDate, Some(months), "birth_date")
        }
        _ => {
            let claim = s.claim_date.ok_or_else(|| {
                PensionError::new(
                    Code::MissingField,
                    "claim_date",
                    "give claim_date, or sex and birth_date",
                )
            })?;
            let back = -i64::from(s.deferral_months.unwrap_or(0));
            let right = add_months_signed(claim, back).ok_or_else(|| {
                PensionError::new(Code::OutOfRange, "deferral_months", "date out of range")
            })?;
            (right, RightDateBasis::ClaimDate, None, "claim_date")
        }
    };
    if right < first_day_2015() {
        return Err(PensionError::new(
            Code::OutOfRange,
            field,
            format!(
                "the right arises on {right}, before 2015: pensions assigned before Law 400-FZ are outside this calculator"
            ),
        ));
    }
    Ok((right, basis, age))
}

fn compute(
    s: &Scenario,
    p: &PensionParams,
    today: Date,
    dates: Option<(Date, Date)>,
    explain: bool,
) -> Result<PensionResult, PensionError> {
    let mut ex = Explainer::new(explain);
    let (right, basis, age_months) = right_date(s, p)?;
    let claim = match dates {
        Some((_, claim)) => claim,
        None => match (s.claim_date, basis) {
            (Some(c), _) => c,
            (None, _) => add_months(right, s.deferral_months.unwrap_or(0))?,
        },
    };
    if claim < right {
        return Err(PensionError::new(
            Code::ClaimBeforeRight,
            "claim_date",
            format!(
                "the right to a pension arises on {right}; a claim before that is not possible"
            ),
        ));
    }
    let deferral_months = months_between(right, claim);
    if dates.is_none()
        && basis == RightDateBasis::BirthDate
        && s.claim_date.is_some()
        && let Some(d) = s.deferral_months
        && d != deferral_months
    {
        return Err(PensionError::new(
            Code::Conflict,
            "deferral_months",
            format!(
                "the claim date is {deferral_months} months after the right arises ({right}), not {d}"
            ),
        ));
    }

    // --- the right date
    ex.right_date(p, s, right, basis, age_months, deferral_months);

    // --- requirements, frozen at the year the right arises
    let req_year = right.year();
    let req = p.min_requirement(req_year).ok_or_else(|| {
        PensionError::new(
            Code::OutOfRange,
            "claim_date",
            "no requirements before 2015",
        )
    })?;
    ex.requirements(req_year, req.min_years, req.min_ipk);

    // --- points
    let claim_year = claim.year();
    let mut years = Vec::new();
    let mut non_ins = Vec::new();
    let (ipk_pre2015, ipk_non_insurance, ipk_total, insurance_years);
    // Rights brought in from before: the statement's totals to the end of last year,
    // or the rights before 2015.
    let earlier = if s.ipk_so_far.is_some() || s.insurance_years_so_far.is_some() {
        Earlier::SoFar(today.year())
    } else {
        Earlier::Pre2015
    };
    if let Some(total) = s.ipk_total {
        ipk_pre2015 = Decimal::ZERO;
        ipk_non_insurance = Decimal::ZERO;
        ipk_total = total;
        insurance_years = s.insurance_years;
        ex.known_total(total, s.insurance_years);
    } else {
        if let Earlier::SoFar(year) = earlier
            && let Some(&past) = s.wages.keys().find(|&&y| y < year)
        {
            return Err(PensionError::new(
                Code::Conflict,
                format!("wages.{past}"),
                format!("the points so far already include every year before {year}"),
            ));
        }
        ipk_pre2015 = s.ipk_pre2015.unwrap_or_default();
        let brought = s.ipk_so_far.unwrap_or(ipk_pre2015);
        ex.earlier(earlier, brought);
        let last_known = p.last_known_year();
        let mut wage_years = s.wages.clone();
        if let Some(fw) = s.future_wage {
            for y in today.year().max(2015)..claim_year {
                wage_years.entry(y).or_insert(fw);
            }
        }
        let mut not_counted = Vec::new();
        for (&year, &wage) in &wage_years {
            if year >= claim_year {
                if s.wages.contains_key(&year) {
                    not_counted.push(year);
                }
                continue;
            }
            let (Some(base), Some(cap)) = (p.max_base(year), p.annual_cap(year)) else {
                continue; // years before 2015 are rejected by the scenario parser
            };
            let cap_value = if s.funded_option {
                cap.cap_funded
            } else {
                cap.cap
            };
            let counted = wage.min(base.value);
            let uncapped = round3(counted / base.value * Decimal::TEN);
            let yp = YearPoints {
                year,
                wage,
                max_base: base.value,
                uncapped,
                cap: cap_value,
                points: uncapped.min(cap_value),
                projected: year >= today.year(),
                wage_assumed: !s.wages.contains_key(&year),
                parameters_projected: year > last_known,
            };
            ex.year(&yp, s.funded_option);
            years.push(yp);
        }
        ex.not_counted(&not_counted, claim_year);

        // Child care: at most 6 years in all; the best-paid children count first.
        let mut order: Vec<usize> = (0..s.non_insurance.len()).collect();
        let rate = |i: usize| -> Decimal {
            let n = &s.non_insurance[i];
            match n.kind {
                NonInsuranceKind::MilitaryService => p.non_insurance.military_service.ipk_per_year,
                NonInsuranceKind::Care => p.non_insurance.care.ipk_per_year,
                NonInsuranceKind::ChildCare => n
                    .child
                    .and_then(|c| p.child_care_rate(c))
                    .unwrap_or_default(),
            }
        };
        order.sort_by_key(|&i| std::cmp::Reverse(rate(i)));
        let mut child_left = p.non_insurance.child_care.max_years_total;
        let mut counted_years = vec![Decimal::ZERO; s.non_insurance.len()];
        for i in order {
            let n = &s.non_insurance[i];
            counted_years[i] = if n.kind == NonInsuranceKind::ChildCare {
                let c = n.years.min(child_left);
                child_left -= c;
                c
            } else {
                n.years
            };
        }
        for (i, n) in s.non_insurance.iter().enumerate() {
            let r = rate(i);
            let np = NonInsurancePoints {
                kind: n.kind,
                child: n.child,
                years: n.years,
                counted_years: counted_years[i],
                ipk_per_year: r,
                points: round3(counted_years[i] * r),
            };
            ex.non_insurance(&np, p.non_insurance.child_care.max_years_total);
            non_ins.push(np);
        }
        ipk_non_insurance = non_ins.iter().map(|n| n.points).sum();
        let from_wages: Decimal = years.iter().map(|y| y.points).sum();
        ipk_total = (brought + from_wages + ipk_non_insurance).normalize();
        ex.total(earlier, brought, from_wages, ipk_non_insurance, ipk_total);

        insurance_years = Some(match s.insurance_years {
            Some(y) => {
                ex.insurance_years_given(y);
                y
            }
            None => {
                let pre = s
                    .insurance_years_so_far
                    .or(s.insurance_years_pre2015)
                    .unwrap_or_default();
                let work = Decimal::from(years.iter().filter(|y| y.wage > Decimal::ZERO).count());
                let ni: Decimal = counted_years.iter().sum();
                let y = pre + work + ni;
                ex.insurance_years_computed(earlier, pre, work, ni, y);
                y
            }
        });
    }

    // --- eligibility
    let years_ok = insurance_years.is_none_or(|y| y >= Decimal::from(req.min_years));
    let points_ok = ipk_total >= req.min_ipk;
    let eligible = years_ok && points_ok;
    ex.eligibility(
        insurance_years,
        req.min_years,
        ipk_total,
        req.min_ipk,
        years_ok,
        points_ok,
    );

    // --- deferral premium
    let full_years = deferral_months / 12;
    let prem = p
        .premium(full_years)
        .ok_or_else(|| PensionError::params_unavailable("premium table empty".into()))?;
    ex.deferral(deferral_months, full_years, prem.kv_ipk, prem.kv_fv);

    // --- prices on the claim date (latest known for future dates)
    let spk = p
        .spk_at(claim)
        .ok_or_else(|| PensionError::new(Code::OutOfRange, "claim_date", "before 2015"))?;
    let fv = p
        .fv_at(claim)
        .ok_or_else(|| PensionError::new(Code::OutOfRange, "claim_date", "before 2015"))?;
    let in_todays_prices = claim > today;
    let prices_as_of = spk.effective.max(fv.effective);
    ex.prices(
        spk.value,
        spk.effective,
        fv.value,
        fv.effective,
        claim,
        in_todays_prices,
        p.as_of,
    );

    // --- fixed-payment increases (computed on the base fixed payment)
    let fi = &p.fixed_payment_increase;
    let mut fixed = fv.value * prem.kv_fv;
    if s.age_80_or_group1 {
        fixed += fv.value * (fi.age_80_or_group1.factor - Decimal::ONE);
    }
    let dependants = s.dependants.min(fi.dependants.max_dependants);
    if dependants > 0 {
        fixed += fv.value * Decimal::from(dependants) / Decimal::from(fi.dependants.divisor);
    }
    let north = match s.far_north {
        FarNorth::None => Decimal::ONE,
        FarNorth::FarNorth => fi.far_north.factor,
        FarNorth::Equivalent => fi.far_north_equivalent.factor,
    };
    fixed *= north;
    ex.increases(
        s,
        fi.age_80_or_group1.factor,
        dependants,
        fi.dependants.divisor,
        north,
    );

    let points_part = kopecks(ipk_total * prem.kv_ipk * spk.value);
    let fixed_part = kopecks(fixed);
    let amount = points_part + fixed_part;
    let monthly = if eligible {
        amount
    } else {
        kopecks(Decimal::ZERO)
    };
    ex.formula(
        ipk_total,
        prem.kv_ipk,
        spk.value,
        points_part,
        fixed_part,
        amount,
        eligible,
    );

    Ok(PensionResult {
        right_date: right,
        right_date_basis: basis,
        retirement_age_months: age_months,
        claim_date: claim,
        eligible,
        requirement_year: req_year,
        required_years: req.min_years,
        required_ipk: req.min_ipk,
        insurance_years,
        ipk_pre2015,
        ipk_so_far: s.ipk_so_far,
        ipk_by_year: years.iter().map(|y| (y.year, y.points)).collect(),
        projected: years.iter().any(|y| y.projected),
        years,
        non_insurance: non_ins,
        ipk_non_insurance,
        ipk_total,
        deferral_months,
        deferral_full_years: full_years,
        kv_ipk: prem.kv_ipk,
        kv_fv: prem.kv_fv,
        spk: spk.value,
        fv: fv.value,
        points_part,
        fixed_part,
        amount_if_eligible: amount,
        monthly_pension: monthly,
        prices_as_of,
        in_todays_prices,
        params_as_of: p.as_of,
        explanation: ex.lines,
    })
}

// ----------------------------------------------------------------------------
// Explanation text. Kept apart from the arithmetic; skipped when not wanted.

/// Where the rights brought into the calculation come from.
#[derive(Debug, Clone, Copy)]
enum Earlier {
    /// `ipk_pre2015`, `insurance_years_pre2015`: converted rights before 2015.
    Pre2015,
    /// `ipk_so_far`, `insurance_years_so_far`: the statement, up to this year.
    SoFar(i32),
}

impl Earlier {
    fn key(self) -> &'static str {
        match self {
            Earlier::Pre2015 => "pre2015",
            Earlier::SoFar(_) => "so_far",
        }
    }

    /// How the sums call them: (Russian, English).
    fn label(self) -> (String, String) {
        match self {
            Earlier::Pre2015 => ("до 2015 года".into(), "before 2015".into()),
            Earlier::SoFar(year) => (format!("до {year} года"), format!("before {year}")),
        }
    }
}

struct Explainer {
    on: bool,
    lines: Vec<ExplanationLine>,
}

/// Decimal with a comma, as written in Russian.
fn ru(d: Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

fn en(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Money with kopecks, thousands grouped by a no-break space: `3 600 000,00`.
fn ru_money(d: Decimal) -> String {
    let s = kopecks(d).to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |rest| ("-", rest));
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped},{frac}")
}

/// "3,6 балла", "9 баллов", "21 балл", "2 балла".
fn ru_points(d: Decimal) -> String {
    let d = d.normalize();
    let word = if !d.fract().is_zero() {
        "балла"
    } else {
        let n = (d.mantissa().unsigned_abs() % 100) as u32;
        match (n % 10, n) {
            (_, 11..=14) => "баллов",
            (1, _) => "балл",
            (2..=4, _) => "балла",
            _ => "баллов",
        }
    };
    format!("{} {word}", ru(d))
}

/// "15 лет", "8,5 года", "21 год".
fn ru_years_of(d: Decimal) -> String {
    let d = d.normalize();
    let word = if d.fract().is_zero() {
        ru_years((d.mantissa().unsigned_abs() % 100) as u32)
    } else {
        "года"
    };
    format!("{} {word}", ru(d))
}

/// "не менее 15 лет", "не менее 1 года", "не менее 21 года".
fn ru_years_genitive(n: u32) -> &'static str {
    if n % 10 == 1 && n % 100 != 11 {
        "года"
    } else {
        "лет"
    }
}

fn ru_date(d: Date) -> String {
    format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
}

fn ru_years(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "лет",
        (1, _) => "год",
        (2..=4, _) => "года",
        _ => "лет",
    }
}

fn ru_age(months: u32) -> String {
    let (y, m) = (months / 12, months % 12);
    if m == 0 {
        format!("{y} {}", ru_years(y))
    } else {
        format!("{y} {} и {m} месяцев", ru_years(y))
    }
}

fn en_age(months: u32) -> String {
    let (y, m) = (months / 12, months % 12);
    if m == 0 {
        format!("{y} years")
    } else {
        format!("{y} years and {m} months")
    }
}

impl Explainer {
    fn new(on: bool) -> Self {
        Self {
            on,
            lines: Vec::new(),
        }
    }

    fn push(&mut self, key: &str, ru: String, en: String) {
        self.lines.push(ExplanationLine {
            key: key.to_owned(),
            ru,
            en,
        });
    }

    fn right_date(
        &mut self,
        p: &PensionParams,
        s: &Scenario,
        right: Date,
        basis: RightDateBasis,
        age: Option<u32>,
        deferral: u32,
    ) {
        if !self.on {
            return;
        }
        match (basis, age, s.sex, s.birth_date) {
            (RightDateBasis::BirthDate, Some(age), Some(sex), Some(birth)) => {
                let (old, who_ru, who_en) = match sex {
                    Sex::Male => (p.retirement_age.old_age_male, "мужчин", "men"),
                    Sex::Female => (p.retirement_age.old_age_female, "женщин", "women"),
                };
                let old_year = birth.year() + i32::try_from(old).unwrap_or(0);
                let relief = p
                    .retirement_age
                    .shift
                    .iter()
                    .rev()
                    .find(|sh| sh.year <= old_year)
                    .is_some_and(|sh| sh.relief_months > 0);
                let (relief_ru, relief_en) = if relief {
                    (
                        " Учтена льгота: на 6 месяцев раньше для тех, кому по прежним правилам пенсия полагалась в 2019–2020 годах (ст. 10 Закона № 350-ФЗ).",
                        " This includes the relief: six months earlier for those whose pension under the old rules was due in 2019–2020 (Law 350-FZ, art. 10).",
                    )
                } else {
                    ("", "")
                };
                self.push(
                    "right_date",
                    format!(
                        "Право на страховую пенсию по старости возникает {}: в этот день вам исполняется {}. Это общий пенсионный возраст для {who_ru}, которым {old} {} исполнилось бы в {old_year} году (ст. 8 и приложение 6 Закона № 400-ФЗ в редакции Закона № 350-ФЗ).{relief_ru}",
                        ru_date(right),
                        ru_age(age),
                        ru_years(old),
                    ),
                    format!(
                        "Your right to an old-age insurance pension arises on {right}, when you reach {}. This is the general retirement age for {who_en} who turned {old} in {old_year} (Law 400-FZ, art. 8 and appendix 6, as amended by Law 350-FZ).{relief_en}",
                        en_age(age),
                    ),
                );
            }
            _ => self.push(
                "right_date",
                format!(
                    "Дата рождения не указана, поэтому днём возникновения права считается дата обращения{}: {}. Условия проверяются по баллам этого года.",
                    if deferral > 0 { format!(" минус {deferral} мес. отсрочки") } else { String::new() },
                    ru_date(right)
                ),
                format!(
                    "No birth date was given, so the right is taken to arise on the claim date{}: {right}. The conditions are checked against that year's requirements.",
                    if deferral > 0 { format!(" less {deferral} months of deferral") } else { String::new() },
                ),
            ),
        }
    }

    fn requirements(&mut self, year: i32, min_years: u32, min_ipk: Decimal) {
        if !self.on {
            return;
        }
        self.push(
            "requirements",
            format!(
                "Для права, возникшего в {year} году, нужно: страхового стажа — не менее {min_years} {}, пенсионных баллов — не менее {} (ст. 35 Закона № 400-ФЗ). Требования берутся на год возникновения права и после него не растут.",
                ru_years_genitive(min_years),
                ru(min_ipk)
            ),
            format!(
                "For a right arising in {year} you need at least {min_years} years of insurance record and at least {} pension points (Law 400-FZ, art. 35). The requirements are those of the year the right arises; they do not rise afterwards.",
                en(min_ipk)
            ),
        );
    }

    fn known_total(&mut self, total: Decimal, years: Option<Decimal>) {
        if !self.on {
            return;
        }
        self.push(
            "total_points",
            format!("Всего пенсионных баллов (указано вами): {}.", ru(total)),
            format!("Total pension points (as you gave them): {}.", en(total)),
        );
        if years.is_none() {
            self.push(
                "insurance_years",
                "Страховой стаж не указан: право проверяется только по баллам.".into(),
                "No insurance record length was given: only the points are checked.".into(),
            );
        } else if let Some(y) = years {
            self.insurance_years_given(y);
        }
    }

    fn earlier(&mut self, earlier: Earlier, ipk: Decimal) {
        if !self.on {
            return;
        }
        let (ru_text, en_text) = match earlier {
            Earlier::Pre2015 => (
                format!(
                    "Баллы за периоды до 2015 года (пенсионные права, переведённые в баллы): {}.",
                    ru(ipk)
                ),
                format!(
                    "Points for periods before 2015 (earlier pension rights converted to points): {}.",
                    en(ipk)
                ),
            ),
            Earlier::SoFar(year) => (
                format!(
                    "Баллы, заработанные до {year} года (по выписке Социального фонда): {}. Заработок учитывается с {year} года.",
                    ru(ipk)
                ),
                format!(
                    "Points earned before {year} (from your Social Fund statement): {}. Wages count from {year} on.",
                    en(ipk)
                ),
            ),
        };
        self.push(earlier.key(), ru_text, en_text);
    }

    fn year(&mut self, y: &YearPoints, funded: bool) {
        if !self.on {
            return;
        }
        let capped = y.points < y.uncapped;
        let base_ru = if y.wage > y.max_base {
            format!(
                ", но учитывается не больше предельной базы {} ₽",
                ru_money(y.max_base)
            )
        } else {
            String::new()
        };
        let base_en = if y.wage > y.max_base {
            format!(
                ", but no more than the maximum contribution base of {} RUB counts",
                en(y.max_base)
            )
        } else {
            String::new()
        };
        let counted = y.wage.min(y.max_base);
        let (cap_ru, cap_en) = if capped {
            (
                format!(
                    "; больше {} за год получить нельзя{}",
                    ru_points(y.cap),
                    if funded {
                        " (предел для сохранивших накопительную пенсию)"
                    } else {
                        ""
                    }
                ),
                format!(
                    "; a year earns at most {} points{}",
                    en(y.cap),
                    if funded {
                        " (the limit for those who kept a funded pension)"
                    } else {
                        ""
                    }
                ),
            )
        } else {
            (String::new(), String::new())
        };
        let mut tags_ru = Vec::new();
        let mut tags_en = Vec::new();
        if y.projected {
            tags_ru.push("прогноз");
            tags_en.push("projected");
        }
        if y.wage_assumed {
            tags_ru.push("заработок предполагаемый");
            tags_en.push("assumed wage");
        }
        if y.parameters_projected {
            tags_ru.push("взяты последние известные предельная база и предел баллов");
            tags_en.push("latest known maximum base and cap used");
        }
        let tag = |t: Vec<&str>| {
            if t.is_empty() {
                String::new()
            } else {
                format!(" ({})", t.join("; "))
            }
        };
        self.push(
            "year_points",
            format!(
                "{} год: заработок {} ₽{base_ru}; {} / {} × 10 = {} (округлено до 3 знаков){cap_ru} → {}.{}",
                y.year,
                ru_money(y.wage),
                ru_money(counted),
                ru_money(y.max_base),
                ru(y.uncapped),
                ru_points(y.points),
                tag(tags_ru)
            ),
            format!(
                "{}: wage {} RUB{base_en}; {} / {} × 10 = {} (rounded to 3 decimals){cap_en} → {} points.{}",
                y.year,
                en(y.wage),
                en(counted),
                en(y.max_base),
                en(y.uncapped),
                en(y.points),
                tag(tags_en)
            ),
        );
    }

    fn not_counted(&mut self, years: &[i32], claim_year: i32) {
        if !self.on || years.is_empty() {
            return;
        }
        let list = years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        self.push(
            "wages_not_counted",
            format!(
                "Заработок за {list} не учтён: при назначении пенсии в {claim_year} году учитываются годы до года обращения; взносы года обращения и последующих лет добавляются при перерасчёте."
            ),
            format!(
                "Wages for {list} are not counted: a pension claimed in {claim_year} counts the years before the claim year; contributions of the claim year and later are added on recalculation."
            ),
        );
    }

    fn non_insurance(&mut self, n: &NonInsurancePoints, child_total: Decimal) {
        if !self.on {
            return;
        }
        let (what_ru, what_en) = match n.kind {
            NonInsuranceKind::MilitaryService => (
                "Военная служба по призыву".to_owned(),
                "Conscript military service".to_owned(),
            ),
            NonInsuranceKind::Care => (
                "Уход за инвалидом I группы, ребёнком-инвалидом или человеком старше 80 лет"
                    .to_owned(),
                "Care of a group-I disabled person, a disabled child or a person over 80"
                    .to_owned(),
            ),
            NonInsuranceKind::ChildCare => {
                let c = n.child.unwrap_or(1);
                (
                    format!("Уход за {c}-м ребёнком до полутора лет"),
                    format!(
                        "Care of your {} child until the age of 1.5",
                        match c {
                            1 => "1st",
                            2 => "2nd",
                            3 => "3rd",
                            _ => "4th",
                        }
                    ),
                )
            }
        };
        let (clip_ru, clip_en) = if n.counted_years < n.years {
            (
                format!(
                    " (учтено {} из {}: всего за уход за детьми засчитывается не более {} лет)",
                    ru(n.counted_years),
                    ru(n.years),
                    ru(child_total)
                ),
                format!(
                    " ({} of {} years count: child care counts at most {} years in all)",
                    en(n.counted_years),
                    en(n.years),
                    en(child_total)
                ),
            )
        } else {
            (String::new(), String::new())
        };
        self.push(
            "non_insurance",
            format!(
                "{what_ru}: {} г. × {} в год = {}{clip_ru}. Такие периоды засчитываются без взносов (ст. 12 и 15 Закона № 400-ФЗ).",
                ru(n.counted_years),
                ru_points(n.ipk_per_year),
                ru_points(n.points)
            ),
            format!(
                "{what_en}: {} years × {} points a year = {} points{clip_en}. Such periods count without contributions (Law 400-FZ, arts. 12 and 15).",
                en(n.counted_years),
                en(n.ipk_per_year),
                en(n.points)
            ),
        );
    }

    fn total(
        &mut self,
        earlier: Earlier,
        pre: Decimal,
        wages: Decimal,
        ni: Decimal,
        total: Decimal,
    ) {
        if !self.on {
            return;
        }
        let (label_ru, label_en) = earlier.label();
        self.push(
            "total_points",
            format!(
                "Всего баллов: {} ({label_ru}) + {} (за заработок) + {} (нестраховые периоды) = {}.",
                ru(pre),
                ru(wages),
                ru(ni),
                ru(total)
            ),
            format!(
                "Total points: {} ({label_en}) + {} (from wages) + {} (non-insurance periods) = {}.",
                en(pre),
                en(wages),
                en(ni),
                en(total)
            ),
        );
    }

    fn insurance_years_given(&mut self, y: Decimal) {
        if !self.on {
            return;
        }
        self.push(
            "insurance_years",
            format!("Страховой стаж (указан вами): {}.", ru_years_of(y)),
            format!("Insurance record (as you gave it): {} years.", en(y)),
        );
    }

    fn insurance_years_computed(
        &mut self,
        earlier: Earlier,
        pre: Decimal,
        work: Decimal,
        ni: Decimal,
        y: Decimal,
    ) {
        if !self.on {
            return;
        }
        let (label_ru, label_en) = earlier.label();
        let since = match earlier {
            Earlier::Pre2015 => 2015,
            Earlier::SoFar(year) => year,
        };
        self.push(
            "insurance_years",
            format!(
                "Страховой стаж: {} ({label_ru}) + {} (годы с заработком с {since} года) + {} (нестраховые периоды) = {}.",
                ru(pre),
                ru(work),
                ru(ni),
                ru_years_of(y)
            ),
            format!(
                "Insurance record: {} ({label_en}) + {} (years with wages since {since}) + {} (non-insurance periods) = {} years.",
                en(pre),
                en(work),
                en(ni),
                en(y)
            ),
        );
    }

    fn eligibility(
        &mut self,
        years: Option<Decimal>,
        min_years: u32,
        ipk: Decimal,
        min_ipk: Decimal,
        years_ok: bool,
        points_ok: bool,
    ) {
        if !self.on {
            return;
        }
        if years_ok && points_ok {
            self.push(
                "eligible",
                "Условия выполнены: право на страховую пенсию по старости есть.".into(),
                "The conditions are met: you are entitled to an old-age insurance pension.".into(),
            );
            return;
        }
        let mut ru_parts = Vec::new();
        let mut en_parts = Vec::new();
        if let (false, Some(y)) = (years_ok, years) {
            ru_parts.push(format!("страхового стажа {} из {min_years} лет", ru(y)));
            en_parts.push(format!("insurance record {} of {min_years} years", en(y)));
        }
        if !points_ok {
            ru_parts.push(format!("баллов {} из {}", ru(ipk), ru(min_ipk)));
            en_parts.push(format!("points {} of {}", en(ipk), en(min_ipk)));
        }
        self.push(
            "not_eligible",
            format!(
                "Условия не выполнены — не хватает: {}. Страховая пенсия не назначается; ниже показан размер, который был бы при выполнении условий.",
                ru_parts.join("; ")
            ),
            format!(
                "The conditions are not met — short of: {}. No insurance pension is assigned; the amount below is what it would be if they were met.",
                en_parts.join("; ")
            ),
        );
    }

    fn deferral(&mut self, months: u32, full_years: u32, kv_ipk: Decimal, kv_fv: Decimal) {
        if !self.on {
            return;
        }
        if months == 0 {
            self.push(
                "deferral",
                "Пенсия назначается со дня возникновения права, без отсрочки: премиальные коэффициенты равны 1.".into(),
                "The pension is claimed on the day the right arises, with no deferral: the premium coefficients are 1.".into(),
            );
            return;
        }
        if full_years == 0 {
            self.push(
                "deferral",
                format!(
                    "Обращение через {months} мес. после возникновения права — меньше полного года, поэтому премиальные коэффициенты равны 1."
                ),
                format!(
                    "You claim {months} months after the right arises — less than a full year, so the premium coefficients are 1."
                ),
            );
            return;
        }
        let (over_ru, over_en) = if full_years > 10 {
            (
                " Отсрочка больше 10 лет пенсию больше не увеличивает.",
                " Deferring beyond 10 years adds nothing more.",
            )
        } else {
            ("", "")
        };
        self.push(
            "deferral",
            format!(
                "Обращение через {months} мес. после возникновения права — {full_years} полных {} отсрочки. Премиальные коэффициенты (приложения 1 и 2 к Закону № 400-ФЗ): к баллам {}, к фиксированной выплате {}.{over_ru}",
                ru_years(full_years),
                ru(kv_ipk),
                ru(kv_fv)
            ),
            format!(
                "You claim {months} months after the right arises — {full_years} full years of deferral. Premium coefficients (Law 400-FZ, appendices 1 and 2): {} on points, {} on the fixed payment.{over_en}",
                en(kv_ipk),
                en(kv_fv)
            ),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn prices(
        &mut self,
        spk: Decimal,
        spk_from: Date,
        fv: Decimal,
        fv_from: Date,
        claim: Date,
        todays_prices: bool,
        as_of: Date,
    ) {
        if !self.on {
            return;
        }
        self.push(
            "prices",
            format!(
                "На дату обращения {} стоимость пенсионного балла — {} ₽ (с {}), фиксированная выплата — {} ₽ (с {}).",
                ru_date(claim),
                ru_money(spk),
                ru_date(spk_from),
                ru_money(fv),
                ru_date(fv_from)
            ),
            format!(
                "On the claim date {claim} one pension point is worth {} RUB (since {spk_from}) and the fixed payment is {} RUB (since {fv_from}).",
                en(spk),
                en(fv)
            ),
        );
        if todays_prices {
            self.push(
                "todays_prices",
                format!(
                    "Дата обращения ещё не наступила: взяты последние известные значения (таблицы на {}). Это расчёт в сегодняшних ценах — будущая индексация не учтена.",
                    ru_date(as_of)
                ),
                format!(
                    "The claim date is in the future: the latest known values are used (tables as of {as_of}). The amount is in today's prices — future indexation is not included."
                ),
            );
        }
    }

    fn increases(
        &mut self,
        s: &Scenario,
        a80: Decimal,
        dependants: u32,
        divisor: u32,
        north: Decimal,
    ) {
        if !self.on {
            return;
        }
        let mut r = Vec::new();
        let mut e = Vec::new();
        if s.age_80_or_group1 {
            r.push(format!(
                "возраст 80 лет или инвалидность I группы — фиксированная выплата × {}",
                ru(a80)
            ));
            e.push(format!(
                "age 80 or group-I disability — fixed payment × {}",
                en(a80)
            ));
        }
        if dependants > 0 {
            r.push(format!(
                "иждивенцы ({dependants}) — плюс 1/{divisor} фиксированной выплаты за каждого"
            ));
            e.push(format!(
                "dependants ({dependants}) — plus 1/{divisor} of the fixed payment each"
            ));
        }
        match s.far_north {
            FarNorth::None => {}
            FarNorth::FarNorth => {
                r.push(format!("работа на Крайнем Севере — × {}", ru(north)));
                e.push(format!("work in the Far North — × {}", en(north)));
            }
            FarNorth::Equivalent => {
                r.push(format!(
                    "работа в приравненных местностях — × {}",
                    ru(north)
                ));
                e.push(format!(
                    "work in areas equivalent to the Far North — × {}",
                    en(north)
                ));
            }
        }
        if r.is_empty() {
            return;
        }
        self.push(
            "fixed_payment_increase",
            format!(
                "Повышения фиксированной выплаты (ст. 17 Закона № 400-ФЗ): {}.",
                r.join("; ")
            ),
            format!(
                "Increases of the fixed payment (Law 400-FZ, art. 17): {}.",
                e.join("; ")
            ),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn formula(
        &mut self,
        ipk: Decimal,
        kv_ipk: Decimal,
        spk: Decimal,
        points_part: Decimal,
        fixed_part: Decimal,
        amount: Decimal,
        eligible: bool,
    ) {
        if !self.on {
            return;
        }
        let (lead_ru, lead_en) = if eligible {
            ("Пенсия в месяц", "Monthly pension")
        } else {
            (
                "Размер при выполнении условий",
                "Amount if the conditions were met",
            )
        };
        self.push(
            "formula",
            format!(
                "{lead_ru}: баллы {} × {} × {} ₽ = {} ₽, плюс фиксированная выплата {} ₽, итого {} ₽. Каждая часть округлена до копеек (половина копейки — вверх), затем части сложены.",
                ru(ipk),
                ru(kv_ipk),
                ru_money(spk),
                ru_money(points_part),
                ru_money(fixed_part),
                ru_money(amount)
            ),
            format!(
                "{lead_en}: points {} × {} × {} RUB = {} RUB, plus the fixed payment {} RUB, total {} RUB. Each part is rounded to kopecks (half a kopeck up), then the parts are added.",
                en(ipk),
                en(kv_ipk),
                en(spk),
                points_part,
                fixed_part,
                amount
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use time::macros::date;

    #[test]
    fn russian_number_words() {
        let cases = [
            (dec!(3.6), "3,6 балла"),
            (dec!(9), "9 баллов"),
            (dec!(21), "21 балл"),
            (dec!(2), "2 балла"),
            (dec!(12), "12 баллов"),
            (dec!(10.0), "10 баллов"),
        ];
        for (d, text) in cases {
            assert_eq!(ru_points(d), text);
        }
        assert_eq!(ru_money(dec!(3600000)), "3\u{a0}600\u{a0}000,00");
        assert_eq!(ru_money(dec!(156.76)), "156,76");
        assert_eq!(ru_money(dec!(9584.685)), "9\u{a0}584,69");
        assert_eq!(ru_age(726), "60 лет и 6 месяцев");
        assert_eq!(ru_age(756), "63 года");
        assert_eq!(ru_age(768), "64 года");
        assert_eq!(ru_years_genitive(15), "лет");
        assert_eq!(ru_years_genitive(21), "года");
        assert_eq!(ru_years_of(dec!(8.5)), "8,5 года");
        assert_eq!(ru_years_of(dec!(15)), "15 лет");
        assert_eq!(ru_years_of(dec!(21.0)), "21 год");
    }

    /// (from, months, to) — calendar months, short months clamp to their last day.
    #[test]
    fn month_arithmetic() {
        let cases = [
            (date!(2019 - 09 - 10), 60, date!(2024 - 09 - 10)),
            (date!(1964 - 02 - 29), 666, date!(2019 - 08 - 29)),
            (date!(1968 - 02 - 29), 780, date!(2033 - 02 - 28)),
            (date!(2020 - 01 - 31), 1, date!(2020 - 02 - 29)),
        ];
        for (from, months, to) in cases {
            assert_eq!(add_months_signed(from, months), Some(to));
        }
        assert_eq!(
            add_months_signed(date!(2024 - 03 - 31), -1),
            Some(date!(2024 - 02 - 29))
        );
        let between = [
            (date!(2019 - 09 - 10), date!(2024 - 09 - 10), 60),
            (date!(2019 - 09 - 10), date!(2024 - 09 - 09), 59),
            (date!(2020 - 01 - 31), date!(2020 - 02 - 29), 1),
            (date!(2020 - 01 - 31), date!(2020 - 02 - 28), 0),
            (date!(2020 - 01 - 31), date!(2019 - 01 - 31), 0),
        ];
        for (a, b, m) in between {
            assert_eq!(months_between(a, b), m, "{a} {b}");
        }
    }
}
