//! [`AppError`]: every failure a handler can return, rendered as a typed
//! [`ApiError`] body. Internal causes are logged (with the request's span, so under
//! its request id) and never shown to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kabinet_core::api::{ApiError, ErrorCode};
use time::OffsetDateTime;

/// The HTTP status that goes with each error code.
pub fn status_for(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        MalformedRequest | IdempotencyKeyMissing => StatusCode::BAD_REQUEST,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        NotFound | RegistrationNotFound | RecoveryNotFound | PaperReceiptNotFound => {
            StatusCode::NOT_FOUND
        }
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Required | NameInvalid | ContactInvalid | PhoneInvalid | EmailInvalid | LoginInvalid => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ValidationFailed
        | TooLong
        | OutOfRange
        | ValueInvalid
        | NameNotCyrillic
        | DateInvalid
        | DateInFuture
        | SnilsInvalid
        | SnilsCheckDigits
        | PassportSeriesInvalid
        | PassportNumberInvalid
        | PassportIssuedBeforeAge14
        | DivisionCodeInvalid
        | DocumentNumberInvalid
        | PostcodeInvalid
        | FileTooLarge
        | FileTypeNotAllowed
        | AttachmentUnknown => StatusCode::UNPROCESSABLE_ENTITY,
        SnilsAlreadyRegistered | ChecksInProgress | LevelAlreadyReached | TransitionRefused => {
            StatusCode::CONFLICT
        }
        StandardLevelRequired | VerifiedLevelRequired => StatusCode::FORBIDDEN,
        AddressRequired | LetterCodeWrong | LetterCodeExpired => StatusCode::UNPROCESSABLE_ENTITY,
        LetterNotFound => StatusCode::NOT_FOUND,
        LetterTooSoon => StatusCode::TOO_MANY_REQUESTS,
        CodeWrong | CodeExpired | CodeAttemptsExhausted => StatusCode::UNPROCESSABLE_ENTITY,
        PasswordTooShort
        | PasswordTooLong
        | PasswordMismatch
        | PasswordTooCommon
        | PasswordContainsPersonalData => StatusCode::UNPROCESSABLE_ENTITY,
        ResendTooSoon | RateLimited => StatusCode::TOO_MANY_REQUESTS,
        RegistrationWrongStep | RecoveryWrongStep => StatusCode::CONFLICT,
        InvalidCredentials | Unauthenticated | SessionExpired => StatusCode::UNAUTHORIZED,
        SignInDisabled => StatusCode::FORBIDDEN,
        OperatorWrongOffice | OperatorOwnAccount => StatusCode::FORBIDDEN,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
        Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

#[derive(Debug)]
pub struct AppError {
    body: Box<ApiError>, // boxed: the error path stays small
    /// Logged, never sent.
    internal: Option<String>,
    /// Seconds for a `Retry-After` header.
    retry_after: Option<u64>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            body: Box::new(ApiError::new(code, message)),
            internal: None,
            retry_after: None,
        }
    }

    pub fn field(mut self, field: &str) -> Self {
        self.body.field = Some(field.to_owned());
        self
    }

    pub fn attempts_left(mut self, n: u32) -> Self {
        self.body.attempts_left = Some(n);
        self
    }

    pub fn retry_at(mut self, at: OffsetDateTime) -> Self {
        self.body.retry_at = Some(at);
        self
    }

    /// Every field problem of a request at once (422 `validation_failed`).
    pub fn validation(problems: Vec<kabinet_core::api::FieldProblem>) -> Self {
        Self {
            body: Box::new(ApiError::validation(problems)),
            internal: None,
            retry_after: None,
        }
    }

    /// Overloaded for a moment: 503 with `Retry-After: secs`.
    pub fn busy(secs: u64) -> Self {
        let mut e = Self::new(
            ErrorCode::Unavailable,
            "the portal is busy; try again in a moment",
        );
        e.retry_after = Some(secs);
        e
    }

    /// A failure of ours: the client learns only that something went wrong.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self {
            body: Box::new(ApiError::new(
                ErrorCode::Internal,
                "internal error; see the server log under this request id",
            )),
            internal: Some(cause.to_string()),
            retry_after: None,
        }
    }

    pub fn code(&self) -> ErrorCode {
        self.body.code
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => Self {
                body: Box::new(ApiError::new(
                    ErrorCode::Unavailable,
                    "the database is unavailable; try again",
                )),
                internal: Some(e.to_string()),
                retry_after: Some(1),
            },
            // sqlx's messages carry the database's text, not bound values.
            other => Self::internal(format!("database: {other}")),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = status_for(self.body.code);
        if let Some(cause) = &self.internal {
            tracing::error!(code = ?self.body.code, cause = %cause, "request failed");
        } else {
            tracing::debug!(code = ?self.body.code, "request refused");
        }
        let mut response = (status, Json(*self.body)).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
