//! Registration (name and contact → code → password) and sessions (sign-in,
//! refresh, sign-out). Bodies that carry a secret print nothing of it in `Debug`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AccountView, Channel};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

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

/// Recovering access («Забыли пароль?»), step 1: the login — a phone or e-mail, or,
/// for an account at the standard level, the SNILS or the passport's series and
/// number (`4517 175058`). The answer never says whether an account exists.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StartRecovery {
    pub login: String,
}

impl std::fmt::Debug for StartRecovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StartRecovery { .. }")
    }
}

/// A recovery in progress: a code went to the account's confirmed phone or
/// e-mail, if the login named an account (the view is the same either way). Then
/// the code (`ConfirmCode`), then a new password (`SetPassword`), which ends every
/// other session and signs in. `id` is a 256-bit capability, kept like a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RecoveryView {
    pub id: String,
    /// `awaiting_code` → `awaiting_password` → `complete`.
    pub step: RegistrationStep,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub code_expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub resend_available_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

/// One live session of the account, as «Входы в учётную запись» lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionView {
    pub id: String,
    /// The app that opened it, as it named itself (`kabinet-desktop/0.1.0 (linux)`).
    pub device: String,
    /// Where from, coarsely: the client's network (`203.0.113.0/24`), never the
    /// full address.
    pub network: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_seen_at: OffsetDateTime,
    /// The session this request was made in.
    pub current: bool,
}

/// `GET /api/v1/me/sessions`: the live sessions, the most recently used first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionList {
    pub sessions: Vec<SessionView>,
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
