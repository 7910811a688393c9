//! Shared state of the running portal.

use std::ops::Deref;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::auth::passwords::PasswordHasher;
use crate::auth::sessions::Sessions;
use crate::platform::clock::Clock;
use crate::platform::db::Db;
use crate::platform::http::client_ip::IpNet;
use crate::platform::jobs::{self, JobError, Jobs, NewJob, Outcome};
use crate::platform::keys::ServerKey;
use crate::platform::messaging::Outbox;

pub struct Inner {
    pub db: Db,
    pub key: ServerKey,
    pub clock: Arc<dyn Clock>,
    pub hasher: PasswordHasher,
    pub outbox: Outbox,
    pub jobs: Jobs,
    /// How long a request body may take to arrive.
    pub read_timeout: std::time::Duration,
    pub demo: bool,
    /// Peers whose `X-Forwarded-For` is believed (see [`crate::platform::http::client_ip`]).
    pub trusted_proxies: Vec<IpNet>,
    /// This process, for the claims it holds (see [`heartbeat`]).
    pub instance_id: String,
    /// The state registries the standard level is checked against.
    pub registries: std::sync::Arc<crate::identity::registries::Registries>,
    /// How long a registry check waits before (and between) its asks.
    pub registry_delay: time::Duration,
    /// How long each tracking step of a registered letter takes (development post).
    pub post_delay: time::Duration,
    pub agency_delay: time::Duration,
    /// Authorities the development exchange treats as not answering.
    pub exchange_down: Vec<String>,
    /// How long an authority has to answer an exchange request.
    pub exchange_deadline: time::Duration,
    /// Access-token hash → its session, read through (see [`SESSION_CACHE_TTL`]).
    pub session_cache:
        crate::platform::cache::TtlCache<String, crate::auth::sessions::CachedSession>,
    /// Account id → what `/me` shows.
    pub account_cache: crate::platform::cache::TtlCache<String, kabinet_core::api::AccountView>,
    /// Signs the documents the portal hands out; `None` without a configured pair.
    pub signer: Option<Arc<crate::platform::signing::DocumentSigner>>,
    /// The pension parameter table served (TOML), checked at start.
    pub pension_params_toml: Arc<str>,
    /// The same table, read.
    pub pension_params: Arc<kabinet_core::pension::PensionParams>,
    /// Wake-ups of this instance's event streams (notifications).
    pub events: crate::notifications::Hub,
}

/// How stale a cached session or account view may be: a session ended or an
/// account changed on another instance is seen here within this time (this
/// instance evicts at once what it changes itself).
pub const SESSION_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Now, in whole seconds (what the database stores).
    pub fn now(&self) -> OffsetDateTime {
        let now = self.clock.now();
        OffsetDateTime::from_unix_timestamp(now.unix_timestamp()).unwrap_or(now)
    }

    pub fn sessions(&self) -> Sessions<'_> {
        Sessions { state: self }
    }
}

/// How often a running portal says it is alive, and after how long without a
/// heartbeat its in-progress claims count as abandoned.
pub const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
pub const DEAD_AFTER_SECS: i64 = 5;

/// Liveness is physical time (the wall clock), not the injectable business clock.
pub fn wall_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Records that this process is alive; called every [`HEARTBEAT_EVERY`].
pub async fn heartbeat(state: &AppState) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO portal_instances (id, seen_at) VALUES ($1, $2) \
         ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
    )
    .bind(&state.instance_id)
    .bind(wall_now())
    .execute(&state.db.pool)
    .await?;
    Ok(())
}

/// Seconds since the epoch → instant (stored values are always in range).
pub fn instant(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub const SWEEP_JOB: &str = "sweep";
const SWEEP_EVERY: time::Duration = time::Duration::hours(1);

/// Schedules the retention sweep (once per database, whatever the instances).
pub async fn schedule_sweep(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now();
    let mut conn = state.db.pool.acquire().await?;
    let job = NewJob {
        unique_key: Some(SWEEP_JOB.to_owned()),
        ..NewJob::now(SWEEP_JOB, serde_json::Value::Null, now)
    };
    jobs::enqueue(&mut conn, &job, now).await
}

/// The `sweep` job: [`sweep`], then again in an hour.
pub async fn sweep_job(state: AppState, _: serde_json::Value) -> Result<Outcome, JobError> {
    sweep(&state).await?;
    Ok(Outcome::RunAgainAt(state.now() + SWEEP_EVERY))
}

/// Deletes what has outlived its purpose: expired registrations, old send, failure
/// and rate records, finished idempotency records older than a day, ended sessions,
/// outbox messages older than 30 days, finished jobs older than 7 days (dead ones
/// after 30), security events older than a year.
pub async fn sweep(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now().unix_timestamp();
    let day = 86_400;
    let statements: &[(&str, i64)] = &[
        ("DELETE FROM registrations WHERE expires_at < $1", now),
        ("DELETE FROM code_sends WHERE sent_at < $1", now - day),
        ("DELETE FROM auth_failures WHERE failed_at < $1", now - day),
        ("DELETE FROM rate_events WHERE at < $1", now - day),
        ("DELETE FROM rate_locks WHERE touched_at < $1", now - day),
        (
            "DELETE FROM portal_instances WHERE seen_at < $1",
            wall_now() - day,
        ),
        (
            "DELETE FROM idempotency WHERE created_at < $1 AND status IS NOT NULL",
            now - day,
        ),
        ("DELETE FROM sessions WHERE expires_at < $1", now - day),
        ("DELETE FROM sessions WHERE revoked_at < $1", now - day),
        (
            "DELETE FROM spent_refresh_tokens WHERE spent_at < $1",
            now - 31 * day,
        ),
        ("DELETE FROM outbox WHERE created_at < $1", now - 30 * day),
        (
            "DELETE FROM jobs WHERE status = 'done' AND finished_at < $1",
            now - 7 * day,
        ),
        (
            "DELETE FROM jobs WHERE status = 'dead' AND finished_at < $1",
            now - 30 * day,
        ),
        ("DELETE FROM security_events WHERE at < $1", now - 366 * day),
    ];
    for (sql, before) in statements {
        sqlx::query(sql)
            .bind(before)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(())
}
