//! The optional personal documents a person may add to the profile — driver's
//! licence, foreign passport, vehicle registration certificate (СТС), compulsory
//! medical insurance policy (ОМС), military ID — and the residence address; plus
//! the bounded free-text rule the passport issuer and birth place share.

use crate::api::{AddressInput, ErrorCode};

/// Why a free-text field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("the field is empty")]
    Empty,
    #[error("the field is longer than {0} characters")]
    TooLong(usize),
    /// Control characters (NUL and the like) cannot be stored or shown.
    #[error("the field contains control characters")]
    ControlCharacters,
}

impl TextError {
    pub fn code(self) -> ErrorCode {
        match self {
            TextError::Empty => ErrorCode::Required,
            TextError::TooLong(_) => ErrorCode::TooLong,
            TextError::ControlCharacters => ErrorCode::MalformedRequest,
        }
    }
}

/// `input` trimmed, runs of whitespace (tabs, line breaks) collapsed to one space,
/// at most `max_chars` characters, no other control characters.
pub fn bounded_text(input: &str, max_chars: usize) -> Result<String, TextError> {
    let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return Err(TextError::Empty);
    }
    if collapsed.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters);
    }
    if collapsed.chars().count() > max_chars {
        return Err(TextError::TooLong(max_chars));
    }
    Ok(collapsed)
}

/// Why a document number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the document number is empty")]
    Empty,
    #[error("the document number does not have this document's form")]
    Format,
}

impl DocumentError {
    pub fn code(self) -> ErrorCode {
        match self {
            DocumentError::Empty => ErrorCode::Required,
            DocumentError::Format => ErrorCode::DocumentNumberInvalid,
        }
    }
}

/// Latin letters that look like Cyrillic ones, as people type them with the wrong
/// keyboard layout; the registries only know the Cyrillic letter.
fn cyrillic_lookalike(c: char) -> char {
    match c.to_ascii_uppercase() {
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'K' => 'К',
        'M' => 'М',
        'H' => 'Н',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'Y' => 'У',
        'X' => 'Х',
        _ => c,
    }
}

/// One position of a document number's pattern.
#[derive(Clone, Copy)]
enum Slot {
    Digit,
    Letter,
}

/// The characters of `input` without spaces, upper-cased, Latin look-alikes made
/// Cyrillic; `None` if empty.
fn compact(input: &str) -> Result<Vec<char>, DocumentError> {
    let chars: Vec<char> = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}'))
        .map(cyrillic_lookalike)
        .flat_map(char::to_uppercase)
        .collect();
    if chars.is_empty() {
        Err(DocumentError::Empty)
    } else {
        Ok(chars)
    }
}

fn fits(c: char, slot: Slot) -> bool {
    match slot {
        Slot::Digit => c.is_ascii_digit(),
        Slot::Letter => matches!(c, 'А'..='Я' | 'Ё'),
    }
}

/// `chars` against `pattern`, position by position.
fn matches_pattern(chars: &[char], pattern: &[Slot]) -> bool {
    chars.len() == pattern.len() && chars.iter().zip(pattern).all(|(c, s)| fits(*c, *s))
}

use Slot::{Digit as D, Letter as L};

/// `NN NN NNNNNN` with the second pair digits, or (older documents) Cyrillic letters.
fn series_pair_and_number(input: &str) -> Result<String, DocumentError> {
    let chars = compact(input)?;
    let digits: &[Slot] = &[D, D, D, D, D, D, D, D, D, D];
    let lettered: &[Slot] = &[D, D, L, L, D, D, D, D, D, D];
    if matches_pattern(&chars, digits) || matches_pattern(&chars, lettered) {
        Ok(chars.into_iter().collect())
    } else {
        Err(DocumentError::Format)
    }
}

/// Splits `s` (ASCII digits and Cyrillic letters) after the given character counts.
fn grouped(s: &str, groups: &[usize]) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for (i, len) in groups.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(chars.iter().skip(at).take(*len));
        at += len;
    }
    out
}

