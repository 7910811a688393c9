//! The pension calculator: fully offline (the table in use is the one compiled into
//! `kabinet-core` or a newer one the portal signed, kept in the local store: see
//! `pension/params.rs`) and open without an account. Saved scenarios stay in the
//! local store (`pension/flow.rs`).

use kabinet_core::pension::{self, Scenario};
use tauri::State;

use super::dto::{ParamsStatus, PensionAnswer, SavedScenario, ScenarioInput};
use crate::platform::Kabinet;
use crate::platform::error::AppError;

/// "Today" for the calculator: the app owns the clock, the core takes a date.
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The calculation behind [`pension_calculate`], with the table in use.
fn calculate(state: &Kabinet, scenario: &ScenarioInput) -> Result<PensionAnswer, AppError> {
    let scenario = Scenario::from_value(&scenario.0)?;
    let today = today();
    let active = state.active_params()?;
    Ok(PensionAnswer {
        result: pension::calculate_with(&scenario, today, &active.params)?,
        deferral: pension::deferral_series_with(&scenario, today, &active.params)?,
        params: active.status(),
    })
}

/// Calculates the pension for a scenario (no network, ~1 ms) with the parameter
/// table in use, and says which one that was.
#[tauri::command]
#[specta::specta]
pub fn pension_calculate(
    state: State<'_, Kabinet>,
    scenario: ScenarioInput,
) -> Result<PensionAnswer, AppError> {
    calculate(&state, &scenario)
}

/// The date of the parameter table in use (`YYYY-MM-DD`).
#[tauri::command]
#[specta::specta]
pub fn pension_params_as_of(state: State<'_, Kabinet>) -> Result<String, AppError> {
    Ok(state.active_params()?.status().as_of)
}

/// Which parameter table the calculator uses: its date, built in or signed by the
/// portal, and when the app verified it.
#[tauri::command]
#[specta::specta]
pub fn pension_params_status(state: State<'_, Kabinet>) -> Result<ParamsStatus, AppError> {
    Ok(state.active_params()?.status())
}

/// Asks the portal for a newer signed table now (the app also does at start).
#[tauri::command]
#[specta::specta]
pub async fn pension_params_refresh(state: State<'_, Kabinet>) -> Result<ParamsStatus, AppError> {
    state.refresh_pension_params().await
}

/// Saved scenarios, by name.
#[tauri::command]
#[specta::specta]
pub fn pension_scenarios(state: State<'_, Kabinet>) -> Result<Vec<SavedScenario>, AppError> {
    state.scenarios()
}

/// Saves the calculator's form under `name` (replacing one with the same name).
#[tauri::command]
#[specta::specta]
pub fn pension_scenario_save(
    state: State<'_, Kabinet>,
    name: String,
    data: String,
) -> Result<SavedScenario, AppError> {
    state.save_scenario(&name, &data)
}

#[tauri::command]
#[specta::specta]
pub fn pension_scenario_delete(state: State<'_, Kabinet>, id: u32) -> Result<(), AppError> {
    state.delete_scenario(id)
}

/// The signed-in citizen's pension record (standard level and up).
#[tauri::command]
#[specta::specta]
pub async fn pension_record_get(
    state: State<'_, Kabinet>,
) -> Result<kabinet_core::api::pension::PensionRecordView, AppError> {
    state.pension_record_get().await
}

/// «Моя пенсия»: the pension the fund pays the signed-in citizen, if any, and
/// its payments of the last 12 months (standard level and up).
#[tauri::command]
#[specta::specta]
pub async fn my_pension_get(
    state: State<'_, Kabinet>,
) -> Result<kabinet_core::api::pension::MyPensionView, AppError> {
    state.my_pension_get().await
}

/// The disability register's record, the benefits it gives and the set of social
/// services (standard level and up).
#[tauri::command]
#[specta::specta]
pub async fn disability_get(
    state: State<'_, Kabinet>,
) -> Result<kabinet_core::api::disability::DisabilityView, AppError> {
    state.disability_get().await
}

