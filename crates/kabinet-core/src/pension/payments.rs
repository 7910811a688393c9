//! Paying an assigned pension: the day each month's pension reaches the citizen and
//! how much it was.
//!
//! - **The day.** The fund delivers pensions from the 3rd to the 25th of the month,
//!   each pensioner on their own delivery day. When that day is a weekend or a
//!   public holiday, the pension is delivered *before* it, on the last working day
//!   (Order of the Ministry of Labour No. 546n, §§ 92–93: «в случае если дата
//!   доставки приходится на нерабочий день, доставка производится накануне»). So a
//!   January pension due on the 3rd is paid in the last days of December.
//!   Working days come from the production calendar ([`crate::services::workdays`]);
//!   a year beyond it counts weekends only.
//! - **The amount.** An insurance pension follows the pension point's cost: it is
//!   indexed when the point is. A month's amount is the amount known on one date
//!   scaled by the point's cost in force on the month's first day against that date,
//!   to the kopeck.

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Duration, Month, Weekday};

use super::calculator::params::PensionParams;
use crate::services::workdays::Calendar;

/// The first and last delivery days of a month.
pub const FIRST_DELIVERY_DAY: u8 = 3;
pub const LAST_DELIVERY_DAY: u8 = 25;

/// A pension's month: `2026-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PayMonth {
    pub year: i32,
    pub month: Month,
}

impl PayMonth {
    pub fn of(d: Date) -> Self {
        Self {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn next(self) -> Self {
        match self.month {
            Month::December => Self {
                year: self.year + 1,
                month: Month::January,
            },
            m => Self {
                year: self.year,
                month: m.next(),
            },
        }
    }

    pub fn previous(self) -> Self {
        match self.month {
            Month::January => Self {
                year: self.year - 1,
                month: Month::December,
            },
            m => Self {
                year: self.year,
                month: m.previous(),
            },
        }
    }

    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    /// `YYYY-MM`.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, u8::from(self.month))
    }

    /// Reads `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
        Some(Self {
            year: y.parse().ok()?,
            month,
        })
    }
}

/// Whether a delivery day is one the fund uses.
pub fn valid_delivery_day(day: u8) -> bool {
    (FIRST_DELIVERY_DAY..=LAST_DELIVERY_DAY).contains(&day)
}

