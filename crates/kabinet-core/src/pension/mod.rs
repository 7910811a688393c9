//! The pension feature. Today: the insurance old-age pension calculator
//! ([`calculator`]), re-exported here (`kabinet_core::pension::calculate`); the
//! citizen's pension record will join it.

pub mod calculator;

pub use crate::date::from_unix_seconds as date_from_unix_seconds;
pub use calculator::{
    DeferralPoint, ExplanationLine, FarNorth, NonInsuranceKind, NonInsurancePeriod,
    NonInsurancePoints, PensionError, PensionErrorCode, PensionParams, PensionResult,
    RightDateBasis, Scenario, Sex, Shortfall, YearPoints, answer_json, calculate, deferral_series,
    params, params_as_of, parse_date, points_by_year,
};

/// The parameter table compiled in (the text `params()` parses), for the portal
/// to serve and sign by default.
pub const BUILT_IN_PARAMS_TOML: &str = include_str!("../../data/pension-params.toml");
