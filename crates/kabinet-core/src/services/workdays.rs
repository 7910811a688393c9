//! Working-day deadlines («принести документы в течение 5 рабочих дней») on Russia's
//! production calendar (производственный календарь, embedded
//! `data/production-calendar.toml`): the public holidays of Labour Code art. 112 and
//! each year's moved days off and working weekend days, with the decree behind them.
//!
//! A date in a year the table does not hold is an error, never a guess; a year whose
//! decree was not found is marked [`YearStatus::Unconfirmed`] (holidays only), and
//! [`deadline`] says whether the count crossed one.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;
use time::{Date, Month, Weekday};

const EMBEDDED: &str = include_str!("../../data/production-calendar.toml");

static CALENDAR: LazyLock<Result<Calendar, String>> =
    LazyLock::new(|| Calendar::from_toml(EMBEDDED));

/// Whether a year's transfers come from its decree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearStatus {
    /// The decree was found; its transfers are in the table.
    Confirmed,
    /// No decree found: the holidays only, without transfers.
    Unconfirmed,
}

/// Why a working-day question has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkdaysError {
    /// The production calendar does not hold this year.
    #[error("the production calendar has no year {0}")]
    OutsideCalendar(i32),
    /// The embedded table did not load (a build shipped a broken copy).
    #[error("the production calendar is broken: {0}")]
    Table(String),
}

impl WorkdaysError {
    /// Stable machine code: `outside_calendar`, `calendar_broken`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OutsideCalendar(_) => "outside_calendar",
            Self::Table(_) => "calendar_broken",
        }
    }
}

/// One year of the calendar, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarYear {
    pub year: i32,
    pub status: YearStatus,
    /// The decree (or, unconfirmed, the law) the year rests on.
    pub source: String,
    pub holidays: Vec<Date>,
    /// Weekdays off by a transfer.
    pub days_off: Vec<Date>,
    /// Weekend days that are working days by a transfer.
    pub working_days: Vec<Date>,
}

/// The production calendar: consecutive years, each checked at load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: Vec<CalendarYear>,
}

/// A deadline and whether every year it was counted through is confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub date: Date,
    /// `false`: the count crossed an unconfirmed year; the UI says the date may move.
    pub confirmed: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    schema_version: u32,
    year: Vec<RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    status: YearStatus,
    source: String,
    holidays: Vec<String>,
    days_off: Vec<String>,
    working_days: Vec<String>,
}

/// Labour Code art. 112 part 1: the non-working public holidays (month, day).
const HOLIDAYS: [(Month, u8); 14] = [
    (Month::January, 1),
    (Month::January, 2),
    (Month::January, 3),
    (Month::January, 4),
    (Month::January, 5),
    (Month::January, 6),
    (Month::January, 7),
    (Month::January, 8),
    (Month::February, 23),
    (Month::March, 8),
    (Month::May, 1),
    (Month::May, 9),
    (Month::June, 12),
    (Month::November, 4),
];

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The embedded calendar, loaded and checked once.
pub fn calendar() -> Result<&'static Calendar, WorkdaysError> {
    CALENDAR
        .as_ref()
        .map_err(|e| WorkdaysError::Table(e.clone()))
}

/// Whether `d` is a working day on the embedded calendar.
pub fn is_working_day(d: Date) -> Result<bool, WorkdaysError> {
    calendar()?.is_working_day(d)
}

/// The `n`-th working day after `start` (`start` itself does not count; `n = 0` is
/// `start`) on the embedded calendar.
pub fn add_working_days(start: Date, n: u32) -> Result<Date, WorkdaysError> {
    calendar()?.add_working_days(start, n)
}

/// [`add_working_days`], saying whether the years it crossed are all confirmed.
pub fn deadline(start: Date, n: u32) -> Result<Deadline, WorkdaysError> {
    calendar()?.deadline(start, n)
}

