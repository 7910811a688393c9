//! The password policy (NIST SP 800-63B-4, OWASP ASVS 5.0 V6.2): at least
//! [`MIN_CHARS`] characters, up to [`MAX_CHARS`], any characters, no composition
//! rules, never truncated; rejected when common or easily guessed (zxcvbn with its
//! dictionaries of common passwords, names and words: score below [`MIN_SCORE`]) or
//! when it contains the person's identifiers (phone, national or international
//! digits; e-mail local part; surname) or the service's name. Both checks read a
//! Russian text three ways — as typed, as typed on the Latin keys, transliterated —
//! so `smirnov1985!` and `cvbhyjd1985!` contain the surname Смирнов.
//!
//! [`check`] is pure and fast enough to call inline for one password (a few ms for
//! long ones); the portal runs it next to the Argon2 hash, off the async runtime.

use super::contact::Contact;
use crate::api::ErrorCode;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;
/// zxcvbn score (0–4) a password needs: 3 = "safely unguessable: moderate
/// protection from offline slow-hash scenario" (guesses ≥ 10^8).
pub const MIN_SCORE: u8 = 3;
/// Identifiers shorter than this are not searched for (a two-letter surname would
/// forbid too many good passwords); zxcvbn still weighs them.
const MIN_PERSONAL_CHARS: usize = 3;
/// The service's own names: a password containing them is easily guessed.
const SERVICE_WORDS: &[&str] = &["kabinet", "кабинет", "gosuslugi", "госуслуги"];

/// Why a password was refused; each maps to its own [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRejection {
    #[error("the password must have at least {MIN_CHARS} characters")]
    TooShort,
    #[error("the password must have at most {MAX_CHARS} characters")]
    TooLong,
    #[error("the two entries differ")]
    Mismatch,
    #[error("the password is common or easily guessed")]
    TooCommon,
    #[error("the password contains your phone, e-mail name or surname")]
    ContainsPersonalData,
}

impl PasswordRejection {
    pub fn code(self) -> ErrorCode {
        match self {
            PasswordRejection::TooShort => ErrorCode::PasswordTooShort,
            PasswordRejection::TooLong => ErrorCode::PasswordTooLong,
            PasswordRejection::Mismatch => ErrorCode::PasswordMismatch,
            PasswordRejection::TooCommon => ErrorCode::PasswordTooCommon,
            PasswordRejection::ContainsPersonalData => ErrorCode::PasswordContainsPersonalData,
        }
    }

    /// The request field the rejection is about.
    pub fn field(self) -> &'static str {
        match self {
            PasswordRejection::Mismatch => "password_repeat",
            _ => "password",
        }
    }
}

/// What the password must not contain.
#[derive(Debug, Clone, Copy)]
pub struct PersonalData<'a> {
    pub surname: &'a str,
    pub first_name: &'a str,
    pub contact: &'a Contact,
}

impl PersonalData<'_> {
    /// Lower-case fragments that must not appear in the password.
    fn forbidden_fragments(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.contact {
            Contact::Phone(p) => {
                out.push(p.national().to_owned());
            }
            Contact::Email(e) => out.push(e.local_part().to_lowercase()),
        }
        out.push(self.surname.trim().to_lowercase());
        out.retain(|f| f.chars().count() >= MIN_PERSONAL_CHARS);
        out
    }
}

/// Checks a new password (and its repetition) against the policy. Length is counted
/// in characters (Unicode scalar values), so a Cyrillic password is not penalised.
pub fn check(
    password: &str,
    repeat: &str,
    person: &PersonalData<'_>,
) -> Result<(), PasswordRejection> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordRejection::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordRejection::TooLong);
    }
    if password != repeat {
        return Err(PasswordRejection::Mismatch);
    }
    let lower = password.to_lowercase();
    // Digits only, so `+7 (912) 345-67-89` typed inside a password is still found.
    let digits: String = password.chars().filter(char::is_ascii_digit).collect();
    // Personal data is looked for in the same readings the dictionary check makes,
    // of the password and of the data: `smirnov` and `cvbhyjd` (the keys of
    // `смирнов`) both contain the surname Смирнов.
    let password_readings: Vec<String> = readings(password).map(|r| r.to_lowercase()).collect();
    for fragment in person.forbidden_fragments() {
        let numeric = fragment.chars().all(|c| c.is_ascii_digit());
        if numeric && digits.contains(&fragment) {
            return Err(PasswordRejection::ContainsPersonalData);
        }
        let found = readings(&fragment)
            .filter(|f| f.chars().count() >= MIN_PERSONAL_CHARS)
            .any(|f| password_readings.iter().any(|p| p.contains(&f)));
        if found {
            return Err(PasswordRejection::ContainsPersonalData);
        }
    }
    if SERVICE_WORDS.iter().any(|w| lower.contains(w)) {
        return Err(PasswordRejection::TooCommon);
    }
    let email_local;
    let mut inputs: Vec<&str> = vec![person.surname, person.first_name];
    match person.contact {
        Contact::Phone(p) => inputs.push(p.national()),
        Contact::Email(e) => {
            email_local = e.local_part().to_owned();
            inputs.push(&email_local);
        }
    }
    inputs.extend_from_slice(SERVICE_WORDS);
    // zxcvbn's dictionaries and keyboard graphs are Latin: the weakest reading counts.
    let score: u8 = readings(password)
        .map(|p| u8::from(zxcvbn::zxcvbn(&p, &inputs).score()))
        .min()
        .unwrap_or(0);
    if score < MIN_SCORE {
        return Err(PasswordRejection::TooCommon);
    }
    Ok(())
}

