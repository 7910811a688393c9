//! What the fund holds about one insured person: the input of every rule in
//! [`super`]. The portal builds it from its tables; tests build it by hand.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::pension::NonInsuranceKind;

/// An employer as its reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    /// Registration number with the fund (ten digits, `XXX-XXX-XXXXXX`).
    pub reg_number: String,
    pub inn: String,
    pub name: String,
    /// Where a letter to it goes (reported with the employer's details).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// An employment period as the employer reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmploymentPeriod {
    pub employer: String,
    #[serde(with = "crate::date::iso")]
    pub from: Date,
    /// None: still employed.
    #[serde(default, with = "crate::date::iso::option")]
    pub to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
}

/// One month of one employer's report: the pay, and the contributions accrued on
/// it and paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthReport {
    pub employer: String,
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    pub wage: Decimal,
    pub accrued: Decimal,
    pub paid: Decimal,
}

/// A period the fund credits without contributions (military service, child care,
/// care of a disabled person), from its own records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditedPeriod {
    pub kind: NonInsuranceKind,
    #[serde(with = "crate::date::iso")]
    pub from: Date,
    #[serde(with = "crate::date::iso")]
    pub to: Date,
    /// Child care: the child's order of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<u32>,
}

/// Rights formed before 2015, as the fund converted them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pre2015 {
    pub points: Decimal,
    /// Insurance length before 2015, in whole months.
    pub months: u32,
}

/// A pension already assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assigned {
    #[serde(with = "crate::date::iso")]
    pub since: Date,
    /// The monthly amount paid now, RUB.
    pub monthly: Decimal,
}

/// One person's record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub employers: Vec<Employer>,
    pub periods: Vec<EmploymentPeriod>,
    pub months: Vec<MonthReport>,
    pub credited: Vec<CreditedPeriod>,
    pub pre2015: Option<Pre2015>,
    pub assigned: Option<Assigned>,
    /// Kept a funded pension: the lower annual cap applies.
    pub funded_option: bool,
}

impl Record {
    pub fn employer(&self, reg_number: &str) -> Option<&Employer> {
        self.employers.iter().find(|e| e.reg_number == reg_number)
    }
}
