//! Rate limits that hold under concurrent requests: check and record in one
//! transaction, serialised per subject.
//!
//! [`lock`] upserts one row per subject (a keyed hash) as the transaction's first
//! writes: on PostgreSQL the row lock makes a second transaction on the same subject
//! wait until the first commits (and READ COMMITTED lets its next statement see what
//! the first recorded); on SQLite the first write takes the database's one write
//! lock. Subjects are locked in sorted order, so two requests never deadlock.

use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use crate::platform::state::instant;

/// At most `max` events per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: usize,
    pub window: Duration,
}

/// Serialises this transaction with every other one on the same subjects.
pub async fn lock(
    conn: &mut AnyConnection,
    subjects: &[&str],
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut sorted: Vec<&str> = subjects.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    for subject in sorted {
        sqlx::query(
            "INSERT INTO rate_locks (subject_hash, touched_at) VALUES ($1, $2) \
             ON CONFLICT (subject_hash) DO UPDATE SET touched_at = excluded.touched_at",
        )
        .bind(subject)
        .bind(now.unix_timestamp())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// When the subject may act again, given the instants of its counted events (any
/// order); `None` if it may act now.
pub fn retry_at(
    events: &[OffsetDateTime],
    limit: Limit,
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let mut in_window: Vec<OffsetDateTime> = events
        .iter()
        .copied()
        .filter(|t| *t > now - limit.window)
        .collect();
    if in_window.len() < limit.max {
        return None;
    }
    in_window.sort_unstable();
    // The event that must leave the window for one more to fit.
    let blocking = in_window[in_window.len() - limit.max];
    Some(blocking + limit.window + Duration::SECOND)
}

/// The subject's events in `rate_events` within the window.
pub async fn events(
    conn: &mut AnyConnection,
    subject: &str,
    window: Duration,
    now: OffsetDateTime,
) -> Result<Vec<OffsetDateTime>, sqlx::Error> {
    let rows = sqlx::query("SELECT at FROM rate_events WHERE subject_hash = $1 AND at > $2")
        .bind(subject)
        .bind((now - window).unix_timestamp())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok(instant(r.try_get("at")?))).collect()
}

/// `rate_limited` (with when to try again, saying `too_many`) if the subject has
/// used up `limit`; inside the transaction that [`lock`]ed it.
pub async fn refuse_over(
    conn: &mut AnyConnection,
    subject: &str,
    limit: Limit,
    now: OffsetDateTime,
    too_many: &str,
) -> crate::platform::http::error::AppResult<()> {
    let counted = events(conn, subject, limit.window, now).await?;
    match retry_at(&counted, limit, now) {
        Some(at) => Err(crate::platform::http::error::AppError::new(
            kabinet_core::api::ErrorCode::RateLimited,
            format!("{too_many}; try again later"),
        )
        .retry_at(at)),
        None => Ok(()),
    }
}

/// Records one event for the subject.
pub async fn record(
    conn: &mut AnyConnection,
    subject: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO rate_events (subject_hash, at) VALUES ($1, $2)")
        .bind(subject)
        .bind(now.unix_timestamp())
        .execute(conn)
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-01-10 12:00:00 UTC);

    #[test]
    fn retry_at_is_when_the_oldest_counted_event_leaves_the_window() {
        let limit = Limit {
            max: 3,
            window: Duration::minutes(10),
        };
        let at = |m: i64| T0 + Duration::minutes(m);
        // (events, now, expected)
        let cases: &[(&[i64], i64, Option<OffsetDateTime>)] = &[
            (&[], 0, None),
            (&[0, 1], 2, None),
            (&[0, 1, 2], 3, Some(at(10) + Duration::SECOND)),
            (&[2, 0, 1], 3, Some(at(10) + Duration::SECOND)),
            (&[0, 1, 2, 5], 6, Some(at(11) + Duration::SECOND)),
            // An event exactly one window old no longer counts.
            (&[0, 1, 2], 10, None),
        ];
        for (events, now, expected) in cases {
            let events: Vec<_> = events.iter().map(|m| at(*m)).collect();
            assert_eq!(
                retry_at(&events, limit, at(*now)),
                *expected,
                "{events:?} at {now}"
            );
        }
    }
}
