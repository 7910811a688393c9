//! The contribution tariffs by year (embedded `data/contribution-tariffs.toml`) joined
//! with the year's maximum base from the pension parameters: what an employer owes on
//! a worker's pay.
//!
//! The base is per employer and per year, and it is cumulative: pay from January on
//! is charged at the rate within the base until the year's total reaches it, and at
//! the rate above it after that. Amounts are rounded to kopecks, half up.

use std::sync::LazyLock;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::pension::PensionParams;
use crate::pension::calculator::params::ValueStatus;

const EMBEDDED: &str = include_str!("../../../data/contribution-tariffs.toml");

static TARIFFS: LazyLock<Result<Tariffs, String>> = LazyLock::new(|| Tariffs::from_toml(EMBEDDED));

/// One row of the tariff table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Tariff {
    pub from_year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_year: Option<i32>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_within: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_above: Decimal,
    /// The single tariff (pension, social and medical insurance in one), from 2023.
    pub single: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: ValueStatus,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tariffs {
    pub schema_version: u32,
    pub tariff: Vec<Tariff>,
}

/// The tariff of one year with that year's maximum base.
#[derive(Debug, Clone, PartialEq)]
pub struct TariffYear<'a> {
    pub year: i32,
    pub tariff: &'a Tariff,
    pub max_base: Decimal,
    /// The year is after the last published base: the latest one is used.
    pub base_projected: bool,
}

/// The embedded tariff table.
pub fn tariffs() -> Result<&'static Tariffs, String> {
    TARIFFS.as_ref().map_err(Clone::clone)
}

pub(super) fn kopecks(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

impl Tariffs {
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let t: Tariffs = toml::from_str(text).map_err(|e| format!("contribution tariffs: {e}"))?;
        if t.schema_version != 1 {
            return Err(format!(
                "contribution tariffs: schema_version {}",
                t.schema_version
            ));
        }
        let mut next = 2015;
        for (i, row) in t.tariff.iter().enumerate() {
            if row.from_year != next {
                return Err(format!(
                    "tariff {i}: starts in {}, expected {next}",
                    row.from_year
                ));
            }
            let rates_ok = |r: Decimal| r > Decimal::ZERO && r < Decimal::ONE;
            if !rates_ok(row.rate_within) || !rates_ok(row.rate_above) {
                return Err(format!("tariff {i}: rates must be between 0 and 1"));
            }
            match row.to_year {
                Some(to) if to < row.from_year => {
                    return Err(format!("tariff {i}: ends before it starts"));
                }
                Some(to) => next = to + 1,
                None if i + 1 != t.tariff.len() => {
                    return Err(format!("tariff {i}: only the last row may be open-ended"));
                }
                None => {}
            }
            if row.source.trim().is_empty() {
                return Err(format!("tariff {i}: no source"));
            }
        }
        if t.tariff.last().is_some_and(|r| r.to_year.is_some()) {
            return Err("contribution tariffs: the last row must be open-ended".into());
        }
        Ok(t)
    }

    /// The row in force in `year` (2015 on).
    pub fn row(&self, year: i32) -> Option<&Tariff> {
        self.tariff
            .iter()
            .find(|r| r.from_year <= year && r.to_year.is_none_or(|to| year <= to))
    }

    /// The tariff of `year` with its maximum base (the latest known base for later
    /// years).
    pub fn year<'a>(&'a self, params: &PensionParams, year: i32) -> Option<TariffYear<'a>> {
        let tariff = self.row(year)?;
        let last = params.last_known_year();
        let base = params.max_base(year.min(last))?;
        Some(TariffYear {
            year,
            tariff,
            max_base: base.value,
            base_projected: year > last,
        })
    }
}

impl TariffYear<'_> {
    /// Contributions due on `pay` when `before` was already paid this year by the
    /// same employer (the base is cumulative), to kopecks.
    pub fn due(&self, before: Decimal, pay: Decimal) -> Decimal {
        let room = (self.max_base - before).max(Decimal::ZERO);
        let within = pay.min(room).max(Decimal::ZERO);
        let above = (pay - within).max(Decimal::ZERO);
        kopecks(within * self.tariff.rate_within + above * self.tariff.rate_above)
    }

    /// Contributions due on a whole year's pay from one employer.
    pub fn due_for_year(&self, pay: Decimal) -> Decimal {
        self.due(Decimal::ZERO, pay)
    }
}
