//! The arithmetic, one function per step: the right date, the claim date and its
//! deferral, the requirements, the points (brought in from earlier, from wages, from
//! non-insurance periods), the insurance record, eligibility, the premium
//! coefficients, the prices on the claim date, the fixed payment with its increases,
//! and the amount. [`compute`] runs the steps in order and hands each outcome to the
//! [`Explainer`]. Rounding is described in the module docs of [`super`].

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Month};

use super::error::{PensionError, PensionErrorCode as Code};
use super::explain::Explainer;
use super::params::{DatedValue, MinRequirement, PensionParams, PremiumRow, params};
use super::result::{
    DeferralPoint, NonInsurancePoints, PensionResult, RightDateBasis, Shortfall, Summary,
    YearPoints,
};
use super::scenario::{FarNorth, NonInsuranceKind, Scenario, Sex};
use super::wording;
use crate::date;

/// Full calculation for the scenario's claim date (default: the day the right arises).
pub fn calculate(scenario: &Scenario, today: Date) -> Result<PensionResult, PensionError> {
    calculate_with(scenario, today, params()?)
}

/// [`calculate`] with the given parameter tables (e.g. tables as of another date).
pub fn calculate_with(
    scenario: &Scenario,
    today: Date,
    p: &PensionParams,
) -> Result<PensionResult, PensionError> {
    compute(scenario, p, today, None, true)
}

/// Monthly amount when claiming on the right date and on each of its next 10
/// anniversaries (premium coefficients grow by full years). No explanation built.
pub fn deferral_series(
    scenario: &Scenario,
    today: Date,
) -> Result<Vec<DeferralPoint>, PensionError> {
    deferral_series_with(scenario, today, params()?)
}

