//! The catalogue of state services as the portal serves it and the app keeps it
//! offline: categories, authorities and services, each service saying who may
//! apply, the account level it needs, its fee, the documents (and which of them the
//! portal fetches itself), how the result is issued and how long it takes.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::api::identity::{AccountLevel, VerificationMethod};
use crate::api::pension::Texts;

/// A group of services as citizens look for them («Паспорта и документы»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Category {
    /// `documents`, `transport`, `family`, … (lower-case ASCII, `_`).
    pub id: String,
    pub name: Texts,
}

/// Federal, regional or municipal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AuthorityLevel {
    Federal,
    Regional,
    Municipal,
}

/// The body that provides services (МВД, Социальный фонд, ЗАГС, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Authority {
    /// `mvd`, `sfr`, `fns`, `zags`, … (lower-case ASCII, `_`).
    pub id: String,
    pub name: Texts,
    /// The name citizens use («МВД России», «СФР»).
    pub short_name: Texts,
    pub level: AuthorityLevel,
    /// Regional and municipal authorities: the region (as in addresses,
    /// «Москва», «Новосибирская область»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Who may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Applicant {
    Citizen,
    Organisation,
}

/// How the result reaches the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ResultDelivery {
    /// A signed electronic document in the account.
    Electronic,
    /// A paper original to collect at the authority or a service centre.
    PaperPickup,
    /// The service ends with a visit (a test, an inspection, fingerprints).
    Visit,
}

/// The state fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fee {
    /// RUB.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub amount: Decimal,
    /// The lower amount when paid through the portal, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub portal_amount: Option<Decimal>,
    /// Where the amount is set (e.g. «НК РФ, ст. 333.28»).
    pub source: String,
}

/// A document the service needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentNeed {
    pub name: Texts,
    /// The portal fetches it from another authority itself (the citizen is never
    /// asked to upload it): that authority's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_from: Option<String>,
    /// Brought in person (an original to show), not sent online.
    #[serde(default)]
    pub in_person: bool,
}

/// One state service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Service {
    /// Stable id, `<authority>-<what>` (`mvd-passport-20-45`).
    pub id: String,
    pub title: Texts,
    /// One or two sentences: what it is and for whom.
    pub summary: Texts,
    /// A category's id.
    pub category: String,
    /// An authority's id.
    pub authority: String,
    /// Regions where it is offered; empty: everywhere (federal services).
    #[serde(default)]
    pub regions: Vec<String>,
    pub applicants: Vec<Applicant>,
    /// The lowest account level that may apply.
    pub min_level: AccountLevel,
    /// Where it matters, the ways of verification it accepts (e.g. only in person).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verification: Vec<VerificationMethod>,
    /// None: free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    pub documents: Vec<DocumentNeed>,
    pub result: ResultDelivery,
    /// The application form: a key of [`CatalogueView::forms`].
    pub form: String,
    /// Expected duration, working days (as the regulation sets it).
    pub duration_days: u32,
    /// After applying online, the originals are brought in person within this many
    /// working days (maternity capital disposal: 5); the app says by which date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_within_working_days: Option<u32>,
    /// When only one step is online (e.g. booking a visit), what that step is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_step: Option<Texts>,
    /// Words citizens search by besides the title: short forms («загран», «права»,
    /// «ИНН»), other names. Russian, lower case.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// The whole catalogue with its version (a digest of its content: the app
/// refreshes only when it changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CatalogueView {
    pub version: String,
    pub categories: Vec<Category>,
    pub authorities: Vec<Authority>,
    pub services: Vec<Service>,
    /// The application forms by id: self-contained JSON Schema (draft 2020-12)
    /// documents with the renderer's `x-` annotations (see
    /// `kabinet_core::services::forms`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[cfg_attr(feature = "specta", specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>))]
    pub forms: std::collections::BTreeMap<String, serde_json::Value>,
}
