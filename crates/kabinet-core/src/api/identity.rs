//! Who the signed-in person is to the portal: name, contact and account level; and
//! the profile a person submits to reach the standard level (passport, SNILS,
//! address, other documents), with the per-field problems it can get back.
//!
//! The submission carries text exactly as typed — dates too — so that every wrong
//! field comes back as a [`FieldProblem`] (all at once, from
//! [`crate::identity::profile::validate_profile`]) rather than as a shapeless
//! `malformed_request`.

use serde::{Deserialize, Serialize};

use super::ErrorCode;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

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
    /// The account's opaque id: what the app keys its local, per-account things by
    /// (the outbox of applications waiting to be sent).
    pub id: String,
    pub surname: String,
    pub first_name: String,
    pub level: AccountLevel,
    pub contact_masked: String,
    /// The next level, if any, and the services it unlocks (stable keys the UI translates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_level: Option<NextLevel>,
    /// How and when the account was verified; None below the verified level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

/// How a verified account proved who holds it (PRODUCT.md §1). The method matters:
/// a service or partner site may need "in person or by signature", which a letter
/// does not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum VerificationMethod {
    /// An operator at a service centre compared the passport with the person.
    InPerson,
    /// The citizen entered the code from a registered letter sent to their address.
    Letter,
    /// A qualified electronic signature whose SNILS and name match.
    Signature,
}

/// Who verified the account, how and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Verification {
    pub method: VerificationMethod,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub verified_at: time::OffsetDateTime,
    /// The service centre, for in-person verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// The operator's name as shown to citizens (surname and initials).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NextLevel {
    pub level: AccountLevel,
    /// Stable keys such as `"pension_rights"`, `"fines_payment"`.
    pub unlocks: Vec<String>,
}

/// Sex as written in the passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Sex {
    Male,
    Female,
}

/// The internal passport as typed: series `45 10`, number `123456`, issue date
/// `YYYY-MM-DD`, issuer, division code `770-001`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PassportInput {
    pub series: String,
    pub number: String,
    pub issued_on: String,
    pub issuer: String,
    pub division_code: String,
}

impl std::fmt::Debug for PassportInput {
    // Identity document numbers stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassportInput")
            .field("series", &"<redacted>")
            .field("number", &"<redacted>")
            .field("issued_on", &self.issued_on)
            .field("issuer", &self.issuer)
            .field("division_code", &self.division_code)
            .finish()
    }
}

/// The residence address as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AddressInput {
    pub postcode: String,
    pub region: String,
    pub town: String,
    pub street: String,
    pub house: String,
    #[serde(default)]
    pub flat: Option<String>,
}

/// Other personal documents, each optional; an empty text counts as absent.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OtherDocuments {
    /// Driver's licence, `NN NN NNNNNN`.
    #[serde(default)]
    pub driving_licence: Option<String>,
    /// Foreign passport, `NN NNNNNNN`.
    #[serde(default)]
    pub foreign_passport: Option<String>,
    /// Vehicle registration certificate (СТС), `NN XX NNNNNN`.
    #[serde(default)]
    pub vehicle_registration: Option<String>,
    /// Compulsory medical insurance policy (ОМС), 16 digits.
    #[serde(default)]
    pub medical_policy: Option<String>,
    /// Military ID, `АА NNNNNNN`.
    #[serde(default)]
    pub military_id: Option<String>,
}

impl std::fmt::Debug for OtherDocuments {
    // Identity document numbers stay out of logs: only which ones were given.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let given = |d: &Option<String>| d.as_ref().map(|_| "<redacted>");
        f.debug_struct("OtherDocuments")
            .field("driving_licence", &given(&self.driving_licence))
            .field("foreign_passport", &given(&self.foreign_passport))
            .field("vehicle_registration", &given(&self.vehicle_registration))
            .field("medical_policy", &given(&self.medical_policy))
            .field("military_id", &given(&self.military_id))
            .finish()
    }
}

/// The personal data that takes an account to the standard level, as typed.
/// Names as written in the passport (Cyrillic); dates `YYYY-MM-DD`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProfileSubmission {
    pub surname: String,
    pub first_name: String,
    #[serde(default)]
    pub patronymic: Option<String>,
    /// `None` is a missing answer (reported as `required`), not a third value.
    #[serde(default)]
    pub sex: Option<Sex>,
    pub birth_date: String,
    pub birth_place: String,
    pub passport: PassportInput,
    /// `XXX-XXX-XXX YY`, separators optional.
    pub snils: String,
    #[serde(default)]
    pub address: Option<AddressInput>,
    #[serde(default)]
    pub documents: OtherDocuments,
}

