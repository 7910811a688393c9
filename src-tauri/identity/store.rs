//! The identity feature's table in the local store: the half-filled personal-data
//! form, one per portal, as the UI wrote it (in memory in guest mode, as the whole
//! store is).

use rusqlite::{OptionalExtension, params};

use crate::platform::store::Store;

impl Store {
    pub fn profile_draft(&self, portal: &str) -> rusqlite::Result<Option<String>> {
        self.conn()
            .query_row(
                "SELECT data FROM profile_draft WHERE portal = ?1",
                params![portal],
                |r| r.get(0),
            )
            .optional()
    }

    pub fn save_profile_draft(&self, portal: &str, data: &str) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO profile_draft (portal, data) VALUES (?1, ?2)
             ON CONFLICT (portal) DO UPDATE SET data = excluded.data,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![portal, data],
        )?;
        Ok(())
    }

    pub fn clear_profile_draft(&self, portal: &str) -> rusqlite::Result<()> {
        self.conn().execute(
            "DELETE FROM profile_draft WHERE portal = ?1",
            params![portal],
        )?;
        Ok(())
    }

    /// Every portal's draft (at sign-out: the next person at this computer must not
    /// find the last one's passport details).
    pub fn clear_profile_drafts(&self) -> rusqlite::Result<()> {
        self.conn().execute("DELETE FROM profile_draft", [])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::store::exercise_both;

    fn exercise(store: &Store) {
        assert_eq!(store.profile_draft("embedded").expect("read"), None);
        store
            .save_profile_draft("embedded", r#"{"surname":"Ив"}"#)
            .expect("save");
        store
            .save_profile_draft("embedded", r#"{"surname":"Иванова"}"#)
            .expect("save again");
        store
            .save_profile_draft("https://portal.example.ru/", "{}")
            .expect("another portal");
        assert_eq!(
            store.profile_draft("embedded").expect("read").as_deref(),
            Some(r#"{"surname":"Иванова"}"#)
        );
        store.clear_profile_draft("embedded").expect("clear");
        assert_eq!(store.profile_draft("embedded").expect("read"), None);
        assert!(
            store
                .profile_draft("https://portal.example.ru/")
                .expect("read")
                .is_some()
        );
        store.clear_profile_drafts().expect("clear all");
        assert_eq!(
            store
                .profile_draft("https://portal.example.ru/")
                .expect("read"),
            None
        );
    }

    #[test]
    fn works_in_memory_and_on_a_file_that_survives_reopening() {
        exercise_both(
            exercise,
            |s| s.save_profile_draft("embedded", "{\"a\":1}").expect("save"),
            |s, ()| {
                assert_eq!(
                    s.profile_draft("embedded").expect("read").as_deref(),
                    Some("{\"a\":1}")
                )
            },
        );
    }
}
