//! Storage: one schema on SQLite (default; WAL, busy timeout) or PostgreSQL, through
//! sqlx's `Any` driver. Queries use `$n` placeholders and portable SQL only;
//! instants are unix seconds in BIGINT columns; flags are 0/1 BIGINTs.

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

use crate::PortalError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

fn backend_of(url: &str) -> Result<Backend, PortalError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(PortalError::Config(
            "database_url must start with sqlite:// or postgres://".into(),
        ))
    }
}

impl Db {
    pub async fn connect(url: &str) -> Result<Db, PortalError> {
        install_default_drivers();
        let backend = backend_of(url)?;
        let mut url = url.to_owned();
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        let pool = match backend {
            Backend::Sqlite => {
                if !url.contains("mode=") {
                    url.push_str(if url.contains('?') {
                        "&mode=rwc"
                    } else {
                        "?mode=rwc"
                    });
                }
                let dir =
                    crate::config::sqlite_path(&url).and_then(|p| p.parent().map(|d| d.to_owned()));
                if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(&dir)
                        .map_err(|e| PortalError::Io(format!("database dir: {e}")))?;
                }
                options
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
            }
            Backend::Postgres => options.max_connections(16).connect(&url).await,
        }
        .map_err(|e| PortalError::Database(format!("connecting: {e}")))?;
        Ok(Db { pool, backend })
    }

    pub async fn migrate(&self) -> Result<(), PortalError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| PortalError::Database(format!("migrating: {e}")))
    }
}

/// Is this a unique-constraint violation (a lost race for the same key)?
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}
