//! The citizen's pension record: what the fund holds ([`model`]), what the
//! tariffs ask ([`tariffs`]), the rights it gives by year ([`rights`], through the
//! calculator), and what is wrong in it ([`discrepancies`], with the texts of
//! [`letters`]). [`view`] puts it together as the portal answers it.

pub mod discrepancies;
pub mod letters;
pub mod model;
mod rights;
pub mod tariffs;

pub use letters::Holder;
pub use model::{
    Assigned, CreditedPeriod, Employer, EmploymentPeriod, MonthReport, Pre2015, Record,
};
pub use rights::length;
pub use tariffs::{Tariff, TariffYear, Tariffs, tariffs};

use time::Date;

use crate::api::pension::{AssignedView, PensionRecordView};
use crate::pension::{PensionError, YearPoints, params};

/// The record as the citizen sees it on `today`: rights to the end of last year,
/// every employer's years, and the discrepancies with their texts.
pub fn view(
    record: &Record,
    holder: &Holder,
    today: Date,
) -> Result<PensionRecordView, PensionError> {
    view_with_years(record, holder, today).map(|(v, _)| v)
}

/// [`view`], and the calculator's own year table it was computed from.
pub fn view_with_years(
    record: &Record,
    holder: &Holder,
    today: Date,
) -> Result<(PensionRecordView, Vec<YearPoints>), PensionError> {
    let p = params()?;
    let t = tariffs().map_err(PensionError::params_unavailable)?;
    let sums = rights::employer_sums(record, today);
    let r = rights::rights(record, p, t, &sums, today)?;
    let discrepancies = discrepancies::find(record, holder, p, t, &sums, today)?;
    let mut employers = r.employers;
    for e in &mut employers {
        for y in &mut e.years {
            y.flagged = discrepancies
                .iter()
                .any(|d| d.employer == e.reg_number && d.year == y.year);
        }
    }
    Ok((
        PensionRecordView {
            as_of: today,
            last_full_year: today.year() - 1,
            total_points: r.total_points,
            length: r.length,
            pre2015: r.pre2015,
            years: r.years,
            employers,
            credited: r.credited,
            discrepancies,
            assigned: record.assigned.as_ref().map(|a| AssignedView {
                since: a.since,
                monthly: a.monthly,
            }),
            calculator_start: crate::api::pension::CalculatorStart {
                birth_date: holder.birth_date,
                sex: holder.sex,
                ..r.start
            },
        },
        r.calculator_years,
    ))
}
