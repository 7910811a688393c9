//! The monthly cash payment (EDV) by application, for the groups other than
//! people with disabilities (whose EDV the fund assigns from the disability
//! register without one): which groups, by which certificate, on which law — and
//! how the fund checks the certificate named in an application against the
//! register of the authority that issued it.
//!
//! The payment is set from the day it is applied for (Federal Law No. 5-FZ «О
//! ветеранах», art. 23.1; Law No. 1244-1, art. 27.1); someone entitled on several
//! grounds receives one, on the ground they choose.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::api::pension::Texts;
use crate::identity::snils::Snils;

/// The service of the catalogue.
pub const EDV_SERVICE: &str = "sfr-edv";

/// A group entitled to the EDV by application, as the form names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdvCategory {
    CombatVeteran,
    WarParticipant,
    WarInvalid,
    SiegeResident,
    FallenFamily,
    Chernobyl,
}

impl EdvCategory {
    pub const ALL: [Self; 6] = [
        Self::CombatVeteran,
        Self::WarParticipant,
        Self::WarInvalid,
        Self::SiegeResident,
        Self::FallenFamily,
        Self::Chernobyl,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::CombatVeteran => "combat_veteran",
            Self::WarParticipant => "war_participant",
            Self::WarInvalid => "war_invalid",
            Self::SiegeResident => "siege_resident",
            Self::FallenFamily => "fallen_family",
            Self::Chernobyl => "chernobyl",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The ground as the form and the decision name it (Russian).
    pub fn title_ru(self) -> &'static str {
        match self {
            Self::CombatVeteran => "ветеран боевых действий",
            Self::WarParticipant => "участник Великой Отечественной войны",
            Self::WarInvalid => "инвалид Великой Отечественной войны",
            Self::SiegeResident => "житель блокадного Ленинграда",
            Self::FallenFamily => "член семьи погибшего (умершего) ветерана",
            Self::Chernobyl => "пострадавший вследствие катастрофы на Чернобыльской АЭС",
        }
    }

    /// The law that gives the right.
    pub fn basis(self) -> &'static str {
        match self {
            Self::Chernobyl => "Закон РФ от 15.05.1991 № 1244-1, ст. 27.1",
            _ => "Федеральный закон от 12.01.1995 № 5-ФЗ «О ветеранах», ст. 23.1",
        }
    }

    /// The certificate that proves the right.
    pub fn certificate(self) -> Texts {
        let (ru, en) = match self {
            Self::CombatVeteran => (
                "удостоверение ветерана боевых действий",
                "combat veteran's certificate",
            ),
            Self::WarParticipant => (
                "удостоверение участника Великой Отечественной войны",
                "certificate of a participant in the Great Patriotic War",
            ),
            Self::WarInvalid => (
                "удостоверение инвалида Великой Отечественной войны",
                "certificate of a disabled veteran of the Great Patriotic War",
            ),
            Self::SiegeResident => (
                "удостоверение к знаку «Жителю блокадного Ленинграда»",
                "certificate of the «Resident of besieged Leningrad» badge",
            ),
            Self::FallenFamily => (
                "удостоверение члена семьи погибшего (умершего) ветерана",
                "certificate of a family member of a fallen (deceased) veteran",
            ),
            Self::Chernobyl => (
                "удостоверение пострадавшего вследствие катастрофы на Чернобыльской АЭС",
                "certificate of a person affected by the Chernobyl disaster",
            ),
        };
        Texts {
            ru: ru.into(),
            en: en.into(),
        }
    }
}

/// A certificate's series as registers keep it: letters in upper case, without
/// spaces or «№».
pub fn normal_series(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A certificate's number: its digits (leading zeros kept: they are printed).
pub fn normal_number(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A certificate as the issuing authority's register holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCertificate {
    pub holder: Snils,
    pub category: EdvCategory,
    pub series: String,
    pub number: String,
    pub issued_on: Date,
}

/// What an application names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub category: EdvCategory,
    pub series: String,
    pub number: String,
    pub issued_on: Date,
}

/// The fund's finding on a claimed certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    Valid,
    /// No certificate with that series and number was issued to the applicant
    /// (none at all, or someone else's: the applicant is told the same).
    NotTheirs,
    /// Theirs, but it gives another right than the one claimed.
    OtherCategory(EdvCategory),
    /// Theirs, with another date of issue.
    OtherDate,
}

