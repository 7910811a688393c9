//! The services feature's table in the local store: the catalogue the portal
//! served last.

use rusqlite::{OptionalExtension, params};

use crate::platform::store::Store;

pub struct StoredCatalogue {
    pub version: String,
    pub json: String,
    pub fetched_at: String,
}

impl Store {
    pub fn services_catalogue(&self) -> rusqlite::Result<Option<StoredCatalogue>> {
        self.conn()
            .query_row(
                "SELECT version, json, fetched_at FROM services_catalogue WHERE slot = 1",
                [],
                |r| {
                    Ok(StoredCatalogue {
                        version: r.get(0)?,
                        json: r.get(1)?,
                        fetched_at: r.get(2)?,
                    })
                },
            )
            .optional()
    }

    pub fn save_services_catalogue(&self, row: &StoredCatalogue) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO services_catalogue (slot, version, json, fetched_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (slot) DO UPDATE SET version = excluded.version, json = excluded.json,
             fetched_at = excluded.fetched_at",
            params![row.version, row.json, row.fetched_at],
        )?;
        Ok(())
    }
}
