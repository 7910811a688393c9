//! Saved pension scenarios: the calculator's form, under a name the citizen chose,
//! kept in the local store (the `pension_scenarios` table of [`super::store`]). They
//! never leave the computer; in guest mode the store is in memory, so they live only
//! for the session.
//!
//! The saved data is the UI's form state as a JSON object, opaque here: the form
//! holds more than a [`kabinet_core::pension::Scenario`] (e.g. "years still to
//! work"), and re-validating it is the calculator's job when it is loaded.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Kabinet;
use super::store::Store;
use crate::error::{AppError, AppResult, Code};
use kabinet_core::api::ErrorCode;
use kabinet_core::pension::PensionErrorCode;

/// Longest scenario name, in characters.
pub const NAME_MAX_CHARS: usize = 80;
/// Largest saved form, in bytes (a 45-year career with every year typed in is ~3 KiB).
pub const DATA_MAX_BYTES: usize = 64 * 1024;
/// At most this many saved scenarios (oldest are not deleted silently: saving fails).
pub const MAX_SAVED: u32 = 200;

/// One saved scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SavedScenario {
    pub id: u32,
    pub name: String,
    /// The calculator's form state (a JSON object).
    pub data: String,
    /// When it was last saved (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub saved_at: String,
}

fn field_error(code: Code, field: &str, message: &str) -> AppError {
    AppError {
        code,
        message: message.to_owned(),
        field: Some(field.to_owned()),
        attempts_left: None,
        retry_at: None,
    }
}

/// The name as it will be stored, or an error tied to the `scenario_name` field.
pub fn clean_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(field_error(
            Code::Portal(ErrorCode::Required),
            "scenario_name",
            "give the scenario a name",
        ));
    }
    if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(field_error(
            Code::Pension(PensionErrorCode::OutOfRange),
            "scenario_name",
            "at most 80 characters, no control characters",
        ));
    }
    Ok(name.to_owned())
}

fn check_data(data: &str) -> AppResult<()> {
    let ok = data.len() <= DATA_MAX_BYTES
        && serde_json::from_str::<serde_json::Value>(data).is_ok_and(|v| v.is_object());
    if ok {
        Ok(())
    } else {
        Err(field_error(
            Code::Pension(PensionErrorCode::InvalidJson),
            "scenario_data",
            "the form must be a JSON object of at most 64 KiB",
        ))
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedScenario> {
    Ok(SavedScenario {
        id: r.get(0)?,
        name: r.get(1)?,
        data: r.get(2)?,
        saved_at: r.get(3)?,
    })
}

impl Store {
    /// All saved scenarios, by name.
    pub fn scenarios(&self) -> rusqlite::Result<Vec<SavedScenario>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, data, created_at FROM pension_scenarios
             ORDER BY name COLLATE NOCASE, id",
        )?;
        stmt.query_map([], row)?.collect()
    }

    pub fn scenario(&self, id: u32) -> rusqlite::Result<Option<SavedScenario>> {
        self.conn()
            .query_row(
                "SELECT id, name, data, created_at FROM pension_scenarios WHERE id = ?1",
                params![id],
                row,
            )
            .optional()
    }

    /// Saves under `name`; a scenario with the same name is replaced (the citizen
    /// pressed "Save" again), so names stay unique. Name and data must be checked.
    pub fn save_scenario(&self, name: &str, data: &str) -> rusqlite::Result<SavedScenario> {
        let tx = self.conn().unchecked_transaction()?;
        let existing: Option<u32> = tx
            .query_row(
                "SELECT id FROM pension_scenarios WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE pension_scenarios
                     SET data = ?2, created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                     WHERE id = ?1",
                    params![id, data],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO pension_scenarios (name, data) VALUES (?1, ?2)",
                    params![name, data],
                )?;
                u32::try_from(tx.last_insert_rowid()).map_err(|_| {
                    rusqlite::Error::IntegralValueOutOfRange(0, tx.last_insert_rowid())
                })?
            }
        };
        let saved = tx.query_row(
            "SELECT id, name, data, created_at FROM pension_scenarios WHERE id = ?1",
            params![id],
            row,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    pub fn scenario_count(&self) -> rusqlite::Result<u32> {
        self.conn()
            .query_row("SELECT count(*) FROM pension_scenarios", [], |r| r.get(0))
    }

    /// Deletes one; `false` if there was none with that id.
    pub fn delete_scenario(&self, id: u32) -> rusqlite::Result<bool> {
        Ok(self
            .conn()
            .execute("DELETE FROM pension_scenarios WHERE id = ?1", params![id])?
            > 0)
    }
}

