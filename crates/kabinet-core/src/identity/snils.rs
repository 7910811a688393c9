//! SNILS (СНИЛС, the individual insurance account number of the pension fund):
//! 11 digits, `XXX-XXX-XXX YY`, the last two a check number over the first nine.

use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;

/// Numbers up to this one (001-001-998) were issued before check digits existed;
/// their last two digits are accepted as they are.
pub const SNILS_UNCHECKED_UP_TO: u32 = 1_001_998;

/// Why a text is not a SNILS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SnilsError {
    #[error("the SNILS is empty")]
    Empty,
    #[error("a SNILS is 11 digits, XXX-XXX-XXX YY")]
    Format,
    #[error("the SNILS check digits do not match its number")]
    CheckDigits,
}

impl SnilsError {
    pub fn code(self) -> ErrorCode {
        match self {
            SnilsError::Empty => ErrorCode::Required,
            SnilsError::Format => ErrorCode::SnilsInvalid,
            SnilsError::CheckDigits => ErrorCode::SnilsCheckDigits,
        }
    }
}

/// Characters people put between digit groups (spaces, hyphens, dashes).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '\u{a0}' | '\u{2010}'..='\u{2015}' | '\u{2212}'
    )
}

/// The check number of the first nine digits (0..=99), or `None` unless `first9`
/// is exactly nine ASCII digits. Weights 9 (first digit) down to 1 (ninth); a sum
/// below 100 is the check number; 100 and 101 give 00; above 101 the remainder
/// mod 101, where a remainder of 100 gives 00 as well.
pub fn snils_check_number(first9: &str) -> Option<u32> {
    let bytes = first9.as_bytes();
    if bytes.len() != 9 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip((1..=9u32).rev())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(match sum {
        0..=99 => sum,
        100 | 101 => 0,
        _ => (sum % 101) % 100,
    })
}

/// A SNILS whose format and check digits are right: 11 ASCII digits.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Snils(String);

impl Snils {
    /// 11 digits, with or without separators (`112-233-445 95`, `112-233-445-95`,
    /// `11223344595`, spaces anywhere).
    pub fn parse(input: &str) -> Result<Snils, SnilsError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(SnilsError::Empty);
        }
        let mut digits = String::with_capacity(11);
        for c in s.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !is_separator(c) {
                return Err(SnilsError::Format);
            }
        }
        if digits.len() != 11 {
            return Err(SnilsError::Format);
        }
        let (first9, check) = digits.split_at(9);
        let number: u32 = first9.parse().map_err(|_| SnilsError::Format)?;
        if number > SNILS_UNCHECKED_UP_TO {
            let expected = snils_check_number(first9).ok_or(SnilsError::Format)?;
            let given: u32 = check.parse().map_err(|_| SnilsError::Format)?;
            if given != expected {
                return Err(SnilsError::CheckDigits);
            }
        }
        Ok(Snils(digits))
    }

    /// The SNILS made of `first9` and its check number (for test and demo data).
    pub fn with_check_digits(first9: &str) -> Result<Snils, SnilsError> {
        let check = snils_check_number(first9).ok_or(SnilsError::Format)?;
        Snils::parse(&format!("{first9}{check:02}"))
    }

    /// The 11 digits, no separators.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Snils {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = &self.0;
        write!(f, "{}-{}-{} {}", &d[0..3], &d[3..6], &d[6..9], &d[9..11])
    }
}

impl std::fmt::Debug for Snils {
    // Personal data: never printed whole, even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Snils(***-***-**{} {})", &self.0[8..9], &self.0[9..11])
    }
}

impl TryFrom<String> for Snils {
    type Error = SnilsError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Snils::parse(&s)
    }
}

