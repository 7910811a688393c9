//! The scenario: what a person tells the calculator, parsed from JSON and validated.
//! Every error names the field (a path such as `wages.2016` or `non_insurance[0].years`).
//!
//! Numbers may be JSON numbers or strings ("110.0", 3600000, "3600000"); `null`
//! means "not given"; unknown fields are errors.
//!
//! | field | meaning |
//! |---|---|
//! | `claim_date` | `YYYY-MM-DD`; default: the day the right arises |
//! | `sex`, `birth_date` | `"male"`/`"female"`, `YYYY-MM-DD` (1900–2100): give the right date |
//! | `deferral_months` | 0–1200; without a birth date the right date is `claim_date` minus these |
//! | `ipk_total` | a known total of points (then none of the career fields) |
//! | `ipk_pre2015`, `insurance_years_pre2015` | rights before 2015 (points, years) |
//! | `ipk_so_far`, `insurance_years_so_far` | instead: points and record on the citizen's statement up to the end of last year; `wages` then count from today's year only |
//! | `wages` | `{ "2015": 3600000, … }` gross RUB per year, 2015–2100, not negative |
//! | `future_wage` | gross RUB per year assumed from today's year on where `wages` has none |
//! | `non_insurance` | `[{ "kind": "military_service" \| "child_care" \| "care", "years": …, "child": 1–4 (child care only; years per child at most the table's `max_years_per_child`, 1.5) }]` |
//! | `insurance_years` | overrides the computed insurance record (years) |
//! | `funded_option` | kept a funded pension: the lower annual cap |
//! | `age_80_or_group1`, `dependants` (0–3), `far_north` (`none`/`far_north`/`equivalent`) | fixed-payment increases |

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::Date;

use super::error::{PensionError, PensionErrorCode as Code};
use super::params::{PensionParams, params};
use crate::date::{self, DateError, FIRST_YEAR, LAST_YEAR};

/// Sex as in the passport: one type for the profile and the calculator.
pub use crate::api::identity::Sex;

/// A non-insurance period (counted in points without contributions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NonInsuranceKind {
    /// Conscript military service.
    MilitaryService,
    /// Care of a child until 1.5 years (`child` = order of birth, 1..=4 as the
    /// parameter table lists them).
    ChildCare,
    /// Care of a group-I disabled person, a disabled child or a person over 80.
    Care,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NonInsurancePeriod {
    pub kind: NonInsuranceKind,
    /// For child care: the child's order of birth (1..=4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<u32>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub years: Decimal,
}

/// Fixed-payment increase for work in the Far North.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FarNorth {
    #[default]
    None,
    /// 15 calendar years in the Far North (+ 25/20 insurance years): FV × 1.5.
    FarNorth,
    /// 20 calendar years in equivalent areas: FV × 1.3.
    Equivalent,
}

/// One scenario. Either a known total (`ipk_total`) or a career (everything else).
/// Deserialising goes through [`Scenario::from_value`], so a UI command gets the
/// same field-naming errors as the CLI.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Scenario {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(
        with = "crate::date::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub birth_date: Option<Date>,
    #[serde(
        with = "crate::date::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub claim_date: Option<Date>,
    /// Months between the right and the claim (known total without birth date:
    /// the right date is `claim_date` minus these months).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deferral_months: Option<u32>,
    /// Known total of points (then no career fields).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub ipk_total: Option<Decimal>,
    /// Points for periods before 2015 (converted pension rights).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub ipk_pre2015: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub insurance_years_pre2015: Option<Decimal>,
    /// Points earned up to the end of last year, as on the citizen's statement
    /// (instead of `ipk_pre2015` and wages of past years).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub ipk_so_far: Option<Decimal>,
    /// Insurance record (years) up to the end of last year, as on the statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub insurance_years_so_far: Option<Decimal>,
    /// Gross wage (RUB) per calendar year, 2015 onwards.
    #[cfg_attr(feature = "specta", specta(type = BTreeMap<i32, String>))]
    pub wages: BTreeMap<i32, Decimal>,
    /// Gross wage (RUB per year) assumed for each year from today's year to the
    /// claim year that has no entry in `wages`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub future_wage: Option<Decimal>,
    pub non_insurance: Vec<NonInsurancePeriod>,
    /// Overrides the computed insurance length (years).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub insurance_years: Option<Decimal>,
    /// The person kept a funded pension: the lower annual cap applies.
    pub funded_option: bool,
    /// Aged 80+ or group-I disability: fixed payment doubled.
    pub age_80_or_group1: bool,
    /// Dependants (0..=3): each adds a third of the fixed payment.
    pub dependants: u32,
    pub far_north: FarNorth,
}

