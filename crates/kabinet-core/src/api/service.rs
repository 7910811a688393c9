//! The service itself: whether the portal is up, and in which mode.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    /// `"ok"` when the database answers.
    pub status: String,
    pub version: String,
    /// True when the portal runs with demo adapters (outbox visible, demo data).
    pub demo: bool,
}
