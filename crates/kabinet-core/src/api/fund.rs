//! A request to the pension fund without an account (`POST /fund/requests`): a
//! name, a phone or e-mail to answer to, a topic and the question — every problem
//! at once; a number and the day the fund answers by (30 days, Federal Law
//! No. 59-FZ, art. 12). The answer goes to the contact given; the number and that
//! contact together show where the request stands (`POST /fund/requests/status`).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::pension::Texts;
use super::{ErrorCode, FieldProblem};
use crate::auth::contact::Contact;
use crate::identity::snils::Snils;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

pub const MAX_QUESTION_CHARS: usize = 4000;
const MAX_NAME_CHARS: usize = 100;

/// Days the fund has to answer.
pub const ANSWER_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum FundTopic {
    Pension,
    Payments,
    MaternityCapital,
    Disability,
    Record,
    Other,
}

impl FundTopic {
    pub const ALL: [Self; 6] = [
        Self::Pension,
        Self::Payments,
        Self::MaternityCapital,
        Self::Disability,
        Self::Record,
        Self::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Pension => "pension",
            Self::Payments => "payments",
            Self::MaternityCapital => "maternity_capital",
            Self::Disability => "disability",
            Self::Record => "record",
            Self::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewFundRequest {
    pub surname: String,
    pub first_name: String,
    #[serde(default)]
    pub patronymic: String,
    /// A phone or an e-mail to answer to.
    pub contact: String,
    /// Optional: helps the fund find the person's record.
    #[serde(default)]
    pub snils: String,
    pub topic: Option<FundTopic>,
    pub question: String,
}

impl NewFundRequest {
    /// Every problem at once, in the form's order.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        for (field, value, required) in [
            ("surname", &self.surname, true),
            ("first_name", &self.first_name, true),
            ("patronymic", &self.patronymic, false),
        ] {
            let v = value.trim();
            if v.is_empty() && required {
                out.push(FieldProblem::new(field, ErrorCode::Required));
            } else if v.chars().count() > MAX_NAME_CHARS {
                out.push(FieldProblem::new(field, ErrorCode::TooLong));
            }
        }
        if let Err(e) = Contact::parse(&self.contact) {
            out.push(FieldProblem::new("contact", e.code()));
        }
        if !self.snils.trim().is_empty()
            && let Err(e) = Snils::parse(&self.snils)
        {
            out.push(FieldProblem::new("snils", e.code()));
        }
        if self.topic.is_none() {
            out.push(FieldProblem::new("topic", ErrorCode::Required));
        }
        let q = self.question.trim();
        if q.is_empty() {
            out.push(FieldProblem::new("question", ErrorCode::Required));
        } else if q.chars().count() > MAX_QUESTION_CHARS {
            out.push(FieldProblem::new("question", ErrorCode::TooLong));
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum FundRequestStatus {
    Registered,
    Answered,
}

impl FundRequestStatus {
    pub fn key(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Answered => "answered",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Registered, Self::Answered]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// Where a request stands (never the question or the name: whoever holds the
/// number and the contact learns only this).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FundRequestView {
    pub number: String,
    pub topic: FundTopic,
    pub status: FundRequestStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub registered_at: OffsetDateTime,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub answer_by: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Texts>,
}

/// `POST /fund/requests/status`: the number and the contact the request gave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FundRequestLookup {
    pub number: String,
    pub contact: String,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn good() -> NewFundRequest {
        NewFundRequest {
            surname: "Иванова".into(),
            first_name: "Мария".into(),
            patronymic: String::new(),
            contact: "+7 912 345-67-89".into(),
            snils: String::new(),
            topic: Some(FundTopic::Payments),
            question: "Когда придёт пенсия за декабрь?".into(),
        }
    }

    fn codes(r: &NewFundRequest) -> Vec<(String, ErrorCode)> {
        r.problems()
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect()
    }

    #[test]
    fn a_request_is_checked_whole() {
        assert!(good().problems().is_empty());
        let cases: Vec<(NewFundRequest, Vec<(&str, ErrorCode)>)> = vec![
            (
                NewFundRequest::default(),
                vec![
                    ("surname", ErrorCode::Required),
                    ("first_name", ErrorCode::Required),
                    ("contact", ErrorCode::Required),
                    ("topic", ErrorCode::Required),
                    ("question", ErrorCode::Required),
                ],
            ),
            (
                NewFundRequest {
                    contact: "mariya@".into(),
                    ..good()
                },
                vec![("contact", ErrorCode::EmailInvalid)],
            ),
            (
                NewFundRequest {
                    snils: "112-233-445 00".into(),
                    ..good()
                },
                vec![("snils", ErrorCode::SnilsCheckDigits)],
            ),
            (
                NewFundRequest {
                    snils: "112-233-445 95".into(),
                    ..good()
                },
                vec![],
            ),
            (
                NewFundRequest {
                    question: "я".repeat(MAX_QUESTION_CHARS + 1),
                    ..good()
                },
                vec![("question", ErrorCode::TooLong)],
            ),
            (
                NewFundRequest {
                    question: "   ".into(),
                    surname: "ы".repeat(101),
                    ..good()
                },
                vec![
                    ("surname", ErrorCode::TooLong),
                    ("question", ErrorCode::Required),
                ],
            ),
        ];
        for (r, want) in cases {
            let want: Vec<(String, ErrorCode)> =
                want.into_iter().map(|(f, c)| (f.to_owned(), c)).collect();
            assert_eq!(codes(&r), want, "{r:?}");
        }
    }

    #[test]
    fn topics_round_trip_their_keys() {
        for t in FundTopic::ALL {
            assert_eq!(FundTopic::from_key(t.key()), Some(t));
        }
        assert_eq!(FundTopic::from_key("nothing"), None);
    }
}
