//! Contacts a person registers and signs in with: a Russian mobile phone (normalised
//! to E.164, `+79123456789`) or an e-mail address (normalised to lower case).
//!
//! Parsing accepts the common spellings people type (`8 (912) 345-67-89`,
//! `+7 912 3456789`, `89123456789`, `7-912-345-67-89`, `912 345 67 89`); once you
//! hold a [`Phone`], [`Email`] or [`Contact`], it is valid.

use crate::api::{Channel, ErrorCode};

/// Why a contact was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("the contact is empty")]
    Empty,
    #[error("not a Russian mobile phone number")]
    PhoneInvalid,
    #[error("not a valid e-mail address")]
    EmailInvalid,
    #[error("neither a phone number nor an e-mail address")]
    Invalid,
}

impl ContactError {
    pub fn code(self) -> ErrorCode {
        match self {
            ContactError::Empty => ErrorCode::Required,
            ContactError::PhoneInvalid => ErrorCode::PhoneInvalid,
            ContactError::EmailInvalid => ErrorCode::EmailInvalid,
            ContactError::Invalid => ErrorCode::ContactInvalid,
        }
    }
}

/// A Russian mobile number (`+7 9xx …`), stored as E.164.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// Characters that may separate digit groups in a typed phone number.
fn is_phone_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '(' | ')' | '.' | '\u{a0}' | '\u{2010}'..='\u{2015}' | '\u{2212}'
    )
}

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, ContactError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ContactError::Empty);
        }
        let (plus, rest) = match s.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let mut digits = String::with_capacity(11);
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !is_phone_separator(c) {
                return Err(ContactError::PhoneInvalid);
            }
        }
        let national = match (plus, digits.len()) {
            (true, 11) if digits.starts_with('7') => &digits[1..],
            (false, 11) if digits.starts_with('7') || digits.starts_with('8') => &digits[1..],
            (false, 10) => &digits[..],
            _ => return Err(ContactError::PhoneInvalid),
        };
        // Mobile numbers are the 9xx codes; landlines cannot receive a code by SMS.
        if !national.starts_with('9') {
            return Err(ContactError::PhoneInvalid);
        }
        Ok(Phone(format!("+7{national}")))
    }

    /// `+79123456789`.
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// The 10 national digits, `9123456789`.
    pub fn national(&self) -> &str {
        &self.0[2..]
    }

    /// `+7 912 ***-**-89`.
    pub fn masked(&self) -> String {
        let n = self.national();
        format!("+7 {} ***-**-{}", &n[..3], &n[8..])
    }
}

impl std::fmt::Debug for Phone {
    // Personal data: never printed whole, even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

/// An e-mail address, trimmed and lower-cased.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

const EMAIL_MAX: usize = 254;
const LOCAL_MAX: usize = 64;

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c)
}

fn valid_domain(domain: &str) -> bool {
    if domain.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld = labels[labels.len() - 1];
    labels.iter().all(|l| label_ok(l))
        && tld.chars().count() >= 2
        && (tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"))
}

impl Email {
    pub fn parse(input: &str) -> Result<Email, ContactError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ContactError::Empty);
        }
        let s = s.to_lowercase();
        if s.chars().count() > EMAIL_MAX {
            return Err(ContactError::EmailInvalid);
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(ContactError::EmailInvalid);
        };
        let local_ok = !local.is_empty()
            && local.chars().count() <= LOCAL_MAX
            && local.chars().all(is_local_char)
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        if !local_ok || !valid_domain(domain) {
            return Err(ContactError::EmailInvalid);
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or(&self.0[..], |(l, _)| l)
    }

    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }

    /// `i***@example.ru`.
    pub fn masked(&self) -> String {
        let first: String = self.local_part().chars().take(1).collect();
        format!("{first}***@{}", self.domain())
    }
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Email({})", self.masked())
    }
}

/// A phone or an e-mail: what a simplified account is registered with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Contact {
    Phone(Phone),
    Email(Email),
}

