//! Durable background jobs in the portal's database.
//!
//! A job is a row in `jobs`, written by [`enqueue`] **inside the caller's
//! transaction**, so it exists exactly when the change that caused it does (a
//! rolled-back registration sends nothing; a committed one cannot lose its message).
//! Workers claim due jobs with a lease — PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite
//! one atomic `UPDATE … RETURNING` (SQLite has one writer) — so with several portal
//! instances on one database a job runs once at a time. A failed run is retried
//! with exponential backoff; after `max_attempts` the job is kept as `dead` with the
//! reason. A crashed worker's lease runs out and another worker takes the job over:
//! delivery is at least once, so handlers are idempotent.
//!
//! Why not `apalis-sql`: its storages push jobs through their own pool (typed
//! `PgPool`/`SqlitePool`), not inside the caller's transaction on sqlx's `Any`
//! driver, which is the one property this module exists for.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use serde_json::Value;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};
use tokio::sync::{Notify, watch};

use crate::platform::db::Backend;
use crate::platform::keys::random_id;
use crate::platform::state::AppState;

/// How long a claimed job is ours before another worker may take it over.
pub const LEASE: Duration = Duration::minutes(5);
/// Jobs claimed per round trip.
const BATCH: i64 = 8;

/// A job to write.
pub struct NewJob {
    pub kind: &'static str,
    pub payload: Value,
    pub run_at: OffsetDateTime,
    pub max_attempts: i64,
    /// At most one live (pending) job per key; a second enqueue is a no-op.
    pub unique_key: Option<String>,
}

impl NewJob {
    pub fn now(kind: &'static str, payload: Value, now: OffsetDateTime) -> Self {
        Self {
            kind,
            payload,
            run_at: now,
            max_attempts: 10,
            unique_key: None,
        }
    }
}

/// Writes the job as part of the caller's transaction. Call
/// [`Jobs::wake`] after the commit to run it without waiting for the next poll.
pub async fn enqueue(
    conn: &mut AnyConnection,
    job: &NewJob,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO jobs (kind, payload, status, run_at, attempts, max_attempts, unique_key, created_at) \
         VALUES ($1, $2, 'pending', $3, 0, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(job.kind)
    .bind(job.payload.to_string())
    .bind(job.run_at.unix_timestamp())
    .bind(job.max_attempts)
    .bind(job.unique_key.clone())
    .bind(now.unix_timestamp())
    .execute(conn)
    .await
    .map(|_| ())
}

/// What a handler reports.
pub enum Outcome {
    Done,
    /// A recurring job: keep it, due again at this instant (attempts reset).
    RunAgainAt(OffsetDateTime),
}

/// Why a run failed; `permanent` skips the remaining attempts.
#[derive(Debug)]
pub struct JobError {
    pub reason: String,
    pub permanent: bool,
}

impl JobError {
    pub fn retry(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            permanent: false,
        }
    }
    pub fn permanent(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            permanent: true,
        }
    }
}

impl From<sqlx::Error> for JobError {
    fn from(e: sqlx::Error) -> Self {
        Self::retry(format!("database: {e}"))
    }
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<Outcome, JobError>> + Send>>;
type Handler = Arc<dyn Fn(AppState, Value) -> BoxFuture + Send + Sync>;

/// Handlers by job kind.
#[derive(Clone, Default)]
pub struct Registry(HashMap<&'static str, Handler>);

impl Registry {
    pub fn on<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(AppState, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Outcome, JobError>> + Send + 'static,
    {
        self.0
            .insert(kind, Arc::new(move |s, v| Box::pin(handler(s, v))));
        self
    }
}

/// Worker settings.
#[derive(Debug, Clone)]
pub struct JobsConfig {
    /// Run workers in this process (off: the portal only enqueues).
    pub run: bool,
    /// How often an idle worker looks for due jobs (other instances' jobs, retries).
    pub poll: StdDuration,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            run: true,
            poll: StdDuration::from_secs(1),
        }
    }
}

/// The wake-up for this process's workers.
#[derive(Default)]
pub struct Jobs {
    notify: Notify,
}

impl Jobs {
    /// New work was committed: look now.
    pub fn wake(&self) {
        self.notify.notify_one();
    }
}

/// Delay before attempt `attempt + 1` after `attempt` failures: 10 s, 20 s, 40 s …
/// capped at 6 hours.
pub fn backoff(attempts: i64) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    let secs = 10i64.saturating_mul(1i64 << exp.min(20));
    Duration::seconds(secs.min(6 * 3600))
}

struct Claimed {
    id: i64,
    kind: String,
    payload: String,
    attempts: i64,
    max_attempts: i64,
}

