//! Shared state of the running portal.

use std::ops::Deref;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::client::IpNet;
use crate::clock::Clock;
use crate::db::Db;
use crate::keys::ServerKey;
use crate::outbox::Outbox;
use crate::passwords::PasswordHasher;
use crate::sessions::Sessions;

pub struct Inner {
    pub db: Db,
    pub key: ServerKey,
    pub clock: Arc<dyn Clock>,
    pub hasher: PasswordHasher,
    pub outbox: Outbox,
    pub demo: bool,
    /// Peers whose `X-Forwarded-For` is believed (see [`crate::client`]).
    pub trusted_proxies: Vec<IpNet>,
}

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

/// Seconds since the epoch → instant (stored values are always in range).
pub fn instant(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Deletes what has outlived its purpose: expired registrations, old send and
/// failure records, finished idempotency records older than a day, ended sessions,
/// outbox messages older than 30 days. Runs at start and then hourly.
pub async fn sweep(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now().unix_timestamp();
    let day = 86_400;
    let statements: [(&str, i64); 7] = [
        ("DELETE FROM registrations WHERE expires_at < $1", now),
        ("DELETE FROM code_sends WHERE sent_at < $1", now - day),
        ("DELETE FROM auth_failures WHERE failed_at < $1", now - day),
        (
            "DELETE FROM idempotency WHERE created_at < $1 AND status IS NOT NULL",
            now - day,
        ),
        ("DELETE FROM sessions WHERE expires_at < $1", now - day),
        ("DELETE FROM sessions WHERE revoked_at < $1", now - day),
        ("DELETE FROM outbox WHERE created_at < $1", now - 30 * day),
    ];
    for (sql, before) in statements {
        sqlx::query(sql)
            .bind(before)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(())
}