impl Contact {
    /// An `@` means e-mail; otherwise it must be a phone number. Input with neither
    /// digits nor `@` is [`ContactError::Invalid`].
    pub fn parse(input: &str) -> Result<Contact, ContactError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ContactError::Empty);
        }
        if s.contains('@') {
            return Email::parse(s).map(Contact::Email);
        }
        let looks_like_phone = s.chars().any(|c| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_digit() || c == '+' || is_phone_separator(c));
        if looks_like_phone {
            Phone::parse(s).map(Contact::Phone)
        } else {
            Err(ContactError::Invalid)
        }
    }

    /// The normalised form: `+79123456789` or `ivan@example.ru`. Personal data.
    pub fn as_str(&self) -> &str {
        match self {
            Contact::Phone(p) => p.as_e164(),
            Contact::Email(e) => e.as_str(),
        }
    }

    pub fn channel(&self) -> Channel {
        match self {
            Contact::Phone(_) => Channel::Sms,
            Contact::Email(_) => Channel::Email,
        }
    }

    pub fn masked(&self) -> String {
        match self {
            Contact::Phone(p) => p.masked(),
            Contact::Email(e) => e.masked(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_spellings() {
        let cases: &[(&str, Result<&str, ContactError>)] = &[
            ("8 (912) 345-67-89", Ok("+79123456789")),
            ("+7 912 3456789", Ok("+79123456789")),
            ("89123456789", Ok("+79123456789")),
            ("7-912-345-67-89", Ok("+79123456789")),
            ("+7(912)345-67-89", Ok("+79123456789")),
            ("  +7 (912) 345 67 89  ", Ok("+79123456789")),
            ("912 345 67 89", Ok("+79123456789")),
            ("9123456789", Ok("+79123456789")),
            ("8.912.345.67.89", Ok("+79123456789")),
            ("+7 999 000-00-00", Ok("+79990000000")),
            ("", Err(ContactError::Empty)),
            ("   ", Err(ContactError::Empty)),
            ("+8 912 345 67 89", Err(ContactError::PhoneInvalid)),
            ("8 (495) 123-45-67", Err(ContactError::PhoneInvalid)), // landline
            ("+7 812 123 45 67", Err(ContactError::PhoneInvalid)),
            ("8912345678", Err(ContactError::PhoneInvalid)), // 10 digits, not 9xx-start
            ("891234567890", Err(ContactError::PhoneInvalid)), // 12 digits
            ("+1 912 345 67 89", Err(ContactError::PhoneInvalid)),
            ("8 912 345 67 8x", Err(ContactError::PhoneInvalid)),
            ("++79123456789", Err(ContactError::PhoneInvalid)),
            ("7 912 345 67 89 ext 1", Err(ContactError::PhoneInvalid)),
            ("+7 912 345 67 8", Err(ContactError::PhoneInvalid)),
        ];
        for (input, expected) in cases {
            let got = Phone::parse(input);
            assert_eq!(
                got.as_ref().map(Phone::as_e164).map_err(|e| *e),
                *expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn email_spellings() {
        let cases: &[(&str, Result<&str, ContactError>)] = &[
            ("ivan@example.ru", Ok("ivan@example.ru")),
            ("  Ivan.Petrov@Example.RU ", Ok("ivan.petrov@example.ru")),
            (
                "ivan+kabinet@mail.example.com",
                Ok("ivan+kabinet@mail.example.com"),
            ),
            ("o'neil@example.org", Ok("o'neil@example.org")),
            ("иван@почта.рф", Ok("иван@почта.рф")),
            ("a@b.co", Ok("a@b.co")),
            ("", Err(ContactError::Empty)),
            ("ivan", Err(ContactError::EmailInvalid)),
            ("ivan@", Err(ContactError::EmailInvalid)),
            ("@example.ru", Err(ContactError::EmailInvalid)),
            ("ivan@example", Err(ContactError::EmailInvalid)),
            ("ivan@@example.ru", Err(ContactError::EmailInvalid)),
            ("iv an@example.ru", Err(ContactError::EmailInvalid)),
            (".ivan@example.ru", Err(ContactError::EmailInvalid)),
            ("ivan.@example.ru", Err(ContactError::EmailInvalid)),
            ("iv..an@example.ru", Err(ContactError::EmailInvalid)),
            ("ivan@-example.ru", Err(ContactError::EmailInvalid)),
            ("ivan@example..ru", Err(ContactError::EmailInvalid)),
            ("ivan@example.r", Err(ContactError::EmailInvalid)),
            ("ivan@example.123", Err(ContactError::EmailInvalid)),
        ];
        for (input, expected) in cases {
            let got = Email::parse(input);
            assert_eq!(
                got.as_ref().map(Email::as_str).map_err(|e| *e),
                *expected,
                "input {input:?}"
            );
        }
        let long_local = format!("{}@example.ru", "a".repeat(65));
        assert_eq!(Email::parse(&long_local), Err(ContactError::EmailInvalid));
    }

    #[test]
    fn contact_dispatch() {
        type Case<'a> = (&'a str, Result<(Channel, &'a str), ContactError>);
        let cases: &[Case<'_>] = &[
            ("8 (912) 345-67-89", Ok((Channel::Sms, "+79123456789"))),
            ("ivan@example.ru", Ok((Channel::Email, "ivan@example.ru"))),
            ("ivan", Err(ContactError::Invalid)),
            ("", Err(ContactError::Empty)),
            ("8 (495) 123-45-67", Err(ContactError::PhoneInvalid)),
            ("ivan@example", Err(ContactError::EmailInvalid)),
            ("phone: 89123456789", Err(ContactError::Invalid)),
        ];
        for (input, expected) in cases {
            let got = Contact::parse(input).map(|c| (c.channel(), c.as_str().to_owned()));
            let expected = expected.map(|(ch, s)| (ch, s.to_owned()));
            assert_eq!(got, expected, "input {input:?}");
        }
    }

    #[test]
    fn masking() {
        let cases: &[(&str, &str)] = &[
            ("89123456789", "+7 912 ***-**-89"),
            ("ivan@example.ru", "i***@example.ru"),
            ("Я@почта.рф", "я***@почта.рф"),
        ];
        for (input, expected) in cases {
            let c = Contact::parse(input).expect("valid test contact");
            assert_eq!(c.masked(), *expected, "input {input:?}");
            assert!(
                !format!("{c:?}").contains("345"),
                "debug output must be masked"
            );
        }
    }
}