const FIELDS: &[&str] = &[
    "sex",
    "birth_date",
    "claim_date",
    "deferral_months",
    "ipk_total",
    "ipk_pre2015",
    "insurance_years_pre2015",
    "ipk_so_far",
    "insurance_years_so_far",
    "wages",
    "future_wage",
    "non_insurance",
    "insurance_years",
    "funded_option",
    "age_80_or_group1",
    "dependants",
    "far_north",
];

const MAX_POINTS: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);
const MAX_YEARS: Decimal = Decimal::from_parts(100, 0, 0, false, 0);

impl Scenario {
    /// Parses the CLI's standard input.
    pub fn from_json(text: &str) -> Result<Self, PensionError> {
        if text.trim().is_empty() {
            return Err(PensionError::whole(
                Code::EmptyInput,
                "no scenario: standard input is empty",
            ));
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|e| PensionError::whole(Code::InvalidJson, format!("malformed JSON: {e}")))?;
        Self::from_value(&value)
    }

    /// Validates a JSON value as a scenario, against the embedded parameter tables.
    pub fn from_value(value: &Value) -> Result<Self, PensionError> {
        Self::from_value_with(value, params()?)
    }

    /// Validates a JSON value as a scenario against `tables` (whose limits apply:
    /// child-care years per child, the children that earn points).
    pub fn from_value_with(value: &Value, tables: &PensionParams) -> Result<Self, PensionError> {
        let Value::Object(obj) = value else {
            return Err(PensionError::whole(
                Code::InvalidValue,
                "the scenario must be a JSON object",
            ));
        };
        if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(PensionError::new(
                Code::UnknownField,
                k.clone(),
                format!("unknown field; expected one of: {}", FIELDS.join(", ")),
            ));
        }
        let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
        let mut s = Scenario {
            sex: get("sex").map(|v| parse_sex(v, "sex")).transpose()?,
            birth_date: get("birth_date")
                .map(|v| date(v, "birth_date"))
                .transpose()?,
            claim_date: get("claim_date")
                .map(|v| date(v, "claim_date"))
                .transpose()?,
            deferral_months: get("deferral_months")
                .map(|v| integer(v, "deferral_months", 0, 1200))
                .transpose()?,
            ipk_total: get("ipk_total")
                .map(|v| decimal(v, "ipk_total", Decimal::ZERO, MAX_POINTS))
                .transpose()?,
            ipk_pre2015: get("ipk_pre2015")
                .map(|v| decimal(v, "ipk_pre2015", Decimal::ZERO, MAX_POINTS))
                .transpose()?,
            insurance_years_pre2015: get("insurance_years_pre2015")
                .map(|v| decimal(v, "insurance_years_pre2015", Decimal::ZERO, MAX_YEARS))
                .transpose()?,
            ipk_so_far: get("ipk_so_far")
                .map(|v| decimal(v, "ipk_so_far", Decimal::ZERO, MAX_POINTS))
                .transpose()?,
            insurance_years_so_far: get("insurance_years_so_far")
                .map(|v| decimal(v, "insurance_years_so_far", Decimal::ZERO, MAX_YEARS))
                .transpose()?,
            wages: BTreeMap::new(),
            future_wage: get("future_wage")
                .map(|v| decimal(v, "future_wage", Decimal::ZERO, max_money()))
                .transpose()?,
            non_insurance: Vec::new(),
            insurance_years: get("insurance_years")
                .map(|v| decimal(v, "insurance_years", Decimal::ZERO, MAX_YEARS))
                .transpose()?,
            funded_option: get("funded_option")
                .map(|v| boolean(v, "funded_option"))
                .transpose()?
                .unwrap_or(false),
            age_80_or_group1: get("age_80_or_group1")
                .map(|v| boolean(v, "age_80_or_group1"))
                .transpose()?
                .unwrap_or(false),
            dependants: get("dependants")
                .map(|v| integer(v, "dependants", 0, 3))
                .transpose()?
                .unwrap_or(0),
            far_north: get("far_north")
                .map(|v| parse_far_north(v, "far_north"))
                .transpose()?
                .unwrap_or_default(),
        };
        if let Some(v) = get("wages") {
            s.wages = wages(v)?;
        }
        if let Some(v) = get("non_insurance") {
            s.non_insurance = non_insurance(v, &ChildCareLimits::of(tables))?;
        }
        // Judged on values, so an empty `wages: {}` (as `Serialize` writes it) is fine.
        let career_given = [
            ("ipk_pre2015", s.ipk_pre2015.is_some()),
            (
                "insurance_years_pre2015",
                s.insurance_years_pre2015.is_some(),
            ),
            ("ipk_so_far", s.ipk_so_far.is_some()),
            ("insurance_years_so_far", s.insurance_years_so_far.is_some()),
            ("wages", !s.wages.is_empty()),
            ("future_wage", s.future_wage.is_some()),
            ("non_insurance", !s.non_insurance.is_empty()),
            ("funded_option", s.funded_option),
        ];
        if s.ipk_total.is_some()
            && let Some((k, _)) = career_given.iter().find(|(_, given)| *given)
        {
            return Err(PensionError::new(
                Code::Conflict,
                *k,
                "give either a known total (ipk_total) or a career, not both",
            ));
        }
        // "So far" already contains the years before 2015: both would count them twice.
        let so_far = s.ipk_so_far.is_some() || s.insurance_years_so_far.is_some();
        let pre2015 = [
            ("ipk_pre2015", s.ipk_pre2015.is_some()),
            (
                "insurance_years_pre2015",
                s.insurance_years_pre2015.is_some(),
            ),
        ];
        if so_far && let Some((k, _)) = pre2015.iter().find(|(_, given)| *given) {
            return Err(PensionError::new(
                Code::Conflict,
                *k,
                "give either the rights before 2015 or the totals so far (ipk_so_far, insurance_years_so_far), not both",
            ));
        }
        if s.birth_date.is_some() && s.sex.is_none() {
            return Err(PensionError::new(
                Code::MissingField,
                "sex",
                "needed with birth_date to find the retirement age (\"male\" or \"female\")",
            ));
        }
        if s.birth_date.is_none() && s.claim_date.is_none() {
            return Err(PensionError::new(
                Code::MissingField,
                "claim_date",
                "give claim_date, or sex and birth_date",
            ));
        }
        if let (Some(b), Some(c)) = (s.birth_date, s.claim_date)
            && c <= b
        {
            return Err(PensionError::new(
                Code::OutOfRange,
                "claim_date",
                "must be after birth_date",
            ));
        }
        Ok(s)
    }
}

