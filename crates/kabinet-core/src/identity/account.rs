//! Accounts: the person's name as registered, account levels and what each level
//! unlocks.

use crate::api::{AccountLevel, ErrorCode, NextLevel, VerificationMethod};

/// Longest name part we accept, in characters.
pub const NAME_MAX_CHARS: usize = 60;

/// Why a name part was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {NAME_MAX_CHARS} characters")]
    TooLong,
    #[error("the name may contain only letters, hyphens, apostrophes and spaces")]
    InvalidCharacters,
}

impl NameError {
    pub fn code(self) -> ErrorCode {
        match self {
            NameError::Empty => ErrorCode::Required,
            NameError::TooLong | NameError::InvalidCharacters => ErrorCode::NameInvalid,
        }
    }
}

fn is_name_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

fn is_name_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | ' ')
}

/// A surname or first name: trimmed, inner runs of spaces collapsed; Cyrillic and
/// Latin letters, with hyphens, apostrophes and spaces between letters
/// (`Петров-Водкин`, `O'Neil`, `Мария Луиза`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, NameError> {
        let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(NameError::Empty);
        }
        if collapsed.chars().count() > NAME_MAX_CHARS {
            return Err(NameError::TooLong);
        }
        let chars: Vec<char> = collapsed.chars().collect();
        let mut prev_joiner = true; // a name must start with a letter
        for c in &chars {
            if is_name_letter(*c) {
                prev_joiner = false;
            } else if is_name_joiner(*c) && !prev_joiner {
                prev_joiner = true;
            } else {
                return Err(NameError::InvalidCharacters);
            }
        }
        if prev_joiner {
            return Err(NameError::InvalidCharacters); // ends with a joiner
        }
        Ok(PersonName(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The next level up and the services it unlocks (stable keys the UI translates).
pub fn next_level(level: AccountLevel) -> Option<NextLevel> {
    let (level, unlocks): (AccountLevel, &[&str]) = match level {
        AccountLevel::Simplified => (
            AccountLevel::Standard,
            &[
                "pension_rights",
                "fines_payment",
                "tax_debts",
                "certificates_online",
            ],
        ),
        AccountLevel::Standard => (
            AccountLevel::Verified,
            &[
                "pension_application",
                "documents_replacement",
                "electronic_signature_services",
            ],
        ),
        AccountLevel::Verified => return None,
    };
    Some(NextLevel {
        level,
        unlocks: unlocks.iter().map(|s| (*s).to_owned()).collect(),
    })
}

/// Stable storage key of a level (`simplified`, `standard`, `verified`).
pub fn level_key(level: AccountLevel) -> &'static str {
    match level {
        AccountLevel::Simplified => "simplified",
        AccountLevel::Standard => "standard",
        AccountLevel::Verified => "verified",
    }
}

pub fn level_from_key(key: &str) -> Option<AccountLevel> {
    match key {
        "simplified" => Some(AccountLevel::Simplified),
        "standard" => Some(AccountLevel::Standard),
        "verified" => Some(AccountLevel::Verified),
        _ => None,
    }
}

/// What a service asks of the account that uses it. Services name it by key
/// ([`requirement`]); a page that needs more explains how to get there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// This level or higher, by any method.
    Level(AccountLevel),
    /// Verified in person or by electronic signature: a registered letter proves
    /// the address, not the face (partner sites that need in-person verification).
    VerifiedInPersonOrSignature,
}

/// Does an account at `level`, verified by `method` (if at all), meet `req`?
pub fn satisfies(
    level: AccountLevel,
    method: Option<VerificationMethod>,
    req: Requirement,
) -> bool {
    match req {
        Requirement::Level(needed) => level >= needed,
        Requirement::VerifiedInPersonOrSignature => {
            level == AccountLevel::Verified
                && matches!(
                    method,
                    Some(VerificationMethod::InPerson | VerificationMethod::Signature)
                )
        }
    }
}

