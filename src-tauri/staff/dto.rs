//! Operator mode's IPC types: the portal's own wire types, but the citizen's record
//! is mirrored for its `Sex` (see `identity::dto`).

use kabinet_core::api::{self, AccountLevel, PassportInput, Verification};
use serde::Serialize;

pub use kabinet_core::api::{ComparedItem, DemoOperator, OperatorView};

use crate::identity::dto::PassportSex;

/// What the operator compares with the presented passport ([`api::CitizenRecord`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CitizenRecord {
    pub account_id: String,
    pub level: AccountLevel,
    pub surname: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub sex: Option<PassportSex>,
    pub birth_date: String,
    pub birth_place: String,
    pub passport: PassportInput,
    pub snils_masked: String,
    pub verification: Option<Verification>,
}

impl From<api::CitizenRecord> for CitizenRecord {
    fn from(r: api::CitizenRecord) -> Self {
        Self {
            account_id: r.account_id,
            level: r.level,
            surname: r.surname,
            first_name: r.first_name,
            patronymic: r.patronymic,
            sex: r.sex.map(Into::into),
            birth_date: r.birth_date,
            birth_place: r.birth_place,
            passport: r.passport,
            snils_masked: r.snils_masked,
            verification: r.verification,
        }
    }
}
