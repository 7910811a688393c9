//! The standard-level profile: everything a person types to have their identity
//! checked against the registries, validated in one go. [`validate_profile`] reports
//! every wrong field at once — a form that shows one mistake per submission wears
//! people out, the elderly first of all.

use time::Date;

use super::documents::{
    Address, DocumentError, DrivingLicence, ForeignPassport, MedicalPolicy, MilitaryId, TextError,
    VehicleRegistration, bounded_text,
};
use super::passport::{
    DivisionCode, Issuer, Passport, PassportName, PassportNumber, check_issue_date,
};
use super::snils::Snils;
use crate::api::{ErrorCode, FieldProblem, ProfileSubmission, Sex};
use crate::date::{DateError, add_months};

/// Nobody alive is older.
pub const MAX_AGE_YEARS: i64 = 130;
/// Longest birth place we accept, in characters.
pub const BIRTH_PLACE_MAX_CHARS: usize = 200;

/// Why a birth date cannot be the person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BirthDateError {
    #[error("the birth date is in the future")]
    InFuture,
    #[error("the birth date is more than {MAX_AGE_YEARS} years ago")]
    TooLongAgo,
}

impl BirthDateError {
    pub fn code(self) -> ErrorCode {
        match self {
            BirthDateError::InFuture => ErrorCode::DateInFuture,
            BirthDateError::TooLongAgo => ErrorCode::DateInvalid,
        }
    }
}

/// A birth date is not after `today` and at most [`MAX_AGE_YEARS`] years before it.
pub fn check_birth_date(birth_date: Date, today: Date) -> Result<(), BirthDateError> {
    if birth_date > today {
        return Err(BirthDateError::InFuture);
    }
    match add_months(today, -MAX_AGE_YEARS * 12) {
        Some(earliest) if birth_date < earliest => Err(BirthDateError::TooLongAgo),
        _ => Ok(()),
    }
}

/// The other documents a profile may carry, each valid when present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Documents {
    pub driving_licence: Option<DrivingLicence>,
    pub foreign_passport: Option<ForeignPassport>,
    pub vehicle_registration: Option<VehicleRegistration>,
    pub medical_policy: Option<MedicalPolicy>,
    pub military_id: Option<MilitaryId>,
}

/// A profile whose every field is valid, and whose dates fit together (issued
/// after the 14th birthday).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    surname: PassportName,
    first_name: PassportName,
    patronymic: Option<PassportName>,
    sex: Sex,
    birth_date: Date,
    birth_place: String,
    passport: Passport,
    snils: Snils,
    address: Option<Address>,
    documents: Documents,
}

impl Profile {
    pub fn surname(&self) -> &PassportName {
        &self.surname
    }
    pub fn first_name(&self) -> &PassportName {
        &self.first_name
    }
    pub fn patronymic(&self) -> Option<&PassportName> {
        self.patronymic.as_ref()
    }
    pub fn sex(&self) -> Sex {
        self.sex
    }
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }
    /// Trimmed, whitespace collapsed, at most [`BIRTH_PLACE_MAX_CHARS`] characters.
    pub fn birth_place(&self) -> &str {
        &self.birth_place
    }
    pub fn passport(&self) -> &Passport {
        &self.passport
    }
    pub fn snils(&self) -> &Snils {
        &self.snils
    }
    pub fn address(&self) -> Option<&Address> {
        self.address.as_ref()
    }
    pub fn documents(&self) -> &Documents {
        &self.documents
    }
}

/// Collects the problems while the fields are read.
struct Problems(Vec<FieldProblem>);

impl Problems {
    fn check<T, E>(&mut self, field: &str, r: Result<T, E>, code: fn(E) -> ErrorCode) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldProblem::new(field, code(e)));
                None
            }
        }
    }

    fn date(&mut self, field: &str, text: &str) -> Option<Date> {
        let r = if text.trim().is_empty() {
            Err(ErrorCode::Required)
        } else {
            crate::date::parse(text).map_err(|_: DateError| ErrorCode::DateInvalid)
        };
        self.check(field, r, |c| c)
    }

    /// An optional document: absent or blank is fine, anything else must parse.
    fn document<T>(
        &mut self,
        field: &str,
        text: &Option<String>,
        parse: fn(&str) -> Result<T, DocumentError>,
    ) -> Option<T> {
        let text = text.as_deref().filter(|t| !t.trim().is_empty())?;
        self.check(field, parse(text), DocumentError::code)
    }
}

