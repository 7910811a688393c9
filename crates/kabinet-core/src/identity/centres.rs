//! Service centres (МФЦ, post and telecom offices) where an operator confirms a
//! citizen in person: whether one is open at a given instant, in its own local
//! time.

use time::{OffsetDateTime, Time, UtcOffset, Weekday};

use crate::api::OpeningHours;

/// Is a centre with these weekly hours (Monday first; `None` closed) open at
/// `now`, read in the centre's local time (`utc_offset_minutes`)? Closing time is
/// exclusive.
pub fn is_open(
    hours: &[Option<OpeningHours>],
    utc_offset_minutes: i32,
    now: OffsetDateTime,
) -> bool {
    let Ok(offset) = UtcOffset::from_whole_seconds(utc_offset_minutes.saturating_mul(60)) else {
        return false;
    };
    let local = now.to_offset(offset);
    let day = match local.weekday() {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    };
    let Some(Some(h)) = hours.get(day) else {
        return false;
    };
    let (Some(opens), Some(closes)) = (clock_time(&h.opens), clock_time(&h.closes)) else {
        return false;
    };
    (opens..closes).contains(&local.time())
}

/// `HH:MM` into a time of day.
fn clock_time(text: &str) -> Option<Time> {
    let (h, m) = text.split_once(':')?;
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn hours(open: &str, close: &str) -> Option<OpeningHours> {
        Some(OpeningHours {
            opens: open.to_owned(),
            closes: close.to_owned(),
        })
    }

    #[test]
    fn open_in_the_centres_own_time() {
        // Mon–Fri 08:00–20:00, Saturday 09:00–18:00, Sunday closed.
        let mut week = vec![hours("08:00", "20:00"); 5];
        week.push(hours("09:00", "18:00"));
        week.push(None);
        let moscow = 180;
        let yekaterinburg = 300;
        let cases = [
            // 2026-12-02 is a Wednesday.
            (datetime!(2026-12-02 05:00 UTC), moscow, true), // 08:00 local: opens
            (datetime!(2026-12-02 04:59 UTC), moscow, false), // 07:59
            (datetime!(2026-12-02 16:59 UTC), moscow, true), // 19:59
            (datetime!(2026-12-02 17:00 UTC), moscow, false), // 20:00: closed
            (datetime!(2026-12-02 05:00 UTC), yekaterinburg, true), // 10:00 there
            (datetime!(2026-12-02 15:00 UTC), yekaterinburg, false), // 20:00 there
            (datetime!(2026-12-05 06:00 UTC), moscow, true), // Saturday 09:00
            (datetime!(2026-12-05 15:00 UTC), moscow, false), // Saturday 18:00
            (datetime!(2026-12-06 09:00 UTC), moscow, false), // Sunday
            // Late Saturday UTC is already Sunday in Novosibirsk (+7).
            (datetime!(2026-12-05 18:00 UTC), 420, false),
        ];
        for (now, offset, open) in cases {
            assert_eq!(is_open(&week, offset, now), open, "{now} at +{offset} min");
        }
        assert!(!is_open(
            &[hours("8", "x")],
            moscow,
            datetime!(2026-11-30 06:00 UTC)
        ));
        assert!(!is_open(&[], moscow, datetime!(2026-11-30 06:00 UTC)));
    }
}
