//! One-time confirmation code rules: lifetime, wrong-entry limit, resend limits.
//!
//! Pure functions of `now`; the portal stores the state and applies the verdicts.
//! Numbers (SECURITY.md, ASVS 6.5, login.gov): a code is 6 random digits, valid
//! for [`CODE_LIFETIME`], single use, dead after [`MAX_WRONG_ATTEMPTS`] wrong
//! entries; a new code at most once per [`RESEND_INTERVAL`] and at most
//! [`MAX_SENDS_PER_WINDOW`] per [`SEND_WINDOW`] per destination.

use time::{Duration, OffsetDateTime};

pub const CODE_DIGITS: usize = 6;
pub const CODE_LIFETIME: Duration = Duration::minutes(10);
pub const MAX_WRONG_ATTEMPTS: u32 = 5;
pub const RESEND_INTERVAL: Duration = Duration::minutes(1);
pub const SEND_WINDOW: Duration = Duration::minutes(10);
pub const MAX_SENDS_PER_WINDOW: usize = 10;

/// Formats a uniformly drawn number below 1 000 000 as a 6-digit code.
/// The caller draws it from a cryptographic RNG (`gen_range(0..1_000_000)`).
pub fn format_code(n: u32) -> String {
    format!("{:06}", n % 1_000_000)
}

/// Normalises what a person typed (`"123 456"`, `" 123-456 "`) to the 6 digits, or
/// `None` if it cannot be a code (such input counts as a wrong entry).
pub fn normalise_entry(entry: &str) -> Option<String> {
    let digits: String = entry.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == CODE_DIGITS && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// The current code of a registration (or any other confirmation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeState {
    pub issued_at: OffsetDateTime,
    pub wrong_attempts: u32,
}

impl CodeState {
    pub fn expires_at(&self) -> OffsetDateTime {
        self.issued_at + CODE_LIFETIME
    }
}

/// Why an entry cannot be accepted whatever its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryRefusal {
    Expired,
    AttemptsExhausted,
}

/// May an entry be checked against the code at `now`? Exhaustion wins over expiry:
/// a dead code stays dead.
pub fn may_enter(state: &CodeState, now: OffsetDateTime) -> Result<(), EntryRefusal> {
    if state.wrong_attempts >= MAX_WRONG_ATTEMPTS {
        Err(EntryRefusal::AttemptsExhausted)
    } else if now >= state.expires_at() {
        Err(EntryRefusal::Expired)
    } else {
        Ok(())
    }
}

/// After a wrong entry (the counter already incremented), how many entries are left.
pub fn attempts_left(wrong_attempts: u32) -> u32 {
    MAX_WRONG_ATTEMPTS.saturating_sub(wrong_attempts)
}

/// A send refused: when the next one becomes possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendRefusal {
    pub retry_at: OffsetDateTime,
}

/// The earliest moment a new code may be sent to a destination, given the moments
/// codes were sent to it before (any order). The window counts sends at most
/// [`SEND_WINDOW`] old, edges included.
pub fn next_send_at(previous_sends: &[OffsetDateTime], now: OffsetDateTime) -> OffsetDateTime {
    let mut in_window: Vec<OffsetDateTime> = previous_sends
        .iter()
        .copied()
        .filter(|t| *t >= now - SEND_WINDOW)
        .collect();
    in_window.sort();
    let mut earliest = now;
    if let Some(last) = in_window.last() {
        earliest = earliest.max(*last + RESEND_INTERVAL);
    }
    if in_window.len() >= MAX_SENDS_PER_WINDOW {
        // The send that must leave the window for one more to fit.
        let blocking = in_window[in_window.len() - MAX_SENDS_PER_WINDOW];
        earliest = earliest.max(blocking + SEND_WINDOW + Duration::SECOND);
    }
    earliest
}

/// May a code be sent now?
pub fn may_send(previous_sends: &[OffsetDateTime], now: OffsetDateTime) -> Result<(), SendRefusal> {
    let at = next_send_at(previous_sends, now);
    if at <= now {
        Ok(())
    } else {
        Err(SendRefusal { retry_at: at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-01-10 12:00:00 UTC);

    fn at(secs: i64) -> OffsetDateTime {
        T0 + Duration::seconds(secs)
    }

    #[test]
    fn code_format_and_entry() {
        assert_eq!(format_code(42), "000042");
        assert_eq!(format_code(999_999), "999999");
        let cases: &[(&str, Option<&str>)] = &[
            ("123456", Some("123456")),
            (" 123 456 ", Some("123456")),
            ("123-456", Some("123456")),
            ("12345", None),
            ("1234567", None),
            ("12345a", None),
            ("", None),
            ("１２３４５６", None), // full-width digits are not ASCII
        ];
        for (input, expected) in cases {
            assert_eq!(
                normalise_entry(input).as_deref(),
                *expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn entry_rules() {
        let cases: &[(u32, i64, Result<(), EntryRefusal>)] = &[
            (0, 0, Ok(())),
            (0, 599, Ok(())),
            (0, 600, Err(EntryRefusal::Expired)),
            (0, 601, Err(EntryRefusal::Expired)),
            (4, 10, Ok(())),
            (5, 10, Err(EntryRefusal::AttemptsExhausted)),
            (5, 700, Err(EntryRefusal::AttemptsExhausted)),
        ];
        for (wrong, secs, expected) in cases {
            let state = CodeState {
                issued_at: T0,
                wrong_attempts: *wrong,
            };
            assert_eq!(
                may_enter(&state, at(*secs)),
                *expected,
                "wrong={wrong} t={secs}"
            );
        }
        let left: Vec<u32> = (1..=6).map(attempts_left).collect();
        assert_eq!(left, [4, 3, 2, 1, 0, 0]);
    }

    #[test]
    fn send_rules() {
        // (previous sends in seconds from T0, now, expected)
        let every_minute: Vec<i64> = (0..10).map(|i| i * 60).collect();
        let cases: Vec<(Vec<i64>, i64, Result<(), i64>)> = vec![
            (vec![], 0, Ok(())),
            (vec![0], 30, Err(60)),
            (vec![0], 59, Err(60)),
            (vec![0], 60, Ok(())),
            (vec![0, 60], 100, Err(120)),
            // ten sends in the window: the 11th waits until the first leaves it
            (every_minute.clone(), 600, Err(601)),
            (every_minute.clone(), 601, Ok(())),
            // old sends do not count
            (vec![-3600, -1800], 0, Ok(())),
            // ten sends packed in (e.g. across registrations): window rule dominates
            ((0..10).collect(), 70, Err(601)),
        ];
        for (sends, now, expected) in cases {
            let sends: Vec<OffsetDateTime> = sends.into_iter().map(at).collect();
            let got = may_send(&sends, at(now)).map_err(|r| (r.retry_at - T0).whole_seconds());
            assert_eq!(got, expected, "sends={sends:?} now={now}");
        }
    }
}