impl<'de> Deserialize<'de> for Scenario {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Scenario::from_value(&v).map_err(serde::de::Error::custom)
    }
}

/// Upper bound on money inputs (a trillion roubles a year): keeps arithmetic far
/// from Decimal's limits.
fn max_money() -> Decimal {
    Decimal::from(1_000_000_000_000_i64)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn invalid(field: &str, msg: impl Into<String>) -> PensionError {
    PensionError::new(Code::InvalidValue, field, msg)
}

fn out_of_range(field: &str, msg: impl Into<String>) -> PensionError {
    PensionError::new(Code::OutOfRange, field, msg)
}

fn text<'a>(v: &'a Value, field: &str) -> Result<&'a str, PensionError> {
    v.as_str()
        .ok_or_else(|| invalid(field, format!("expected a string, got {}", kind_of(v))))
}

fn parse_sex(v: &Value, field: &str) -> Result<Sex, PensionError> {
    match text(v, field)? {
        "male" => Ok(Sex::Male),
        "female" => Ok(Sex::Female),
        other => Err(invalid(
            field,
            format!("\"{other}\": expected \"male\" or \"female\""),
        )),
    }
}

fn parse_far_north(v: &Value, field: &str) -> Result<FarNorth, PensionError> {
    match text(v, field)? {
        "none" => Ok(FarNorth::None),
        "far_north" => Ok(FarNorth::FarNorth),
        "equivalent" => Ok(FarNorth::Equivalent),
        other => Err(invalid(
            field,
            format!("\"{other}\": expected \"none\", \"far_north\" or \"equivalent\""),
        )),
    }
}

