//! The internal passport of a citizen of the Russian Federation (паспорт
//! гражданина РФ): series and number, division code (код подразделения), issuer,
//! issue date — and the name exactly as the passport spells it.

use time::Date;

use super::documents::{TextError, bounded_text};
use crate::api::ErrorCode;
use crate::date::add_months;

/// Longest name part we accept, in characters (as [`super::account::NAME_MAX_CHARS`]).
pub const PASSPORT_NAME_MAX_CHARS: usize = super::account::NAME_MAX_CHARS;
/// Longest issuer text we accept, in characters.
pub const ISSUER_MAX_CHARS: usize = 200;
/// A passport is first issued at 14.
pub const PASSPORT_MIN_AGE_YEARS: i64 = 14;

/// Why a name part does not read as a passport spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassportNameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {PASSPORT_NAME_MAX_CHARS} characters")]
    TooLong,
    /// Latin letters: the passport spells names in Cyrillic.
    #[error("the name must be written in Cyrillic letters, as in the passport")]
    NotCyrillic,
    #[error("the name may contain only letters, hyphens, apostrophes and spaces")]
    InvalidCharacters,
}

impl PassportNameError {
    pub fn code(self) -> ErrorCode {
        match self {
            PassportNameError::Empty => ErrorCode::Required,
            PassportNameError::TooLong => ErrorCode::TooLong,
            PassportNameError::NotCyrillic => ErrorCode::NameNotCyrillic,
            PassportNameError::InvalidCharacters => ErrorCode::NameInvalid,
        }
    }
}

fn is_cyrillic_letter(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

/// Latin letters, plain and accented (Latin-1 Supplement to Latin Extended-B).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (matches!(c, '\u{c0}'..='\u{24f}') && c.is_alphabetic())
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | ' ')
}

/// A surname, first name or patronymic as written in the passport: trimmed, inner
/// runs of spaces collapsed; Cyrillic letters (А–я, Ёё), with a hyphen, apostrophe
/// or space between letters (`Петров-Водкин`, `Д’Артаньян`, `Анна Мария`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PassportName(String);

impl PassportName {
    pub fn parse(input: &str) -> Result<PassportName, PassportNameError> {
        let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(PassportNameError::Empty);
        }
        if collapsed.chars().count() > PASSPORT_NAME_MAX_CHARS {
            return Err(PassportNameError::TooLong);
        }
        // Latin letters count as letters for the shape, so that `Ivanov` and
        // `Ивaнов` (a Latin a) get the specific "write it in Cyrillic" answer.
        let mut latin = false;
        let mut prev_joiner = true; // a name starts with a letter
        for c in collapsed.chars() {
            if is_cyrillic_letter(c) || is_latin_letter(c) {
                latin |= is_latin_letter(c);
                prev_joiner = false;
            } else if is_joiner(c) && !prev_joiner {
                prev_joiner = true;
            } else {
                return Err(PassportNameError::InvalidCharacters);
            }
        }
        if prev_joiner {
            return Err(PassportNameError::InvalidCharacters); // ends with a joiner
        }
        if latin {
            return Err(PassportNameError::NotCyrillic);
        }
        Ok(PassportName(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PassportName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What is wrong with a passport's series or number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassportNumberError {
    #[error("the passport series is empty")]
    SeriesEmpty,
    #[error("the passport series must be 4 digits")]
    SeriesFormat,
    #[error("the passport number is empty")]
    NumberEmpty,
    #[error("the passport number must be 6 digits")]
    NumberFormat,
}

impl PassportNumberError {
    /// The [`crate::api::PassportInput`] field the problem is in.
    pub fn field(self) -> &'static str {
        match self {
            PassportNumberError::SeriesEmpty | PassportNumberError::SeriesFormat => "series",
            PassportNumberError::NumberEmpty | PassportNumberError::NumberFormat => "number",
        }
    }

    pub fn code(self) -> ErrorCode {
        match self {
            PassportNumberError::SeriesEmpty | PassportNumberError::NumberEmpty => {
                ErrorCode::Required
            }
            PassportNumberError::SeriesFormat => ErrorCode::PassportSeriesInvalid,
            PassportNumberError::NumberFormat => ErrorCode::PassportNumberInvalid,
        }
    }
}

/// `len` ASCII digits once spaces are taken out; `None` if empty.
fn spaced_digits(input: &str, len: usize) -> Option<Result<String, ()>> {
    let s: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}'))
        .collect();
    if s.is_empty() {
        None
    } else if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        Some(Ok(s))
    } else {
        Some(Err(()))
    }
}

