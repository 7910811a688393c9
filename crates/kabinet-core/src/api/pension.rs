//! The citizen's pension record as the portal answers it (`GET /me/pension/record`):
//! rights by year, employers with their periods and what they reported and paid by
//! year and month, the periods credited without contributions, and the
//! discrepancies found in it, each with its ready-to-send texts.
//!
//! Money and points are decimals, sent as strings; dates are `YYYY-MM-DD`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::pension::NonInsuranceKind;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Insurance length: years, months and days (30 days a month, 12 months a year, as
/// the length is counted), and the same as decimal years for the calculator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Length {
    pub years: u32,
    pub months: u32,
    pub days: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub as_years: Decimal,
}

/// One employer's share of a year's points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EmployerShare {
    /// The employer's registration number.
    pub employer: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub points: Decimal,
}

/// The rights formed in one calendar year (2015 on, up to the last full year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RightsYear {
    pub year: i32,
    /// Pay reported by all employers.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub wage: Decimal,
    /// The pay whose contributions were paid: what the points are counted from.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub counted_wage: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub max_base: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub cap: Decimal,
    /// Points from pay (the calculator's year points).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub wage_points: Decimal,
    /// Split by employer; the shares add up to `wage_points`.
    pub by_employer: Vec<EmployerShare>,
    /// Points for credited periods (military service, child care, care) in this year.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub credited_points: Decimal,
    /// Days of insurance length in this year.
    pub length_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PeriodView {
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub from: Date,
    #[serde(default, with = "crate::date::iso::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
}

/// One month of an employer's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthView {
    pub month: u8,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub wage: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub accrued: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub paid: Decimal,
}

/// What one employer reported and paid in one year, and what the tariff asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EmployerYear {
    pub year: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub wage: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub accrued: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub paid: Decimal,
    /// Contributions due on the reported pay at the year's tariff.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub due: Decimal,
    pub months: Vec<MonthView>,
    /// Some discrepancy concerns this year of this employer.
    pub flagged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EmployerView {
    pub reg_number: String,
    pub inn: String,
    pub name: String,
    pub periods: Vec<PeriodView>,
    pub years: Vec<EmployerYear>,
}

/// A period credited without contributions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CreditedView {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: NonInsuranceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<u32>,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub from: Date,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub to: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub points: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DiscrepancyKind {
    /// Pay reported, nothing paid for it.
    NoContributions,
    /// Contributions accrued below the tariff for the reported pay.
    BelowTariff,
    /// Accrued at the tariff but not paid in full.
    NotPaidInFull,
    /// Months inside an employment period with no report at all.
    MissingReport,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DocumentKind {
    /// A request to the employer to report and pay.
    EmployerRequest,
    /// A complaint to the labour inspectorate (трудовая инспекция).
    LabourInspectorate,
    /// A claim to a court.
    CourtClaim,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Texts {
    pub ru: String,
    pub en: String,
}

/// A ready-to-send text (in Russian: it is addressed to Russian bodies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReadyText {
    pub kind: DocumentKind,
    pub title: String,
    pub text: String,
}

/// Something in the record that costs the citizen rights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Discrepancy {
    /// Stable: `<kind>-<employer>-<year>`.
    pub id: String,
    pub kind: DiscrepancyKind,
    pub employer: String,
    pub employer_name: String,
    pub year: i32,
    /// The months concerned (all reported months for a yearly amount).
    pub months: Vec<u8>,
    /// The contributions in question, RUB (for missing reports: an estimate at the
    /// tariff from the average reported pay).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub amount: Decimal,
    /// Points the year would have with this set right, minus those it has.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub points_at_stake: Decimal,
    pub explanation: Texts,
    pub documents: Vec<ReadyText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Pre2015View {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub points: Decimal,
    pub length: Length,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignedView {
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub since: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub monthly: Decimal,
}

/// Where the calculator starts for this person: the totals to the end of the last
/// full year (the scenario's `ipk_so_far` and `insurance_years_so_far`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalculatorStart {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ipk_so_far: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub insurance_years_so_far: Decimal,
    pub funded_option: bool,
    /// The pay of the last full year, as a starting guess for future pay.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub last_wage: Decimal,
    /// From the confirmed profile, so the calculator needs nothing typed.
    #[serde(default, with = "crate::date::iso::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub birth_date: Option<Date>,
    #[serde(default)]
    pub sex: Option<crate::api::identity::Sex>,
}

/// The whole record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PensionRecordView {
    /// The day the record was computed for.
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub as_of: Date,
    /// Rights are formed up to the end of this year.
    pub last_full_year: i32,
    /// All points to the end of `last_full_year`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub total_points: Decimal,
    pub length: Length,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre2015: Option<Pre2015View>,
    pub years: Vec<RightsYear>,
    pub employers: Vec<EmployerView>,
    pub credited: Vec<CreditedView>,
    pub discrepancies: Vec<Discrepancy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned: Option<AssignedView>,
    pub calculator_start: CalculatorStart,
}

// ---------------------------------------------------------------- «Моя пенсия»

/// How a pension reaches the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// To a bank account.
    Bank,
    /// By Russian Post, at home or at the post office.
    Post,
}

impl DeliveryMethod {
    pub fn key(self) -> &'static str {
        match self {
            Self::Bank => "bank",
            Self::Post => "post",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "bank" => Some(Self::Bank),
            "post" => Some(Self::Post),
            _ => None,
        }
    }
}

/// Where a payment goes: the bank's BIC and the account's last four digits (never
/// the whole number), or the post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeliveryView {
    pub method: DeliveryMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bik: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_tail: Option<String>,
}

/// One month's pension as paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PensionPaymentView {
    /// The month it is the pension for: `YYYY-MM`.
    pub month: String,
    /// The day it was delivered (before the month begins, for a January pension).
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub paid_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub amount: Decimal,
    pub delivery: DeliveryView,
}

/// A change of delivery that applies from a later day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeliveryChangeView {
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub from: Date,
    pub delivery: DeliveryView,
}

/// A pension in payment: what it is, how much, how and when it comes, and the
/// payments made (newest first, the last 12 months).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PensionInPayment {
    /// `old_age_insurance`: the insurance old-age pension (the only kind the demo
    /// fund pays).
    pub kind: String,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub since: Date,
    /// This month's amount.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub monthly: Decimal,
    /// The delivery day of each month (3–25).
    pub delivery_day: u8,
    pub delivery: DeliveryView,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<DeliveryChangeView>,
    /// The next payment, not yet made.
    pub next: PensionPaymentView,
    pub payments: Vec<PensionPaymentView>,
}

/// `GET /me/pension/payments`: the pension in payment, if one is assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MyPensionView {
    pub pension: Option<PensionInPayment>,
}
