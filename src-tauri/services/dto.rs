//! What the services commands answer.

use kabinet_core::api::services::CatalogueView;
use serde::Serialize;

/// Where the catalogue in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CatalogueSource {
    BuiltIn,
    Portal,
}

/// The catalogue in use: its version, origin and when it was fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CatalogueStatus {
    pub version: String,
    pub source: CatalogueSource,
    /// When the app took it from the portal (RFC 3339); None for the built-in one.
    pub fetched_at: Option<String>,
    pub services: u32,
}

/// The whole catalogue for the screen, with its status.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CatalogueAnswer {
    pub status: CatalogueStatus,
    pub catalogue: CatalogueView,
}

/// By when the originals are brought after applying today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct VisitDeadline {
    pub working_days: u32,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// False: the count crossed a year whose production calendar is not yet
    /// confirmed (holidays only): the date may move.
    pub confirmed: bool,
}
