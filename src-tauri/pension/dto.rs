//! The pension feature's IPC types.

use kabinet_core::pension::{DeferralPoint, PensionResult, Scenario};
use serde::{Deserialize, Serialize};

/// A scenario as the UI sends it. Kept as raw JSON until [`Scenario::from_value`]
/// checks it, so a bad value comes back as an `AppError` naming its field (serde
/// would turn it into an untyped string).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct ScenarioInput(#[specta(type = Scenario)] pub serde_json::Value);

/// One calculation: the full answer for the scenario's claim date, plus the monthly
/// amount for claiming on the right date and each of the next 10 years.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PensionAnswer {
    pub result: PensionResult,
    pub deferral: Vec<DeferralPoint>,
    /// The parameter table both were calculated with.
    pub params: ParamsStatus,
}

/// Where the parameter table in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ParamsSource {
    /// Compiled into the app.
    BuiltIn,
    /// Signed by the portal, verified by the app and kept in the local store.
    Portal,
}

/// Which parameter table the calculator uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ParamsStatus {
    /// The table's date (`YYYY-MM-DD`).
    pub as_of: String,
    pub source: ParamsSource,
    /// When the app verified the portal's signature and took the table (UTC,
    /// RFC 3339); None for the built-in table.
    pub verified_at: Option<String>,
    /// When the portal signed it (RFC 3339); None for the built-in table.
    pub signed_at: Option<String>,
}

/// The statement of the pension account, saved after its signature verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SavedStatement {
    /// The PDF written (a `.sig` file with the portal's signature beside it).
    pub path: String,
    /// When the portal signed it (RFC 3339).
    pub signed_at: String,
}

/// One saved scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SavedScenario {
    pub id: u32,
    pub name: String,
    /// The calculator's form state (a JSON object).
    pub data: String,
    /// When it was last saved (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub saved_at: String,
}

/// Why a scenario could not be saved (`field` is `scenario_name` or `scenario_data`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioCode {
    /// The name is empty.
    ScenarioNameRequired,
    /// The name is longer than 80 characters or holds control characters.
    ScenarioNameInvalid,
    /// The form is not a JSON object of at most 64 KiB.
    ScenarioDataInvalid,
    /// 200 scenarios are saved already: delete some first.
    ScenarioLimitReached,
}
