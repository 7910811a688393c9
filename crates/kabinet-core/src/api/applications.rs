//! An application's status as it crosses the wire (portal ↔ app, agency → portal):
//! the [`Status`] itself, the [`Event`]s that move it and the [`Actor`] who sends
//! them. The rules — which event may move which status, and who may send it — are in
//! [`crate::services::status`]; these are only the shapes.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// How a ready result is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ResultForm {
    /// A signed electronic document in the account.
    Electronic,
    /// A paper original to collect.
    Paper,
}

/// Where an application stands. JSON: `{"state": "visit_needed", "at": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Status {
    /// Being filled in by the citizen; nobody else sees it.
    Draft,
    /// Sent by the citizen; the agency has not registered it yet.
    Submitted,
    /// The agency took it in under its own number.
    Registered { agency_number: String },
    /// The agency is working on it.
    InProgress,
    /// The citizen must come in person: when (with its UTC offset, as the agency
    /// gave it), where, and what to bring.
    VisitNeeded {
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        #[cfg_attr(feature = "specta", specta(type = String))]
        at: OffsetDateTime,
        place: String,
        bring: Vec<String>,
    },
    /// The result is ready, electronically or on paper.
    Ready { result: ResultForm },
    /// The agency refused, and said why.
    Refused { reason: String },
    /// Finished: the result was handed over or the refusal stands.
    Closed,
    /// Taken back by the citizen before the agency registered it.
    Withdrawn,
}

/// The agency's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Decision {
    Ready { result: ResultForm },
    Refused { reason: String },
}

/// Something that happens to an application. JSON: `{"event": "register",
/// "agency_number": …}`; a decision is `{"event": "decide", "decision": "refused",
/// "reason": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Event {
    /// The citizen sends the draft.
    Submit,
    /// The agency registers it under its number.
    Register { agency_number: String },
    /// The agency starts working on it.
    Start,
    /// The agency asks the citizen to come in person.
    NeedVisit {
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        #[cfg_attr(feature = "specta", specta(type = String))]
        at: OffsetDateTime,
        place: String,
        bring: Vec<String>,
    },
    /// The citizen came; the agency carries on.
    Visited,
    /// The agency decides.
    Decide(Decision),
    /// The application is archived after its outcome.
    Close,
    /// The citizen takes it back.
    Withdraw,
}

/// Who sends an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Actor {
    /// The applicant, in the app or on the portal.
    Citizen,
    /// The authority that provides the service.
    Agency,
    /// The portal itself (archiving, housekeeping).
    Portal,
}

/// What a citizen applies for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    pub service_id: String,
    /// The answers to the service's form (`CatalogueView::forms`), checked against
    /// it with `kabinet_core::services::forms::check`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Unknown))]
    pub form: serde_json::Value,
}

/// `POST /api/v1/me/applications/paper`: a paper application's receipt number.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PaperReceipt {
    /// As printed on the receipt («МФЦ-2026-000417»).
    pub receipt: String,
}

/// One status an application passed through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusStep {
    pub status: Status,
    /// Plain words: `{ru, en}`.
    pub label: crate::api::pension::Texts,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: OffsetDateTime,
}

/// Where a request to another authority stands (the interagency exchange).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ExchangeState {
    /// Asked; the authority has not answered yet (asked again while it does not).
    Requested,
    Received,
    /// No answer by the deadline (`reason` says so): the agency decides without it
    /// or asks the citizen.
    Failed,
}

/// A document the portal asked another authority for, for this application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangeStep {
    /// The authority asked (a catalogue id).
    pub authority: String,
    pub document: crate::api::pension::Texts,
    pub state: ExchangeState,
    /// How many times it was asked.
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::api::pension::Texts>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub updated_at: OffsetDateTime,
}

/// The signed document an electronic result was issued as: the PDF itself comes
/// from `GET /me/applications/{id}/result`, signed by the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResultDocument {
    /// A name to save it under («Справка о назначенной пенсии ЗЛ-2026-….pdf»).
    pub file_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub signed_at: OffsetDateTime,
}

/// An application as its applicant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationView {
    pub id: String,
    /// The portal's receipt number («ЗЛ-2026-…»).
    pub number: String,
    pub service_id: String,
    pub status: Status,
    pub label: crate::api::pension::Texts,
    /// The agency's registration number, once it registered the application.
    pub agency_number: Option<String>,
    /// The form's answers as the portal accepted them (normalised).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Unknown))]
    pub form: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub created_at: OffsetDateTime,
    /// Oldest first.
    pub history: Vec<StatusStep>,
    /// The documents the portal asked other authorities for, in the service's order.
    #[serde(default)]
    pub exchange: Vec<ExchangeStep>,
    /// The place in the queue (the kindergarten queue), as the agency last gave it;
    /// 1 is next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_position: Option<u32>,
    /// For a service whose documents are brought in person within some working days
    /// of applying: by which day and where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_by: Option<VisitDue>,
    /// The files attached through the form, in the form's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentView>,
    /// The electronic result, once the agency decided «ready».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_document: Option<ResultDocument>,
}

/// What an attached file is, read from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AttachmentKind {
    Pdf,
    Jpeg,
    Png,
}

/// A file uploaded for an application (`POST /api/v1/me/attachments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttachmentView {
    /// What a form's attachment field answers with.
    pub id: String,
    pub kind: AttachmentKind,
    /// The name it was sent with (no path), for the citizen to recognise it.
    pub name: String,
    pub size: u32,
    /// SHA-256 of the content, hex.
    pub sha256: String,
}

/// Documents to bring in person by a day («в течение 5 рабочих дней»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VisitDue {
    /// The last day, inclusive: `YYYY-MM-DD`.
    pub date: String,
    /// How many working days after the application that is.
    pub working_days: u32,
    /// `false`: the count crossed a year whose production calendar is not yet
    /// decreed, so the day may still move.
    pub confirmed: bool,
    /// Where to bring them.
    pub place: crate::api::pension::Texts,
    /// What to bring (the service's documents that only the citizen holds).
    pub bring: Vec<crate::api::pension::Texts>,
}

/// `PUT /api/v1/agency/applications/{id}/queue`: the application's place now.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QueuePlace {
    /// 1 is next.
    pub position: u32,
}

/// `GET /api/v1/agency/applications`: the agency's applications, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AgencyApplicationList {
    /// Which authority the credential is for.
    pub authority: String,
    pub applications: Vec<ApplicationView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationList {
    pub applications: Vec<ApplicationView>,
}
