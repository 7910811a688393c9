//! Civil dates (birth, claim, effective dates) as the core reads, writes and counts
//! them: `YYYY-MM-DD` text, read by [`parse`] only and written by [`iso`] (serde),
//! years [`FIRST_YEAR`] to [`LAST_YEAR`], and calendar-month arithmetic. Instants
//! (UTC) are not civil dates; [`from_unix_seconds`] turns a clock reading into one.

use time::format_description::BorrowedFormatItem;
use time::{Date, Month};

/// The one text form of a civil date.
pub const ISO_DATE: &[BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// The earliest and latest years a civil date may have.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2100;

// `#[serde(with = "crate::date::iso")]`: `YYYY-MM-DD` in JSON (the `time` default would
// be a tuple); `iso::option` for `Option<Date>`.
time::serde::format_description!(pub iso, Date, ISO_DATE);

/// Why a text is not a civil date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected a date YYYY-MM-DD")]
    Format,
    #[error("must be between {FIRST_YEAR} and {LAST_YEAR}")]
    OutOfRange,
}

/// `YYYY-MM-DD` (surrounding spaces ignored) into a date of the years
/// [`FIRST_YEAR`]..=[`LAST_YEAR`]. Every date the core reads from text goes through
/// here.
pub fn parse(text: &str) -> Result<Date, DateError> {
    let d = Date::parse(text.trim(), ISO_DATE).map_err(|_| DateError::Format)?;
    if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
        Ok(d)
    } else {
        Err(DateError::OutOfRange)
    }
}

/// The UTC date of a Unix timestamp (for adapters that own the clock).
pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .map(|t| t.date())
}

/// `d` plus `months` calendar months (negative: back); a day missing in the target
/// month becomes that month's last day (29 Feb + 1 year = 28 Feb).
pub fn add_months(d: Date, months: i64) -> Option<Date> {
    let index = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// Full calendar months from `a` to `b` (0 if `b` <= `a`).
pub fn months_between(a: Date, b: Date) -> u32 {
    if b <= a {
        return 0;
    }
    let mut m = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(u8::from(b.month()))
        - i64::from(u8::from(a.month()));
    while m > 0 && add_months(a, m).is_none_or(|d| d > b) {
        m -= 1;
    }
    u32::try_from(m).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

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
            assert_eq!(add_months(from, months), Some(to));
        }
        assert_eq!(
            add_months(date!(2024 - 03 - 31), -1),
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
