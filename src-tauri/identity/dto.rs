//! The identity feature's IPC types. The passport, address, documents and checks
//! cross the boundary as the portal's own wire types (`kabinet_core::api`); the
//! submission and the view are mirrored here only because their `Sex` would clash in
//! the generated TypeScript with the pension calculator's `Sex` (same values): here
//! it is [`PassportSex`].

use kabinet_core::api::{self, AccountLevel};
use serde::{Deserialize, Serialize};

pub use kabinet_core::api::{
    AddressInput, CheckFailure, CheckStatus, FieldProblem, OtherDocuments, PassportInput,
    RegistryCheckView, RegistryKind,
};

use crate::auth::dto::rfc3339;

/// Sex as written in the passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PassportSex {
    Male,
    Female,
}

impl From<PassportSex> for api::Sex {
    fn from(s: PassportSex) -> Self {
        match s {
            PassportSex::Male => api::Sex::Male,
            PassportSex::Female => api::Sex::Female,
        }
    }
}

impl From<api::Sex> for PassportSex {
    fn from(s: api::Sex) -> Self {
        match s {
            api::Sex::Male => PassportSex::Male,
            api::Sex::Female => PassportSex::Female,
        }
    }
}

/// The personal data as typed ([`api::ProfileSubmission`]).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    pub surname: String,
    pub first_name: String,
    #[serde(default)]
    pub patronymic: Option<String>,
    #[serde(default)]
    pub sex: Option<PassportSex>,
    pub birth_date: String,
    pub birth_place: String,
    pub passport: PassportInput,
    pub snils: String,
    #[serde(default)]
    pub address: Option<AddressInput>,
    #[serde(default)]
    pub documents: OtherDocuments,
}

impl std::fmt::Debug for ProfileInput {
    // As the core's submission: numbers stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        api::ProfileSubmission::from(self.clone()).fmt(f)
    }
}

impl From<ProfileInput> for api::ProfileSubmission {
    fn from(p: ProfileInput) -> Self {
        Self {
            surname: p.surname,
            first_name: p.first_name,
            patronymic: p.patronymic,
            sex: p.sex.map(Into::into),
            birth_date: p.birth_date,
            birth_place: p.birth_place,
            passport: p.passport,
            snils: p.snils,
            address: p.address,
            documents: p.documents,
        }
    }
}

impl From<api::ProfileSubmission> for ProfileInput {
    fn from(p: api::ProfileSubmission) -> Self {
        Self {
            surname: p.surname,
            first_name: p.first_name,
            patronymic: p.patronymic,
            sex: p.sex.map(Into::into),
            birth_date: p.birth_date,
            birth_place: p.birth_place,
            passport: p.passport,
            snils: p.snils,
            address: p.address,
            documents: p.documents,
        }
    }
}

/// The profile, its registry checks and what the portal found ([`api::ProfileView`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Profile {
    /// What was last sent; None before the first submission.
    pub submitted: Option<ProfileInput>,
    /// RFC 3339.
    pub submitted_at: Option<String>,
    /// One per registry (passport, SNILS) for the last submission.
    pub checks: Vec<RegistryCheckView>,
    /// The taxpayer number, once found.
    pub inn: Option<String>,
    pub level: AccountLevel,
}

impl From<api::ProfileView> for Profile {
    fn from(v: api::ProfileView) -> Self {
        Self {
            submitted: v.submitted.map(Into::into),
            submitted_at: v.submitted_at.map(rfc3339),
            checks: v.checks,
            inn: v.inn,
            level: v.level,
        }
    }
}