impl std::fmt::Debug for ProfileSubmission {
    // The SNILS stays out of logs, as the document numbers do.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileSubmission")
            .field("surname", &self.surname)
            .field("first_name", &self.first_name)
            .field("patronymic", &self.patronymic)
            .field("sex", &self.sex)
            .field("birth_date", &self.birth_date)
            .field("birth_place", &self.birth_place)
            .field("passport", &self.passport)
            .field("snils", &"<redacted>")
            .field("address", &self.address)
            .field("documents", &self.documents)
            .finish()
    }
}

/// One wrong field of a request: its dotted JSON path (`"surname"`,
/// `"passport.issued_on"`, `"documents.driving_licence"`) and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldProblem {
    pub field: String,
    pub code: ErrorCode,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }
}

/// `GET`/`PUT /api/v1/me/profile`: the personal data the citizen sent for the
/// standard level, the state of each registry check, and what the portal found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProfileView {
    /// What was last sent (the citizen's own data); None before the first submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<ProfileSubmission>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub submitted_at: Option<time::OffsetDateTime>,
    /// One per registry (passport, SNILS) for the last submission.
    pub checks: Vec<RegistryCheckView>,
    /// The taxpayer number the portal found once the passport was confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inn: Option<String>,
    pub level: AccountLevel,
}

/// Which state registry a check asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RegistryKind {
    /// The migration service's passport registry.
    Passport,
    /// The pension fund's SNILS registry.
    Snils,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CheckStatus {
    /// Queued; the registry has not been asked yet.
    Waiting,
    /// Asked (or being asked again after the registry did not answer).
    InProgress,
    Done,
    Failed,
}

/// Why a check failed, each with its own advice in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CheckFailure {
    /// The registry has no such document.
    NotFound,
    /// The passport is declared invalid (lost, stolen, expired).
    PassportInvalid,
    /// The passport was replaced by a newer one: enter the new one.
    PassportReplaced,
    /// The name or birth date differs from the registry's record.
    DataMismatch,
    /// The SNILS belongs to another person.
    SnilsOtherPerson,
    /// The registry did not answer after every retry.
    RegistryUnavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RegistryCheckView {
    pub kind: RegistryKind,
    pub status: CheckStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<CheckFailure>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub updated_at: time::OffsetDateTime,
}

/// Opening hours of one day, local time `HH:MM` (closing exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpeningHours {
    pub opens: String,
    pub closes: String,
}

/// What a service centre offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CentreService {
    /// In-person identity verification (the verified level).
    Verification,
    /// Issue of an electronic signature.
    Signature,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CentreKind {
    /// МФЦ «Мои документы».
    Mfc,
    Post,
    Telecom,
}

/// `GET /api/v1/service-centres` (no sign-in): one centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ServiceCentre {
    pub id: String,
    pub kind: CentreKind,
    pub name: String,
    pub region: String,
    pub town: String,
    pub address: String,
    /// The centre's local time is UTC plus this.
    pub utc_offset_minutes: i32,
    /// Monday first; `null`: closed that day.
    pub hours: Vec<Option<OpeningHours>>,
    pub services: Vec<CentreService>,
    /// Open at the moment of the answer, in its own local time.
    #[serde(default)]
    pub open_now: bool,
}

/// The centres that match, and the regions there are (for the filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ServiceCentreList {
    pub centres: Vec<ServiceCentre>,
    pub regions: Vec<String>,
}

/// Where a registered letter is, as the post tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum LetterStatus {
    /// The post has the letter.
    Accepted,
    InTransit,
    /// At the citizen's post office, waiting to be collected.
    Arrived,
    /// Handed to the citizen.
    HandedOver,
}

/// One step of a letter's tracking, with when it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LetterTrackingEvent {
    pub status: LetterStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: time::OffsetDateTime,
}

/// `GET`/`POST /api/v1/me/letter`: the latest registered letter with a
/// confirmation code (the verified level by post).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LetterView {
    pub status: LetterStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub requested_at: time::OffsetDateTime,
    /// The code must be entered before this instant (30 days after the request).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub expires_at: time::OffsetDateTime,
    /// When a new letter may be asked for (once a month).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub next_request_at: time::OffsetDateTime,
    /// Every step so far, oldest first.
    pub tracking: Vec<LetterTrackingEvent>,
    /// The one-line postal address the letter goes to (the citizen's own).
    pub address: String,
    /// Wrong entries the code may still take in the current 10 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// When the code was entered; None while it has not been.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub confirmed_at: Option<time::OffsetDateTime>,
}
