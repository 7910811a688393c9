//! The local store (SQLite via rusqlite): settings, the registration in progress
//! (so it can be resumed after the app is closed), and later saved scenarios.
//! In guest mode it lives in memory and dies with the session.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::secret::Secret;

const SCHEMA: &str = "
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
-- Pension scenarios saved by the calculator (filled in by its screen later).
CREATE TABLE IF NOT EXISTS pension_scenarios (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
";

/// The in-progress registration. `registration_id` is a capability: whoever holds
/// it may continue the registration, so it is kept as a secret in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationDraft {
    /// Which portal it belongs to (`embedded` or the portal URL).
    pub portal: String,
    pub registration_id: Secret,
    pub surname: String,
    pub first_name: String,
    pub contact: String,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn)
    }

    /// Guest mode and tests: nothing touches the disk.
    pub fn in_memory() -> rusqlite::Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> rusqlite::Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn })
    }

    /// For the store's other tables' modules (e.g. [`super::scenarios`]).
    pub(super) fn conn(&self) -> &Connection {
        &self.conn
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

    pub fn draft(&self) -> rusqlite::Result<Option<RegistrationDraft>> {
        self.conn
            .query_row(
                "SELECT portal, registration_id, surname, first_name, contact
                 FROM registration_draft WHERE slot = 1",
                [],
                |r| {
                    Ok(RegistrationDraft {
                        portal: r.get(0)?,
                        registration_id: Secret::new(r.get::<_, String>(1)?),
                        surname: r.get(2)?,
                        first_name: r.get(3)?,
                        contact: r.get(4)?,
                    })
                },
            )
            .optional()
    }

    pub fn save_draft(&self, d: &RegistrationDraft) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO registration_draft (slot, portal, registration_id, surname, first_name, contact)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (slot) DO UPDATE SET portal = excluded.portal,
                 registration_id = excluded.registration_id, surname = excluded.surname,
                 first_name = excluded.first_name, contact = excluded.contact,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![d.portal, d.registration_id.expose(), d.surname, d.first_name, d.contact],
        )?;
        Ok(())
    }

    pub fn clear_draft(&self) -> rusqlite::Result<()> {
        self.conn.execute("DELETE FROM registration_draft", [])?;
        Ok(())
    }

    /// The key of an unanswered registration start with exactly these details.
    pub fn pending_start_key(&self, s: &PendingStart<'_>) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT idempotency_key FROM pending_start WHERE slot = 1 AND portal = ?1
                 AND surname = ?2 AND first_name = ?3 AND contact = ?4",
                params![s.portal, s.surname, s.first_name, s.contact],
                |r| r.get(0),
            )
            .optional()
    }

    /// Records a registration start about to be sent with `key` (replacing any other).
    pub fn remember_start(&self, s: &PendingStart<'_>, key: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO pending_start (slot, portal, idempotency_key, surname, first_name, contact)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (slot) DO UPDATE SET portal = excluded.portal,
                 idempotency_key = excluded.idempotency_key, surname = excluded.surname,
                 first_name = excluded.first_name, contact = excluded.contact",
            params![s.portal, key, s.surname, s.first_name, s.contact],
        )?;
        Ok(())
    }

    /// The start got a definite answer: the next one is a new request.
    pub fn forget_start(&self) -> rusqlite::Result<()> {
        self.conn.execute("DELETE FROM pending_start", [])?;
        Ok(())
    }
}

/// A registration start's details, as sent (see [`Store::remember_start`]).
#[derive(Debug, Clone, Copy)]
pub struct PendingStart<'a> {
    pub portal: &'a str,
    pub surname: &'a str,
    pub first_name: &'a str,
    pub contact: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> RegistrationDraft {
        RegistrationDraft {
            portal: "embedded".into(),
            registration_id: Secret::new("ab".repeat(32)),
            surname: "Иванова".into(),
            first_name: "Мария".into(),
            contact: "+7 912 345-67-89".into(),
        }
    }

    fn exercise(store: &Store) {
        assert_eq!(store.setting("language").expect("read"), None);
        store.set_setting("language", "en").expect("write");
        store.set_setting("language", "ru").expect("overwrite");
        assert_eq!(
            store.setting("language").expect("read").as_deref(),
            Some("ru")
        );

        assert_eq!(store.draft().expect("read"), None);
        store.save_draft(&draft()).expect("save");
        let mut second = draft();
        second.first_name = "Анна".into();
        store.save_draft(&second).expect("save again");
        assert_eq!(store.draft().expect("read"), Some(second));
        store.clear_draft().expect("clear");
        assert_eq!(store.draft().expect("read"), None);
    }

    #[test]
    fn works_in_memory() {
        exercise(&Store::in_memory().expect("open"));
    }

    #[test]
    fn works_on_a_file_and_survives_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kabinet.sqlite3");
        exercise(&Store::open(&path).expect("open"));
        {
            let s = Store::open(&path).expect("open");
            s.set_setting("language", "en").expect("write");
            s.save_draft(&draft()).expect("save");
        }
        let s = Store::open(&path).expect("reopen");
        assert_eq!(s.setting("language").expect("read").as_deref(), Some("en"));
        assert_eq!(s.draft().expect("read"), Some(draft()));
    }
}