fn boolean(v: &Value, field: &str) -> Result<bool, PensionError> {
    v.as_bool()
        .ok_or_else(|| invalid(field, format!("expected true or false, got {}", kind_of(v))))
}

/// `YYYY-MM-DD` of the years 1900 to 2100 into a date ([`crate::date::parse`]); errors
/// name `field`. Scenario dates and the CLI's `--today` are read here.
pub fn parse_date(text: &str, field: &str) -> Result<Date, PensionError> {
    date::parse(text).map_err(|e| match e {
        DateError::Format => invalid(field, format!("\"{text}\": expected a date YYYY-MM-DD")),
        DateError::OutOfRange => out_of_range(
            field,
            format!("{text}: must be between {FIRST_YEAR} and {LAST_YEAR}"),
        ),
    })
}

fn date(v: &Value, field: &str) -> Result<Date, PensionError> {
    parse_date(text(v, field)?, field)
}

fn number_text(v: &Value, field: &str) -> Result<String, PensionError> {
    match v {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.trim().to_owned()),
        other => Err(invalid(
            field,
            format!(
                "expected a number (or a string with one), got {}",
                kind_of(other)
            ),
        )),
    }
}

fn decimal(v: &Value, field: &str, min: Decimal, max: Decimal) -> Result<Decimal, PensionError> {
    let s = number_text(v, field)?;
    let d = Decimal::from_str(&s)
        .or_else(|_| Decimal::from_scientific(&s))
        .map_err(|_| invalid(field, format!("\"{s}\": not a number")))?;
    if d < min {
        return Err(out_of_range(field, format!("{s}: must not be below {min}")));
    }
    if d > max {
        return Err(out_of_range(field, format!("{s}: must not exceed {max}")));
    }
    Ok(d.normalize())
}

fn integer(v: &Value, field: &str, min: u32, max: u32) -> Result<u32, PensionError> {
    let d = decimal(v, field, Decimal::from(min), Decimal::from(max))?;
    if !d.fract().is_zero() {
        return Err(invalid(field, format!("{d}: expected a whole number")));
    }
    u32::try_from(d.mantissa())
        .map_err(|_| out_of_range(field, format!("{d}: must be {min} to {max}")))
}

fn wages(v: &Value) -> Result<BTreeMap<i32, Decimal>, PensionError> {
    let Value::Object(map) = v else {
        return Err(invalid(
            "wages",
            format!(
                "expected an object {{\"year\": amount}}, got {}",
                kind_of(v)
            ),
        ));
    };
    let mut out = BTreeMap::new();
    for (k, amount) in map {
        let field = format!("wages.{k}");
        let year: i32 = k
            .trim()
            .parse()
            .map_err(|_| invalid(&field, format!("\"{k}\": the key must be a year")))?;
        if !(2015..=2100).contains(&year) {
            return Err(out_of_range(
                &field,
                "years 2015 to 2100 (earlier rights go in ipk_pre2015)",
            ));
        }
        let amount = decimal(amount, &field, Decimal::ZERO, max_money())?;
        if out.insert(year, amount).is_some() {
            return Err(PensionError::new(Code::Conflict, field, "year given twice"));
        }
    }
    Ok(out)
}

/// What the parameter tables allow for child care.
struct ChildCareLimits {
    /// Years that count per child (`max_years_per_child`).
    per_child: Decimal,
    /// The children that earn points are 1 to this (the table's rows).
    last_child: u32,
}

