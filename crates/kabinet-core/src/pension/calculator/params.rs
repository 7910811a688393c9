//! Typed parameter tables, loaded once from the embedded `data/pension-params.toml`.
//!
//! The data file is part of the source tree; a parse or validation failure is a bug
//! caught by `cargo test` (see `tests/pension_params.rs`). At run time it surfaces
//! as [`PensionError`] with code `parameters_unavailable`, never as a panic.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use super::error::PensionError;

const EMBEDDED: &str = include_str!("../../../data/pension-params.toml");

static PARAMS: LazyLock<Result<PensionParams, String>> =
    LazyLock::new(|| PensionParams::from_toml(EMBEDDED));

/// The embedded parameter tables (parsed on first use).
pub fn params() -> Result<&'static PensionParams, PensionError> {
    PARAMS
        .as_ref()
        .map_err(|e| PensionError::params_unavailable(e.clone()))
}

/// The "table date": the newest source the embedded tables were checked against.
pub fn params_as_of() -> Result<Date, PensionError> {
    params().map(|p| p.as_of)
}

/// How sure we are of a value (carried from the research notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ValueStatus {
    /// A published source states this exact value.
    Confirmed,
    /// Arithmetic from confirmed inputs.
    Derived,
    /// No published source seen; verify before relying on it.
    Unconfirmed,
}

/// A value in force from `effective` until the next row's `effective`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DatedValue {
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub effective: Date,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub value: Decimal,
    pub status: ValueStatus,
    pub source: String,
}

/// A value for one calendar year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct YearValue {
    pub year: i32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub value: Decimal,
    pub status: ValueStatus,
    pub source: String,
}

/// Annual cap on points earned from contributions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AnnualCap {
    pub year: i32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub cap: Decimal,
    /// Lower cap for those who kept a funded pension.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub cap_funded: Decimal,
    pub status: ValueStatus,
    pub status_funded: ValueStatus,
    pub source: String,
}

/// Minimum insurance years and points, by the year the right arises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct MinRequirement {
    pub year: i32,
    pub min_years: u32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub min_ipk: Decimal,
    pub status: ValueStatus,
    pub source: String,
}

/// Shift of the retirement age for those reaching the old age in `year`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AgeShift {
    pub year: i32,
    pub increase_months: u32,
    pub relief_months: u32,
}

/// A published cohort result (used by tests to check the rule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AgeCohort {
    pub sex: super::Sex,
    pub birth_year: i32,
    pub age_months: u32,
    pub status: ValueStatus,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RetirementAgeRule {
    pub old_age_male: u32,
    pub old_age_female: u32,
    pub status: ValueStatus,
    pub source: String,
    pub shift: Vec<AgeShift>,
    pub cohort: Vec<AgeCohort>,
}

