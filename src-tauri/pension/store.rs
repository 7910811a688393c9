//! The pension feature's tables in the local store: saved calculator scenarios, and
//! the newest parameter table the portal signed (`pension_params`, one row).

use kabinet_core::api::Signed;
use rusqlite::{OptionalExtension, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::dto::SavedScenario;
use crate::platform::store::Store;

/// The stored signed table, as it was verified (`pension/params.rs` reads it again).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredParams {
    pub signed: Signed,
    pub fetched_at: OffsetDateTime,
}

/// Why a stored table row cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum StoredParamsError {
    #[error("local store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored pension table row is damaged: {0}")]
    Damaged(String),
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

impl Store {
    /// The stored signed table, if any. A row that does not decode is an error
    /// (the caller falls back to the built-in table), never a panic.
    pub fn pension_params(&self) -> Result<Option<StoredParams>, StoredParamsError> {
        let row = self
            .conn()
            .query_row(
                "SELECT toml, signature_base64, signer_chain_pem, signed_at, fetched_at
                 FROM pension_params WHERE slot = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((content, signature_base64, chain, signed_at, fetched_at)) = row else {
            return Ok(None);
        };
        let damaged = |what: &str, e: &dyn std::fmt::Display| {
            StoredParamsError::Damaged(format!("{what}: {e}"))
        };
        let signer_chain_pem: Vec<String> =
            serde_json::from_str(&chain).map_err(|e| damaged("signer_chain_pem", &e))?;
        let signed_at =
            OffsetDateTime::parse(&signed_at, &Rfc3339).map_err(|e| damaged("signed_at", &e))?;
        let fetched_at =
            OffsetDateTime::parse(&fetched_at, &Rfc3339).map_err(|e| damaged("fetched_at", &e))?;
        Ok(Some(StoredParams {
            signed: Signed {
                content,
                signature_base64,
                signer_chain_pem,
                signed_at,
            },
            fetched_at,
        }))
    }

    /// Keeps `signed` (already verified, of date `as_of`) as the stored table,
    /// replacing the one before: the caller takes only a table at least as new as
    /// the one in use.
    pub fn save_pension_params(
        &self,
        signed: &Signed,
        as_of: time::Date,
        fetched_at: OffsetDateTime,
    ) -> rusqlite::Result<()> {
        let text = |e: String| rusqlite::Error::ToSqlConversionFailure(e.into());
        let chain =
            serde_json::to_string(&signed.signer_chain_pem).map_err(|e| text(e.to_string()))?;
        let signed_at = signed
            .signed_at
            .format(&Rfc3339)
            .map_err(|e| text(e.to_string()))?;
        let fetched_at = fetched_at
            .to_offset(time::UtcOffset::UTC)
            .format(&Rfc3339)
            .map_err(|e| text(e.to_string()))?;
        let as_of = format!(
            "{:04}-{:02}-{:02}",
            as_of.year(),
            u8::from(as_of.month()),
            as_of.day()
        );
        self.conn().execute(
            "INSERT INTO pension_params
                 (slot, as_of, toml, signature_base64, signer_chain_pem, signed_at, fetched_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (slot) DO UPDATE SET
                 as_of = excluded.as_of, toml = excluded.toml,
                 signature_base64 = excluded.signature_base64,
                 signer_chain_pem = excluded.signer_chain_pem,
                 signed_at = excluded.signed_at, fetched_at = excluded.fetched_at",
            params![
                as_of,
                signed.content,
                signed.signature_base64,
                chain,
                signed_at,
                fetched_at
            ],
        )?;
        Ok(())
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

#[cfg(test)]
mod params_tests {
    use super::*;
    use crate::platform::store::exercise_both;

    fn signed() -> Signed {
        Signed {
            content: "as_of = 2027-01-01\n".to_owned(),
            signature_base64: "c2ln".to_owned(),
            signer_chain_pem: vec!["-----BEGIN CERTIFICATE-----\n…".to_owned()],
            signed_at: time::macros::datetime!(2026-12-03 10:00 UTC),
        }
    }

    fn exercise(store: &Store) {
        assert!(store.pension_params().expect("read").is_none());
        let at = time::macros::datetime!(2026-12-03 10:00:05 UTC);
        store
            .save_pension_params(&signed(), time::macros::date!(2027 - 01 - 01), at)
            .expect("save");
        let mut newer = signed();
        newer.content = "as_of = 2027-02-01\n".to_owned();
        store
            .save_pension_params(&newer, time::macros::date!(2027 - 02 - 01), at)
            .expect("replace");
        let back = store.pension_params().expect("read").expect("a row");
        assert_eq!(back.signed, newer);
        assert_eq!(back.fetched_at, at);
        let rows: u32 = store
            .conn()
            .query_row("SELECT count(*) FROM pension_params", [], |r| r.get(0))
            .expect("count");
        assert_eq!(rows, 1, "one table kept");
    }

    #[test]
    fn the_signed_table_round_trips_and_survives_reopening() {
        exercise_both(
            exercise,
            |s| {
                s.save_pension_params(
                    &signed(),
                    time::macros::date!(2027 - 01 - 01),
                    time::macros::datetime!(2026-12-03 10:00 UTC),
                )
                .expect("save")
            },
            |s, ()| {
                let back = s.pension_params().expect("read").expect("kept");
                assert_eq!(back.signed, signed());
            },
        );
    }

    #[test]
    fn a_damaged_row_is_an_error_not_a_panic() {
        let store = Store::in_memory().expect("open");
        store
            .conn()
            .execute(
                "INSERT INTO pension_params VALUES (1, 'x', 'x', 'x', 'not json', 'yesterday', '?')",
                [],
            )
            .expect("garbage");
        let e = store.pension_params().expect_err("damaged");
        assert!(matches!(e, StoredParamsError::Damaged(_)), "{e}");
    }
}
