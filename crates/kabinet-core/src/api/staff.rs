//! Service-centre staff: operators sign in with a password and a TOTP code at their
//! own office, find a citizen by SNILS or phone, compare the stored passport data
//! with the document the person presents, and confirm the account in person.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::identity::{AccountLevel, PassportInput, Sex, Verification};

/// `POST /api/v1/operator/sessions`: an operator signs in at the office where the
/// terminal stands (an operator works only at their own office).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OperatorSignIn {
    pub login: String,
    pub password: String,
    /// The 6-digit code of the operator's authenticator app (RFC 6238).
    pub code: String,
    /// The service centre the terminal is at (a [`super::ServiceCentre`] id).
    pub office_id: String,
}

impl std::fmt::Debug for OperatorSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperatorSignIn")
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .field("code", &"<redacted>")
            .field("office_id", &self.office_id)
            .finish()
    }
}

/// The operator as the app shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OperatorView {
    pub login: String,
    /// Surname and initials, as citizens are shown it.
    pub name: String,
    pub office_id: String,
    pub office_name: String,
}

/// A signed-in operator: a bearer token for the `/operator` routes. The session
/// ends after 30 idle minutes or 12 hours, whichever comes first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OperatorGrant {
    pub token: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub expires_at: time::OffsetDateTime,
    pub operator: OperatorView,
}

/// `POST /api/v1/operator/citizens/search`: exactly one of the two, as the person
/// tells it (separators allowed). A POST, so neither ends up in a URL or a log.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CitizenSearch {
    #[serde(default)]
    pub snils: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

impl std::fmt::Debug for CitizenSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CitizenSearch")
            .field("snils", &self.snils.as_ref().map(|_| "<redacted>"))
            .field("phone", &self.phone.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// What the operator sees of a citizen: the stored data to compare with the
/// passport in front of them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CitizenRecord {
    /// The account, for the confirm request (opaque).
    pub account_id: String,
    pub level: AccountLevel,
    pub surname: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: String,
    pub birth_place: String,
    pub passport: PassportInput,
    /// Masked, for the operator to read out: `***-***-*45 67`.
    pub snils_masked: String,
    pub verification: Option<Verification>,
}

impl std::fmt::Debug for CitizenRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CitizenRecord")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

/// What an operator compared with the presented passport. All must be ticked to
/// confirm; the audit record keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ComparedItem {
    /// The photo in the passport is the person at the desk.
    Photo,
    /// Surname, first name and patronymic.
    FullName,
    BirthDate,
    /// Series and number.
    PassportNumber,
    /// Date of issue, issuer and division code.
    PassportIssue,
}

impl ComparedItem {
    pub const ALL: [ComparedItem; 5] = [
        ComparedItem::Photo,
        ComparedItem::FullName,
        ComparedItem::BirthDate,
        ComparedItem::PassportNumber,
        ComparedItem::PassportIssue,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ComparedItem::Photo => "photo",
            ComparedItem::FullName => "full_name",
            ComparedItem::BirthDate => "birth_date",
            ComparedItem::PassportNumber => "passport_number",
            ComparedItem::PassportIssue => "passport_issue",
        }
    }
}

/// `POST /api/v1/operator/citizens/{account_id}/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConfirmInPerson {
    pub compared: Vec<ComparedItem>,
}
