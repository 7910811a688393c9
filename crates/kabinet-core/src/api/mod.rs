//! The portal API's wire types (JSON under `/api/v1`), defined once and used by both
//! the portal server and the desktop client.
//!
//! This module holds what every feature shares — the path prefix, the headers, the
//! error body and its closed [`ErrorCode`] set, the message [`Channel`]; each feature's
//! requests and responses live in its own file ([`auth`], [`identity`], [`demo`],
//! [`service`]) and are re-exported here, so `kabinet_core::api::SignIn` names the one
//! definition.
//!
//! Conventions of the API:
//! - every state-changing request (`POST`, `PUT`, `DELETE`) carries an
//!   `Idempotency-Key` header ([`IDEMPOTENCY_HEADER`]); a retry with the same key and
//!   the same body returns the first response, byte for byte;
//! - every error is an [`ApiError`] body `{code, message, field?, errors?}` with a
//!   closed [`ErrorCode`]; the desktop maps codes to translated text; a form with
//!   several wrong fields gets `validation_failed` and every problem in `errors`;
//! - instants are UTC, RFC 3339 strings; civil dates are `YYYY-MM-DD`;
//! - responses never reveal whether an account exists (registration start, resend,
//!   sign-in all answer the same way for known and unknown contacts).
//!
//! Endpoints (see the OpenAPI document at `/api/v1/openapi.json`):
//!
//! | method & path                                   | request               | response                      |
//! |-------------------------------------------------|-----------------------|-------------------------------|
//! | `GET  /api/v1/health`                           | —                     | [`Health`]                    |
//! | `POST /api/v1/registrations`                    | [`StartRegistration`] | 202 [`RegistrationView`]      |
//! | `GET  /api/v1/registrations/{id}`               | —                     | [`RegistrationView`]          |
//! | `POST /api/v1/registrations/{id}/resend`        | `{}`                  | 202 [`RegistrationView`]      |
//! | `POST /api/v1/registrations/{id}/confirm`       | [`ConfirmCode`]       | [`RegistrationView`]          |
//! | `POST /api/v1/registrations/{id}/password`      | [`SetPassword`]       | 201 [`SessionGrant`]          |
//! | `POST /api/v1/recoveries`                       | [`StartRecovery`]     | 202 [`RecoveryView`]          |
//! | `POST /api/v1/recoveries/{id}/resend`           | `{}`                  | 202 [`RecoveryView`]          |
//! | `POST /api/v1/recoveries/{id}/confirm`          | [`ConfirmCode`]       | [`RecoveryView`]              |
//! | `POST /api/v1/recoveries/{id}/password`         | [`SetPassword`]       | 201 [`SessionGrant`]          |
//! | `POST /api/v1/sessions`                         | [`SignIn`]            | 201 [`SessionGrant`]          |
//! | `POST /api/v1/sessions/refresh`                 | [`RefreshSession`]    | [`SessionGrant`]              |
//! | `DELETE /api/v1/sessions/current`  (Bearer)     | —                     | 204                           |
//! | `GET  /api/v1/me/sessions`         (Bearer)     | —                     | [`SessionList`]               |
//! | `DELETE /api/v1/me/sessions/{id}`  (Bearer)     | —                     | 204 (that session ended)      |
//! | `DELETE /api/v1/me/sessions`       (Bearer)     | —                     | 204 (every session ended)     |
//! | `GET  /api/v1/me`                  (Bearer)     | —                     | [`AccountView`]               |
//! | `GET  /api/v1/me/profile`          (Bearer)     | —                     | [`ProfileView`]               |
//! | `PUT  /api/v1/me/profile`          (Bearer)     | [`ProfileSubmission`] | 202 [`ProfileView`]           |
//! | `GET  /api/v1/me/letter`           (Bearer)     | —                     | [`LetterView`]                |
//! | `POST /api/v1/me/letter`           (Bearer)     | `{}`                  | 202 [`LetterView`]            |
//! | `POST /api/v1/me/letter/confirm`   (Bearer)     | [`ConfirmCode`]       | [`AccountView`]               |
//! | `GET  /api/v1/service-centres?region=&town=`    | —                     | [`ServiceCentreList`]         |
//! | `GET  /api/v1/pension/params`                  | —                     | [`Signed`] (TOML table)       |
//! | `GET  /api/v1/demo/outbox` (demo mode only)     | —                     | [`OutboxList`]                |
//! | `GET  /api/v1/demo/operator` (demo mode only)   | —                     | [`DemoOperator`]              |
//! | `POST /api/v1/operator/sessions`                | [`OperatorSignIn`]    | 201 [`OperatorGrant`]         |
//! | `GET  /api/v1/operator/me`         (operator)   | —                     | [`OperatorView`]              |
//! | `DELETE /api/v1/operator/sessions/current` (op) | —                     | 204                           |
//! | `POST /api/v1/operator/citizens/search` (op)    | [`CitizenSearch`]     | [`CitizenRecord`]             |
//! | `POST /api/v1/operator/citizens/{id}/verify` (op)| [`ConfirmInPerson`]  | [`CitizenRecord`]             |
//! | `GET /api/v1/me/pension/record`                 | —                     | [`pension::PensionRecordView`] |
//! | `GET /api/v1/me/pension/documents/{id}/{kind}`  | —                     | PDF of a ready text           |

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub mod applications;
pub mod auth;
pub mod demo;
pub mod disability;
pub mod fund;
pub mod identity;
pub mod notifications;
pub mod pension;
pub mod service;
pub mod services;
pub mod signed;
pub mod staff;
pub mod support;