impl Kabinet {
    pub fn scenarios(&self) -> AppResult<Vec<SavedScenario>> {
        Ok(self.store().scenarios()?)
    }

    pub fn save_scenario(&self, name: &str, data: &str) -> AppResult<SavedScenario> {
        let name = clean_name(name)?;
        check_data(data)?;
        let store = self.store();
        let replacing = store.scenarios()?.iter().any(|s| s.name == name);
        if !replacing && store.scenario_count()? >= MAX_SAVED {
            return Err(field_error(
                Code::Pension(PensionErrorCode::OutOfRange),
                "scenario_name",
                "too many saved scenarios: delete some first",
            ));
        }
        Ok(store.save_scenario(&name, data)?)
    }

    pub fn delete_scenario(&self, id: u32) -> AppResult<()> {
        self.store().delete_scenario(id)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &str = r#"{"version":1,"sex":"female","birthDate":"1985-06-15"}"#;

    fn exercise(store: &Store) {
        assert_eq!(store.scenarios().expect("list"), vec![]);
        let a = store.save_scenario("Работаю до 65", FORM).expect("save a");
        let b = store
            .save_scenario("alpha", r#"{"version":1}"#)
            .expect("save b");
        assert_ne!(a.id, b.id);
        assert_eq!(a.name, "Работаю до 65");
        assert_eq!(a.data, FORM);
        assert_eq!(a.saved_at.len(), "2026-01-01T00:00:00Z".len());

        // Listed by name, case-insensitively.
        let names: Vec<String> = store
            .scenarios()
            .expect("list")
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["alpha", "Работаю до 65"]);

        // Saving under the same name replaces, keeping the id.
        let again = store
            .save_scenario("alpha", r#"{"version":1,"x":2}"#)
            .expect("save again");
        assert_eq!(again.id, b.id);
        assert_eq!(store.scenario_count().expect("count"), 2);
        assert_eq!(
            store
                .scenario(b.id)
                .expect("load")
                .map(|s| s.data)
                .as_deref(),
            Some(r#"{"version":1,"x":2}"#)
        );

        assert!(store.delete_scenario(a.id).expect("delete"));
        assert!(!store.delete_scenario(a.id).expect("delete twice"));
        assert_eq!(store.scenario(a.id).expect("load"), None);
        assert_eq!(store.scenario_count().expect("count"), 1);
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
        let id = Store::open(&path)
            .expect("open")
            .save_scenario("kept", FORM)
            .expect("save")
            .id;
        let reopened = Store::open(&path).expect("reopen");
        let kept = reopened.scenario(id).expect("load").expect("still there");
        assert_eq!((kept.name.as_str(), kept.data.as_str()), ("kept", FORM));
    }

    #[test]
    fn names_and_data_are_checked() {
        assert_eq!(clean_name("  мой план  ").expect("ok"), "мой план");
        let empty = clean_name("   ").expect_err("empty");
        assert_eq!(empty.field.as_deref(), Some("scenario_name"));
        assert_eq!(empty.code, Code::Portal(ErrorCode::Required));
        assert!(clean_name(&"я".repeat(NAME_MAX_CHARS)).is_ok());
        assert!(clean_name(&"я".repeat(NAME_MAX_CHARS + 1)).is_err());
        assert!(clean_name("a\u{7}b").is_err());
        assert!(check_data(FORM).is_ok());
        for bad in [
            "",
            "[]",
            "42",
            "{",
            &format!("{{\"x\":\"{}\"}}", "a".repeat(DATA_MAX_BYTES)),
        ] {
            let e = check_data(bad).expect_err(bad);
            assert_eq!(e.code, Code::Pension(PensionErrorCode::InvalidJson));
        }
    }

    #[test]
    fn guest_store_keeps_scenarios_only_in_memory() {
        let k = Kabinet::new(
            Ok(crate::config::Config {
                portal: crate::config::PortalTarget::Embedded,
                guest: true,
                data_dir: None,
            }),
            None,
        );
        let saved = k.save_scenario(" plan ", FORM).expect("save");
        assert_eq!(saved.name, "plan");
        assert_eq!(k.scenarios().expect("list").len(), 1);
        k.delete_scenario(saved.id).expect("delete");
        assert!(k.scenarios().expect("list").is_empty());
        assert!(k.0.paths.data_dir.is_none());
    }
}
