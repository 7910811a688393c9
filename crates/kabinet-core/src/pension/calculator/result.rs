//! What the calculator answers: the result for one claim date, its year-by-year
//! and period-by-period parts, the explanation lines, and the deferral series.
//! Decimals travel as strings in TypeScript (exact), dates as `YYYY-MM-DD`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use super::scenario::NonInsuranceKind;

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
    /// Years that count (child care: at most the table's `max_years_total` in all).
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
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub right_date: Date,
    pub right_date_basis: RightDateBasis,
    /// Retirement age in months (when computed from the birth date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retirement_age_months: Option<u32>,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub claim_date: Date,
    pub eligible: bool,
    /// What is missing to be entitled; None when eligible.
    pub shortfall: Option<Shortfall>,
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
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub prices_as_of: Date,
    /// The claim date is after today: latest known SPK/FV, i.e. today's prices.
    pub in_todays_prices: bool,
    /// Some points are not yet earned (years from today's year on).
    pub projected: bool,
    /// Date of the parameter tables.
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub params_as_of: Date,
    /// The answer in one plain sentence, shown before the explanation.
    pub summary: Summary,
    pub explanation: Vec<ExplanationLine>,
}

/// The result in one plain sentence, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Summary {
    pub ru: String,
    pub en: String,
}

/// What is missing to meet the requirements of the year the right arises.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Shortfall {
    /// Insurance years still missing (`required_years − insurance_years`); None when
    /// the record is long enough or unknown (then only points are checked).
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub insurance_years: Option<Decimal>,
    /// Points still missing (`required_ipk − ipk_total`); None when there are enough.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub ipk: Option<Decimal>,
}

/// One point of the "monthly amount vs claim year" series.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeferralPoint {
    #[serde(with = "crate::date::iso")]
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
