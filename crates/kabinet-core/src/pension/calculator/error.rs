//! The calculator's one error type: a stable machine code, the offending field
//! (as a path into the scenario JSON, e.g. `non_insurance[1].years`) and a message.

use serde::Serialize;

/// Stable machine codes; the UI maps them to translated text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PensionErrorCode {
    /// Standard input was empty.
    EmptyInput,
    /// Not valid JSON.
    InvalidJson,
    /// A field the scenario format does not have.
    UnknownField,
    /// A required field is missing.
    MissingField,
    /// A field has the wrong JSON type or an unparsable value.
    InvalidValue,
    /// A value outside what the law or the format allows.
    OutOfRange,
    /// Two fields contradict each other.
    Conflict,
    /// The claim date is before the right to a pension arises.
    ClaimBeforeRight,
    /// The embedded parameter tables failed to load (a bug).
    ParametersUnavailable,
}

impl PensionErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EmptyInput => "empty_input",
            Self::InvalidJson => "invalid_json",
            Self::UnknownField => "unknown_field",
            Self::MissingField => "missing_field",
            Self::InvalidValue => "invalid_value",
            Self::OutOfRange => "out_of_range",
            Self::Conflict => "conflict",
            Self::ClaimBeforeRight => "claim_before_right",
            Self::ParametersUnavailable => "parameters_unavailable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{}: {message}", field.as_deref().unwrap_or("input"))]
pub struct PensionError {
    pub code: PensionErrorCode,
    /// Path of the offending field in the scenario; None for the input as a whole.
    pub field: Option<String>,
    pub message: String,
}

impl PensionError {
    pub fn new(
        code: PensionErrorCode,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            field: Some(field.into()),
            message: message.into(),
        }
    }

    pub fn whole(code: PensionErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            field: None,
            message: message.into(),
        }
    }

    pub fn params_unavailable(detail: String) -> Self {
        Self::whole(
            PensionErrorCode::ParametersUnavailable,
            format!("pension parameter tables failed to load: {detail}"),
        )
    }

    /// `{"error": {"code", "field", "message"}}` — what the CLI prints on stderr.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "error": self }).to_string()
    }
}
