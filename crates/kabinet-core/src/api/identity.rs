//! Who the signed-in person is to the portal: name, contact and account level.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Account levels, lowest first. Every service names the lowest level it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AccountLevel {
    Simplified,
    Standard,
    Verified,
}

/// What the signed-in person sees about their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountView {
    pub surname: String,
    pub first_name: String,
    pub level: AccountLevel,
    pub contact_masked: String,
    /// The next level, if any, and the services it unlocks (stable keys the UI translates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_level: Option<NextLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NextLevel {
    pub level: AccountLevel,
    /// Stable keys such as `"pension_rights"`, `"fines_payment"`.
    pub unlocks: Vec<String>,
}
