//! The disability register as its holder sees it (`GET /me/disability`): the
//! group and its period, the individual rehabilitation programme (IPRA) with the
//! progress of each measure, every benefit the person is entitled to (federal and
//! the region's) with whether it is already assigned, and the set of social
//! services (NSU) taken in kind or as money — this year's and a change waiting for
//! its 1 January.

use serde::{Deserialize, Serialize};
use time::Date;
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::pension::Texts;

/// The disability group; `child`: a child with a disability (under 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DisabilityGroup {
    First,
    Second,
    Third,
    Child,
}

/// How far a measure of the programme has got, as its executor reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MeasureState {
    Planned,
    InProgress,
    Done,
    /// Not carried out (the person declined, or the executor could not).
    NotDone,
}

/// One measure of the rehabilitation programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RehabMeasure {
    /// `medical`, `technical` (means of rehabilitation), `social`, `vocational`,
    /// `sport`.
    pub kind: String,
    pub title: Texts,
    /// Who carries it out (the fund, a hospital, social protection…).
    pub executor: Texts,
    pub state: MeasureState,
    /// When the executor last reported on it.
    #[serde(default, with = "crate::date::iso::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub reported_on: Option<Date>,
    /// What the executor said (a reason when not done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
}

/// The individual rehabilitation (habilitation) programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ipra {
    pub number: String,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub issued_on: Date,
    /// `null`: without a term (as the disability).
    #[serde(default, with = "crate::date::iso::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub until: Option<Date>,
    pub measures: Vec<RehabMeasure>,
}

/// The register's record of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DisabilityRecord {
    pub group: DisabilityGroup,
    /// «общее заболевание», «с детства», «военная травма»…
    pub cause: Texts,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub since: Date,
    /// `null`: established without a term (бессрочно).
    #[serde(default, with = "crate::date::iso::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub until: Option<Date>,
    pub ipra: Option<Ipra>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BenefitLevel {
    Federal,
    Regional,
}

/// A benefit the person is entitled to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BenefitView {
    pub id: String,
    pub level: BenefitLevel,
    pub title: Texts,
    /// What it gives.
    pub what: Texts,
    /// How to get it (or that it comes without asking).
    pub how: Texts,
    /// The law it rests on.
    pub basis: Texts,
    /// The catalogue's service to apply through, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Assigned from this day (the fund pays it already).
    #[serde(default, with = "crate::date::iso::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub assigned_since: Option<Date>,
    /// `false`: the wording has not been checked against the current law (the
    /// demo's regional measures); the app says so.
    pub checked: bool,
}

/// One part of the set of social services, taken in kind or as money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NsuWay {
    Kind,
    Money,
}

impl NsuWay {
    pub fn key(self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Money => "money",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "kind" => Some(Self::Kind),
            "money" => Some(Self::Money),
            _ => None,
        }
    }
}

/// The three parts of the set: medicines and medical devices, a sanatorium
/// voucher, travel by suburban train and to the place of treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NsuChoice {
    pub medicines: NsuWay,
    pub sanatorium: NsuWay,
    pub travel: NsuWay,
}

impl NsuChoice {
    /// Without an application the whole set is provided in kind.
    pub const IN_KIND: Self = Self {
        medicines: NsuWay::Kind,
        sanatorium: NsuWay::Kind,
        travel: NsuWay::Kind,
    };
}

/// A choice that applies from a later 1 January.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NsuChange {
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub from: Date,
    pub choice: NsuChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NsuView {
    /// In force today.
    pub current: NsuChoice,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<NsuChange>,
    /// A choice made today applies from this day.
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub next_from: Date,
}

/// `GET /me/disability`: the register's record (`null` when it holds none), the
/// benefits it gives in the person's region, and the set of social services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DisabilityView {
    pub record: Option<DisabilityRecord>,
    /// The region of the confirmed address the regional measures are for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub benefits: Vec<BenefitView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsu: Option<NsuView>,
}
