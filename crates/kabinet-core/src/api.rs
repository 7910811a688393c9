//! The portal API's wire types (JSON under `/api/v1`), defined once and used by both
//! the portal server and the desktop client.
//!
//! Conventions of the API:
//! - every state-changing request (`POST`, `PUT`, `DELETE`) carries an
//!   `Idempotency-Key` header ([`IDEMPOTENCY_HEADER`]); a retry with the same key and
//!   the same body returns the first response, byte for byte;
//! - every error is an [`ApiError`] body `{code, message, field?}` with a closed
//!   [`ErrorCode`]; the desktop maps codes to translated text;
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
//! | `POST /api/v1/sessions`                         | [`SignIn`]            | 201 [`SessionGrant`]          |
//! | `POST /api/v1/sessions/refresh`                 | [`RefreshSession`]    | [`SessionGrant`]              |
//! | `DELETE /api/v1/sessions/current`  (Bearer)     | —                     | 204                           |
//! | `GET  /api/v1/me`                  (Bearer)     | —                     | [`AccountView`]               |
//! | `GET  /api/v1/demo/outbox` (demo mode only)     | —                     | [`OutboxList`]                |

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

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
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            attempts_left: None,
            retry_at: None,
        }
    }
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    /// `"ok"` when the database answers.
    pub status: String,
    pub version: String,
    /// True when the portal runs with demo adapters (outbox visible, demo data).
    pub demo: bool,
}

/// Step 1: name and contact. `contact` is a phone in any common Russian spelling
/// (`8 (912) 345-67-89`, `+7 912 3456789`) or an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StartRegistration {
    pub surname: String,
    pub first_name: String,
    pub contact: String,
}

/// Which channel a code goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Channel {
    Sms,
    Email,
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RegistrationStep {
    /// A code was sent; waiting for the person to enter it.
    AwaitingCode,
    /// The contact is confirmed; waiting for a password.
    AwaitingPassword,
    /// The account exists; sign in.
    Complete,
}

/// The state of a registration, enough for the desktop to resume it.
/// The `id` is an unguessable 256-bit capability (hex): whoever holds it can
/// continue this registration, so the client keeps it like a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegistrationView {
    pub id: String,
    pub step: RegistrationStep,
    pub surname: String,
    pub first_name: String,
    pub channel: Channel,
    /// The normalised contact, partly masked (`+7 912 ***-**-89`, `i***@example.ru`).
    pub contact_masked: String,
    /// When the current code stops working.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub code_expires_at: OffsetDateTime,
    /// The earliest moment a new code may be asked for.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub resend_available_at: OffsetDateTime,
    /// When the whole registration is forgotten if not finished.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ConfirmCode {
    pub code: String,
}

/// Step 3: the password, entered twice.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SetPassword {
    pub password: String,
    pub password_repeat: String,
}

impl std::fmt::Debug for SetPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetPassword { .. }")
    }
}

/// Sign in with a phone (any spelling) or an e-mail, and the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignIn {
    pub login: String,
    pub password: String,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignIn { .. }")
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefreshSession {
    pub refresh_token: String,
}

impl std::fmt::Debug for RefreshSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshSession { .. }")
    }
}

/// A new session: an opaque short-lived access token (sent as `Authorization:
/// Bearer …`) and an opaque long-lived refresh token (kept in the OS keyring).
/// Both are 256-bit random values, hex-encoded; the portal stores only keyed hashes.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionGrant {
    pub access_token: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub access_expires_at: OffsetDateTime,
    pub refresh_token: String,
    /// The session's absolute end; refreshing never extends it.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub session_expires_at: OffsetDateTime,
    pub account: AccountView,
}

impl std::fmt::Debug for SessionGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionGrant")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// Account levels, lowest first. Every service names the lowest level it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AccountLevel {
    Simplified,
    Standard,
    Verified,
}

/// What the signed-in person sees about their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountView {
    pub surname: String,
    pub first_name: String,
    pub level: AccountLevel,
    pub contact_masked: String,
    /// The next level, if any, and the services it unlocks (stable keys the UI translates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_level: Option<NextLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NextLevel {
    pub level: AccountLevel,
    /// Stable keys such as `"pension_rights"`, `"fines_payment"`.
    pub unlocks: Vec<String>,
}

/// A message the portal "sent" (demo outbox: SMS and e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: Channel,
    /// Full destination (the demo inbox belongs to the person at the screen).
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OutboxList {
    /// Newest first.
    pub messages: Vec<OutboxMessage>,
}