pub use auth::{
    ConfirmCode, RecoveryView, RefreshSession, RegistrationStep, RegistrationView, SessionGrant,
    SessionList, SessionView, SetPassword, SignIn, StartRecovery, StartRegistration,
};
pub use demo::{DemoOperator, OutboxList, OutboxMessage};
pub use identity::{
    AccountLevel, AccountView, AddressInput, CentreKind, CentreService, CheckFailure, CheckStatus,
    FieldProblem, LetterStatus, LetterTrackingEvent, LetterView, NextLevel, OpeningHours,
    OtherDocuments, PassportInput, ProfileSubmission, ProfileView, RegistryCheckView, RegistryKind,
    ServiceCentre, ServiceCentreList, Sex, Verification, VerificationMethod,
};
pub use service::Health;
pub use signed::{Signed, SignedFile};
pub use staff::{
    CitizenRecord, CitizenSearch, ComparedItem, ConfirmInPerson, OperatorGrant, OperatorSignIn,
    OperatorView,
};

/// Header that carries the idempotency key of a state-changing request.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// The API's path prefix.
pub const API_PREFIX: &str = "/api/v1";

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Closed set of machine-readable error codes. Serialised in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ErrorCode {
    // --- request shape ---
    /// Body is not valid JSON or does not match the expected shape.
    MalformedRequest,
    /// Body larger than the server accepts.
    PayloadTooLarge,
    /// The request (its headers or body) did not arrive in time.
    RequestTimeout,
    /// A state-changing request without an `Idempotency-Key` header (or a bad one).
    IdempotencyKeyMissing,
    /// The same idempotency key was used with a different request.
    IdempotencyKeyReused,
    /// Unsupported media type (not `application/json`).
    UnsupportedMediaType,
    NotFound,
    MethodNotAllowed,
    // --- field validation ---
    /// A required field is empty.
    Required,
    /// A name contains characters that cannot be part of a name, or is too long.
    NameInvalid,
    /// The contact is neither a valid Russian mobile phone nor an e-mail address.
    ContactInvalid,
    PhoneInvalid,
    EmailInvalid,
    /// Several fields are wrong: `errors` lists every one with its own code.
    ValidationFailed,
    /// A text is longer than the field allows.
    TooLong,
    /// A number outside the range the field allows (e.g. a page size).
    OutOfRange,
    /// Not a value the field accepts (a choice it does not offer, a number where
    /// text is asked, a text that does not have the field's form): its hint says
    /// what it takes.
    ValueInvalid,
    /// A name has Latin letters: the passport spells it in Cyrillic.
    NameNotCyrillic,
    /// Not a calendar date `YYYY-MM-DD` of the years 1900–2100, or not a possible
    /// one (a birth date more than 130 years ago).
    DateInvalid,
    /// A date (birth, issue) that has not come yet.
    DateInFuture,
    // --- identity documents ---
    /// A SNILS is 11 digits, `XXX-XXX-XXX YY`.
    SnilsInvalid,
    /// The SNILS's last two digits do not match its first nine (a typing slip).
    SnilsCheckDigits,
    /// A passport series is 4 digits.
    PassportSeriesInvalid,
    /// A passport number is 6 digits.
    PassportNumberInvalid,
    /// The issue date is before the holder's 14th birthday.
    PassportIssuedBeforeAge14,
    /// A division code is `NNN-NNN`.
    DivisionCodeInvalid,
    /// A document number (driver's licence, foreign passport, vehicle registration,
    /// medical policy, military ID, INN) does not have that document's form.
    DocumentNumberInvalid,
    /// A postcode is 6 digits.
    PostcodeInvalid,
    // --- account levels ---
    /// Another standard or verified account already holds this SNILS: recover
    /// access to that account instead (never said for a retry of one's own).
    SnilsAlreadyRegistered,
    /// The registry checks of the last submission are still running.
    ChecksInProgress,
    /// The account already has this level (or a higher one).
    LevelAlreadyReached,
    /// This step needs the standard level first (a letter is sent, and an operator
    /// confirms in person, only an account whose data passed the registry checks).
    StandardLevelRequired,
    /// The service needs a verified account.
    VerifiedLevelRequired,
    /// No paper application with this receipt number was made with this account's
    /// SNILS (said the same whether the number is unknown or someone else's).
    PaperReceiptNotFound,
    /// The profile has no residence address to send a letter to.
    AddressRequired,
    /// No registered letter was asked for (or none that can still be confirmed).
    LetterNotFound,
    /// A new registered letter may be asked for once a month: `retry_at` says when.
    LetterTooSoon,
    /// The letter's code does not match (`attempts_left` says how many remain).
    LetterCodeWrong,
    /// The letter's code is older than 30 days: ask for a new letter.
    LetterCodeExpired,
    // --- codes ---
    /// The code does not match. `message` says how many attempts are left.
    CodeWrong,
    /// The code's 10 minutes have passed: ask for a new one.
    CodeExpired,
    /// Too many wrong entries for this code: ask for a new one.
    CodeAttemptsExhausted,
    /// A new code was asked for too soon (once a minute, 10 per 10 minutes).
    ResendTooSoon,
    // --- registration ---
    /// The registration is not at the step this request belongs to.
    RegistrationWrongStep,
    /// The registration is unknown or has expired: start again.
    RegistrationNotFound,
    // --- recovery ---
    /// Not a phone, an e-mail, a SNILS or a passport's series and number.
    LoginInvalid,
    /// The recovery is unknown or has expired: start again.
    RecoveryNotFound,
    /// The recovery is not at the step this request belongs to.
    RecoveryWrongStep,
    // --- password ---
    PasswordTooShort,
    PasswordTooLong,
    /// The two entries differ.
    PasswordMismatch,
    /// Common or easily guessed.
    PasswordTooCommon,
    /// Contains the person's phone, e-mail name or surname.
    PasswordContainsPersonalData,
    // --- sessions ---
    /// Wrong login or password (never says which, nor whether the account exists).
    InvalidCredentials,
    /// Missing, expired or revoked access token.
    Unauthenticated,
    /// Session's refresh token expired or revoked: sign in again.
    SessionExpired,
    /// Too many attempts; `message` says when to try again.
    RateLimited,
    /// Password sign-in is switched off after 100 consecutive failures; recovery
    /// (or, until it exists, support) switches it on again. Said only to someone
    /// who gave the right password.
    SignInDisabled,
    // --- service-centre staff ---
    /// The operator works at another office: sign in at your own.
    OperatorWrongOffice,
    /// An operator cannot confirm their own account.
    OperatorOwnAccount,
    // --- attachments ---
    /// The file is larger than the portal accepts (5 MB).
    FileTooLarge,
    /// The file is not a PDF, JPEG or PNG (read from its content, not its name).
    FileTypeNotAllowed,
    /// The form names an attachment this account did not upload, or one already
    /// part of another application.
    AttachmentUnknown,
    // --- agencies ---
    /// The application's status does not take this step now (an agency's call).
    TransitionRefused,
    // --- server ---
    /// Something failed on the server; details are in its log under the request id.
    Internal,
    /// The server is shutting down or the database is unavailable.
    Unavailable,
}

/// Every error response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// Human-readable English text for logs and developers; UIs translate `code`.
    pub message: String,
    /// The request field the error is about (`"contact"`, `"password"`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `code_wrong`: attempts left for this code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// For `resend_too_soon` / `rate_limited`: when to try again.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub retry_at: Option<OffsetDateTime>,
    /// For `validation_failed`: every field problem, so a form can mark them all at
    /// once instead of one per submission.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            attempts_left: None,
            retry_at: None,
            errors: Vec::new(),
        }
    }
    /// `validation_failed` with every field problem.
    pub fn validation(errors: Vec<FieldProblem>) -> Self {
        let message = format!("{} field(s) are not valid", errors.len());
        Self {
            errors,
            ..Self::new(ErrorCode::ValidationFailed, message)
        }
    }
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// Which channel a code goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Channel {
    Sms,
    Email,
    /// A registered letter (the development post: its text is in the demo inbox).
    Post,
}