impl ChildCareLimits {
    fn of(p: &PensionParams) -> Self {
        let cc = &p.non_insurance.child_care;
        Self {
            per_child: cc.max_years_per_child,
            last_child: cc.child.iter().map(|c| c.child).max().unwrap_or(0),
        }
    }
}

fn non_insurance(
    v: &Value,
    limits: &ChildCareLimits,
) -> Result<Vec<NonInsurancePeriod>, PensionError> {
    let Value::Array(items) = v else {
        return Err(invalid(
            "non_insurance",
            format!("expected an array, got {}", kind_of(v)),
        ));
    };
    let mut out: Vec<NonInsurancePeriod> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let base = format!("non_insurance[{i}]");
        let Value::Object(obj) = item else {
            return Err(invalid(
                &base,
                format!("expected an object, got {}", kind_of(item)),
            ));
        };
        out.push(period(obj, &base, limits)?);
    }
    // The limit per child holds also when one child is listed twice.
    let mut per_child: BTreeMap<u32, Decimal> = BTreeMap::new();
    for (i, p) in out.iter().enumerate() {
        if let Some(c) = p.child {
            let sum = per_child.entry(c).or_default();
            *sum += p.years;
            if *sum > limits.per_child {
                return Err(out_of_range(
                    &format!("non_insurance[{i}].years"),
                    format!(
                        "child care counts at most {} years per child (child {c})",
                        limits.per_child.normalize()
                    ),
                ));
            }
        }
    }
    Ok(out)
}

fn period(
    obj: &Map<String, Value>,
    base: &str,
    limits: &ChildCareLimits,
) -> Result<NonInsurancePeriod, PensionError> {
    const KEYS: &[&str] = &["kind", "child", "years"];
    if let Some(k) = obj.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(PensionError::new(
            Code::UnknownField,
            format!("{base}.{k}"),
            "unknown field; expected kind, years and (for child care) child",
        ));
    }
    let field = |k: &str| format!("{base}.{k}");
    let kind_v = obj
        .get("kind")
        .ok_or_else(|| PensionError::new(Code::MissingField, field("kind"), "required"))?;
    let kind = match text(kind_v, &field("kind"))? {
        "military_service" => NonInsuranceKind::MilitaryService,
        "child_care" => NonInsuranceKind::ChildCare,
        "care" => NonInsuranceKind::Care,
        other => {
            return Err(invalid(
                &field("kind"),
                format!("\"{other}\": expected \"military_service\", \"child_care\" or \"care\""),
            ));
        }
    };
    let years_v = obj
        .get("years")
        .ok_or_else(|| PensionError::new(Code::MissingField, field("years"), "required"))?;
    let years = decimal(years_v, &field("years"), Decimal::ZERO, MAX_YEARS)?;
    let child = match (kind, obj.get("child")) {
        (NonInsuranceKind::ChildCare, Some(c)) => {
            let d = decimal(c, &field("child"), Decimal::MIN, Decimal::MAX)?;
            if d < Decimal::ONE {
                return Err(out_of_range(&field("child"), "the first child is 1"));
            }
            let last = limits.last_child;
            if d > Decimal::from(last) || !d.fract().is_zero() {
                return Err(out_of_range(
                    &field("child"),
                    format!(
                        "a whole number 1 to {last} (the law gives points for the first {last} children)"
                    ),
                ));
            }
            u32::try_from(d.mantissa()).ok()
        }
        (NonInsuranceKind::ChildCare, None) => {
            return Err(PensionError::new(
                Code::MissingField,
                field("child"),
                format!(
                    "child care needs the child's order of birth (1 to {})",
                    limits.last_child
                ),
            ));
        }
        (_, Some(_)) => {
            return Err(PensionError::new(
                Code::UnknownField,
                field("child"),
                "only child care has a child number",
            ));
        }
        (_, None) => None,
    };
    if kind == NonInsuranceKind::ChildCare && years > limits.per_child {
        return Err(out_of_range(
            &field("years"),
            format!(
                "child care counts at most {} years per child",
                limits.per_child.normalize()
            ),
        ));
    }
    Ok(NonInsurancePeriod { kind, child, years })
}