/// Series (4 digits: region code and year of the form) and number (6 digits).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PassportNumber {
    series: String,
    number: String,
}

impl PassportNumber {
    /// The pair, or every problem with it (series first). Spaces inside are
    /// tolerated (`45 10`, `123 456`).
    pub fn parse(series: &str, number: &str) -> Result<PassportNumber, Vec<PassportNumberError>> {
        let series = match spaced_digits(series, 4) {
            None => Err(PassportNumberError::SeriesEmpty),
            Some(r) => r.map_err(|()| PassportNumberError::SeriesFormat),
        };
        let number = match spaced_digits(number, 6) {
            None => Err(PassportNumberError::NumberEmpty),
            Some(r) => r.map_err(|()| PassportNumberError::NumberFormat),
        };
        match (series, number) {
            (Ok(series), Ok(number)) => Ok(PassportNumber { series, number }),
            (series, number) => Err([series.err(), number.err()].into_iter().flatten().collect()),
        }
    }

    /// Four digits.
    pub fn series(&self) -> &str {
        &self.series
    }
    /// Six digits.
    pub fn number(&self) -> &str {
        &self.number
    }
}

impl std::fmt::Display for PassportNumber {
    /// `45 10 123456`, as printed in the passport.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {}",
            &self.series[..2],
            &self.series[2..],
            self.number
        )
    }
}

impl std::fmt::Debug for PassportNumber {
    // Personal data: never printed whole, even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PassportNumber(** ** ***{})", &self.number[3..])
    }
}

/// Why a division code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DivisionCodeError {
    #[error("the division code is empty")]
    Empty,
    #[error("the division code must be NNN-NNN")]
    Format,
}

impl DivisionCodeError {
    pub fn code(self) -> ErrorCode {
        match self {
            DivisionCodeError::Empty => ErrorCode::Required,
            DivisionCodeError::Format => ErrorCode::DivisionCodeInvalid,
        }
    }
}

/// The issuing division's code (`770-001`), stored as its 6 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DivisionCode(String);

impl DivisionCode {
    /// `NNN-NNN` or six digits (`770001`); surrounding spaces ignored.
    pub fn parse(input: &str) -> Result<DivisionCode, DivisionCodeError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DivisionCodeError::Empty);
        }
        let digits = match s.split_once('-') {
            Some((a, b)) if a.len() == 3 && b.len() == 3 => format!("{a}{b}"),
            Some(_) => return Err(DivisionCodeError::Format),
            None => s.to_owned(),
        };
        if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(DivisionCode(digits))
        } else {
            Err(DivisionCodeError::Format)
        }
    }

    /// The six digits, no hyphen.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", &self.0[..3], &self.0[3..])
    }
}

/// The authority that issued the passport, as printed (`ГУ МВД России по г. Москве`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Issuer(String);

impl Issuer {
    /// Non-empty, at most [`ISSUER_MAX_CHARS`] characters, whitespace collapsed.
    pub fn parse(input: &str) -> Result<Issuer, TextError> {
        bounded_text(input, ISSUER_MAX_CHARS).map(Issuer)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why an issue date cannot be a passport's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IssueDateError {
    #[error("the issue date is in the future")]
    InFuture,
    #[error("a passport is issued at 14 at the earliest")]
    BeforeAge14,
}

impl IssueDateError {
    pub fn code(self) -> ErrorCode {
        match self {
            IssueDateError::InFuture => ErrorCode::DateInFuture,
            IssueDateError::BeforeAge14 => ErrorCode::PassportIssuedBeforeAge14,
        }
    }
}

/// The 14th birthday (someone born on 29 February turns 14 on 28 February, as a
/// term in years ends on the month's last day — Civil Code art. 192).
pub fn fourteenth_birthday(birth_date: Date) -> Option<Date> {
    add_months(birth_date, PASSPORT_MIN_AGE_YEARS * 12)
}

/// An issue date is not after `today` and not before the 14th birthday; without a
/// known birth date (it was itself invalid) only the first is checked.
pub fn check_issue_date(
    issued_on: Date,
    birth_date: Option<Date>,
    today: Date,
) -> Result<(), IssueDateError> {
    if issued_on > today {
        return Err(IssueDateError::InFuture);
    }
    match birth_date.and_then(fourteenth_birthday) {
        Some(fourteen) if issued_on < fourteen => Err(IssueDateError::BeforeAge14),
        _ => Ok(()),
    }
}

/// A passport whose parts are each valid and whose issue date fits the holder's age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passport {
    pub(super) number: PassportNumber,
    pub(super) issued_on: Date,
    pub(super) issuer: Issuer,
    pub(super) division_code: DivisionCode,
}