/// The ways a text is read: as typed, and — when it has Cyrillic — as the same keys
/// type on the Latin layout (`пароль` is `gfhjkm`, `йцукен` is `qwerty`) and as it
/// is usually spelt in Latin letters (`привет` → `privet`). Both the dictionary
/// check and the personal-data check judge every reading.
fn readings(text: &str) -> impl Iterator<Item = String> {
    std::iter::once(text.to_owned())
        .chain(latin_keys(text))
        .chain(transliterated(text))
}

/// The Russian ЙЦУКЕН layout row by row, and the Latin key under each letter.
const RU_KEYS: &str = "йцукенгшщзхъфывапролджэячсмитьбюё";
const LATIN_KEYS: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";

/// The password as the same keys type on the Latin layout (`None`: no Cyrillic).
fn latin_keys(password: &str) -> Option<String> {
    let lower = password.to_lowercase();
    if !lower.chars().any(|c| RU_KEYS.contains(c)) {
        return None;
    }
    Some(
        lower
            .chars()
            .map(|c| {
                RU_KEYS
                    .chars()
                    .position(|r| r == c)
                    .and_then(|i| LATIN_KEYS.chars().nth(i))
                    .unwrap_or(c)
            })
            .collect(),
    )
}

/// The password in Latin letters as Russians commonly spell it online
/// (`любовь` → `lyubov`, `щука` → `shchuka`; `None`: no Cyrillic).
fn transliterated(password: &str) -> Option<String> {
    let lower = password.to_lowercase();
    if !lower.chars().any(|c| RU_KEYS.contains(c)) {
        return None;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        let latin = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'ё' => "yo",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' | 'ы' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(latin);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_one(password: &str, contact: &str) -> Result<(), PasswordRejection> {
        let contact = Contact::parse(contact).expect("valid test contact");
        let person = PersonalData {
            surname: "Петров-Водкин",
            first_name: "Кузьма",
            contact: &contact,
        };
        check(password, password, &person)
    }

    #[test]
    fn policy_table() {
        use PasswordRejection::*;
        let phone = "8 (912) 345-67-89";
        let email = "kuzma.art@example.ru";
        let long_ok = "a quiet river ".repeat(9); // 126 characters
        let too_long = "x".repeat(129);
        let cases: Vec<(&str, &str, Result<(), PasswordRejection>)> = vec![
            ("", phone, Err(TooShort)),
            ("Xq7#kL2", phone, Err(TooShort)),
            (&too_long, phone, Err(TooLong)),
            (&long_ok, phone, Ok(())),
            ("correct horse battery staple", phone, Ok(())),
            ("тихая река под старым мостом", phone, Ok(())),
            ("Vz8!pQ2m#Lr9", email, Ok(())),
            ("password", phone, Err(TooCommon)),
            ("password123", phone, Err(TooCommon)),
            ("qwertyuiop", phone, Err(TooCommon)),
            ("12345678", phone, Err(TooCommon)),
            ("iloveyou1", phone, Err(TooCommon)),
            ("P@ssw0rd!", phone, Err(TooCommon)),
            ("aaaaaaaaaaaa", phone, Err(TooCommon)),
            ("Kabinet-2026-vesna!", phone, Err(TooCommon)),
            ("mojkabinetzhizni77", phone, Err(TooCommon)),
            ("zebra 9123456789 moon", phone, Err(ContainsPersonalData)),
            (
                "zebra+7(912)345-67-89moon",
                phone,
                Err(ContainsPersonalData),
            ),
            ("my kuzma.art secret tree", email, Err(ContainsPersonalData)),
            ("KUZMA.ART is my name!", email, Err(ContainsPersonalData)),
            (
                "петров-водкин навсегда 42",
                phone,
                Err(ContainsPersonalData),
            ),
            (
                "ПЕТРОВ-ВОДКИН лучший художник",
                email,
                Err(ContainsPersonalData),
            ),
            // the e-mail local part is not forbidden when registering by phone
            ("my kuzma.art secret tree", phone, Ok(())),
            // Russian: keyboard runs and common words, read on the Latin keys
            // (пароль = gfhjkm) or spelt in Latin letters (любовь = lyubov).
            ("йцукенгшщз", phone, Err(TooCommon)),
            ("1й2ц3у4к5е", phone, Err(TooCommon)),
            ("фывапролдж", phone, Err(TooCommon)),
            ("ячсмитьбю", phone, Err(TooCommon)),
            ("пароль12345", phone, Err(TooCommon)),
            ("ПАРОЛЬ2026!", phone, Err(TooCommon)),
            ("привет123", phone, Err(TooCommon)),
            ("любовь1234", phone, Err(TooCommon)),
            ("солнышко", phone, Err(TooCommon)),
            ("qwertyйцукен", phone, Err(TooCommon)),
            // …while Russian passphrases stay good.
            ("тихая река под старым мостом", email, Ok(())),
            ("ёжик в тумане ищет лошадку", phone, Ok(())),
            ("Щука и кот 2019 на даче", phone, Ok(())),
        ];
        for (password, contact, expected) in cases {
            assert_eq!(
                check_one(password, contact),
                expected,
                "password {password:?}"
            );
        }
    }

    #[test]
    fn russian_readings() {
        assert_eq!(latin_keys("Пароль 1!").as_deref(), Some("gfhjkm 1!"));
        assert_eq!(latin_keys("йцукенгшщзхъ").as_deref(), Some("qwertyuiop[]"));
        assert_eq!(latin_keys("password"), None);
        assert_eq!(
            transliterated("Щука, ёж и Юля").as_deref(),
            Some("shchuka, yozh i yulya")
        );
        assert_eq!(
            transliterated("подъезд объявлений").as_deref(),
            Some("podezd obyavleniy")
        );
        assert_eq!(transliterated("abc"), None);
    }

    #[test]
    fn mismatch_and_fields() {
        let contact = Contact::parse("ivan@example.ru").expect("valid");
        let person = PersonalData {
            surname: "Ли",
            first_name: "Иван",
            contact: &contact,
        };
        assert_eq!(
            check(
                "correct horse battery staple",
                "correct horse battery stapl",
                &person
            ),
            Err(PasswordRejection::Mismatch)
        );
        // a two-letter surname is not searched for
        assert_eq!(
            check(
                "ли correct horse battery",
                "ли correct horse battery",
                &person
            ),
            Ok(())
        );
        assert_eq!(PasswordRejection::Mismatch.field(), "password_repeat");
        assert_eq!(
            PasswordRejection::TooCommon.code(),
            ErrorCode::PasswordTooCommon
        );
    }

    /// Personal data is looked for in the same readings the dictionary check makes:
    /// the surname transliterated or typed on the Latin keys, and a Cyrillic
    /// password read in Latin letters. (surname, password, expected)
    #[test]
    fn personal_data_in_every_reading() {
        use PasswordRejection::*;
        let contact = Contact::parse("8 (912) 345-67-89").expect("valid test contact");
        let cases: &[(&str, &str, Result<(), PasswordRejection>)] = &[
            // transliterated: Смирнов = smirnov, Кузнецова = kuznetsova
            ("Смирнов", "smirnov1985!", Err(ContainsPersonalData)),
            (
                "Смирнов",
                "SMIRNOV and the blue kettle",
                Err(ContainsPersonalData),
            ),
            ("Кузнецова", "kuznetsova!2024#", Err(ContainsPersonalData)),
            (
                "Петров-Водкин",
                "petrov-vodkin 42 navsegda",
                Err(ContainsPersonalData),
            ),
            // typed on the Latin keys: кузнецова = repytwjdf, смирнов = cvbhyjd
            ("Кузнецова", "Repytwjdf!#77zz", Err(ContainsPersonalData)),
            ("Смирнов", "zebra-cvbhyjd-1985", Err(ContainsPersonalData)),
            // a Latin surname inside a Cyrillic password
            ("Smirnov", "смирнов1985!", Err(ContainsPersonalData)),
            ("Smirnov", "ыьшктщм синий чайник", Err(ContainsPersonalData)),
            // the plain surname still counts
            (
                "Смирнов",
                "смирнов и синий чайник",
                Err(ContainsPersonalData),
            ),
            // passphrases without the surname in any reading stay good
            ("Смирнов", "correct horse battery staple", Ok(())),
            ("Кузнецова", "тихая река под старым мостом", Ok(())),
            ("Smirnov", "ёжик в тумане ищет лошадку", Ok(())),
        ];
        for (surname, password, expected) in cases {
            let person = PersonalData {
                surname,
                first_name: "Анна",
                contact: &contact,
            };
            assert_eq!(
                check(password, password, &person),
                *expected,
                "surname {surname:?}, password {password:?}"
            );
        }
    }
}
