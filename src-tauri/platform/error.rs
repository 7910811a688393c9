//! The one error type that crosses the IPC boundary: `{code, message, …}` with a
//! closed set of codes. The UI translates `code`; `message` is English for developers.

use kabinet_core::api::{ApiError, ErrorCode, FieldProblem};
use serde::Serialize;

/// Errors that arise in the desktop app itself (not answered by the portal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ClientCode {
    /// The portal could not be reached (network down, portal stopped).
    NetworkUnreachable,
    /// The portal's certificate is not the one we trust.
    TlsUntrusted,
    /// The embedded portal failed to start.
    PortalStartFailed,
    /// The portal answered something we do not understand.
    UnexpectedResponse,
    /// The configuration file or environment is invalid.
    ConfigInvalid,
    /// The local store (SQLite) failed.
    StoreFailed,
    /// The OS keyring failed while it was expected to work.
    KeyringFailed,
    /// The command needs a signed-in session.
    NotSignedIn,
    /// There is no registration in progress.
    NoRegistration,
    /// No recovery of access is in progress in this app (start again).
    NoRecovery,
    /// The UI sent an idempotency key of the wrong shape.
    BadIdempotencyKey,
    /// The demo inbox exists only with the embedded demo portal.
    NotDemo,
    /// A guest-only command (ending a guest session) outside guest mode.
    NotGuest,
    /// The personal-data form's draft is not JSON or is too large to keep.
    DraftInvalid,
    /// Guest mode writes no personal documents to the computer's folders.
    GuestNoFiles,
    /// The portal's signed pension table is not signed by a document key of the
    /// pinned CA, or the signature does not cover it.
    ParamsUntrusted,
    /// The portal's signed pension table is not a table the calculator reads.
    ParamsInvalid,
}

/// Portal codes and the app's own codes, one closed union for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(untagged)]
pub enum Code {
    Portal(ErrorCode),
    Client(ClientCode),
    /// The pension calculator's input errors (`field` names the scenario field).
    Pension(kabinet_core::pension::PensionErrorCode),
    /// Saved calculator scenarios (the local store, not the portal).
    Scenario(crate::pension::dto::ScenarioCode),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct AppError {
    pub code: Code,
    pub message: String,
    /// The input field the error is about, when there is one.
    pub field: Option<String>,
    /// For `code_wrong`: attempts left.
    pub attempts_left: Option<u32>,
    /// For `resend_too_soon` / `rate_limited`: when to try again (RFC 3339).
    pub retry_at: Option<String>,
    /// For `validation_failed`: every wrong field at once (dotted paths such as
    /// `passport.series`), from the app's own check or the portal's 422 alike.
    pub problems: Vec<FieldProblem>,
}

impl AppError {
    pub fn client(code: ClientCode, message: impl Into<String>) -> Self {
        Self {
            code: Code::Client(code),
            message: message.into(),
            field: None,
            attempts_left: None,
            retry_at: None,
            problems: Vec::new(),
        }
    }
    /// `validation_failed` with every wrong field, as the portal's 422 has it.
    pub fn validation(problems: Vec<FieldProblem>) -> Self {
        ApiError::validation(problems).into()
    }
    /// An error about one input field.
    pub fn at_field(code: Code, field: &str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: Some(field.to_owned()),
            attempts_left: None,
            retry_at: None,
            problems: Vec::new(),
        }
    }
    pub fn is(&self, code: ErrorCode) -> bool {
        self.code == Code::Portal(code)
    }

    /// The portal may or may not have acted (no answer, or a failure on its side):
    /// a retry must carry the same idempotency key. (The UI's `settle` says the same.)
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self.code,
            Code::Client(ClientCode::NetworkUnreachable | ClientCode::UnexpectedResponse)
                | Code::Portal(ErrorCode::Internal | ErrorCode::Unavailable)
        )
    }
}

impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        Self {
            code: Code::Portal(e.code),
            message: e.message,
            field: e.field,
            attempts_left: e.attempts_left,
            retry_at: e.retry_at.and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            }),
            problems: e.errors,
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        Self::client(ClientCode::StoreFailed, e.to_string())
    }
}

impl From<kabinet_core::pension::PensionError> for AppError {
    fn from(e: kabinet_core::pension::PensionError) -> Self {
        Self {
            code: Code::Pension(e.code),
            message: e.message,
            field: e.field,
            attempts_left: None,
            retry_at: None,
            problems: Vec::new(),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_flat_code_strings() {
        let e = AppError::from(ApiError::new(ErrorCode::CodeWrong, "wrong").with_field("code"));
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["code"], "code_wrong");
        assert_eq!(v["field"], "code");
        let c = AppError::client(ClientCode::NetworkUnreachable, "down");
        let v = serde_json::to_value(&c).unwrap_or_default();
        assert_eq!(v["code"], "network_unreachable");
        assert_eq!(v["problems"], serde_json::json!([]));
    }

    /// The portal's 422 keeps every field problem, in order.
    #[test]
    fn a_validation_failure_keeps_every_problem() {
        let problems = vec![
            FieldProblem::new("surname", ErrorCode::Required),
            FieldProblem::new("passport.series", ErrorCode::PassportSeriesInvalid),
        ];
        let e = AppError::from(ApiError::validation(problems.clone()));
        assert!(e.is(ErrorCode::ValidationFailed));
        assert_eq!(e.problems, problems);
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["problems"][1]["field"], "passport.series");
        assert_eq!(v["problems"][1]["code"], "passport_series_invalid");
    }
}