impl Passport {
    pub fn number(&self) -> &PassportNumber {
        &self.number
    }
    pub fn issued_on(&self) -> Date {
        self.issued_on
    }
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }
    pub fn division_code(&self) -> &DivisionCode {
        &self.division_code
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn names() {
        use PassportNameError as E;
        let cases: &[(&str, Result<&str, PassportNameError>)] = &[
            ("Иванов", Ok("Иванов")),
            ("  Петров-Водкин ", Ok("Петров-Водкин")),
            ("Д’Артаньян", Ok("Д’Артаньян")),
            ("Д'Артаньян", Ok("Д'Артаньян")),
            ("Анна   Мария", Ok("Анна Мария")),
            ("Ёлкина", Ok("Ёлкина")),
            ("ёж", Ok("ёж")),
            ("Ivanov", Err(E::NotCyrillic)),
            // a Latin "a" among Cyrillic letters
            ("Ивaнов", Err(E::NotCyrillic)),
            ("Müller", Err(E::NotCyrillic)),
            ("O'Neil", Err(E::NotCyrillic)),
            ("", Err(E::Empty)),
            ("  ", Err(E::Empty)),
            ("Иван0в", Err(E::InvalidCharacters)),
            ("Ivan0v", Err(E::InvalidCharacters)),
            ("-Иванов", Err(E::InvalidCharacters)),
            ("Иванов-", Err(E::InvalidCharacters)),
            ("Иванов--Петров", Err(E::InvalidCharacters)),
            ("Иванов - Петров", Err(E::InvalidCharacters)),
            ("Иванов.", Err(E::InvalidCharacters)),
            ("Иван\u{0}ов", Err(E::InvalidCharacters)),
            ("Ἀλέξανδρος", Err(E::InvalidCharacters)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                PassportName::parse(input)
                    .as_ref()
                    .map(PassportName::as_str)
                    .map_err(|e| *e),
                *expected,
                "input {input:?}"
            );
        }
        assert_eq!(
            PassportName::parse(&"я".repeat(60)).map(|n| n.0.chars().count()),
            Ok(60)
        );
        assert_eq!(PassportName::parse(&"я".repeat(61)), Err(E::TooLong));
        assert_eq!(E::NotCyrillic.code(), ErrorCode::NameNotCyrillic);
        assert_eq!(E::InvalidCharacters.code(), ErrorCode::NameInvalid);
    }

    #[test]
    fn passport_numbers() {
        use PassportNumberError as E;
        type Case = (
            &'static str,
            &'static str,
            Result<&'static str, Vec<PassportNumberError>>,
        );
        let cases: &[Case] = &[
            ("4510", "123456", Ok("45 10 123456")),
            ("45 10", "123456", Ok("45 10 123456")),
            (" 45 10 ", " 123 456 ", Ok("45 10 123456")),
            ("0000", "000000", Ok("00 00 000000")),
            ("", "123456", Err(vec![E::SeriesEmpty])),
            ("451", "123456", Err(vec![E::SeriesFormat])),
            ("45100", "123456", Err(vec![E::SeriesFormat])),
            ("45-10", "123456", Err(vec![E::SeriesFormat])),
            ("45 1О", "123456", Err(vec![E::SeriesFormat])),
            ("4510", "", Err(vec![E::NumberEmpty])),
            ("4510", "12345", Err(vec![E::NumberFormat])),
            ("4510", "1234567", Err(vec![E::NumberFormat])),
            ("4510", "№123456", Err(vec![E::NumberFormat])),
            ("45", "12", Err(vec![E::SeriesFormat, E::NumberFormat])),
            ("", "", Err(vec![E::SeriesEmpty, E::NumberEmpty])),
        ];
        for (series, number, expected) in cases {
            let got = PassportNumber::parse(series, number).map(|p| p.to_string());
            assert_eq!(
                got.as_deref().map_err(Clone::clone),
                expected.as_deref().map_err(|e| e.clone()),
                "{series:?} {number:?}"
            );
        }
        let p = PassportNumber::parse("4510", "123456").expect("valid");
        assert_eq!((p.series(), p.number()), ("4510", "123456"));
        assert_eq!(format!("{p:?}"), "PassportNumber(** ** ***456)");
        assert_eq!(E::SeriesFormat.field(), "series");
        assert_eq!(E::NumberEmpty.field(), "number");
        assert_eq!(E::SeriesFormat.code(), ErrorCode::PassportSeriesInvalid);
        assert_eq!(E::NumberFormat.code(), ErrorCode::PassportNumberInvalid);
    }

    #[test]
    fn division_codes() {
        use DivisionCodeError as E;
        let cases: &[(&str, Result<&str, DivisionCodeError>)] = &[
            ("770-001", Ok("770-001")),
            ("770001", Ok("770-001")),
            (" 660-003 ", Ok("660-003")),
            ("", Err(E::Empty)),
            ("77-0001", Err(E::Format)),
            ("770-01", Err(E::Format)),
            ("7700010", Err(E::Format)),
            ("770 001", Err(E::Format)),
            ("77О-001", Err(E::Format)),
            ("770-001-", Err(E::Format)),
            ("770--001", Err(E::Format)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                DivisionCode::parse(input)
                    .map(|d| d.to_string())
                    .as_deref()
                    .map_err(|e| *e),
                *expected,
                "input {input:?}"
            );
        }
        assert_eq!(
            DivisionCode::parse("770-001").map(|d| d.digits().to_owned()),
            Ok("770001".to_owned())
        );
        assert_eq!(E::Format.code(), ErrorCode::DivisionCodeInvalid);
    }

    #[test]
    fn issuers() {
        assert_eq!(
            Issuer::parse(" ГУ МВД России  по г. Москве ").map(|i| i.as_str().to_owned()),
            Ok("ГУ МВД России по г. Москве".to_owned())
        );
        assert_eq!(Issuer::parse(""), Err(TextError::Empty));
        assert!(Issuer::parse(&"я".repeat(200)).is_ok());
        assert_eq!(
            Issuer::parse(&"я".repeat(201)),
            Err(TextError::TooLong(200))
        );
    }

    #[test]
    fn issue_dates() {
        use IssueDateError as E;
        let today = date!(2026 - 12 - 02);
        let cases: &[(Date, Option<Date>, Result<(), IssueDateError>)] = &[
            // the day before the 14th birthday, the birthday itself, the day after
            (
                date!(2004 - 05 - 16),
                Some(date!(1990 - 05 - 17)),
                Err(E::BeforeAge14),
            ),
            (date!(2004 - 05 - 17), Some(date!(1990 - 05 - 17)), Ok(())),
            (date!(2004 - 05 - 18), Some(date!(1990 - 05 - 17)), Ok(())),
            // born 29 Feb 2008: 14 on 28 Feb 2022 (no 29 Feb that year)
            (
                date!(2022 - 02 - 27),
                Some(date!(2008 - 02 - 29)),
                Err(E::BeforeAge14),
            ),
            (date!(2022 - 02 - 28), Some(date!(2008 - 02 - 29)), Ok(())),
            // before birth
            (
                date!(1980 - 01 - 01),
                Some(date!(1990 - 05 - 17)),
                Err(E::BeforeAge14),
            ),
            // today is fine, tomorrow is the future (whatever the age)
            (today, Some(date!(1990 - 05 - 17)), Ok(())),
            (
                date!(2026 - 12 - 03),
                Some(date!(1990 - 05 - 17)),
                Err(E::InFuture),
            ),
            (date!(2026 - 12 - 03), None, Err(E::InFuture)),
            (
                date!(2030 - 01 - 01),
                Some(date!(2020 - 01 - 01)),
                Err(E::InFuture),
            ),
            // birth date unknown: only the future is checked
            (date!(1950 - 01 - 01), None, Ok(())),
        ];
        for (issued, birth, expected) in cases {
            assert_eq!(
                check_issue_date(*issued, *birth, today),
                *expected,
                "{issued} {birth:?}"
            );
        }
        assert_eq!(E::BeforeAge14.code(), ErrorCode::PassportIssuedBeforeAge14);
        assert_eq!(E::InFuture.code(), ErrorCode::DateInFuture);
    }
}