impl Finding {
    /// The reason the fund gives when it refuses.
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            Self::Valid => None,
            Self::NotTheirs => Some(
                "Удостоверение с такими серией и номером не найдено среди выданных вам в реестре ведомства, которое его выдаёт: проверьте серию и номер и подайте заявление снова",
            ),
            Self::OtherCategory(_) => Some(
                "Удостоверение с такими серией и номером даёт право на выплату по другому основанию: выберите в заявлении основание, указанное в удостоверении",
            ),
            Self::OtherDate => Some(
                "Дата выдачи удостоверения не совпадает со сведениями ведомства, которое его выдало: проверьте дату и подайте заявление снова",
            ),
        }
    }
}

/// Checks a claim of `holder` against what the register found by its series and
/// number (`found`: every certificate with them; series and numbers compared in
/// their normal forms).
pub fn check(claim: &Claim, holder: &Snils, found: &[IssuedCertificate]) -> Finding {
    let series = normal_series(&claim.series);
    let number = normal_number(&claim.number);
    let Some(c) = found.iter().find(|c| {
        c.holder == *holder
            && normal_series(&c.series) == series
            && normal_number(&c.number) == number
    }) else {
        return Finding::NotTheirs;
    };
    if c.category != claim.category {
        Finding::OtherCategory(c.category)
    } else if c.issued_on != claim.issued_on {
        Finding::OtherDate
    } else {
        Finding::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn snils(s: &str) -> Snils {
        Snils::parse(s).expect("valid SNILS")
    }

    #[test]
    fn a_claim_against_the_register() {
        let holder = snils("485-370-789 32");
        let other = snils("127-290-253 49");
        let issued = |who: &Snils, category, series: &str, number: &str| IssuedCertificate {
            holder: who.clone(),
            category,
            series: series.into(),
            number: number.into(),
            issued_on: date!(2019 - 05 - 08),
        };
        let register = [
            issued(&holder, EdvCategory::CombatVeteran, "РМ", "417205"),
            issued(&other, EdvCategory::Chernobyl, "АЧ", "0284117"),
        ];
        let claim = |category, series: &str, number: &str, issued_on| Claim {
            category,
            series: series.into(),
            number: number.into(),
            issued_on,
        };
        use EdvCategory::*;
        // (claim, finding)
        let cases = [
            (
                claim(CombatVeteran, "РМ", "417205", date!(2019 - 05 - 08)),
                Finding::Valid,
            ),
            // As people type it: lower case, spaces, «№».
            (
                claim(CombatVeteran, "рм ", "№ 417 205", date!(2019 - 05 - 08)),
                Finding::Valid,
            ),
            (
                claim(CombatVeteran, "РМ", "417206", date!(2019 - 05 - 08)),
                Finding::NotTheirs,
            ),
            (
                claim(CombatVeteran, "РН", "417205", date!(2019 - 05 - 08)),
                Finding::NotTheirs,
            ),
            // Someone else's certificate is not found among the applicant's.
            (
                claim(Chernobyl, "АЧ", "0284117", date!(2019 - 05 - 08)),
                Finding::NotTheirs,
            ),
            // Leading zeros are part of the number.
            (
                claim(CombatVeteran, "РМ", "0417205", date!(2019 - 05 - 08)),
                Finding::NotTheirs,
            ),
            (
                claim(WarParticipant, "РМ", "417205", date!(2019 - 05 - 08)),
                Finding::OtherCategory(CombatVeteran),
            ),
            (
                claim(CombatVeteran, "РМ", "417205", date!(2019 - 05 - 09)),
                Finding::OtherDate,
            ),
        ];
        for (c, want) in cases {
            assert_eq!(check(&c, &holder, &register), want, "{c:?}");
            assert_eq!(want.refusal().is_none(), want == Finding::Valid);
        }
    }

    #[test]
    fn every_category_has_its_key_certificate_and_law() {
        for c in EdvCategory::ALL {
            assert_eq!(EdvCategory::from_key(c.key()), Some(c));
            assert!(c.certificate().ru.starts_with("удостоверение"), "{c:?}");
            assert!(c.basis().contains("ст. "), "{c:?}");
        }
        assert_eq!(
            EdvCategory::from_key("disability"),
            None,
            "assigned from the register"
        );
    }

    #[test]
    fn the_form_offers_exactly_these_groups() {
        let forms: serde_json::Value =
            serde_json::from_str(include_str!("../../data/forms.json")).expect("forms.json");
        let offered: Vec<&str> = forms["forms"]["edv"]["properties"]["category"]["enum"]
            .as_array()
            .expect("the edv form's categories")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        let known: Vec<&str> = EdvCategory::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(offered, known);
    }
}