/// Saves the statement of the individual account (a PDF the portal signed, its
/// signature verified first) into the Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn pension_statement_save(
    state: State<'_, Kabinet>,
) -> Result<super::dto::SavedStatement, AppError> {
    let dir = crate::platform::documents::documents_dir(&state)?;
    state.pension_statement_save(&dir).await
}

/// Opens a document this app saved with the system's viewer.
#[tauri::command]
#[specta::specta]
pub fn pension_document_open(state: State<'_, Kabinet>, path: String) -> Result<(), AppError> {
    let path = std::path::PathBuf::from(path);
    let dir = crate::platform::documents::documents_dir(&state)?;
    let ours = path.parent() == Some(dir.as_path())
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        && path.is_file();
    if !ours {
        return Err(AppError::client(
            crate::platform::error::ClientCode::StoreFailed,
            "not a saved PDF".to_owned(),
        ));
    }
    crate::platform::files::open_with_system(&path).map_err(|e| {
        AppError::client(
            crate::platform::error::ClientCode::StoreFailed,
            e.to_string(),
        )
    })
}

/// Saves a ready text as PDF into the user's Downloads folder (Documents if there
/// is none); the path written.
#[tauri::command]
#[specta::specta]
pub async fn pension_document_save(
    state: State<'_, Kabinet>,
    discrepancy_id: String,
    kind: kabinet_core::api::pension::DocumentKind,
) -> Result<String, AppError> {
    let dir = crate::platform::documents::documents_dir(&state)?;
    state
        .pension_document_save(&discrepancy_id, kind, &dir)
        .await
        .map(|p| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::error::Code;
    use kabinet_core::pension::PensionErrorCode;

    fn calc(v: serde_json::Value) -> Result<PensionAnswer, AppError> {
        let app = Kabinet::new(
            Ok(crate::platform::config::Config {
                portal: crate::platform::config::PortalTarget::Embedded,
                guest: true,
                data_dir: None,
            }),
            None,
        );
        calculate(&app, &ScenarioInput(v))
    }

    #[test]
    fn calculates_with_a_deferral_series() {
        let a = calc(serde_json::json!({
            "sex": "female", "birth_date": "1985-06-15",
            "ipk_pre2015": "40", "insurance_years_pre2015": "15",
            "wages": { "2030": "960000" },
            "non_insurance": [{ "kind": "child_care", "child": 1, "years": "1.5" }]
        }))
        .expect("calculates");
        assert_eq!(a.deferral.len(), 11);
        assert!(!a.result.explanation.is_empty());
        assert!(a.deferral[10].monthly_pension > a.deferral[0].monthly_pension);
        assert_eq!(a.params.source, super::super::dto::ParamsSource::BuiltIn);
        assert_eq!(a.params.as_of, a.result.params_as_of.to_string());
    }

    #[test]
    fn bad_input_names_its_field() {
        let e = calc(serde_json::json!({ "sex": "female", "birth_date": "1985-13-01" }))
            .expect_err("bad date");
        assert_eq!(e.code, Code::Pension(PensionErrorCode::InvalidValue));
        assert_eq!(e.field.as_deref(), Some("birth_date"));
        let e = calc(serde_json::json!({
            "sex": "male", "birth_date": "1985-01-01", "wages": { "2030": "-1" }
        }))
        .expect_err("negative wage");
        assert_eq!(e.field.as_deref(), Some("wages.2030"));
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["code"], "out_of_range");
        assert!(calc(serde_json::json!([1, 2])).is_err());
    }

    #[test]
    fn params_date_is_iso() {
        let a = calc(serde_json::json!({ "sex": "male", "birth_date": "1980-01-01" }))
            .expect("calculates");
        let d = a.params.as_of;
        assert_eq!(d.len(), 10);
        assert_eq!(&d[4..5], "-");
        assert_eq!(a.params.verified_at, None);
    }
}
