//! The state registries the standard level is checked against: the migration
//! service (passports) and the pension fund (SNILS). They are at the edge of the
//! world; this is the development adapter, which answers from the tables in
//! `data/registries.json` (shipped inside the portal binary) the way the real
//! registries would — including a passport declared invalid or replaced, a SNILS
//! of another person, a name spelled otherwise, and a registry that times out or
//! is down for a while (its first N asks fail, then it answers).

use std::collections::HashMap;

use kabinet_core::api::{CheckFailure, ProfileSubmission};
use kabinet_core::identity::snils::Snils;
use serde::Deserialize;

const DATA: &str = include_str!("../../data/registries.json");

/// A registry's answer to one ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Confirmed,
    Refused(CheckFailure),
    /// No answer this time (timeout, outage): ask again later.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Person {
    surname: String,
    first_name: String,
    #[serde(default)]
    patronymic: Option<String>,
    #[serde(default)]
    birth_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Fault {
    times: u32,
}

#[derive(Debug, Clone, Deserialize)]
struct DocumentRef {
    series: String,
    number: String,
}

#[derive(Debug, Clone, Deserialize)]
struct MigrationEntry {
    status: String,
    #[serde(default)]
    replaced_by: Option<DocumentRef>,
    #[serde(default)]
    registry_name: Option<Person>,
    #[serde(default)]
    fault: Option<Fault>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct PensionEntry {
    #[serde(default)]
    owner: Option<Person>,
    #[serde(default)]
    fault: Option<Fault>,
}

#[derive(Debug, Clone, Deserialize)]
struct Citizen {
    profile: ProfileSubmission,
    inn: String,
    migration_service: MigrationEntry,
    #[serde(default)]
    pension_fund: PensionEntry,
}

#[derive(Deserialize)]
struct File {
    citizens: Vec<Citizen>,
}

struct PassportRecord {
    holder: Person,
    status: String,
    faults: u32,
    inn: String,
}

struct SnilsRecord {
    holder: Person,
    faults: u32,
}

/// The development registries, read once from the shipped data file.
pub struct Registries {
    passports: HashMap<String, PassportRecord>,
    snils: HashMap<String, SnilsRecord>,
}

fn passport_key(series: &str, number: &str) -> String {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    format!("{}{}", digits(series), digits(number))
}

fn person_of(p: &ProfileSubmission) -> Person {
    Person {
        surname: p.surname.trim().to_owned(),
        first_name: p.first_name.trim().to_owned(),
        patronymic: p
            .patronymic
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        birth_date: Some(p.birth_date.trim().to_owned()),
    }
}

impl Registries {
    /// The development data. The file is part of the binary and checked by a test,
    /// so a broken one fails the build's tests, not a citizen's check.
    pub fn development() -> Result<Registries, String> {
        let file: File = serde_json::from_str(DATA).map_err(|e| format!("registries.json: {e}"))?;
        let mut passports = HashMap::new();
        let mut snils = HashMap::new();
        for c in file.citizens {
            let person = person_of(&c.profile);
            let m = &c.migration_service;
            let holder = match &m.registry_name {
                Some(name) => Person {
                    birth_date: person.birth_date.clone(),
                    ..name.clone()
                },
                None => person.clone(),
            };
            if let Some(newer) = &m.replaced_by {
                passports.insert(
                    passport_key(&newer.series, &newer.number),
                    PassportRecord {
                        holder: holder.clone(),
                        status: "valid".to_owned(),
                        faults: 0,
                        inn: c.inn.clone(),
                    },
                );
            }
            passports.insert(
                passport_key(&c.profile.passport.series, &c.profile.passport.number),
                PassportRecord {
                    holder,
                    status: m.status.clone(),
                    faults: m.fault.as_ref().map_or(0, |f| f.times),
                    inn: c.inn.clone(),
                },
            );
            let digits = Snils::parse(&c.profile.snils)
                .map_err(|e| format!("registries.json: SNILS {e}"))?;
            snils.insert(
                digits.digits().to_owned(),
                SnilsRecord {
                    holder: c.pension_fund.owner.clone().unwrap_or(person),
                    faults: c.pension_fund.fault.as_ref().map_or(0, |f| f.times),
                },
            );
        }
        Ok(Registries { passports, snils })
    }