fn working(calendar: &Calendar, d: Date) -> bool {
    calendar
        .is_working_day(d)
        .unwrap_or(!matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
}

/// The day `month`'s pension is delivered to someone whose delivery day is `day`
/// (clamped to 3..=25): that day, or the last working day before it.
pub fn pay_date(calendar: &Calendar, month: PayMonth, day: u8) -> Date {
    let day = day.clamp(FIRST_DELIVERY_DAY, LAST_DELIVERY_DAY);
    let mut d = Date::from_calendar_date(month.year, month.month, day).unwrap_or(Date::MIN);
    // A run of days off is never longer than the New Year holidays.
    for _ in 0..20 {
        if working(calendar, d) {
            break;
        }
        d -= Duration::days(1);
    }
    d
}

/// The months whose pension is due by `today` (delivered on or before it), after
/// `after` (exclusive): the newest `limit` of them, oldest first. A pension
/// assigned `since` is paid from that month on.
pub fn due_months(
    calendar: &Calendar,
    since: Date,
    day: u8,
    after: Option<PayMonth>,
    today: Date,
    limit: usize,
) -> Vec<PayMonth> {
    let first = PayMonth::of(since);
    let mut m = match after {
        Some(a) if a >= first => a.next(),
        _ => first,
    };
    // The next month's pension can be due already (in late December); nothing
    // later is. Older than `limit + 1` months back cannot be among the newest.
    let newest = PayMonth::of(today).next();
    let mut oldest = newest;
    for _ in 0..=limit {
        oldest = oldest.previous();
    }
    if m < oldest {
        m = oldest;
    }
    let mut out = Vec::new();
    while m <= newest {
        if pay_date(calendar, m, day) <= today {
            out.push(m);
        }
        m = m.next();
    }
    let skip = out.len().saturating_sub(limit);
    out.split_off(skip)
}

/// The amount of `month`'s pension, from `monthly` known on `known_on`: scaled by
/// the pension point's cost on the month's first day against `known_on`, to the
/// kopeck. Without a point cost for either date, `monthly` as it is.
pub fn amount_for(
    params: &PensionParams,
    monthly: Decimal,
    known_on: Date,
    month: PayMonth,
) -> Decimal {
    let (Some(then), Some(known)) = (params.spk_at(month.first_day()), params.spk_at(known_on))
    else {
        return monthly;
    };
    if known.value.is_zero() || then.effective == known.effective {
        return monthly;
    }
    (monthly * then.value / known.value)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The last four digits of an account number, for showing where money went.
pub fn account_tail(account: &str) -> String {
    let digits: Vec<char> = account.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

/// A delivery day for a pensioner the fund has none for yet: spread over 3..=25 by
/// a stable number (the fund spreads its pensioners over the month).
pub fn delivery_day_for(stable: u64) -> u8 {
    let span = u64::from(LAST_DELIVERY_DAY - FIRST_DELIVERY_DAY) + 1;
    FIRST_DELIVERY_DAY + (stable % span) as u8
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::pension::calculator::params::params;
    use crate::services::workdays::calendar;
    use time::macros::date;

    fn m(year: i32, month: Month) -> PayMonth {
        PayMonth { year, month }
    }

    #[test]
    fn the_pension_is_delivered_on_the_day_or_the_last_working_day_before_it() {
        let cal = calendar().unwrap();
        let cases = [
            // a working Wednesday: that day
            (m(2026, Month::December), 9, date!(2026 - 12 - 09)),
            // Saturday 12 December 2026 → Friday the 11th
            (m(2026, Month::December), 12, date!(2026 - 12 - 11)),
            // Sunday → Friday
            (m(2026, Month::December), 13, date!(2026 - 12 - 11)),
            // New Year holidays (and 31 December 2026, a day off by the decree):
            // January's pension due on the 3rd comes on 30 December
            (m(2027, Month::January), 3, date!(2026 - 12 - 30)),
            (m(2027, Month::January), 8, date!(2026 - 12 - 30)),
            (m(2027, Month::January), 10, date!(2026 - 12 - 30)),
            // … and on the 11th, a Monday after the holidays, on the day
            (m(2027, Month::January), 11, date!(2027 - 01 - 11)),
            // 4 November 2026 (Unity Day, a Wednesday) → the 3rd
            (m(2026, Month::November), 4, date!(2026 - 11 - 03)),
            // days outside 3..=25 are clamped
            (m(2026, Month::December), 1, date!(2026 - 12 - 03)),
            (m(2026, Month::December), 31, date!(2026 - 12 - 25)),
            // beyond the calendar: weekends only (Sunday 5 March 2028 → Friday)
            (m(2028, Month::March), 5, date!(2028 - 03 - 03)),
        ];
        for (month, day, want) in cases {
            assert_eq!(pay_date(cal, month, day), want, "{} day {day}", month.key());
        }
    }

    #[test]
    fn due_months_are_those_delivered_by_today_within_the_window() {
        let cal = calendar().unwrap();
        let since = date!(2005 - 09 - 02);
        // 10 December 2026, delivery day 12 (paid on Friday the 11th): December is
        // not due yet; the newest 3 end with November.
        let got = due_months(cal, since, 12, None, date!(2026 - 12 - 10), 3);
        assert_eq!(
            got,
            vec![
                m(2026, Month::September),
                m(2026, Month::October),
                m(2026, Month::November)
            ]
        );
        // on the 11th, December is due
        let got = due_months(
            cal,
            since,
            12,
            Some(m(2026, Month::November)),
            date!(2026 - 12 - 11),
            12,
        );
        assert_eq!(got, vec![m(2026, Month::December)]);
        // on 30 December with delivery day 3, January 2027 is due already
        let got = due_months(
            cal,
            since,
            3,
            Some(m(2026, Month::December)),
            date!(2026 - 12 - 30),
            12,
        );
        assert_eq!(got, vec![m(2027, Month::January)]);
        // nothing twice
        let got = due_months(
            cal,
            since,
            3,
            Some(m(2027, Month::January)),
            date!(2026 - 12 - 31),
            12,
        );
        assert!(got.is_empty());
        // a pension assigned this month: from this month only
        let got = due_months(
            cal,
            date!(2026 - 11 - 20),
            5,
            None,
            date!(2026 - 12 - 10),
            12,
        );
        assert_eq!(
            got,
            vec![m(2026, Month::November), m(2026, Month::December)]
        );
    }

    #[test]
    fn a_months_amount_follows_the_pension_points_cost() {
        let p = params().unwrap();
        let now = date!(2026 - 12 - 01);
        let monthly = Decimal::new(2_743_050, 2);
        // the same point cost: unchanged
        assert_eq!(amount_for(p, monthly, now, m(2026, Month::March)), monthly);
        // before the 2026 indexation: lower by the point's ratio
        let then = p.spk_at(date!(2025 - 12 - 01)).unwrap().value;
        let known = p.spk_at(now).unwrap().value;
        assert!(then < known);
        let want = (monthly * then / known).round_dp(2);
        assert_eq!(amount_for(p, monthly, now, m(2025, Month::December)), want);
        assert!(want < monthly);
    }

    #[test]
    fn months_read_and_write_as_year_dash_month() {
        for (text, ok) in [
            ("2026-12", Some(m(2026, Month::December))),
            ("2027-01", Some(m(2027, Month::January))),
            ("2026-13", None),
            ("2026-1", None),
            ("26-01", None),
            ("", None),
        ] {
            assert_eq!(PayMonth::parse(text), ok, "{text}");
            if let Some(month) = ok {
                assert_eq!(month.key(), text);
            }
        }
        assert_eq!(account_tail("40817810099910004312"), "4312");
        assert_eq!(account_tail("12"), "12");
        for n in [0, 1, 22, 23, 1000, u64::MAX] {
            assert!(valid_delivery_day(delivery_day_for(n)));
        }
    }
}