/// The requirement of a service by its stable key (the keys [`next_level`] lists,
/// and `partner_sign_in`); `None` for a key this build does not know.
pub fn requirement(service: &str) -> Option<Requirement> {
    Some(match service {
        "pension_rights" | "fines_payment" | "tax_debts" | "certificates_online" => {
            Requirement::Level(AccountLevel::Standard)
        }
        "pension_application" | "documents_replacement" | "electronic_signature_services" => {
            Requirement::Level(AccountLevel::Verified)
        }
        "partner_sign_in" => Requirement::VerifiedInPersonOrSignature,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let cases: &[(&str, Result<&str, NameError>)] = &[
            ("Иванов", Ok("Иванов")),
            ("  Петров-Водкин ", Ok("Петров-Водкин")),
            ("O'Neil", Ok("O'Neil")),
            ("Д’Артаньян", Ok("Д’Артаньян")),
            ("Мария   Луиза", Ok("Мария Луиза")),
            ("Ёлкина", Ok("Ёлкина")),
            ("Smith", Ok("Smith")),
            ("", Err(NameError::Empty)),
            ("   ", Err(NameError::Empty)),
            ("Иван0в", Err(NameError::InvalidCharacters)),
            ("-Иванов", Err(NameError::InvalidCharacters)),
            ("Иванов-", Err(NameError::InvalidCharacters)),
            ("Иванов--Петров", Err(NameError::InvalidCharacters)),
            ("Ivan<script>", Err(NameError::InvalidCharacters)),
            ("Müller", Err(NameError::InvalidCharacters)),
            ("Иван\u{0}ов", Err(NameError::InvalidCharacters)),
        ];
        for (input, expected) in cases {
            let got = PersonName::parse(input);
            assert_eq!(
                got.as_ref().map(PersonName::as_str).map_err(|e| *e),
                *expected,
                "input {input:?}"
            );
        }
        assert_eq!(
            PersonName::parse(&"я".repeat(60)).map(|n| n.0.chars().count()),
            Ok(60)
        );
        assert_eq!(PersonName::parse(&"я".repeat(61)), Err(NameError::TooLong));
        assert_eq!(NameError::Empty.code(), ErrorCode::Required);
    }

    #[test]
    fn requirements() {
        use AccountLevel::*;
        use VerificationMethod::*;
        let in_person = Requirement::VerifiedInPersonOrSignature;
        let cases: &[(AccountLevel, Option<VerificationMethod>, Requirement, bool)] = &[
            (Simplified, None, Requirement::Level(Simplified), true),
            (Simplified, None, Requirement::Level(Standard), false),
            (Standard, None, Requirement::Level(Standard), true),
            (Standard, None, Requirement::Level(Verified), false),
            (Verified, Some(Letter), Requirement::Level(Verified), true),
            (Verified, Some(Letter), Requirement::Level(Standard), true),
            (Verified, Some(Letter), in_person, false),
            (Verified, Some(InPerson), in_person, true),
            (Verified, Some(Signature), in_person, true),
            (Standard, Some(InPerson), in_person, false),
        ];
        for (level, method, req, expected) in cases {
            assert_eq!(
                satisfies(*level, *method, *req),
                *expected,
                "{level:?} {method:?} {req:?}"
            );
        }
        // Every service a level unlocks needs exactly that level.
        for level in [Simplified, Standard] {
            let Some(next) = next_level(level) else {
                panic!("{level:?} has a next level")
            };
            for key in &next.unlocks {
                assert_eq!(
                    requirement(key),
                    Some(Requirement::Level(next.level)),
                    "{key}"
                );
            }
        }
        assert_eq!(requirement("partner_sign_in"), Some(in_person));
        assert_eq!(requirement("unknown"), None);
    }

    #[test]
    fn levels() {
        assert_eq!(
            next_level(AccountLevel::Simplified).map(|n| n.level),
            Some(AccountLevel::Standard)
        );
        assert_eq!(
            next_level(AccountLevel::Standard).map(|n| n.level),
            Some(AccountLevel::Verified)
        );
        assert_eq!(next_level(AccountLevel::Verified), None);
        for level in [
            AccountLevel::Simplified,
            AccountLevel::Standard,
            AccountLevel::Verified,
        ] {
            assert_eq!(level_from_key(level_key(level)), Some(level));
        }
    }
}