/// Masks all but the last `keep` characters (for debug output of personal data).
fn masked(s: &str, keep: usize) -> String {
    let n = s.chars().count();
    s.chars()
        .enumerate()
        .map(|(i, c)| if i + keep < n { '*' } else { c })
        .collect()
}

macro_rules! document {
    ($(#[$doc:meta])* $name:ident, $groups:expr, $parse:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn parse(input: &str) -> Result<$name, DocumentError> {
                let parse: fn(&str) -> Result<String, DocumentError> = $parse;
                parse(input).map($name)
            }

            /// Digits and upper-case Cyrillic letters, no spaces.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&grouped(&self.0, $groups))
            }
        }

        impl std::fmt::Debug for $name {
            // Personal data: never printed whole, even in debug output.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($name), masked(&self.0, 3))
            }
        }
    };
}

document!(
    /// Driver's licence (водительское удостоверение): `NN NN NNNNNN`, ten digits;
    /// licences issued before 2011 have two Cyrillic letters as the second pair
    /// (`77 ТА 123456`).
    DrivingLicence,
    &[2, 2, 6],
    series_pair_and_number
);

document!(
    /// Vehicle registration certificate (СТС): `NN XX NNNNNN`, the second pair
    /// digits or Cyrillic letters (`77 УА 123456`, `99 01 123456`).
    VehicleRegistration,
    &[2, 2, 6],
    series_pair_and_number
);

document!(
    /// Foreign passport (заграничный паспорт): series of 2 digits, number of 7
    /// (`75 1234567`).
    ForeignPassport,
    &[2, 7],
    |input| {
        let chars = compact(input)?;
        if matches_pattern(&chars, &[D; 9]) {
            Ok(chars.into_iter().collect())
        } else {
            Err(DocumentError::Format)
        }
    }
);

document!(
    /// Compulsory medical insurance policy (полис ОМС) of the single form: 16 digits.
    MedicalPolicy,
    &[4, 4, 4, 4],
    |input| {
        let chars = compact(input)?;
        if matches_pattern(&chars, &[D; 16]) {
            Ok(chars.into_iter().collect())
        } else {
            Err(DocumentError::Format)
        }
    }
);

document!(
    /// Military ID (военный билет): two Cyrillic letters and 7 digits (`АН 1234567`).
    MilitaryId,
    &[2, 7],
    |input| {
        let chars = compact(input)?;
        if matches_pattern(&chars, &[L, L, D, D, D, D, D, D, D]) {
            Ok(chars.into_iter().collect())
        } else {
            Err(DocumentError::Format)
        }
    }
);

/// Longest region, town and street names we accept, in characters.
pub const ADDRESS_NAME_MAX_CHARS: usize = 120;
/// Longest house and flat designations (`12к2 стр. 1`, `45А`), in characters.
pub const ADDRESS_NUMBER_MAX_CHARS: usize = 20;

/// A residence address field and what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("the postcode must be 6 digits")]
    Postcode,
    #[error("address {field}: {error}")]
    Text {
        /// The [`AddressInput`] field (`"region"`, `"house"`, …).
        field: &'static str,
        error: TextError,
    },
}

impl AddressError {
    /// The [`AddressInput`] field the problem is in.
    pub fn field(self) -> &'static str {
        match self {
            AddressError::Postcode => "postcode",
            AddressError::Text { field, .. } => field,
        }
    }

    pub fn code(self) -> ErrorCode {
        match self {
            AddressError::Postcode => ErrorCode::PostcodeInvalid,
            AddressError::Text { error, .. } => error.code(),
        }
    }
}

/// The residence address (адрес регистрации), each part checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    postcode: String,
    region: String,
    town: String,
    street: String,
    house: String,
    flat: Option<String>,
}