    /// The migration service on the passport of `p`; `ask` counts from 1.
    pub fn passport(&self, p: &ProfileSubmission, ask: u32) -> Answer {
        let Some(record) = self
            .passports
            .get(&passport_key(&p.passport.series, &p.passport.number))
        else {
            return Answer::Refused(CheckFailure::NotFound);
        };
        if ask <= record.faults {
            return Answer::Unavailable;
        }
        match record.status.as_str() {
            "invalid" => Answer::Refused(CheckFailure::PassportInvalid),
            "replaced" => Answer::Refused(CheckFailure::PassportReplaced),
            _ if record.holder != person_of(p) => Answer::Refused(CheckFailure::DataMismatch),
            _ => Answer::Confirmed,
        }
    }

    /// The pension fund on the SNILS of `p`.
    pub fn snils(&self, p: &ProfileSubmission, ask: u32) -> Answer {
        let Some(record) = Snils::parse(&p.snils)
            .ok()
            .and_then(|s| self.snils.get(s.digits()))
        else {
            return Answer::Refused(CheckFailure::NotFound);
        };
        if ask <= record.faults {
            return Answer::Unavailable;
        }
        let person = person_of(p);
        if record.holder == person {
            Answer::Confirmed
        } else if record.holder.surname != person.surname
            && record.holder.birth_date != person.birth_date
        {
            Answer::Refused(CheckFailure::SnilsOtherPerson)
        } else {
            Answer::Refused(CheckFailure::DataMismatch)
        }
    }

    /// The tax service's taxpayer number for a confirmed passport.
    pub fn inn(&self, p: &ProfileSubmission) -> Option<String> {
        self.passports
            .get(&passport_key(&p.passport.series, &p.passport.number))
            .map(|r| r.inn.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citizens() -> Vec<(String, ProfileSubmission, Option<DocumentRef>)> {
        let file: File = serde_json::from_str(DATA).unwrap_or_else(|e| panic!("{e}"));
        file.citizens
            .into_iter()
            .map(|c| {
                (
                    c.migration_service.status.clone(),
                    c.profile,
                    c.migration_service.replaced_by,
                )
            })
            .collect()
    }

    #[test]
    fn every_case_of_the_data_file_answers_as_its_case_says() {
        let r = Registries::development().unwrap_or_else(|e| panic!("{e}"));
        let file: serde_json::Value = serde_json::from_str(DATA).unwrap_or_else(|e| panic!("{e}"));
        for (i, (_, profile, replaced_by)) in citizens().into_iter().enumerate() {
            let case = file["citizens"][i]["case"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            // Past any outage (a few asks), what each registry finally says:
            let (passport, snils) = (r.passport(&profile, 10), r.snils(&profile, 10));
            let expected = match case.as_str() {
                "clean" | "registry_timeout" | "registry_down" => {
                    (Answer::Confirmed, Answer::Confirmed)
                }
                "passport_invalid" => (
                    Answer::Refused(CheckFailure::PassportInvalid),
                    Answer::Confirmed,
                ),
                "passport_replaced" => (
                    Answer::Refused(CheckFailure::PassportReplaced),
                    Answer::Confirmed,
                ),
                "snils_other_person" => (
                    Answer::Confirmed,
                    Answer::Refused(CheckFailure::SnilsOtherPerson),
                ),
                "name_spelling" => (
                    Answer::Refused(CheckFailure::DataMismatch),
                    Answer::Confirmed,
                ),
                other => panic!("unknown case {other}"),
            };
            assert_eq!((passport, snils), expected, "citizen {i} ({case})");
            if case == "registry_timeout" {
                assert_eq!(r.passport(&profile, 1), Answer::Unavailable);
                assert_eq!(r.passport(&profile, 3), Answer::Confirmed);
            }
            if case == "registry_down" {
                assert_eq!(r.snils(&profile, 4), Answer::Unavailable);
                assert_eq!(r.snils(&profile, 5), Answer::Confirmed);
            }
            if let Some(newer) = replaced_by {
                let mut renewed = profile.clone();
                renewed.passport.series = newer.series;
                renewed.passport.number = newer.number;
                assert_eq!(
                    r.passport(&renewed, 1),
                    Answer::Confirmed,
                    "the newer passport"
                );
            }
            assert!(r.inn(&profile).is_some());
        }
        // Someone the registries do not know.
        let (_, mut stranger, _) = citizens().remove(0);
        stranger.passport.number = "000001".to_owned();
        stranger.snils = "001-001-998 00".to_owned();
        assert_eq!(
            r.passport(&stranger, 1),
            Answer::Refused(CheckFailure::NotFound)
        );
        assert_eq!(
            r.snils(&stranger, 1),
            Answer::Refused(CheckFailure::NotFound)
        );
    }
}
