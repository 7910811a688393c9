//! The services feature's tables in the local store: the catalogue the portal
//! served last, and half-filled application forms (in memory in guest mode, as
//! the whole store is).

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

    /// The draft of `service_id`'s form and when it was saved.
    pub fn application_draft(
        &self,
        portal: &str,
        service_id: &str,
    ) -> rusqlite::Result<Option<(String, String)>> {
        self.conn()
            .query_row(
                "SELECT data, updated_at FROM application_drafts WHERE portal = ?1 AND service_id = ?2",
                params![portal, service_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
    }

    pub fn save_application_draft(
        &self,
        portal: &str,
        service_id: &str,
        data: &str,
    ) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO application_drafts (portal, service_id, data) VALUES (?1, ?2, ?3)
             ON CONFLICT (portal, service_id) DO UPDATE SET data = excluded.data,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![portal, service_id, data],
        )?;
        Ok(())
    }

    pub fn clear_application_draft(&self, portal: &str, service_id: &str) -> rusqlite::Result<()> {
        self.conn().execute(
            "DELETE FROM application_drafts WHERE portal = ?1 AND service_id = ?2",
            params![portal, service_id],
        )?;
        Ok(())
    }

    /// Every draft (at sign-out: they hold passport details).
    pub fn clear_application_drafts(&self) -> rusqlite::Result<()> {
        self.conn().execute("DELETE FROM application_drafts", [])?;
        Ok(())
    }

    /// The services with a draft, newest first.
    pub fn application_drafts(&self, portal: &str) -> rusqlite::Result<Vec<(String, String)>> {
        let mut q = self.conn().prepare(
            "SELECT service_id, updated_at FROM application_drafts WHERE portal = ?1
             ORDER BY updated_at DESC, service_id",
        )?;
        let rows = q.query_map(params![portal], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::store::{Store, exercise_both};

    fn exercise(store: &Store) {
        assert_eq!(store.application_draft("p", "a").expect("read"), None);
        store
            .save_application_draft("p", "a", r#"{"x":1}"#)
            .expect("save");
        store
            .save_application_draft("p", "a", r#"{"x":2}"#)
            .expect("save again");
        store
            .save_application_draft("p", "b", "{}")
            .expect("save b");
        store
            .save_application_draft("q", "a", "{}")
            .expect("another portal");
        assert_eq!(
            store
                .application_draft("p", "a")
                .expect("read")
                .map(|d| d.0)
                .as_deref(),
            Some(r#"{"x":2}"#),
            "one draft per service, the last typed"
        );
        assert_eq!(store.application_drafts("p").expect("list").len(), 2);
        store.clear_application_draft("p", "a").expect("clear");
        assert_eq!(store.application_draft("p", "a").expect("read"), None);
        assert!(store.application_draft("p", "b").expect("read").is_some());
        store.clear_application_drafts().expect("clear all");
        assert!(store.application_drafts("q").expect("list").is_empty());
    }

    #[test]
    fn application_drafts_are_kept_per_service_and_cleared() {
        exercise_both(
            exercise,
            |s| {
                s.save_application_draft("p", "a", r#"{"kept":true}"#)
                    .expect("save")
            },
            |s, ()| {
                assert_eq!(
                    s.application_draft("p", "a")
                        .expect("read")
                        .map(|d| d.0)
                        .as_deref(),
                    Some(r#"{"kept":true}"#),
                    "a draft survives closing the app"
                );
            },
        );
    }
}