/// Every field of `input` checked against the rules of the standard level as of
/// `today`; the profile, or every problem found (in form order), each with its
/// field's dotted JSON path (`"passport.issued_on"`).
pub fn validate_profile(
    input: &ProfileSubmission,
    today: Date,
) -> Result<Profile, Vec<FieldProblem>> {
    let mut p = Problems(Vec::new());

    let surname = p.check("surname", PassportName::parse(&input.surname), |e| e.code());
    let first_name = p.check("first_name", PassportName::parse(&input.first_name), |e| {
        e.code()
    });
    let patronymic = match input.patronymic.as_deref().filter(|t| !t.trim().is_empty()) {
        None => Some(None),
        Some(text) => p
            .check("patronymic", PassportName::parse(text), |e| e.code())
            .map(Some),
    };
    let sex = p.check("sex", input.sex.ok_or(ErrorCode::Required), |c| c);
    let birth_date = p.date("birth_date", &input.birth_date).and_then(|d| {
        p.check(
            "birth_date",
            check_birth_date(d, today),
            BirthDateError::code,
        )
        .map(|()| d)
    });
    let birth_place = p.check(
        "birth_place",
        bounded_text(&input.birth_place, BIRTH_PLACE_MAX_CHARS),
        TextError::code,
    );

    let pi = &input.passport;
    let number = match PassportNumber::parse(&pi.series, &pi.number) {
        Ok(n) => Some(n),
        Err(errors) => {
            for e in errors {
                p.0.push(FieldProblem::new(
                    format!("passport.{}", e.field()),
                    e.code(),
                ));
            }
            None
        }
    };
    let issued_on = p.date("passport.issued_on", &pi.issued_on).and_then(|d| {
        p.check(
            "passport.issued_on",
            check_issue_date(d, birth_date, today),
            |e| e.code(),
        )
        .map(|()| d)
    });
    let issuer = p.check(
        "passport.issuer",
        Issuer::parse(&pi.issuer),
        TextError::code,
    );
    let division_code = p.check(
        "passport.division_code",
        DivisionCode::parse(&pi.division_code),
        |e| e.code(),
    );

    let snils = p.check("snils", Snils::parse(&input.snils), |e| e.code());

    let address = match &input.address {
        None => Some(None),
        Some(a) => match Address::parse(a) {
            Ok(a) => Some(Some(a)),
            Err(errors) => {
                for e in errors {
                    p.0.push(FieldProblem::new(
                        format!("address.{}", e.field()),
                        e.code(),
                    ));
                }
                None
            }
        },
    };

    let d = &input.documents;
    let documents = Documents {
        driving_licence: p.document(
            "documents.driving_licence",
            &d.driving_licence,
            DrivingLicence::parse,
        ),
        foreign_passport: p.document(
            "documents.foreign_passport",
            &d.foreign_passport,
            ForeignPassport::parse,
        ),
        vehicle_registration: p.document(
            "documents.vehicle_registration",
            &d.vehicle_registration,
            VehicleRegistration::parse,
        ),
        medical_policy: p.document(
            "documents.medical_policy",
            &d.medical_policy,
            MedicalPolicy::parse,
        ),
        military_id: p.document("documents.military_id", &d.military_id, MilitaryId::parse),
    };

    if !p.0.is_empty() {
        return Err(p.0);
    }
    // No problem was recorded, so every field above is `Some`; the match says so
    // to the compiler without an unwrap.
    match (
        surname,
        first_name,
        patronymic,
        sex,
        birth_date,
        birth_place,
        number,
        issued_on,
        issuer,
        division_code,
        snils,
        address,
    ) {
        (
            Some(surname),
            Some(first_name),
            Some(patronymic),
            Some(sex),
            Some(birth_date),
            Some(birth_place),
            Some(number),
            Some(issued_on),
            Some(issuer),
            Some(division_code),
            Some(snils),
            Some(address),
        ) => Ok(Profile {
            surname,
            first_name,
            patronymic,
            sex,
            birth_date,
            birth_place,
            passport: Passport {
                number,
                issued_on,
                issuer,
                division_code,
            },
            snils,
            address,
            documents,
        }),
        _ => Err(vec![FieldProblem::new("", ErrorCode::Internal)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{AddressInput, OtherDocuments, PassportInput};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 02);

    /// A valid submission: born 1980-03-15, 14 on 1994-03-15, passport renewed at 20
    /// (2000-03-20) and 45 (2025-04-02). SNILS 112-233-445 95: 1·9+1·8+2·7+2·6+3·5
    /// +3·4+4·3+4·2+5·1 = 95 < 100 → 95.
    fn valid() -> ProfileSubmission {
        ProfileSubmission {
            surname: "Алёшина".to_owned(),
            first_name: "Анна-Мария".to_owned(),
            patronymic: Some("Сергеевна".to_owned()),
            sex: Some(Sex::Female),
            birth_date: "1980-03-15".to_owned(),
            birth_place: "гор. Свердловск".to_owned(),
            passport: PassportInput {
                series: "65 25".to_owned(),
                number: "123456".to_owned(),
                issued_on: "2025-04-02".to_owned(),
                issuer: "ГУ МВД России по Свердловской области".to_owned(),
                division_code: "660-003".to_owned(),
            },
            snils: "112-233-445 95".to_owned(),
            address: Some(AddressInput {
                postcode: "620014".to_owned(),
                region: "Свердловская область".to_owned(),
                town: "Екатеринбург".to_owned(),
                street: "ул. Малышева".to_owned(),
                house: "36".to_owned(),
                flat: Some("12".to_owned()),
            }),
            documents: OtherDocuments {
                driving_licence: Some("66 12 345678".to_owned()),
                foreign_passport: Some("75 1234567".to_owned()),
                vehicle_registration: Some("66 УА 123456".to_owned()),
                medical_policy: Some("6650 1234 5678 9012".to_owned()),
                military_id: None,
            },
        }
    }

    fn problems(input: &ProfileSubmission) -> Vec<(String, ErrorCode)> {
        validate_profile(input, TODAY)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect()
    }

    #[test]
    fn a_valid_profile_passes() {
        let profile = validate_profile(&valid(), TODAY).expect("valid profile");
        assert_eq!(profile.surname().as_str(), "Алёшина");
        assert_eq!(
            profile.patronymic().map(PassportName::as_str),
            Some("Сергеевна")
        );
        assert_eq!(profile.sex(), Sex::Female);
        assert_eq!(profile.birth_date(), date!(1980 - 03 - 15));
        assert_eq!(profile.passport().number().to_string(), "65 25 123456");
        assert_eq!(profile.passport().division_code().to_string(), "660-003");
        assert_eq!(profile.passport().issued_on(), date!(2025 - 04 - 02));
        assert_eq!(profile.snils().digits(), "11223344595");
        assert_eq!(profile.address().map(Address::town), Some("Екатеринбург"));
        assert_eq!(
            profile
                .documents()
                .vehicle_registration
                .as_ref()
                .map(|v| v.to_string()),
            Some("66 УА 123456".to_owned())
        );
        assert_eq!(profile.documents().military_id, None);

        // the bare minimum: no patronymic, address or other documents
        let minimal = ProfileSubmission {
            patronymic: None,
            address: None,
            documents: OtherDocuments::default(),
            ..valid()
        };
        assert!(validate_profile(&minimal, TODAY).is_ok());
        // blank optional texts count as absent
        let blank = ProfileSubmission {
            patronymic: Some("  ".to_owned()),
            documents: OtherDocuments {
                military_id: Some(String::new()),
                ..OtherDocuments::default()
            },
            ..valid()
        };
        assert!(validate_profile(&blank, TODAY).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut input = valid();
        input.surname = "Aleshina".to_owned();
        input.snils = "112-233-445 96".to_owned();
        input.passport.issued_on = "2026-12-03".to_owned();
        assert_eq!(
            problems(&input),
            vec![
                ("surname".to_owned(), ErrorCode::NameNotCyrillic),
                ("passport.issued_on".to_owned(), ErrorCode::DateInFuture),
                ("snils".to_owned(), ErrorCode::SnilsCheckDigits),
            ]
        );
    }

    #[test]
    fn field_cases() {
        type Edit = fn(&mut ProfileSubmission);
        let cases: &[(Edit, &[(&str, ErrorCode)])] = &[
            (
                |i| i.surname = String::new(),
                &[("surname", ErrorCode::Required)],
            ),
            (
                |i| i.surname = "Иванов2".to_owned(),
                &[("surname", ErrorCode::NameInvalid)],
            ),
            (
                |i| i.first_name = "Anna".to_owned(),
                &[("first_name", ErrorCode::NameNotCyrillic)],
            ),
            (
                |i| i.first_name = "я".repeat(61),
                &[("first_name", ErrorCode::TooLong)],
            ),
            (
                |i| i.patronymic = Some("Serg".to_owned()),
                &[("patronymic", ErrorCode::NameNotCyrillic)],
            ),
            (|i| i.sex = None, &[("sex", ErrorCode::Required)]),
            (
                |i| i.birth_date = String::new(),
                &[("birth_date", ErrorCode::Required)],
            ),
            (
                |i| i.birth_date = "15.03.1980".to_owned(),
                &[("birth_date", ErrorCode::DateInvalid)],
            ),
            (
                |i| i.birth_date = "1980-02-30".to_owned(),
                &[("birth_date", ErrorCode::DateInvalid)],
            ),
            (
                |i| i.birth_date = "1850-01-01".to_owned(),
                &[("birth_date", ErrorCode::DateInvalid)],
            ),
            // the earliest readable year; 126 years old on TODAY
            (|i| i.birth_date = "1900-01-01".to_owned(), &[]),
            (
                |i| i.birth_date = "2026-12-03".to_owned(),
                &[("birth_date", ErrorCode::DateInFuture)],
            ),
            // born 2011-04-03: 14 on 2025-04-03, the day after the issue date
            (
                |i| i.birth_date = "2011-04-03".to_owned(),
                &[("passport.issued_on", ErrorCode::PassportIssuedBeforeAge14)],
            ),
            (|i| i.birth_date = "2011-04-02".to_owned(), &[]),
            (
                |i| i.birth_place = " ".to_owned(),
                &[("birth_place", ErrorCode::Required)],
            ),
            (
                |i| i.birth_place = "я".repeat(201),
                &[("birth_place", ErrorCode::TooLong)],
            ),
            (
                |i| i.passport.series = "651".to_owned(),
                &[("passport.series", ErrorCode::PassportSeriesInvalid)],
            ),
            (
                |i| i.passport.number = "12345".to_owned(),
                &[("passport.number", ErrorCode::PassportNumberInvalid)],
            ),
            (
                |i| i.passport.issued_on = "2025-13-01".to_owned(),
                &[("passport.issued_on", ErrorCode::DateInvalid)],
            ),
            (
                |i| i.passport.issued_on = String::new(),
                &[("passport.issued_on", ErrorCode::Required)],
            ),
            (
                |i| i.passport.issuer = String::new(),
                &[("passport.issuer", ErrorCode::Required)],
            ),
            (
                |i| i.passport.issuer = "я".repeat(201),
                &[("passport.issuer", ErrorCode::TooLong)],
            ),
            (
                |i| i.passport.division_code = "66-0003".to_owned(),
                &[("passport.division_code", ErrorCode::DivisionCodeInvalid)],
            ),
            (
                |i| i.snils = "112-233-445".to_owned(),
                &[("snils", ErrorCode::SnilsInvalid)],
            ),
            (
                |i| i.snils = String::new(),
                &[("snils", ErrorCode::Required)],
            ),
            (
                |i| i.documents.driving_licence = Some("66 12 34567".to_owned()),
                &[(
                    "documents.driving_licence",
                    ErrorCode::DocumentNumberInvalid,
                )],
            ),
            (
                |i| i.documents.foreign_passport = Some("75 123456".to_owned()),
                &[(
                    "documents.foreign_passport",
                    ErrorCode::DocumentNumberInvalid,
                )],
            ),
            (
                |i| i.documents.vehicle_registration = Some("66 У1 123456".to_owned()),
                &[(
                    "documents.vehicle_registration",
                    ErrorCode::DocumentNumberInvalid,
                )],
            ),
            (
                |i| i.documents.medical_policy = Some("6650".to_owned()),
                &[("documents.medical_policy", ErrorCode::DocumentNumberInvalid)],
            ),
            (
                |i| i.documents.military_id = Some("12 1234567".to_owned()),
                &[("documents.military_id", ErrorCode::DocumentNumberInvalid)],
            ),
            (
                |i| {
                    if let Some(a) = i.address.as_mut() {
                        a.postcode = "6200".to_owned();
                        a.house = String::new();
                    }
                },
                &[
                    ("address.postcode", ErrorCode::PostcodeInvalid),
                    ("address.house", ErrorCode::Required),
                ],
            ),
            // an invalid birth date does not also fail the issue date
            (
                |i| {
                    i.birth_date = "abc".to_owned();
                    i.passport.series = String::new();
                    i.passport.number = String::new();
                },
                &[
                    ("birth_date", ErrorCode::DateInvalid),
                    ("passport.series", ErrorCode::Required),
                    ("passport.number", ErrorCode::Required),
                ],
            ),
        ];
        for (i, (edit, expected)) in cases.iter().enumerate() {
            let mut input = valid();
            edit(&mut input);
            let expected: Vec<(String, ErrorCode)> = expected
                .iter()
                .map(|(f, c)| ((*f).to_owned(), *c))
                .collect();
            assert_eq!(problems(&input), expected, "case {i}: {input:?}");
        }
    }

    /// The problems travel in the error body; other errors carry no `errors` key.
    #[test]
    fn validation_error_body() {
        let mut input = valid();
        input.surname = "Aleshina".to_owned();
        input.snils = "1".to_owned();
        let problems = validate_profile(&input, TODAY).err().unwrap_or_default();
        let body =
            serde_json::to_value(crate::api::ApiError::validation(problems)).expect("serialises");
        assert_eq!(
            body,
            serde_json::json!({
                "code": "validation_failed",
                "message": "2 field(s) are not valid",
                "errors": [
                    {"field": "surname", "code": "name_not_cyrillic"},
                    {"field": "snils", "code": "snils_invalid"},
                ],
            })
        );
        let plain = crate::api::ApiError::new(ErrorCode::NotFound, "no");
        let json = serde_json::to_value(&plain).expect("serialises");
        assert!(json.get("errors").is_none());
        let back: crate::api::ApiError = serde_json::from_value(json).expect("parses");
        assert_eq!(back, plain);
    }

    #[test]
    fn birth_dates() {
        use BirthDateError as E;
        let cases = [
            (date!(2026 - 12 - 02), Ok(())),
            (date!(2026 - 12 - 03), Err(E::InFuture)),
            // 130 years before 2026-12-02
            (date!(1896 - 12 - 02), Ok(())),
            (date!(1896 - 12 - 01), Err(E::TooLongAgo)),
        ];
        for (birth, expected) in cases {
            assert_eq!(check_birth_date(birth, TODAY), expected, "{birth}");
        }
    }

    #[test]
    fn submission_json() {
        let json = r#"{
            "surname": "Алёшина", "first_name": "Анна-Мария", "patronymic": null,
            "sex": "female", "birth_date": "1980-03-15", "birth_place": "гор. Свердловск",
            "passport": {"series": "65 25", "number": "123456", "issued_on": "2025-04-02",
                         "issuer": "ГУ МВД России по Свердловской области",
                         "division_code": "660-003"},
            "snils": "11223344595"
        }"#;
        let input: ProfileSubmission = serde_json::from_str(json).expect("parses");
        assert!(validate_profile(&input, TODAY).is_ok());
        assert_eq!(input.documents, OtherDocuments::default());
        let unknown = json.replacen("\"snils\"", "\"inn\": \"1\", \"snils\"", 1);
        assert!(serde_json::from_str::<ProfileSubmission>(&unknown).is_err());
        let debug = format!("{input:?}");
        assert!(
            !debug.contains("11223344595") && !debug.contains("123456"),
            "{debug}"
        );
    }
}
