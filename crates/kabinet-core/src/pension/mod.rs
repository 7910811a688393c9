//! The pension feature. Today: the insurance old-age pension calculator
//! ([`calculator`]), re-exported here (`kabinet_core::pension::calculate`); and the
//! citizen's pension record ([`record`]): rights by year, employers, discrepancies.

pub mod calculator;
pub mod disability;
pub mod edv;
pub mod payments;
pub mod record;

pub use crate::date::from_unix_seconds as date_from_unix_seconds;
pub use calculator::{
    DeferralPoint, ExplanationLine, FarNorth, NonInsuranceKind, NonInsurancePeriod,
    NonInsurancePoints, PensionError, PensionErrorCode, PensionParams, PensionResult,
    RightDateBasis, Scenario, Sex, Shortfall, YearPoints, answer_json, calculate, calculate_with,
    deferral_series, deferral_series_with, params, params_as_of, parse_date, points_by_year,
    points_by_year_with, year_points,
};

/// The parameter table compiled in (the text `params()` parses), for the portal
/// to serve and sign by default.
pub const BUILT_IN_PARAMS_TOML: &str = include_str!("../../data/pension-params.toml");

/// The Russian forms of numbers («128,944»), money («241 678,80 ₽» without the
/// sign: «241 678,80»), points («7,499 балла») and dates («03.12.2026») the
/// calculator writes — for the documents the portal renders.
pub mod text {
    pub use super::calculator::wording::{ru, ru_date, ru_money, ru_points};
    pub use super::record::letters::MONTHS_RU;
}