async fn claim(state: &AppState, worker: &str) -> Result<Vec<Claimed>, sqlx::Error> {
    let now = state.now().unix_timestamp();
    let lock = match state.db.backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET locked_until = $1, locked_by = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' AND run_at <= $3 \
         AND (locked_until IS NULL OR locked_until <= $3) ORDER BY run_at, id LIMIT $4{lock}) \
         RETURNING id, kind, payload, attempts, max_attempts"
    );
    let rows = sqlx::query(&sql)
        .bind(now + LEASE.whole_seconds())
        .bind(worker)
        .bind(now)
        .bind(BATCH)
        .fetch_all(&state.db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
                max_attempts: r.try_get("max_attempts")?,
            })
        })
        .collect()
}

async fn settle(
    state: &AppState,
    worker: &str,
    job: &Claimed,
    outcome: Result<Outcome, JobError>,
) -> Result<(), sqlx::Error> {
    let now = state.now().unix_timestamp();
    // Every statement: $1 an instant, $2 the job, $3 this worker (the lease holder),
    // $4 the reason where there is one.
    let (sql, at, reason) = match outcome {
        Ok(Outcome::Done) => (
            "UPDATE jobs SET status = 'done', finished_at = $1, locked_until = NULL, unique_key = NULL, \
             last_error = NULL WHERE id = $2 AND locked_by = $3",
            now,
            None,
        ),
        Ok(Outcome::RunAgainAt(at)) => (
            "UPDATE jobs SET run_at = $1, attempts = 0, locked_until = NULL, last_error = NULL \
             WHERE id = $2 AND locked_by = $3",
            at.unix_timestamp(),
            None,
        ),
        Err(e) if e.permanent || job.attempts >= job.max_attempts => {
            tracing::warn!(job = job.id, kind = %job.kind, attempts = job.attempts, reason = %e.reason, "job is dead");
            (
                "UPDATE jobs SET status = 'dead', finished_at = $1, locked_until = NULL, unique_key = NULL, \
                 last_error = $4 WHERE id = $2 AND locked_by = $3",
                now,
                Some(e.reason),
            )
        }
        Err(e) => {
            tracing::info!(job = job.id, kind = %job.kind, attempts = job.attempts, reason = %e.reason, "job will be retried");
            (
                "UPDATE jobs SET run_at = $1, locked_until = NULL, last_error = $4 \
                 WHERE id = $2 AND locked_by = $3",
                now + backoff(job.attempts).whole_seconds(),
                Some(e.reason),
            )
        }
    };
    let mut query = sqlx::query(sql).bind(at).bind(job.id).bind(worker);
    if let Some(reason) = reason {
        query = query.bind(reason);
    }
    query.execute(&state.db.pool).await.map(|_| ())
}

async fn run_one(state: &AppState, registry: &Registry, worker: &str, job: Claimed) {
    let outcome = match registry.0.get(job.kind.as_str()) {
        None => Err(JobError::permanent(format!(
            "no handler for job kind {}",
            job.kind
        ))),
        Some(handler) => match serde_json::from_str::<Value>(&job.payload) {
            Err(e) => Err(JobError::permanent(format!("payload: {e}"))),
            Ok(payload) => {
                // A handler that hangs must not hold the lease forever.
                let budget =
                    StdDuration::from_secs(u64::try_from(LEASE.whole_seconds() / 2).unwrap_or(60));
                match tokio::time::timeout(budget, handler(state.clone(), payload)).await {
                    Ok(outcome) => outcome,
                    Err(_) => Err(JobError::retry("timed out")),
                }
            }
        },
    };
    if let Err(e) = settle(state, worker, &job, outcome).await {
        // The lease runs out and the job is taken again: at least once.
        tracing::error!(job = job.id, cause = %e, "could not record a job's outcome");
    }
}

/// Runs this process's worker until `stop` turns true: claims due jobs, runs them
/// one by one, sleeps until woken or the poll interval passes.
pub async fn work(
    state: AppState,
    registry: Registry,
    config: JobsConfig,
    mut stop: watch::Receiver<bool>,
) {
    let worker = random_id();
    loop {
        if *stop.borrow() {
            return;
        }
        match claim(&state, &worker).await {
            Ok(batch) if !batch.is_empty() => {
                for job in batch {
                    run_one(&state, &registry, &worker, job).await;
                }
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(cause = %e, "claiming jobs failed"),
        }
        tokio::select! {
            () = state.jobs.notify.notified() => {}
            () = tokio::time::sleep(config.poll) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Counts of jobs by status (admin and tests).
pub async fn counts(state: &AppState) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query("SELECT kind, status, COUNT(*) AS n FROM jobs GROUP BY kind, status")
        .fetch_all(&state.db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("kind")?, r.try_get("status")?, r.try_get("n")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_ten_seconds_and_caps_at_six_hours() {
        let cases: &[(i64, i64)] = &[
            (0, 10),
            (1, 10),
            (2, 20),
            (3, 40),
            (4, 80),
            (10, 5120),
            (12, 20_480),
            (13, 6 * 3600),
            (100, 6 * 3600),
        ];
        for &(attempts, secs) in cases {
            assert_eq!(
                backoff(attempts).whole_seconds(),
                secs,
                "after {attempts} failures"
            );
        }
    }
}
