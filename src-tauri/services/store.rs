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

    pub fn queue_application(&self, row: &OutboxRow) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO application_outbox (idempotency_key, portal, owner, service_id, answers)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (idempotency_key) DO NOTHING",
            params![row.key, row.portal, row.owner, row.service_id, row.answers],
        )?;
        Ok(())
    }

    /// This account's queued applications on this portal, oldest first.
    pub fn outbox(&self, portal: &str, owner: &str) -> rusqlite::Result<Vec<OutboxRow>> {
        let mut q = self.conn().prepare(
            "SELECT idempotency_key, portal, owner, service_id, answers, queued_at, attempts, rejected
             FROM application_outbox WHERE portal = ?1 AND owner = ?2 ORDER BY queued_at, rowid",
        )?;
        let rows = q.query_map(params![portal, owner], |r| {
            Ok(OutboxRow {
                key: r.get(0)?,
                portal: r.get(1)?,
                owner: r.get(2)?,
                service_id: r.get(3)?,
                answers: r.get(4)?,
                queued_at: r.get(5)?,
                attempts: r.get(6)?,
                rejected: r.get(7)?,
            })
        })?;
        rows.collect()
    }

    pub fn outbox_tried(&self, key: &str, rejected: Option<&str>) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE application_outbox SET attempts = attempts + 1, rejected = ?2 WHERE idempotency_key = ?1",
            params![key, rejected],
        )?;
        Ok(())
    }

    pub fn outbox_remove(&self, key: &str, owner: &str) -> rusqlite::Result<()> {
        self.conn().execute(
            "DELETE FROM application_outbox WHERE idempotency_key = ?1 AND owner = ?2",
            params![key, owner],
        )?;
        Ok(())
    }
}

/// An application waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutboxRow {
    pub key: String,
    pub portal: String,
    pub owner: String,
    pub service_id: String,
    /// The answers as checked (JSON).
    pub answers: String,
    pub queued_at: String,
    pub attempts: u32,
    pub rejected: Option<String>,
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