impl Calendar {
    /// Reads and checks a calendar: schema 1, consecutive years, a source each,
    /// every date valid and within its year, no date twice, the holidays exactly
    /// those of art. 112, days off on weekdays, working days on weekends, and no
    /// transfers in an unconfirmed year.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let raw: RawCalendar =
            toml::from_str(text).map_err(|e| format!("production calendar: {e}"))?;
        if raw.schema_version != 1 {
            return Err(format!(
                "production calendar: schema_version {}",
                raw.schema_version
            ));
        }
        if raw.year.is_empty() {
            return Err("production calendar: no years".into());
        }
        let mut years: Vec<CalendarYear> = Vec::with_capacity(raw.year.len());
        for y in raw.year {
            if let Some(prev) = years.last()
                && y.year != prev.year + 1
            {
                return Err(format!(
                    "year {}: expected {} (years are consecutive, each once)",
                    y.year,
                    prev.year + 1
                ));
            }
            years.push(Self::check_year(y)?);
        }
        Ok(Self { years })
    }

    fn check_year(y: RawYear) -> Result<CalendarYear, String> {
        let year = y.year;
        if y.source.trim().is_empty() {
            return Err(format!("year {year}: no source"));
        }
        let mut seen = HashSet::new();
        let mut dates = |list: &[String], what: &str| -> Result<Vec<Date>, String> {
            list.iter()
                .map(|text| {
                    let d = crate::date::parse(text)
                        .map_err(|e| format!("year {year}: {what} {text:?}: {e}"))?;
                    if d.year() != year {
                        return Err(format!("year {year}: {what} {text} is in another year"));
                    }
                    if !seen.insert(d) {
                        return Err(format!("year {year}: {text} is listed twice"));
                    }
                    Ok(d)
                })
                .collect()
        };
        let holidays = dates(&y.holidays, "holiday")?;
        let days_off = dates(&y.days_off, "day off")?;
        let working_days = dates(&y.working_days, "working day")?;

        let mut law = HOLIDAYS
            .iter()
            .map(|(m, d)| Date::from_calendar_date(year, *m, *d))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("year {year}: {e}"))?;
        let mut listed = holidays.clone();
        law.sort();
        listed.sort();
        if listed != law {
            return Err(format!(
                "year {year}: the holidays must be exactly those of Labour Code art. 112"
            ));
        }
        if let Some(d) = days_off.iter().find(|d| is_weekend(**d)) {
            return Err(format!("year {year}: day off {d} is a weekend day already"));
        }
        if let Some(d) = working_days.iter().find(|d| !is_weekend(**d)) {
            return Err(format!("year {year}: working day {d} is a weekday already"));
        }
        if y.status == YearStatus::Unconfirmed && !(days_off.is_empty() && working_days.is_empty())
        {
            return Err(format!(
                "year {year}: an unconfirmed year has no transfers (holidays only)"
            ));
        }
        Ok(CalendarYear {
            year,
            status: y.status,
            source: y.source.trim().to_owned(),
            holidays,
            days_off,
            working_days,
        })
    }

    /// Every year, in order.
    pub fn years(&self) -> &[CalendarYear] {
        &self.years
    }

    /// One year, or [`WorkdaysError::OutsideCalendar`].
    pub fn year(&self, year: i32) -> Result<&CalendarYear, WorkdaysError> {
        self.years
            .iter()
            .find(|y| y.year == year)
            .ok_or(WorkdaysError::OutsideCalendar(year))
    }

    /// Weekends are off unless made working; holidays and moved days off are off.
    pub fn is_working_day(&self, d: Date) -> Result<bool, WorkdaysError> {
        let y = self.year(d.year())?;
        if y.holidays.contains(&d) || y.days_off.contains(&d) {
            return Ok(false);
        }
        Ok(y.working_days.contains(&d) || !is_weekend(d))
    }

    /// The `n`-th working day after `start` (`start` does not count).
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Date, WorkdaysError> {
        self.deadline(start, n).map(|d| d.date)
    }

    /// [`Self::add_working_days`], saying whether every year from `start` to the
    /// result is confirmed.
    pub fn deadline(&self, start: Date, n: u32) -> Result<Deadline, WorkdaysError> {
        let mut confirmed = self.year(start.year())?.status == YearStatus::Confirmed;
        let mut day = start;
        let mut left = n;
        while left > 0 {
            // The table ends long before `Date::MAX`; past it, the next year is refused.
            day = day
                .next_day()
                .ok_or(WorkdaysError::OutsideCalendar(day.year()))?;
            confirmed &= self.year(day.year())?.status == YearStatus::Confirmed;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(Deadline {
            date: day,
            confirmed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_embedded_calendar_loads() {
        let c = calendar().expect("embedded calendar");
        let years: Vec<_> = c.years().iter().map(|y| (y.year, y.status)).collect();
        assert_eq!(
            years,
            [
                (2025, YearStatus::Confirmed),
                (2026, YearStatus::Confirmed),
                (2027, YearStatus::Unconfirmed),
            ]
        );
        assert!(c.years().iter().all(|y| !y.source.is_empty()));
        assert!(c.year(2025).expect("2025").source.contains("№ 1335"));
        assert!(c.year(2026).expect("2026").source.contains("№ 1466"));
    }

    /// Working days per year on a five-day week — 247 in both 2025 and 2026, as the
    /// published calendars say (https://news.mail.ru/society/68818029/) — and 2027 as
    /// the holidays alone make it (the decree will change it).
    #[test]
    fn working_days_per_year() {
        for (year, want) in [(2025, 247), (2026, 247), (2027, 252)] {
            let mut d = Date::from_calendar_date(year, Month::January, 1).expect("1 Jan");
            let mut count = 0;
            while d.year() == year {
                if is_working_day(d).expect("in the table") {
                    count += 1;
                }
                d = d.next_day().expect("next day");
            }
            assert_eq!(count, want, "{year}");
        }
    }

    /// (date, working?)
    #[test]
    fn working_or_not() {
        let cases = [
            (date!(2025 - 10 - 08), true),  // a Wednesday
            (date!(2025 - 10 - 11), false), // Saturday
            (date!(2025 - 10 - 12), false), // Sunday
            (date!(2025 - 01 - 08), false), // New Year holidays, last day
            (date!(2025 - 01 - 09), true),
            (date!(2025 - 02 - 24), true), // 23 Feb (Sun) was moved to 8 May, not here
            (date!(2025 - 03 - 10), true), // 8 Mar (Sat) was moved to 13 June
            (date!(2025 - 05 - 02), false),
            (date!(2025 - 05 - 08), false),
            (date!(2025 - 06 - 13), false),
            (date!(2025 - 11 - 01), true), // working Saturday
            (date!(2025 - 11 - 03), false),
            (date!(2025 - 11 - 04), false),
            (date!(2025 - 12 - 31), false),
            (date!(2026 - 01 - 09), false),
            (date!(2026 - 01 - 12), true),
            (date!(2026 - 02 - 23), false),
            (date!(2026 - 03 - 09), false), // 8 Mar fell on Sunday
            (date!(2026 - 05 - 11), false), // 9 May fell on Saturday
            (date!(2026 - 06 - 12), false),
            (date!(2026 - 11 - 04), false),
            (date!(2026 - 12 - 31), false),
            (date!(2027 - 01 - 08), false),
            (date!(2027 - 01 - 11), true),
        ];
        for (d, want) in cases {
            assert_eq!(is_working_day(d), Ok(want), "{d}");
        }
    }

    /// (start, n, the n-th working day after start)
    #[test]
    fn adding_working_days() {
        let cases = [
            // an ordinary week
            (date!(2025 - 10 - 06), 0, date!(2025 - 10 - 06)),
            (date!(2025 - 10 - 06), 1, date!(2025 - 10 - 07)),
            (date!(2025 - 10 - 06), 4, date!(2025 - 10 - 10)),
            // across a weekend
            (date!(2025 - 10 - 10), 1, date!(2025 - 10 - 13)),
            (date!(2025 - 10 - 09), 5, date!(2025 - 10 - 16)),
            (date!(2025 - 10 - 11), 1, date!(2025 - 10 - 13)), // from a Saturday
            (date!(2025 - 10 - 06), 10, date!(2025 - 10 - 20)),
            // across the New Year holidays
            (date!(2025 - 01 - 03), 1, date!(2025 - 01 - 09)),
            (date!(2025 - 12 - 30), 1, date!(2026 - 01 - 12)),
            (date!(2025 - 12 - 26), 5, date!(2026 - 01 - 14)), // 29, 30 Dec; 12, 13, 14 Jan
            // the working Saturday 1 November 2025, then 2–4 November off
            (date!(2025 - 10 - 31), 1, date!(2025 - 11 - 01)),
            (date!(2025 - 10 - 31), 2, date!(2025 - 11 - 05)),
            // 1 May and 9 May
            (date!(2025 - 04 - 30), 1, date!(2025 - 05 - 05)),
            (date!(2025 - 05 - 07), 1, date!(2025 - 05 - 12)),
            (date!(2025 - 04 - 28), 5, date!(2025 - 05 - 07)),
            (date!(2026 - 04 - 30), 1, date!(2026 - 05 - 04)),
            (date!(2026 - 05 - 08), 1, date!(2026 - 05 - 12)),
            // 12 June
            (date!(2025 - 06 - 11), 1, date!(2025 - 06 - 16)),
        ];
        for (start, n, want) in cases {
            assert_eq!(add_working_days(start, n), Ok(want), "{start} + {n}");
            assert_eq!(
                deadline(start, n),
                Ok(Deadline {
                    date: want,
                    confirmed: true
                })
            );
        }
    }

    #[test]
    fn an_unconfirmed_year_is_said_so() {
        // 31 Dec 2026 off, 1–8 Jan 2027 holidays, 9–10 Jan weekend.
        assert_eq!(
            deadline(date!(2026 - 12 - 30), 1),
            Ok(Deadline {
                date: date!(2027 - 01 - 11),
                confirmed: false
            })
        );
        // Without the 2027 decree 3 May counts as a working day (holidays only).
        assert_eq!(
            deadline(date!(2027 - 04 - 30), 1),
            Ok(Deadline {
                date: date!(2027 - 05 - 03),
                confirmed: false
            })
        );
        // A count that stays in 2026 is confirmed.
        assert!(deadline(date!(2026 - 12 - 01), 5).expect("2026").confirmed);
    }

    #[test]
    fn outside_the_table_is_an_error() {
        let outside = [
            (date!(2024 - 12 - 31), 0, 2024),
            (date!(2024 - 12 - 31), 1, 2024),
            (date!(2028 - 01 - 03), 1, 2028),
            (date!(2027 - 12 - 30), 5, 2028), // runs off the end
        ];
        for (start, n, year) in outside {
            let e = add_working_days(start, n).expect_err("outside");
            assert_eq!(e, WorkdaysError::OutsideCalendar(year), "{start} + {n}");
            assert_eq!(e.code(), "outside_calendar");
        }
        assert_eq!(
            is_working_day(date!(2024 - 06 - 03)),
            Err(WorkdaysError::OutsideCalendar(2024))
        );
        assert_eq!(
            is_working_day(date!(2028 - 06 - 05)),
            Err(WorkdaysError::OutsideCalendar(2028))
        );
    }

    /// (what is changed in the embedded copy, to what, a fragment of the error)
    #[test]
    fn broken_copies_are_refused() {
        let cases = [
            (
                "schema_version = 1",
                "schema_version = 2",
                "schema_version 2",
            ),
            ("year = 2026\n", "year = 2025\n", "expected 2026"),
            ("year = 2026\n", "year = 2030\n", "expected 2026"),
            (
                "source = \"Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»\"",
                "source = \" \"",
                "year 2026: no source",
            ),
            (
                "days_off = [\"2026-01-09\"",
                "days_off = [\"2026-01-08\"",
                "2026-01-08 is listed twice",
            ),
            (
                "days_off = [\"2025-05-02\"",
                "days_off = [\"2025-05-02\", \"2025-05-02\"",
                "listed twice",
            ),
            (
                "days_off = [\"2026-01-09\"",
                "days_off = [\"2027-01-09\"",
                "is in another year",
            ),
            (
                "days_off = [\"2026-01-09\"",
                "days_off = [\"2026-02-30\"",
                "day off \"2026-02-30\"",
            ),
            (
                "days_off = [\"2026-01-09\"",
                "days_off = [\"2026-01-10\"",
                "is a weekend day already",
            ),
            (
                "working_days = [\"2025-11-01\"]",
                "working_days = [\"2025-11-05\"]",
                "is a weekday already",
            ),
            (
                "\"2025-06-12\", ",
                "",
                "exactly those of Labour Code art. 112",
            ),
            (
                "\"2025-06-12\", ",
                "\"2025-06-14\", ",
                "exactly those of Labour Code art. 112",
            ),
            (
                "status = \"unconfirmed\"",
                "status = \"guessed\"",
                "production calendar:",
            ),
            (
                "year = 2027\nstatus = \"unconfirmed\"",
                "year = 2027\nstatus = \"unconfirmed\"\nnote = \"x\"",
                "production calendar:",
            ),
        ];
        for (from, to, fragment) in cases {
            let broken = EMBEDDED.replacen(from, to, 1);
            assert_ne!(broken, EMBEDDED, "the case must change something: {from}");
            let e = Calendar::from_toml(&broken).expect_err(fragment);
            assert!(e.contains(fragment), "{fragment:?} not in {e:?}");
        }
        // Transfers in an unconfirmed year: a half-guess is refused too.
        let half_guess = EMBEDDED.replacen(
            "days_off = []\nworking_days = []\n",
            "days_off = [\"2027-05-03\"]\nworking_days = []\n",
            2,
        );
        let e = Calendar::from_toml(&half_guess).expect_err("transfers in 2027");
        assert!(
            e.contains("year 2027: an unconfirmed year has no transfers"),
            "{e}"
        );
        assert!(Calendar::from_toml("schema_version = 1\nyear = []").is_err());
    }
}
