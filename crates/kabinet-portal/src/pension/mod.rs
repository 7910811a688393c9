//! The pension feature on the portal: the current pension parameter table, signed
//! by the portal's document key (`GET /api/v1/pension/params`, no account needed),
//! so the desktop calculator can take a newer table than the one compiled into it;
//! and the fund's record of each insured person — its tables ([`store`]), loaded
//! from employers' report files ([`reports`], the `load-reports` admin command) and
//! the demo ([`demo`]) — shown to its holder ([`record`]).

pub mod demo;
pub mod disability;
pub mod documents;
pub mod edv;
pub mod payments;
pub mod record;
pub mod reports;
pub mod requests;
pub mod store;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kabinet_core::api::{ApiError, ErrorCode, Signed};
use utoipa::OpenApi;

use crate::PortalError;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::state::AppState;

#[derive(OpenApi)]
#[openapi(
    paths(
        pension_params,
        record::get,
        payments::get,
        disability::get,
        requests::submit,
        requests::status,
        documents::document,
        documents::statement
    ),
    components(schemas(Signed))
)]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/pension/params", get(pension_params))
        .route("/me/pension/record", get(record::get))
        .route("/me/pension/payments", get(payments::get))
        .route("/me/disability", get(disability::get))
        .merge(requests::router())
        .route(
            "/me/pension/documents/{id}/{kind}",
            get(documents::document),
        )
        .route("/me/pension/statement", get(documents::statement))
}

/// The table to serve: the configured file, or the one compiled into kabinet-core;
/// refused at start unless `PensionParams::from_toml` reads it.
pub fn load_table(file: Option<&std::path::Path>) -> Result<String, PortalError> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            PortalError::Config(format!("pension_params_file {}: {e}", path.display()))
        })?,
        None => kabinet_core::pension::BUILT_IN_PARAMS_TOML.to_owned(),
    };
    kabinet_core::pension::PensionParams::from_toml(&text)
        .map_err(|e| PortalError::Config(format!("pension_params_file: {e}")))?;
    Ok(text)
}

/// The current pension parameter table (TOML) in the portal's signed envelope.
#[utoipa::path(get, path = "/api/v1/pension/params", tag = "pension",
    responses((status = 200, body = Signed), (status = 503, body = ApiError)))]
pub async fn pension_params(State(state): State<AppState>) -> AppResult<Json<Signed>> {
    let Some(signer) = state.signer.as_ref() else {
        return Err(AppError::new(
            ErrorCode::Unavailable,
            "this portal has no document-signing key configured",
        ));
    };
    let signed = signer
        .sign_text(state.pension_params_toml.to_string(), state.now())
        .map_err(AppError::internal)?;
    Ok(Json(signed))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    #[test]
    fn the_table_is_the_built_in_one_or_a_file_that_parses() {
        assert_eq!(
            super::load_table(None).unwrap(),
            kabinet_core::pension::BUILT_IN_PARAMS_TOML
        );
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "as_of = 1").unwrap();
        assert!(super::load_table(Some(&bad)).is_err());
        assert!(super::load_table(Some(&dir.path().join("missing.toml"))).is_err());
        let good = dir.path().join("good.toml");
        std::fs::write(&good, kabinet_core::pension::BUILT_IN_PARAMS_TOML).unwrap();
        assert!(super::load_table(Some(&good)).is_ok());
    }
}
