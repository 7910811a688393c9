//! Shared state of the running portal.

use std::ops::Deref;
use std::sync::Arc;

use time::OffsetDateTime;

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