/// Premium coefficients for `full_years` of deferral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PremiumRow {
    pub full_years: u32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_fv: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_fv_early: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_ipk: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub kv_ipk_early: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PremiumTable {
    pub status: ValueStatus,
    pub source: String,
    pub row: Vec<PremiumRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Rate {
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_per_year: Decimal,
    pub status: ValueStatus,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ChildRate {
    pub child: u32,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_per_year: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ChildCareRates {
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub max_years_per_child: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub max_years_total: Decimal,
    pub status: ValueStatus,
    pub source: String,
    pub child: Vec<ChildRate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct NonInsuranceRates {
    pub military_service: Rate,
    pub care: Rate,
    pub child_care: ChildCareRates,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Factor {
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub factor: Decimal,
    pub status: ValueStatus,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct DependantsIncrease {
    /// Each dependant adds FV / divisor.
    pub divisor: u32,
    pub max_dependants: u32,
    pub status: ValueStatus,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct FixedPaymentIncreases {
    pub age_80_or_group1: Factor,
    pub dependants: DependantsIncrease,
    pub far_north: Factor,
    pub far_north_equivalent: Factor,
}

/// All parameter tables, typed. Rows of each table are in ascending order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PensionParams {
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub as_of: Date,
    pub spk: Vec<DatedValue>,
    pub fv: Vec<DatedValue>,
    pub max_base: Vec<YearValue>,
    pub annual_cap: Vec<AnnualCap>,
    pub min_requirements: Vec<MinRequirement>,
    pub retirement_age: RetirementAgeRule,
    pub premium: PremiumTable,
    pub non_insurance: NonInsuranceRates,
    pub fixed_payment_increase: FixedPaymentIncreases,
}

// ----- raw file shape -----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema_version: u32,
    as_of: toml::value::Datetime,
    spk: Vec<RawDated>,
    fv: Vec<RawDated>,
    max_base: Vec<RawYear>,
    annual_cap: Vec<AnnualCap>,
    min_requirements: Vec<MinRequirement>,
    retirement_age: RetirementAgeRule,
    premium: PremiumTable,
    non_insurance: NonInsuranceRates,
    fixed_payment_increase: FixedPaymentIncreases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDated {
    effective: toml::value::Datetime,
    value: Decimal,
    status: ValueStatus,
    source: String,
    #[serde(default)]
    #[allow(dead_code)] // kept in the file for people, not used in arithmetic
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    value: Decimal,
    status: ValueStatus,
    source: String,
}

fn toml_date(d: &toml::value::Datetime, what: &str) -> Result<Date, String> {
    let date = d
        .date
        .filter(|_| d.time.is_none() && d.offset.is_none())
        .ok_or_else(|| format!("{what}: expected a plain date, got {d}"))?;
    let month = time::Month::try_from(date.month).map_err(|e| format!("{what}: {e}"))?;
    Date::from_calendar_date(i32::from(date.year), month, date.day)
        .map_err(|e| format!("{what}: {e}"))
}

fn dated(rows: Vec<RawDated>, table: &str) -> Result<Vec<DatedValue>, String> {
    rows.into_iter()
        .map(|r| {
            Ok(DatedValue {
                effective: toml_date(&r.effective, table)?,
                value: r.value,
                status: r.status,
                source: r.source,
            })
        })
        .collect()
}

impl PensionParams {
    /// Parses a parameter file and checks the invariants lookups rely on
    /// (see [`PensionParams::problems`]).
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| e.to_string())?;
        if raw.schema_version != 1 {
            return Err(format!("unsupported schema_version {}", raw.schema_version));
        }
        let params = PensionParams {
            as_of: toml_date(&raw.as_of, "as_of")?,
            spk: dated(raw.spk, "spk")?,
            fv: dated(raw.fv, "fv")?,
            max_base: raw
                .max_base
                .into_iter()
                .map(|r| YearValue {
                    year: r.year,
                    value: r.value,
                    status: r.status,
                    source: r.source,
                })
                .collect(),
            annual_cap: raw.annual_cap,
            min_requirements: raw.min_requirements,
            retirement_age: raw.retirement_age,
            premium: raw.premium,
            non_insurance: raw.non_insurance,
            fixed_payment_increase: raw.fixed_payment_increase,
        };
        let problems = params.problems();
        if problems.is_empty() {
            Ok(params)
        } else {
            Err(problems.join("; "))
        }
    }

    /// Structural problems: empty tables, keys not strictly ascending, values not
    /// positive, per-year tables with gaps, premium rows not 0..=10 and not increasing.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let first = Date::from_calendar_date(2015, time::Month::January, 1).ok();
        for (name, rows) in [("spk", &self.spk), ("fv", &self.fv)] {
            if rows.first().map(|r| r.effective) != first {
                out.push(format!("{name}: must start on 2015-01-01"));
            }
            for w in rows.windows(2) {
                if w[0].effective >= w[1].effective {
                    out.push(format!(
                        "{name}: {} not after {}",
                        w[1].effective, w[0].effective
                    ));
                }
            }
            for r in rows {
                if r.value <= Decimal::ZERO {
                    out.push(format!("{name} {}: value not positive", r.effective));
                }
            }
        }
        let years = |name: &str, ys: Vec<i32>, out: &mut Vec<String>| {
            if ys.first() != Some(&2015) {
                out.push(format!("{name}: must start in 2015"));
            }
            for w in ys.windows(2) {
                if w[1] != w[0] + 1 {
                    out.push(format!("{name}: {} does not follow {}", w[1], w[0]));
                }
            }
        };
        years(
            "max_base",
            self.max_base.iter().map(|r| r.year).collect(),
            &mut out,
        );
        years(
            "annual_cap",
            self.annual_cap.iter().map(|r| r.year).collect(),
            &mut out,
        );
        years(
            "min_requirements",
            self.min_requirements.iter().map(|r| r.year).collect(),
            &mut out,
        );
        for r in &self.max_base {
            if r.value <= Decimal::ZERO {
                out.push(format!("max_base {}: not positive", r.year));
            }
        }
        for r in &self.annual_cap {
            if r.cap <= Decimal::ZERO || r.cap_funded <= Decimal::ZERO || r.cap_funded > r.cap {
                out.push(format!("annual_cap {}: need 0 < cap_funded <= cap", r.year));
            }
        }
        for r in &self.min_requirements {
            if r.min_years == 0 || r.min_ipk <= Decimal::ZERO {
                out.push(format!("min_requirements {}: not positive", r.year));
            }
        }
        for w in self.retirement_age.shift.windows(2) {
            if w[0].year >= w[1].year {
                out.push("retirement_age.shift: years not ascending".into());
            }
        }
        let rows = &self.premium.row;
        if rows.iter().map(|r| r.full_years).ne(0..=10) {
            out.push("premium: rows must be full_years 0..=10".into());
        }
        for w in rows.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if b.kv_fv <= a.kv_fv
                || b.kv_ipk <= a.kv_ipk
                || b.kv_fv_early <= a.kv_fv_early
                || b.kv_ipk_early <= a.kv_ipk_early
            {
                out.push(format!(
                    "premium: row {} not above row {}",
                    b.full_years, a.full_years
                ));
            }
        }
        let ni = &self.non_insurance;
        if ni.military_service.ipk_per_year <= Decimal::ZERO
            || ni.care.ipk_per_year <= Decimal::ZERO
            || ni.child_care.max_years_per_child <= Decimal::ZERO
            || ni.child_care.max_years_total <= Decimal::ZERO
            || ni.child_care.child.iter().map(|c| c.child).ne(1..=4)
            || ni
                .child_care
                .child
                .iter()
                .any(|c| c.ipk_per_year <= Decimal::ZERO)
        {
            out.push("non_insurance: rates must be positive, children 1..=4".into());
        }
        let fi = &self.fixed_payment_increase;
        if fi.dependants.divisor == 0
            || [
                &fi.age_80_or_group1,
                &fi.far_north,
                &fi.far_north_equivalent,
            ]
            .iter()
            .any(|f| f.factor <= Decimal::ONE)
        {
            out.push("fixed_payment_increase: factors must exceed 1, divisor non-zero".into());
        }
        out
    }

    /// The row in force on `date` (None before the first row).
    pub fn spk_at(&self, date: Date) -> Option<&DatedValue> {
        self.spk.iter().rev().find(|r| r.effective <= date)
    }

    /// The row in force on `date` (None before the first row).
    pub fn fv_at(&self, date: Date) -> Option<&DatedValue> {
        self.fv.iter().rev().find(|r| r.effective <= date)
    }

    /// Maximum base of `year`; years after the table use the latest known value.
    pub fn max_base(&self, year: i32) -> Option<&YearValue> {
        per_year(&self.max_base, year, |r| r.year)
    }

    /// Annual cap of `year`; years after the table use the latest known value.
    pub fn annual_cap(&self, year: i32) -> Option<&AnnualCap> {
        per_year(&self.annual_cap, year, |r| r.year)
    }

    /// Requirements for a right arising in `year` (the last row holds for later years).
    pub fn min_requirement(&self, year: i32) -> Option<&MinRequirement> {
        per_year(&self.min_requirements, year, |r| r.year)
    }

    /// Premium row for `full_years` of deferral (no further increase after the last row).
    pub fn premium(&self, full_years: u32) -> Option<&PremiumRow> {
        self.premium
            .row
            .iter()
            .rev()
            .find(|r| r.full_years <= full_years)
    }

    /// The latest year with a published maximum base.
    pub fn last_known_year(&self) -> i32 {
        self.max_base.last().map_or(2015, |r| r.year)
    }

    /// Points per year of child care for the `child`-th child (None if out of range).
    pub fn child_care_rate(&self, child: u32) -> Option<Decimal> {
        self.non_insurance
            .child_care
            .child
            .iter()
            .find(|c| c.child == child)
            .map(|c| c.ipk_per_year)
    }

    /// Retirement age in months for a person of `sex` reaching the old-rules age in `year`.
    pub fn retirement_age_months(&self, sex: super::Sex, old_age_year: i32) -> u32 {
        let ra = &self.retirement_age;
        let old = match sex {
            super::Sex::Male => ra.old_age_male,
            super::Sex::Female => ra.old_age_female,
        } * 12;
        match ra.shift.iter().rev().find(|s| s.year <= old_age_year) {
            Some(s) => old + s.increase_months - s.relief_months.min(s.increase_months),
            None => old,
        }
    }

    /// Every per-year value as a map, for display (year -> max base).
    pub fn max_base_by_year(&self) -> BTreeMap<i32, Decimal> {
        self.max_base.iter().map(|r| (r.year, r.value)).collect()
    }
}

fn per_year<T>(rows: &[T], year: i32, key: impl Fn(&T) -> i32) -> Option<&T> {
    let first = rows.first()?;
    if year < key(first) {
        return None;
    }
    rows.iter().rev().find(|r| key(r) <= year)
}
