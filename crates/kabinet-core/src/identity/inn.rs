//! INN (ИНН, the taxpayer identification number) of a person: 12 digits, the last
//! two check digits computed by the tax service's (FNS) algorithm.

use serde::{Deserialize, Serialize};

use crate::api::ErrorCode;

const WEIGHTS_11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];

/// Why a text is not a person's INN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InnError {
    #[error("the INN is empty")]
    Empty,
    #[error("a person's INN is 12 digits")]
    Format,
    #[error("the INN check digits do not match its number")]
    CheckDigits,
}

impl InnError {
    pub fn code(self) -> ErrorCode {
        match self {
            InnError::Empty => ErrorCode::Required,
            InnError::Format | InnError::CheckDigits => ErrorCode::DocumentNumberInvalid,
        }
    }
}

/// Σ digit × weight, mod 11, mod 10 (a remainder of 10 gives 0).
fn check_digit(digits: &[u8], weights: &[u32]) -> u8 {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    // The remainder is below 11, so the result is a single digit.
    u8::try_from(sum % 11 % 10).unwrap_or(0)
}

/// A person's INN whose check digits are right: 12 ASCII digits.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Inn(String);

impl Inn {
    /// 12 digits; surrounding and inner spaces ignored.
    pub fn parse(input: &str) -> Result<Inn, InnError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(InnError::Empty);
        }
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InnError::Format);
        }
        let d: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        if check_digit(&d[..10], &WEIGHTS_11) != d[10]
            || check_digit(&d[..11], &WEIGHTS_12) != d[11]
        {
            return Err(InnError::CheckDigits);
        }
        Ok(Inn(s))
    }

    /// The INN made of the first ten digits and their two check digits (for test
    /// and demo data).
    pub fn with_check_digits(first10: &str) -> Result<Inn, InnError> {
        if first10.len() != 10 || !first10.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InnError::Format);
        }
        let mut d: Vec<u8> = first10.bytes().map(|b| b - b'0').collect();
        d.push(check_digit(&d, &WEIGHTS_11));
        d.push(check_digit(&d, &WEIGHTS_12));
        Ok(Inn(d.iter().map(|d| char::from(b'0' + d)).collect()))
    }

    /// The 12 digits.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Inn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Inn {
    // Personal data: never printed whole, even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Inn(*********{})", &self.0[9..])
    }
}

impl TryFrom<String> for Inn {
    type Error = InnError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Inn::parse(&s)
    }
}

impl From<Inn> for String {
    fn from(i: Inn) -> String {
        i.0
    }
}

/// Is `digits` an employer's INN: an organisation's 10 digits (one check digit)
/// or a sole trader's 12 (a person's INN)?
pub fn employer_inn_valid(digits: &str) -> bool {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match digits.len() {
        10 => {
            let d: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
            check_digit(&d[..9], &WEIGHTS_10) == d[9]
        }
        12 => Inn::parse(digits).is_ok(),
        _ => false,
    }
}

/// An organisation's INN made of nine digits and their check digit (demo data).
pub fn employer_inn_with_check_digit(first9: &str) -> Option<String> {
    if first9.len() != 9 || !first9.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: Vec<u8> = first9.bytes().map(|b| b - b'0').collect();
    Some(format!("{first9}{}", check_digit(&d, &WEIGHTS_10)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employer_inn_cases() {
        // 7707083893 (Sberbank): 7·2+7·4+0·10+7·3+0·5+8·9+3·4+8·6+9·8 = 14+28+21+72
        // +12+48+72 = 267; 267 mod 11 = 3 → 3.
        let cases: &[(&str, bool)] = &[
            ("7707083893", true),
            ("7707083894", false),
            ("500100732259", true),
            ("500100732250", false),
            ("770708389", false),
            ("77070838930", false),
            ("77070838a3", false),
            ("", false),
        ];
        for (input, valid) in cases {
            assert_eq!(employer_inn_valid(input), *valid, "{input}");
        }
        assert_eq!(
            employer_inn_with_check_digit("770708389").as_deref(),
            Some("7707083893")
        );
    }

    #[test]
    fn parse_cases() {
        let cases: &[(&str, Result<&str, InnError>)] = &[
            // 5001007322: 5·7+0·2+0·4+1·10+0·3+0·5+7·9+3·4+2·6+2·8 = 35+10+63+12+12+16
            // = 148; 148 mod 11 = 5 → 5. Then 5·3+0·7+0·2+1·4+0·10+0·3+7·5+3·9+2·4
            // +2·6+5·8 = 15+4+35+27+8+12+40 = 141; 141 mod 11 = 9 → 9.
            ("500100732259", Ok("500100732259")),
            // 7712345678: 49+14+4+20+9+20+45+24+42+64 = 291; 291 mod 11 = 5 → 5.
            // 21+49+2+8+30+12+25+54+28+48+5·8=40 = 317; 317 mod 11 = 9 → 9.
            ("771234567859", Ok("771234567859")),
            (" 7712 3456 7859 ", Ok("771234567859")),
            // 0500000000: 5·2 = 10; 10 mod 11 = 10, mod 10 → 0. Then 5·7 = 35;
            // 35 mod 11 = 2 → 2.
            ("050000000002", Ok("050000000002")),
            ("771234567858", Err(InnError::CheckDigits)),
            ("771234567849", Err(InnError::CheckDigits)),
            ("050000000102", Err(InnError::CheckDigits)),
            // an organisation's INN is 10 digits
            ("7707083893", Err(InnError::Format)),
            ("77123456785", Err(InnError::Format)),
            ("7712345678590", Err(InnError::Format)),
            ("77123456785a", Err(InnError::Format)),
            ("7712-3456-7859", Err(InnError::Format)),
            ("", Err(InnError::Empty)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                Inn::parse(input).as_ref().map(Inn::digits).map_err(|e| *e),
                *expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn with_check_digits_and_serde() {
        assert_eq!(
            Inn::with_check_digits("5001007322").map(|i| i.digits().to_owned()),
            Ok("500100732259".to_owned())
        );
        assert_eq!(
            Inn::with_check_digits("0500000000").map(|i| i.digits().to_owned()),
            Ok("050000000002".to_owned())
        );
        assert_eq!(Inn::with_check_digits("500100732"), Err(InnError::Format));
        let inn = Inn::parse("771234567859").expect("valid");
        assert_eq!(format!("{inn:?}"), "Inn(*********859)");
        assert_eq!(
            serde_json::to_string(&inn).expect("serialises"),
            "\"771234567859\""
        );
        assert!(serde_json::from_str::<Inn>("\"771234567858\"").is_err());
        assert_eq!(
            InnError::CheckDigits.code(),
            ErrorCode::DocumentNumberInvalid
        );
    }
}
