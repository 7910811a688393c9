//! The auth feature's tables in the local store: the registration in progress (so it
//! can be resumed after the app is closed) and an unanswered start's idempotency key.

use rusqlite::{OptionalExtension, params};

use crate::platform::store::Store;
use kabinet_core::secret::SecretString as Secret;

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

/// A registration start's details, as sent (see [`Store::remember_start`]).
#[derive(Debug, Clone, Copy)]
pub struct PendingStart<'a> {
    pub portal: &'a str,
    pub surname: &'a str,
    pub first_name: &'a str,
    pub contact: &'a str,
}

impl Store {
    pub fn draft(&self) -> rusqlite::Result<Option<RegistrationDraft>> {
        self.conn()
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
        self.conn().execute(
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
        self.conn().execute("DELETE FROM registration_draft", [])?;
        Ok(())
    }

    /// The key of an unanswered registration start with exactly these details.
    pub fn pending_start_key(&self, s: &PendingStart<'_>) -> rusqlite::Result<Option<String>> {
        self.conn()
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
        self.conn().execute(
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
        self.conn().execute("DELETE FROM pending_start", [])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::store::exercise_both;

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
    fn works_in_memory_and_on_a_file_that_survives_reopening() {
        exercise_both(
            exercise,
            |s| s.save_draft(&draft()).expect("save"),
            |s, ()| assert_eq!(s.draft().expect("read"), Some(draft())),
        );
    }
}
