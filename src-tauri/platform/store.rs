//! The local store (SQLite via rusqlite): one file in the data folder, in memory in
//! guest mode (it dies with the session). Its schema is versioned
//! (`PRAGMA user_version`) and brought up to date by [`MIGRATIONS`], in order, each in
//! its own transaction; a file written by a newer app is refused, not guessed at.
//!
//! Tables and their owners (a feature reads another's table only through its
//! functions): `settings` — here; `registration_draft`, `pending_start` — `auth`
//! (`auth/store.rs`); `pension_scenarios`, `pension_params` — `pension` (`pension/store.rs`);
//! `profile_draft` — `identity` (`identity/store.rs`); `services_catalogue`,
//! `application_drafts`, `application_outbox` — `services` (`services/store.rs`).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::files;

/// The schema, one step per version: entry `i` takes `user_version` `i` to `i + 1`.
/// Append only; never edit a step that has shipped.
pub const MIGRATIONS: &[&str] = &[
    // 1: the tables as they were before the schema was versioned. `IF NOT EXISTS`
    // because such files (user_version 0) already have them.
    "
CREATE TABLE IF NOT EXISTS settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- At most one registration in progress (row id 1).
CREATE TABLE IF NOT EXISTS registration_draft (
    slot            INTEGER PRIMARY KEY CHECK (slot = 1),
    portal          TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    surname         TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    contact         TEXT NOT NULL,
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
-- A registration start sent but not known to have been answered: its idempotency
-- key, so the same details sent again after a crash or a lost answer carry the same
-- key and the portal does not register twice or send a second code.
CREATE TABLE IF NOT EXISTS pending_start (
    slot            INTEGER PRIMARY KEY CHECK (slot = 1),
    portal          TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    surname         TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    contact         TEXT NOT NULL
);
-- Pension scenarios saved by the calculator.
CREATE TABLE IF NOT EXISTS pension_scenarios (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
",
    // 2: the half-filled personal-data form (standard level), so it survives closing
    // the app. One per portal; the UI's own JSON, kept as typed.
    "
CREATE TABLE profile_draft (
    portal     TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
",
    // 3: the newest pension parameter table the portal signed and the app verified
    // (one row): the TOML as signed, its date, the signature and the signer's chain
    // (a JSON array of PEM) to check it again on load, when it was signed and taken.
    "
CREATE TABLE pension_params (
    slot             INTEGER PRIMARY KEY CHECK (slot = 1),
    as_of            TEXT NOT NULL,
    toml             TEXT NOT NULL,
    signature_base64 TEXT NOT NULL,
    signer_chain_pem TEXT NOT NULL,
    signed_at        TEXT NOT NULL,
    fetched_at       TEXT NOT NULL
);
",
    // 4: the service catalogue the portal served last (`services/store.rs`): its
    // version (the ETag) and JSON; the one compiled in is the fallback.
    "
CREATE TABLE services_catalogue (
    slot        INTEGER PRIMARY KEY CHECK (slot = 1),
    version     TEXT NOT NULL,
    json        TEXT NOT NULL,
    fetched_at  TEXT NOT NULL
);
",
    // 5: half-filled application forms (`services/store.rs`), one per portal and
    // service, as the UI typed them; deleted when sent and at sign-out.
    "
CREATE TABLE application_drafts (
    portal      TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    data        TEXT NOT NULL,
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (portal, service_id)
);
",
    // 6: applications submitted while the portal could not be reached
    // (`services/outbox.rs`): sent, with their idempotency key, once it can — for
    // the account that submitted them only. `rejected`: the portal's definite
    // refusal (its error code), kept for the citizen to see.
    "
CREATE TABLE application_outbox (
    idempotency_key TEXT PRIMARY KEY,
    portal          TEXT NOT NULL,
    owner           TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    answers         TEXT NOT NULL,
    queued_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    rejected        TEXT
);
",
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("local store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("local store {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the local store was written by a newer version of Kabinet (schema version {found}; this version knows up to {known}): not opening it, so nothing in it is lost — update the app"
    )]
    TooNew { found: u32, known: u32 },
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the store file: 0600, as are its WAL and shared-memory files
    /// (SQLite gives them the database file's mode).
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        files::private_file(path).map_err(io)?;
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            files::restrict_if_present(Path::new(&side)).map_err(io)?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn)
    }

    /// Guest mode and tests: nothing touches the disk.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// For the features' own tables (`auth/store.rs`, `pension/store.rs`,
    /// `identity/store.rs`).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> rusqlite::Result<u32> {
        user_version(&self.conn)
    }

    pub fn setting(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()
    }

    pub fn set_setting(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Runs the steps after the file's version, each with its version bump in one
/// transaction (a crash leaves the file at a version it really has).
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (done, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", done as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// A feature's store test: `exercise` runs on an in-memory store and on a file;
/// what `write` leaves in the file is there for `check` after reopening it.
#[cfg(test)]
pub(crate) fn exercise_both<T>(
    exercise: impl Fn(&Store),
    write: impl FnOnce(&Store) -> T,
    check: impl FnOnce(&Store, T),
) {
    exercise(&Store::in_memory().expect("open"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kabinet.sqlite3");
    exercise(&Store::open(&path).expect("open"));
    let written = write(&Store::open(&path).expect("open"));
    check(&Store::open(&path).expect("reopen"), written);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(store: &Store) {
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        assert_eq!(store.setting("language").expect("read"), None);
        store.set_setting("language", "en").expect("write");
        store.set_setting("language", "ru").expect("overwrite");
        assert_eq!(
            store.setting("language").expect("read").as_deref(),
            Some("ru")
        );
    }

    #[test]
    fn works_in_memory_and_on_a_file_that_survives_reopening() {
        exercise_both(
            exercise,
            |s| s.set_setting("language", "en").expect("write"),
            |s, ()| assert_eq!(s.setting("language").expect("read").as_deref(), Some("en")),
        );
    }

    /// A file from before the schema had a version (user_version 0, the tables of
    /// step 1 already there, with data) is brought up to date and keeps its data.
    #[test]
    fn an_old_file_is_upgraded_and_keeps_its_data() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kabinet.sqlite3");
        {
            let old = Connection::open(&path).expect("open");
            old.execute_batch(MIGRATIONS[0]).expect("old schema");
            old.execute(
                "INSERT INTO settings (key, value) VALUES ('language', 'en')",
                [],
            )
            .expect("old row");
            old.execute(
                "INSERT INTO pension_scenarios (name, data) VALUES ('plan', '{}')",
                [],
            )
            .expect("old scenario");
            assert_eq!(user_version(&old).expect("version"), 0);
        }
        let store = Store::open(&path).expect("upgrade");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        assert_eq!(
            store.setting("language").expect("read").as_deref(),
            Some("en")
        );
        assert_eq!(store.scenarios().expect("list").len(), 1);
        drop(store);
        // Opening again runs nothing more.
        let again = Store::open(&path).expect("reopen");
        assert_eq!(again.schema_version().expect("version"), SCHEMA_VERSION);
    }

    #[test]
    fn a_file_from_a_newer_app_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kabinet.sqlite3");
        let newer = SCHEMA_VERSION + 1;
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch("CREATE TABLE future (x INTEGER)")
                .expect("newer schema");
            conn.pragma_update(None, "user_version", newer)
                .expect("version");
        }
        let err = Store::open(&path).err().expect("refused");
        assert!(
            matches!(err, StoreError::TooNew { found, known } if found == newer && known == SCHEMA_VERSION),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(text.contains("newer version"), "{text}");
        let conn = Connection::open(&path).expect("open");
        assert_eq!(user_version(&conn).expect("version"), newer, "untouched");
    }

    /// The store file and its WAL and shared-memory files are private to the user.
    #[cfg(unix)]
    #[test]
    fn the_store_file_and_its_wal_and_shm_are_0600() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kabinet.sqlite3");
        let store = Store::open(&path).expect("open");
        store.set_setting("language", "en").expect("write");
        let side = |s: &str| dir.path().join(format!("kabinet.sqlite3{s}"));
        assert!(side("-wal").exists() && side("-shm").exists(), "WAL mode");
        for p in [path.clone(), side("-wal"), side("-shm")] {
            assert_eq!(files::mode(&p), 0o600, "{}", p.display());
        }
    }
}