impl From<Snils> for String {
    fn from(s: Snils) -> String {
        s.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case's check number worked out by hand: digits × weights 9..1.
    #[test]
    fn check_number_rule_cases() {
        let cases: &[(&str, u32)] = &[
            // 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 9+8+14+12+15+12+12+8+5 = 95 < 100 → 95
            ("112233445", 95),
            // 0·9+0·8+1·7+0·6+0·5+2·4+0·3+0·2+0·1 = 7+8 = 15
            ("001002000", 15),
            // 1·9+9·8+1·7 = 9+72+7 = 88 → 88
            ("191000000", 88),
            // 1·9+9·8+1·7+0+0+0+0+6·2+0 = 9+72+7+12 = 100 → 00
            ("191000060", 0),
            // 9+72+7+12+1·1 = 101 → 00
            ("191000061", 0),
            // 9·9+9·8+9·7 = 81+72+63 = 216; 216 mod 101 = 14 → 14
            ("999000000", 14),
            // 999000001: 216+1 = 217; 217 mod 101 = 15
            ("999000001", 15),
            // 9·(9+8+…+1) = 9·45 = 405; 405 mod 101 = 405−404 = 1 → 01
            ("999999999", 1),
            // 9+8+7+6+5+4+3+2+1 = 45 → 45
            ("111111111", 45),
            // 9·9+9·8+9·7+9·6+9·5+2·4+0+0+0 = 81+72+63+54+45+8 = 323; 323−303 = 20
            ("999992000", 20),
            // remainder 100: need sum = 201 or 302. 9·9+9·8+5·7 = 81+72+35 = 188,
            // + 6·2 = 200, + 1·1 = 201 → 201 mod 101 = 100 → 00
            ("995000061", 0),
            // sum 302: 9·9+9·8+9·7+9·6 = 270, +8·4 = 302 → 302 mod 101 = 100 → 00
            ("999908000", 0),
        ];
        for (first9, expected) in cases {
            assert_eq!(snils_check_number(first9), Some(*expected), "{first9}");
        }
        assert_eq!(snils_check_number("12345678"), None);
        assert_eq!(snils_check_number("12345678a"), None);
    }

    #[test]
    fn parse_cases() {
        let cases: &[(&str, Result<&str, SnilsError>)] = &[
            // 95 (sum < 100), every separator form
            ("112-233-445 95", Ok("11223344595")),
            ("112-233-445-95", Ok("11223344595")),
            ("11223344595", Ok("11223344595")),
            ("  112 233 445 95 ", Ok("11223344595")),
            ("112\u{a0}233\u{a0}445\u{a0}95", Ok("11223344595")),
            ("112 - 233 - 445   95", Ok("11223344595")),
            // sum = 100 → 00; sum = 101 → 00
            ("191-000-060 00", Ok("19100006000")),
            ("191-000-061 00", Ok("19100006100")),
            // sum > 101: 216 mod 101 = 14; remainder 100 → 00
            ("999-000-000 14", Ok("99900000014")),
            ("995-000-061 00", Ok("99500006100")),
            ("999-908-000 00", Ok("99990800000")),
            ("999-999-999 01", Ok("99999999901")),
            // wrong check digits
            ("112-233-445 96", Err(SnilsError::CheckDigits)),
            ("191-000-060 100", Err(SnilsError::Format)),
            ("191-000-060 01", Err(SnilsError::CheckDigits)),
            ("999-000-000 15", Err(SnilsError::CheckDigits)),
            // at and below 001-001-998: any check digits
            ("001-001-998 00", Ok("00100199800")),
            ("001-001-998 77", Ok("00100199877")),
            ("000-000-001 99", Ok("00000000199")),
            // just above: checked. 0+0+1·7+0+0+1·4+9·3+9·2+9·1 = 7+4+27+18+9 = 65
            ("001-001-999 65", Ok("00100199965")),
            ("001-001-999 00", Err(SnilsError::CheckDigits)),
            // not a SNILS at all
            ("", Err(SnilsError::Empty)),
            ("   ", Err(SnilsError::Empty)),
            ("112-233-445", Err(SnilsError::Format)),
            ("1122334459", Err(SnilsError::Format)),
            ("112233445951", Err(SnilsError::Format)),
            ("112-233-44a 95", Err(SnilsError::Format)),
            ("СНИЛС 11223344595", Err(SnilsError::Format)),
            ("112.233.445 95", Err(SnilsError::Format)),
            ("１１２２３３４４５９５", Err(SnilsError::Format)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                Snils::parse(input)
                    .as_ref()
                    .map(Snils::digits)
                    .map_err(|e| *e),
                *expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn display_serde_debug_codes() {
        let s = Snils::parse("11223344595").expect("valid");
        assert_eq!(s.to_string(), "112-233-445 95");
        assert_eq!(format!("{s:?}"), "Snils(***-***-**5 95)");
        let json = serde_json::to_string(&s).expect("serialises");
        assert_eq!(json, "\"11223344595\"");
        let back: Snils = serde_json::from_str("\"112-233-445 95\"").expect("parses");
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Snils>("\"112-233-445 96\"").is_err());
        assert_eq!(
            Snils::with_check_digits("112233445").map(|s| s.to_string()),
            Ok("112-233-445 95".to_owned())
        );
        assert_eq!(SnilsError::Format.code(), ErrorCode::SnilsInvalid);
        assert_eq!(SnilsError::CheckDigits.code(), ErrorCode::SnilsCheckDigits);
        assert_eq!(SnilsError::Empty.code(), ErrorCode::Required);
    }
}
