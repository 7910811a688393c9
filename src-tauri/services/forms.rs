//! Application forms in the app: the form a service asks (its JSON Schema from the
//! catalogue in use, so it works offline), started from the citizen's draft or
//! from what the account already holds; checked here with kabinet-core's
//! `forms::check` — the same schema and validator the portal uses — so every
//! problem shows before anything is sent; drafts kept in the local store as typed.

use kabinet_core::api::FieldProblem;
use kabinet_core::services::forms;
use serde::Serialize;

use super::outbox::Submitted;
use crate::identity::flow::DRAFT_MAX_BYTES;
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::IdempotencyKey;

/// What the form screen starts from.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct FormStart {
    pub service_id: String,
    /// The form: a self-contained JSON Schema with the renderer's `x-` annotations.
    #[specta(type = specta_typescript::Unknown)]
    pub schema: serde_json::Value,
    /// The citizen's draft, as the UI saved it (its own JSON), if there is one.
    pub draft: Option<String>,
    /// When the draft was saved (RFC 3339).
    pub draft_saved_at: Option<String>,
    /// For a new form: the answers the account already holds (name, SNILS,
    /// passport, address from the profile). None offline or before the profile.
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub prefill: Option<serde_json::Value>,
}

/// A form's answers from the UI (any JSON; the form's schema says what fits).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Answers(#[specta(type = specta_typescript::Unknown)] pub serde_json::Value);

/// A saved draft, for the list of applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DraftInfo {
    pub service_id: String,
    pub saved_at: String,
}

fn today() -> time::Date {
    // The app owns the clock (UTC, as the calculator's "today").
    time::OffsetDateTime::now_utc().date()
}

fn draft_invalid() -> AppError {
    AppError::client(
        ClientCode::DraftInvalid,
        "the form draft is not JSON or is too large",
    )
}

impl Kabinet {
    fn form_schema(&self, service_id: &str) -> AppResult<serde_json::Value> {
        let c = self.catalogue()?;
        c.catalogue
            .service(service_id)
            .and_then(|s| c.catalogue.forms.get(&s.form))
            .cloned()
            .ok_or_else(|| {
                AppError::at_field(
                    crate::platform::error::Code::Portal(kabinet_core::api::ErrorCode::NotFound),
                    "service_id",
                    "no such service in the catalogue",
                )
            })
    }

    pub async fn application_form(&self, service_id: &str) -> AppResult<FormStart> {
        let schema = self.form_schema(service_id)?;
        let draft = self
            .store()
            .application_draft(&self.portal_id(), service_id)?;
        let signed_in = self.access().is_some();
        let prefill = match (&draft, signed_in) {
            (None, true) => match self.profile_get().await {
                Ok(p) => p
                    .submitted
                    .map(|s| forms::prefill(&schema, &forms::Prefill::from_profile(&s))),
                Err(e) => {
                    tracing::info!(code = ?e.code, "no profile to fill the form from");
                    None
                }
            },
            _ => None,
        };
        let (draft, draft_saved_at) = draft.map_or((None, None), |(d, at)| (Some(d), Some(at)));
        Ok(FormStart {
            service_id: service_id.to_owned(),
            schema,
            draft,
            draft_saved_at,
            prefill,
        })
    }

    /// Every problem of `answers` (the UI's values converted: ISO dates, numbers),
    /// exactly as the portal would find them. Empty: good to send.
    pub fn application_check(
        &self,
        service_id: &str,
        answers: &serde_json::Value,
    ) -> AppResult<Vec<FieldProblem>> {
        let schema = self.form_schema(service_id)?;
        Ok(forms::check(&schema, answers, today())
            .err()
            .unwrap_or_default())
    }

    pub fn application_draft_save(&self, service_id: &str, json: &str) -> AppResult<()> {
        if json.len() > DRAFT_MAX_BYTES || serde_json::from_str::<serde_json::Value>(json).is_err()
        {
            return Err(draft_invalid());
        }
        self.form_schema(service_id)?;
        // Only for a signed-in person: a save that arrives after a sign-out (which
        // deleted the drafts) must not bring one back.
        if self.access().is_none() {
            return Err(AppError::client(ClientCode::NotSignedIn, "not signed in"));
        }
        Ok(self
            .store()
            .save_application_draft(&self.portal_id(), service_id, json)?)
    }

    pub fn application_draft_clear(&self, service_id: &str) -> AppResult<()> {
        Ok(self
            .store()
            .clear_application_draft(&self.portal_id(), service_id)?)
    }

    pub fn application_drafts(&self) -> AppResult<Vec<DraftInfo>> {
        Ok(self
            .store()
            .application_drafts(&self.portal_id())?
            .into_iter()
            .map(|(service_id, saved_at)| DraftInfo {
                service_id,
                saved_at,
            })
            .collect())
    }

    /// Checks the answers here first (every problem, nothing sent), then applies —
    /// or, with the portal unreachable, queues it in the outbox; the draft goes
    /// once the application is the portal's or the outbox's.
    pub async fn application_submit(
        &self,
        service_id: &str,
        answers: serde_json::Value,
        key: &str,
    ) -> AppResult<Submitted> {
        let key = IdempotencyKey::parse(key)?;
        let schema = self.form_schema(service_id)?;
        let answers = forms::check(&schema, &answers, today()).map_err(AppError::validation)?;
        let sent = match self.portal().await {
            Ok(conn) => {
                conn.client
                    .submit_application(&self.signed_in(), service_id, answers.clone(), &key)
                    .await
            }
            Err(e) => Err(e),
        };
        let outcome = match sent {
            Ok(application) => Submitted::Sent {
                application: Box::new(application),
            },
            // Unreachable, or no answer: kept with its key and sent later, once.
            Err(e) if e.outcome_unknown() && self.owner().is_some() => {
                tracing::info!(code = ?e.code, "application queued to send later");
                self.queue_application(service_id, &answers, &key)?;
                Submitted::Queued {
                    service_id: service_id.to_owned(),
                }
            }
            Err(e) => return Err(e),
        };
        self.application_draft_clear(service_id)?;
        Ok(outcome)
    }
}