impl Address {
    /// Every problem with `input`, in field order, or the address.
    pub fn parse(input: &AddressInput) -> Result<Address, Vec<AddressError>> {
        let mut problems = Vec::new();
        let postcode = input.postcode.split_whitespace().collect::<String>();
        if postcode.is_empty() {
            problems.push(AddressError::Text {
                field: "postcode",
                error: TextError::Empty,
            });
        } else if postcode.len() != 6 || !postcode.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(AddressError::Postcode);
        }
        let mut text = |field: &'static str, value: &str, max: usize| {
            bounded_text(value, max)
                .map_err(|error| problems.push(AddressError::Text { field, error }))
                .ok()
        };
        let region = text("region", &input.region, ADDRESS_NAME_MAX_CHARS);
        let town = text("town", &input.town, ADDRESS_NAME_MAX_CHARS);
        let street = text("street", &input.street, ADDRESS_NAME_MAX_CHARS);
        let house = text("house", &input.house, ADDRESS_NUMBER_MAX_CHARS);
        // An empty flat is a house without flats, not a mistake.
        let flat = match input.flat.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(flat) => text("flat", flat, ADDRESS_NUMBER_MAX_CHARS),
        };
        match (region, town, street, house) {
            (Some(region), Some(town), Some(street), Some(house)) if problems.is_empty() => {
                Ok(Address {
                    postcode,
                    region,
                    town,
                    street,
                    house,
                    flat,
                })
            }
            _ => Err(problems),
        }
    }

    pub fn postcode(&self) -> &str {
        &self.postcode
    }
    pub fn region(&self) -> &str {
        &self.region
    }
    pub fn town(&self) -> &str {
        &self.town
    }
    pub fn street(&self) -> &str {
        &self.street
    }
    pub fn house(&self) -> &str {
        &self.house
    }
    pub fn flat(&self) -> Option<&str> {
        self.flat.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Case = (&'static str, Result<&'static str, DocumentError>);

    fn check<T>(
        cases: &[Case],
        parse: fn(&str) -> Result<T, DocumentError>,
        show: fn(&T) -> String,
    ) {
        for (input, expected) in cases {
            let got = parse(input).map(|t| show(&t));
            assert_eq!(got.as_deref().map_err(|e| *e), *expected, "input {input:?}");
        }
    }

    #[test]
    fn driving_licence() {
        check(
            &[
                ("77 12 345678", Ok("77 12 345678")),
                ("7712345678", Ok("77 12 345678")),
                (" 77 12 345 678 ", Ok("77 12 345678")),
                ("77 ТА 123456", Ok("77 ТА 123456")),
                ("77 та 123456", Ok("77 ТА 123456")),
                // Latin T and A typed for Cyrillic Т and А
                ("77 TA 123456", Ok("77 ТА 123456")),
                ("", Err(DocumentError::Empty)),
                ("77 12 34567", Err(DocumentError::Format)),
                ("77 12 3456789", Err(DocumentError::Format)),
                ("77 Т1 123456", Err(DocumentError::Format)),
                ("ТА 77 123456", Err(DocumentError::Format)),
                ("77 QW 123456", Err(DocumentError::Format)),
                ("77-12-345678", Err(DocumentError::Format)),
            ],
            DrivingLicence::parse,
            DrivingLicence::to_string,
        );
    }

    #[test]
    fn vehicle_registration() {
        check(
            &[
                ("99 01 123456", Ok("99 01 123456")),
                ("77УА123456", Ok("77 УА 123456")),
                ("77 уа 123456", Ok("77 УА 123456")),
                ("77 У1 123456", Err(DocumentError::Format)),
                ("77 УА 12345", Err(DocumentError::Format)),
                ("   ", Err(DocumentError::Empty)),
            ],
            VehicleRegistration::parse,
            VehicleRegistration::to_string,
        );
    }

    #[test]
    fn foreign_passport() {
        check(
            &[
                ("75 1234567", Ok("75 1234567")),
                ("751234567", Ok("75 1234567")),
                ("75 123456", Err(DocumentError::Format)),
                ("75 12345678", Err(DocumentError::Format)),
                ("АБ 1234567", Err(DocumentError::Format)),
                ("", Err(DocumentError::Empty)),
            ],
            ForeignPassport::parse,
            ForeignPassport::to_string,
        );
    }

    #[test]
    fn medical_policy() {
        check(
            &[
                ("7700 1234 5678 9012", Ok("7700 1234 5678 9012")),
                ("7700123456789012", Ok("7700 1234 5678 9012")),
                ("770012345678901", Err(DocumentError::Format)),
                ("77001234567890123", Err(DocumentError::Format)),
                ("7700-1234-5678-9012", Err(DocumentError::Format)),
            ],
            MedicalPolicy::parse,
            MedicalPolicy::to_string,
        );
    }

    #[test]
    fn military_id() {
        check(
            &[
                ("АН 1234567", Ok("АН 1234567")),
                ("ан1234567", Ok("АН 1234567")),
                ("AH 1234567", Ok("АН 1234567")),
                ("ЁЖ 7654321", Ok("ЁЖ 7654321")),
                ("АН 123456", Err(DocumentError::Format)),
                ("12 1234567", Err(DocumentError::Format)),
                ("А 1234567", Err(DocumentError::Format)),
                ("QW 1234567", Err(DocumentError::Format)),
            ],
            MilitaryId::parse,
            MilitaryId::to_string,
        );
        let id = MilitaryId::parse("АН 1234567").expect("valid");
        assert_eq!(format!("{id:?}"), "MilitaryId(******567)");
        assert_eq!(
            DocumentError::Format.code(),
            ErrorCode::DocumentNumberInvalid
        );
    }

    #[test]
    fn bounded_texts() {
        assert_eq!(
            bounded_text("  ГУ  МВД\tРоссии\nпо г. Москве ", 200).as_deref(),
            Ok("ГУ МВД России по г. Москве")
        );
        assert_eq!(bounded_text(" \n ", 10), Err(TextError::Empty));
        assert_eq!(
            bounded_text(&"я".repeat(10), 10).map(|s| s.chars().count()),
            Ok(10)
        );
        assert_eq!(
            bounded_text(&"я".repeat(11), 10),
            Err(TextError::TooLong(10))
        );
        assert_eq!(
            bounded_text("а\u{0}б", 10),
            Err(TextError::ControlCharacters)
        );
        assert_eq!(TextError::TooLong(10).code(), ErrorCode::TooLong);
    }

    fn address(postcode: &str, house: &str, flat: Option<&str>) -> AddressInput {
        AddressInput {
            postcode: postcode.to_owned(),
            region: "Свердловская область".to_owned(),
            town: "Екатеринбург".to_owned(),
            street: "ул. Малышева".to_owned(),
            house: house.to_owned(),
            flat: flat.map(str::to_owned),
        }
    }

    #[test]
    fn addresses() {
        let a = Address::parse(&address("620014", "36", Some("12"))).expect("valid");
        assert_eq!(
            (a.postcode(), a.town(), a.house(), a.flat()),
            ("620014", "Екатеринбург", "36", Some("12"))
        );
        let a = Address::parse(&address(" 620 014 ", "36к2", Some("  "))).expect("valid");
        assert_eq!((a.postcode(), a.flat()), ("620014", None));

        let cases: &[(AddressInput, &[(&str, ErrorCode)])] = &[
            (
                address("62001", "36", None),
                &[("postcode", ErrorCode::PostcodeInvalid)],
            ),
            (
                address("62001А", "36", None),
                &[("postcode", ErrorCode::PostcodeInvalid)],
            ),
            (
                address("", "36", None),
                &[("postcode", ErrorCode::Required)],
            ),
            (
                address("620014", " ", None),
                &[("house", ErrorCode::Required)],
            ),
            (
                address("1", &"1".repeat(21), Some(&"2".repeat(21))),
                &[
                    ("postcode", ErrorCode::PostcodeInvalid),
                    ("house", ErrorCode::TooLong),
                    ("flat", ErrorCode::TooLong),
                ],
            ),
            (
                AddressInput {
                    region: String::new(),
                    town: "я".repeat(121),
                    street: " ".to_owned(),
                    ..address("620014", "36", None)
                },
                &[
                    ("region", ErrorCode::Required),
                    ("town", ErrorCode::TooLong),
                    ("street", ErrorCode::Required),
                ],
            ),
        ];
        for (input, expected) in cases {
            let got: Vec<(&str, ErrorCode)> = Address::parse(input)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.field(), e.code()))
                .collect();
            assert_eq!(got, *expected, "{input:?}");
        }
    }
}
