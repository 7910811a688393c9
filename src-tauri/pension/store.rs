//! The pension feature's table in the local store: saved calculator scenarios.

use rusqlite::{OptionalExtension, params};

use super::dto::SavedScenario;
use crate::platform::store::Store;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::store::exercise_both;

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
    fn works_in_memory_and_on_a_file_that_survives_reopening() {
        exercise_both(
            exercise,
            |s| s.save_scenario("kept", FORM).expect("save").id,
            |s, id| {
                let kept = s.scenario(id).expect("load").expect("still there");
                assert_eq!((kept.name.as_str(), kept.data.as_str()), ("kept", FORM));
            },
        );
    }
}
