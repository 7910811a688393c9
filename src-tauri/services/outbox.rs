//! The outbox: an application submitted while the portal cannot be reached (or
//! did not say whether it took it) is kept in the local store with its
//! idempotency key and sent when the portal answers again — at the next try the
//! background task makes (every [`FLUSH_EVERY`]), or when the citizen asks. The
//! portal keys applications by that idempotency key, so one sent twice (a lost
//! answer, two tries at once) is one application: nothing lost, nothing twice.
//! Rows belong to the account that submitted them: another person signing in at
//! this computer never sends (or sees) them.

use std::time::Duration;

use kabinet_core::api::applications::ApplicationView;
use serde::Serialize;

use super::store::OutboxRow;
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::IdempotencyKey;

/// How often the background task tries to send what is queued.
pub const FLUSH_EVERY: Duration = Duration::from_secs(20);

/// One send at a time: the background task and the button do not race.
static FLUSHING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Submitted {
    /// The portal has it.
    Sent { application: Box<ApplicationView> },
    /// The portal could not be reached: kept here, sent when it can be.
    Queued { service_id: String },
}

/// A queued application as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct QueuedApplication {
    pub idempotency_key: String,
    pub service_id: String,
    /// RFC 3339.
    pub queued_at: String,
    pub attempts: u32,
    /// The portal's definite refusal (an error code), if it refused it.
    pub rejected: Option<String>,
}

fn code_key(e: &AppError) -> String {
    serde_json::to_value(e.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unexpected_response".into())
}

impl Kabinet {
    fn owner_id(&self) -> AppResult<String> {
        self.owner()
            .clone()
            .ok_or_else(|| AppError::client(ClientCode::NotSignedIn, "not signed in"))
    }

    /// Keeps checked answers to send later, under their idempotency key.
    pub(crate) fn queue_application(
        &self,
        service_id: &str,
        answers: &serde_json::Value,
        key: &IdempotencyKey,
    ) -> AppResult<()> {
        let owner = self.owner_id()?;
        self.store().queue_application(&OutboxRow {
            key: key.as_str().to_owned(),
            portal: self.portal_id(),
            owner,
            service_id: service_id.to_owned(),
            answers: serde_json::to_string(answers)
                .map_err(|e| AppError::client(ClientCode::StoreFailed, e.to_string()))?,
            ..OutboxRow::default()
        })?;
        Ok(())
    }

    /// The signed-in account's queued applications, oldest first.
    pub fn outbox_list(&self) -> AppResult<Vec<QueuedApplication>> {
        let Some(owner) = self.owner().clone() else {
            return Ok(Vec::new());
        };
        Ok(self
            .store()
            .outbox(&self.portal_id(), &owner)?
            .into_iter()
            .map(|r| QueuedApplication {
                idempotency_key: r.key,
                service_id: r.service_id,
                queued_at: r.queued_at,
                attempts: r.attempts,
                rejected: r.rejected,
            })
            .collect())
    }

    /// Takes one queued application back (one the portal refused, or one the
    /// citizen no longer wants sent).
    pub fn outbox_remove(&self, key: &str) -> AppResult<()> {
        let owner = self.owner_id()?;
        Ok(self.store().outbox_remove(key, &owner)?)
    }

    /// Sends what this account has queued; how many the portal took. Stops at the
    /// first "unreachable" (the rest would fare no better); a definite refusal is
    /// kept with its code and not tried again.
    pub async fn outbox_flush(&self) -> AppResult<u32> {
        let _one = FLUSHING.lock().await;
        let Some(owner) = self.owner().clone() else {
            return Ok(0);
        };
        let rows = self.store().outbox(&self.portal_id(), &owner)?;
        let mut sent = 0;
        for row in rows.into_iter().filter(|r| r.rejected.is_none()) {
            let key = IdempotencyKey::parse(&row.key)?;
            let answers: serde_json::Value = serde_json::from_str(&row.answers)
                .map_err(|e| AppError::client(ClientCode::StoreFailed, e.to_string()))?;
            let conn = self.portal().await?;
            match conn
                .client
                .submit_application(&self.signed_in(), &row.service_id, answers, &key)
                .await
            {
                Ok(_) => {
                    self.store().outbox_remove(&row.key, &owner)?;
                    sent += 1;
                }
                Err(e) if e.outcome_unknown() => {
                    self.store().outbox_tried(&row.key, None)?;
                    break;
                }
                Err(e) => {
                    tracing::info!(code = ?e.code, "a queued application was refused");
                    self.store().outbox_tried(&row.key, Some(&code_key(&e)))?;
                }
            }
        }
        Ok(sent)
    }
}
