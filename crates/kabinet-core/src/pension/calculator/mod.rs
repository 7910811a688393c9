//! Insurance old-age pension calculator (Federal Law 400-FZ "On insurance pensions",
//! in force since 2015-01-01).
//!
//! Pure and deterministic: parameter tables come from the embedded
//! `data/pension-params.toml` (every value with its source and status), and "today"
//! is passed in by the caller.
//!
//! Entry points (all take a [`Scenario`] and `today`):
//! - [`calculate`]: the full answer for one claim date, with a bilingual explanation;
//! - [`deferral_series`]: monthly amount for claiming 0..=10 years after the right arises;
//! - [`points_by_year`]: points year by year, earned vs projected;
//! - [`params()`] / [`params_as_of`]: the tables and their date;
//! - [`answer_json`]: scenario JSON in, result JSON out (the CLI).
//!
//! The parts: [`mod@params`] (the typed tables), `scenario` (validated input), `compute`
//! (the arithmetic, one function per step), `explain` (which explanation lines a
//! calculation gets) and `wording` (their Russian and English sentences), `result`
//! (what is answered) and `error` (the one error type).
//!
//! # The rule, and how we round
//! `pension = IPK × KvIPK × SPK + FV × KvFV (× increases)`, where SPK (value of a point)
//! and FV (fixed payment) are those in force on the claim date.
//! - Points of one year from wages: `round3(min(wage, max_base) / max_base × 10)`,
//!   half up, **then** limited by the year's cap (lower cap with a funded pension).
//! - Non-insurance periods: `years × points per year`, rounded to 3 decimals, half up.
//! - Money: the points part (`IPK × KvIPK × SPK`) and the fixed part (`FV × KvFV`
//!   with increases) are each rounded to kopecks, half up, and then added.
//!
//! # Projection
//! Years after the last published table row use the latest known maximum base and
//! cap; claim dates after the last SPK/FV change use the latest known SPK/FV. Future
//! indexation is not guessed: such results are "in today's prices", and say so.

mod compute;
mod error;
mod explain;
pub mod params;
mod result;
mod scenario;
pub(crate) mod wording;

pub use compute::{
    calculate, calculate_with, deferral_series, deferral_series_with, points_by_year,
    points_by_year_with, year_points,
};
pub use error::{PensionError, PensionErrorCode};
pub use params::{PensionParams, params, params_as_of};
pub use result::{
    DeferralPoint, ExplanationLine, NonInsurancePoints, PensionResult, RightDateBasis, Shortfall,
    Summary, YearPoints,
};
pub use scenario::{FarNorth, NonInsuranceKind, NonInsurancePeriod, Scenario, Sex, parse_date};

/// The whole `kabinet pension --json` answer: scenario JSON in, result JSON out.
/// Errors are bad input (exit 2) unless the code is `parameters_unavailable`.
pub fn answer_json(input: &str, today: time::Date) -> Result<String, PensionError> {
    let scenario = Scenario::from_json(input)?;
    let result = calculate(&scenario, today)?;
    serde_json::to_string_pretty(&result).map_err(|e| {
        PensionError::whole(
            PensionErrorCode::ParametersUnavailable,
            format!("cannot write the result: {e}"),
        )
    })
}