/// [`deferral_series`] with the given parameter tables.
pub fn deferral_series_with(
    scenario: &Scenario,
    today: Date,
    p: &PensionParams,
) -> Result<Vec<DeferralPoint>, PensionError> {
    let right = right_date(scenario, p)?.date;
    (0..=10u32)
        .map(|k| {
            let claim = add_months(right, 12 * k)?;
            let r = compute(scenario, p, today, Some(claim), false)?;
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
    points_by_year_with(scenario, today, params()?)
}

/// [`points_by_year`] with the given parameter tables.
pub fn points_by_year_with(
    scenario: &Scenario,
    today: Date,
    p: &PensionParams,
) -> Result<Vec<YearPoints>, PensionError> {
    compute(scenario, p, today, None, false).map(|r| r.years)
}

fn same_computation(a: &YearPoints, b: &YearPoints) -> bool {
    (a.wage, a.max_base, a.cap, a.uncapped, a.points)
        == (b.wage, b.max_base, b.cap, b.uncapped, b.points)
        && (a.projected, a.wage_assumed, a.parameters_projected)
            == (b.projected, b.wage_assumed, b.parameters_projected)
}

/// Points of one year from one wage, exactly as the calculation counts them:
/// `round3(min(wage, max_base) / max_base × 10)`, half up, then the year's cap
/// (the lower one with a funded pension). `projected` and `wage_assumed` are left
/// false (they depend on today and the scenario); `parameters_projected` says
/// whether the year is after the last published table row.
pub fn year_points(
    p: &PensionParams,
    year: i32,
    wage: Decimal,
    funded: bool,
) -> Result<YearPoints, PensionError> {
    let (Some(base), Some(cap)) = (p.max_base(year), p.annual_cap(year)) else {
        return Err(PensionError::new(
            Code::OutOfRange,
            "wages",
            format!("no maximum base or cap for {year} (the calculator counts years from 2015)"),
        ));
    };
    if base.value <= Decimal::ZERO {
        return Err(PensionError::params_unavailable(format!(
            "maximum base for {year} is not positive"
        )));
    }
    if wage < Decimal::ZERO {
        return Err(PensionError::new(
            Code::OutOfRange,
            "wages",
            format!("the wage for {year} is negative"),
        ));
    }
    let cap_value = if funded { cap.cap_funded } else { cap.cap };
    let uncapped = round3(wage.min(base.value) / base.value * Decimal::TEN);
    Ok(YearPoints {
        year,
        wage,
        max_base: base.value,
        uncapped,
        cap: cap_value,
        points: uncapped.min(cap_value),
        projected: false,
        wage_assumed: false,
        parameters_projected: year > p.last_known_year(),
    })
}

/// Points are rounded to 3 decimals, half up.
fn round3(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Money is rounded to kopecks, half up, and always shows two decimals.
pub(super) fn kopecks(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Youngest age the calculator answers for: an earlier birth date is a typo more
/// often than a plan (and nobody younger has a wage record worth projecting).
pub(super) const MIN_AGE_YEARS: i32 = 14;

/// A birth date in the future, or one making the person younger than
/// [`MIN_AGE_YEARS`] today, is refused on the field `birth_date`.
fn check_birth_date(s: &Scenario, today: Date) -> Result<(), PensionError> {
    let Some(birth) = s.birth_date else {
        return Ok(());
    };
    if birth > today {
        return Err(PensionError::new(
            Code::OutOfRange,
            "birth_date",
            "is in the future",
        ));
    }
    let fourteenth = add_months(birth, 12 * MIN_AGE_YEARS as u32)?;
    if fourteenth > today {
        return Err(PensionError::new(
            Code::OutOfRange,
            "birth_date",
            format!("makes the person younger than {MIN_AGE_YEARS} today"),
        ));
    }
    Ok(())
}

fn first_day_2015() -> Date {
    Date::from_calendar_date(2015, Month::January, 1).unwrap_or(Date::MIN)
}

fn add_months(d: Date, months: u32) -> Result<Date, PensionError> {
    date::add_months(d, i64::from(months)).ok_or_else(|| {
        PensionError::new(
            Code::OutOfRange,
            "claim_date",
            "date out of the supported range",
        )
    })
}

/// The whole calculation for one claim date (`claim`: instead of the scenario's).
fn compute(
    s: &Scenario,
    p: &PensionParams,
    today: Date,
    claim: Option<Date>,
    explain: bool,
) -> Result<PensionResult, PensionError> {
    let mut ex = Explainer::new(explain);
    check_birth_date(s, today)?;
    let right = right_date(s, p)?;
    let (claim, deferral_months) = claim_date(s, &right, claim)?;
    ex.right_date(p, s, &right, deferral_months);

    // The requirements of the year the right arises (the last table row holds for
    // later years).
    let requirement_year = right.date.year();
    let req = requirements(p, requirement_year)?;
    ex.requirements(requirement_year, req);

    let points = match s.ipk_total {
        Some(total) => known_total(s, total, &mut ex),
        None => career(s, p, today, claim.year(), &mut ex)?,
    };

    let eligibility = eligibility(points.insurance_years, points.ipk_total, req);
    ex.eligibility(
        eligibility.shortfall.as_ref(),
        points.insurance_years,
        points.ipk_total,
        req,
    );

    let (full_years, prem) = premium(p, deferral_months)?;
    ex.deferral(deferral_months, full_years, prem);

    let (spk, fv) = prices(p, claim)?;
    let in_todays_prices = claim > today;
    ex.prices(spk, fv, claim, in_todays_prices, p.as_of);

    let fixed = fixed_payment(s, p, fv.value, prem.kv_fv);
    ex.increases(s, p, &fixed);

    let amount = amount(
        points.ipk_total,
        prem.kv_ipk,
        spk.value,
        &fixed,
        eligibility.eligible,
    );
    ex.formula(
        points.ipk_total,
        prem.kv_ipk,
        spk.value,
        &amount,
        eligibility.eligible,
    );

    let t = wording::summary(&wording::SummaryFacts {
        claim,
        eligible: eligibility.eligible,
        shortfall: eligibility.shortfall.as_ref(),
        monthly: amount.total,
        ipk: points.ipk_total,
        spk: spk.value,
        fixed_part: amount.fixed_part,
        fv: fv.value,
        kv_ipk: prem.kv_ipk,
        in_todays_prices,
    });
    let summary = Summary { ru: t.ru, en: t.en };

    Ok(PensionResult {
        right_date: right.date,
        right_date_basis: right.basis,
        retirement_age_months: right.age_months,
        claim_date: claim,
        eligible: eligibility.eligible,
        shortfall: eligibility.shortfall,
        requirement_year,
        required_years: req.min_years,
        required_ipk: req.min_ipk,
        insurance_years: points.insurance_years,
        ipk_pre2015: points.ipk_pre2015,
        ipk_so_far: s.ipk_so_far,
        ipk_by_year: points.years.iter().map(|y| (y.year, y.points)).collect(),
        projected: points.years.iter().any(|y| y.projected),
        years: points.years,
        non_insurance: points.non_insurance,
        ipk_non_insurance: points.ipk_non_insurance,
        ipk_total: points.ipk_total,
        deferral_months,
        deferral_full_years: full_years,
        kv_ipk: prem.kv_ipk,
        kv_fv: prem.kv_fv,
        spk: spk.value,
        fv: fv.value,
        points_part: amount.points_part,
        fixed_part: amount.fixed_part,
        amount_if_eligible: amount.total,
        monthly_pension: amount.monthly,
        prices_as_of: spk.effective.max(fv.effective),
        in_todays_prices,
        params_as_of: p.as_of,
        summary,
        explanation: ex.into_lines(),
    })
}

// ----- the right date and the claim date

/// The day the right to a pension arises, and how it was found.
pub(super) struct RightDate {
    pub date: Date,
    pub basis: RightDateBasis,
    /// Retirement age in months (from the birth date only).
    pub age_months: Option<u32>,
}

fn right_date(s: &Scenario, p: &PensionParams) -> Result<RightDate, PensionError> {
    let (right, field) = match (s.sex, s.birth_date) {
        (Some(sex), Some(birth)) => {
            let old = match sex {
                Sex::Male => p.retirement_age.old_age_male,
                Sex::Female => p.retirement_age.old_age_female,
            };
            let old_year = birth.year() + i32::try_from(old).unwrap_or(0);
            let months = p.retirement_age_months(sex, old_year);
            let date = date::add_months(birth, i64::from(months)).ok_or_else(|| {
                PensionError::new(Code::OutOfRange, "birth_date", "date out of range")
            })?;
            let right = RightDate {
                date,
                basis: RightDateBasis::BirthDate,
                age_months: Some(months),
            };
            (right, "birth_date")
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
            let date = date::add_months(claim, back).ok_or_else(|| {
                PensionError::new(Code::OutOfRange, "deferral_months", "date out of range")
            })?;
            let right = RightDate {
                date,
                basis: RightDateBasis::ClaimDate,
                age_months: None,
            };
            (right, "claim_date")
        }
    };
    if right.date < first_day_2015() {
        return Err(PensionError::new(
            Code::OutOfRange,
            field,
            format!(
                "the right arises on {}, before 2015: pensions assigned before Law 400-FZ are outside this calculator",
                right.date
            ),
        ));
    }
    Ok(right)
}

/// The claim date (`claim`, else the scenario's, else the right date plus the
/// deferral) and the full months it comes after the right date.
fn claim_date(
    s: &Scenario,
    right: &RightDate,
    claim: Option<Date>,
) -> Result<(Date, u32), PensionError> {
    let given = claim.is_some();
    let claim = match claim.or(s.claim_date) {
        Some(c) => c,
        None => add_months(right.date, s.deferral_months.unwrap_or(0))?,
    };
    if claim < right.date {
        return Err(PensionError::new(
            Code::ClaimBeforeRight,
            "claim_date",
            format!(
                "the right to a pension arises on {}; a claim before that is not possible",
                right.date
            ),
        ));
    }
    let deferral_months = date::months_between(right.date, claim);
    if !given
        && right.basis == RightDateBasis::BirthDate
        && s.claim_date.is_some()
        && let Some(d) = s.deferral_months
        && d != deferral_months
    {
        return Err(PensionError::new(
            Code::Conflict,
            "deferral_months",
            format!(
                "the claim date is {deferral_months} months after the right arises ({}), not {d}",
                right.date
            ),
        ));
    }
    Ok((claim, deferral_months))
}

/// The requirements of the year the right arises; they stay frozen afterwards.
fn requirements(p: &PensionParams, year: i32) -> Result<&MinRequirement, PensionError> {
    p.min_requirement(year).ok_or_else(|| {
        PensionError::new(
            Code::OutOfRange,
            "claim_date",
            "no requirements before 2015",
        )
    })
}

// ----- points and the insurance record

/// The points and the record the amount and eligibility are computed from.
struct Points {
    ipk_pre2015: Decimal,
    years: Vec<YearPoints>,
    non_insurance: Vec<NonInsurancePoints>,
    ipk_non_insurance: Decimal,
    ipk_total: Decimal,
    /// None when unknown (a known total without `insurance_years`).
    insurance_years: Option<Decimal>,
}

/// Where the rights brought into the calculation come from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Earlier {
    /// `ipk_pre2015`, `insurance_years_pre2015`: converted rights before 2015.
    Pre2015,
    /// `ipk_so_far`, `insurance_years_so_far`: the statement, up to this year.
    SoFar(i32),
}

impl Earlier {
    /// The first year whose wages count.
    pub fn wages_from(self) -> i32 {
        match self {
            Earlier::Pre2015 => 2015,
            Earlier::SoFar(year) => year,
        }
    }
}

/// The insurance record, as given or as added up.
pub(super) enum InsuranceRecord {
    Given(Decimal),
    Computed {
        earlier: Earlier,
        brought: Decimal,
        /// Years with a wage above zero, from [`Earlier::wages_from`].
        with_wages: Decimal,
        non_insurance: Decimal,
        total: Decimal,
    },
}

impl InsuranceRecord {
    fn years(&self) -> Decimal {
        match self {
            InsuranceRecord::Given(y) => *y,
            InsuranceRecord::Computed { total, .. } => *total,
        }
    }
}

/// A known total of points (and perhaps a known record): nothing to add up.
fn known_total(s: &Scenario, total: Decimal, ex: &mut Explainer) -> Points {
    ex.known_total(total, s.insurance_years);
    Points {
        ipk_pre2015: Decimal::ZERO,
        years: Vec::new(),
        non_insurance: Vec::new(),
        ipk_non_insurance: Decimal::ZERO,
        ipk_total: total,
        insurance_years: s.insurance_years,
    }
}

/// A career: rights brought in, plus wages year by year, plus non-insurance periods.
fn career(
    s: &Scenario,
    p: &PensionParams,
    today: Date,
    claim_year: i32,
    ex: &mut Explainer,
) -> Result<Points, PensionError> {
    let earlier = earlier(s, today)?;
    let ipk_pre2015 = s.ipk_pre2015.unwrap_or_default();
    let brought = s.ipk_so_far.unwrap_or(ipk_pre2015);
    ex.earlier(earlier, brought);

    let (years, not_counted) = wage_points(s, p, today, claim_year);
    // Consecutive years computed alike (same wage, base, cap, points and flags) are
    // explained as one line.
    let mut i = 0;
    while i < years.len() {
        let first = &years[i];
        let mut j = i + 1;
        while j < years.len()
            && years[j].year == years[j - 1].year + 1
            && same_computation(first, &years[j])
        {
            j += 1;
        }
        ex.years(first, years[j - 1].year, s.funded_option);
        i = j;
    }
    ex.not_counted(&not_counted, claim_year);

    let non_insurance = non_insurance_points(s, p);
    for n in &non_insurance {
        ex.non_insurance(n, p.non_insurance.child_care.max_years_total);
    }

    let ipk_non_insurance: Decimal = non_insurance.iter().map(|n| n.points).sum();
    let from_wages: Decimal = years.iter().map(|y| y.points).sum();
    let ipk_total = (brought + from_wages + ipk_non_insurance).normalize();
    ex.total(earlier, brought, from_wages, ipk_non_insurance, ipk_total);

    let record = insurance_record(s, earlier, &years, &non_insurance);
    ex.insurance_record(&record);
    Ok(Points {
        ipk_pre2015,
        years,
        non_insurance,
        ipk_non_insurance,
        ipk_total,
        insurance_years: Some(record.years()),
    })
}

/// The statement's totals to the end of last year, or the rights before 2015. With
/// the totals so far, wages of years they already contain are refused.
fn earlier(s: &Scenario, today: Date) -> Result<Earlier, PensionError> {
    if s.ipk_so_far.is_none() && s.insurance_years_so_far.is_none() {
        return Ok(Earlier::Pre2015);
    }
    let year = today.year();
    if let Some(&past) = s.wages.keys().find(|&&y| y < year) {
        return Err(PensionError::new(
            Code::Conflict,
            format!("wages.{past}"),
            format!("the points so far already include every year before {year}"),
        ));
    }
    Ok(Earlier::SoFar(year))
}

/// Points from wages for each year before the claim year (`future_wage` fills the
/// years from today's on), and the years given that do not count yet.
fn wage_points(
    s: &Scenario,
    p: &PensionParams,
    today: Date,
    claim_year: i32,
) -> (Vec<YearPoints>, Vec<i32>) {
    let mut wage_years = s.wages.clone();
    if let Some(fw) = s.future_wage {
        for y in today.year().max(2015)..claim_year {
            wage_years.entry(y).or_insert(fw);
        }
    }
    let mut years = Vec::new();
    let mut not_counted = Vec::new();
    for (&year, &wage) in &wage_years {
        if year >= claim_year {
            if s.wages.contains_key(&year) {
                not_counted.push(year);
            }
            continue;
        }
        let Ok(mut y) = year_points(p, year, wage, s.funded_option) else {
            continue; // years before 2015 are rejected by the scenario parser
        };
        y.projected = year >= today.year();
        y.wage_assumed = !s.wages.contains_key(&year);
        years.push(y);
    }
    (years, not_counted)
}

/// Points of each non-insurance period. Child care counts at most the table's
/// `max_years_total` in all; the best-paid children count first.
fn non_insurance_points(s: &Scenario, p: &PensionParams) -> Vec<NonInsurancePoints> {
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
    let mut order: Vec<usize> = (0..s.non_insurance.len()).collect();
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
    s.non_insurance
        .iter()
        .enumerate()
        .map(|(i, n)| NonInsurancePoints {
            kind: n.kind,
            child: n.child,
            years: n.years,
            counted_years: counted_years[i],
            ipk_per_year: rate(i),
            points: round3(counted_years[i] * rate(i)),
        })
        .collect()
}

/// The record given in the scenario, or the one brought in plus the years with a
/// wage plus the non-insurance years that count.
fn insurance_record(
    s: &Scenario,
    earlier: Earlier,
    years: &[YearPoints],
    non_insurance: &[NonInsurancePoints],
) -> InsuranceRecord {
    if let Some(y) = s.insurance_years {
        return InsuranceRecord::Given(y);
    }
    let brought = s
        .insurance_years_so_far
        .or(s.insurance_years_pre2015)
        .unwrap_or_default();
    let with_wages = Decimal::from(years.iter().filter(|y| y.wage > Decimal::ZERO).count());
    let non_insurance: Decimal = non_insurance.iter().map(|n| n.counted_years).sum();
    InsuranceRecord::Computed {
        earlier,
        brought,
        with_wages,
        non_insurance,
        total: brought + with_wages + non_insurance,
    }
}

// ----- eligibility and the amount

/// Whether the requirements are met, and if not, what is missing.
struct Eligibility {
    eligible: bool,
    shortfall: Option<Shortfall>,
}

/// An unknown record is not checked: then only the points decide.
fn eligibility(
    insurance_years: Option<Decimal>,
    ipk_total: Decimal,
    req: &MinRequirement,
) -> Eligibility {
    let missing = |need: Decimal, have: Decimal| (have < need).then(|| (need - have).normalize());
    let years = insurance_years.and_then(|y| missing(Decimal::from(req.min_years), y));
    let ipk = missing(req.min_ipk, ipk_total);
    let eligible = years.is_none() && ipk.is_none();
    Eligibility {
        eligible,
        shortfall: (!eligible).then_some(Shortfall {
            insurance_years: years,
            ipk,
        }),
    }
}

/// Full years of deferral and the premium coefficients they earn.
fn premium(p: &PensionParams, deferral_months: u32) -> Result<(u32, &PremiumRow), PensionError> {
    let full_years = deferral_months / 12;
    let row = p
        .premium(full_years)
        .ok_or_else(|| PensionError::params_unavailable("premium table empty".into()))?;
    Ok((full_years, row))
}

/// SPK and FV in force on the claim date (the latest known for future dates).
fn prices(p: &PensionParams, claim: Date) -> Result<(&DatedValue, &DatedValue), PensionError> {
    let spk = p
        .spk_at(claim)
        .ok_or_else(|| PensionError::new(Code::OutOfRange, "claim_date", "before 2015"))?;
    let fv = p
        .fv_at(claim)
        .ok_or_else(|| PensionError::new(Code::OutOfRange, "claim_date", "before 2015"))?;
    Ok((spk, fv))
}

/// The fixed payment with the premium and the increases, before rounding.
pub(super) struct FixedPayment {
    pub value: Decimal,
    /// Dependants that count (at most the table's `max_dependants`).
    pub dependants: u32,
    /// The northern factor (1 when none applies).
    pub north: Decimal,
}

/// Increases are computed on the base fixed payment, the northern factor last.
fn fixed_payment(s: &Scenario, p: &PensionParams, fv: Decimal, kv_fv: Decimal) -> FixedPayment {
    let fi = &p.fixed_payment_increase;
    let mut value = fv * kv_fv;
    if s.age_80_or_group1 {
        value += fv * (fi.age_80_or_group1.factor - Decimal::ONE);
    }
    let dependants = s.dependants.min(fi.dependants.max_dependants);
    if dependants > 0 {
        value += fv * Decimal::from(dependants) / Decimal::from(fi.dependants.divisor);
    }
    let north = match s.far_north {
        FarNorth::None => Decimal::ONE,
        FarNorth::FarNorth => fi.far_north.factor,
        FarNorth::Equivalent => fi.far_north_equivalent.factor,
    };
    FixedPayment {
        value: value * north,
        dependants,
        north,
    }
}

/// The monthly amount: each part rounded to kopecks, then added.
pub(super) struct Amount {
    /// `round2(IPK × KvIPK × SPK)`.
    pub points_part: Decimal,
    /// `round2(FV × KvFV + increases)`.
    pub fixed_part: Decimal,
    /// Both parts, whether or not the person is eligible.
    pub total: Decimal,
    /// What is paid: `total` when eligible, else 0.00.
    pub monthly: Decimal,
}

fn amount(
    ipk_total: Decimal,
    kv_ipk: Decimal,
    spk: Decimal,
    fixed: &FixedPayment,
    eligible: bool,
) -> Amount {
    let points_part = kopecks(ipk_total * kv_ipk * spk);
    let fixed_part = kopecks(fixed.value);
    let total = points_part + fixed_part;
    Amount {
        points_part,
        fixed_part,
        total,
        monthly: if eligible {
            total
        } else {
            kopecks(Decimal::ZERO)
        },
    }
}
