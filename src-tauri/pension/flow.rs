//! Saved pension scenarios: the calculator's form, under a name the citizen chose,
//! kept in the local store (`pension/store.rs`). They never leave the computer; in
//! guest mode the store is in memory, so they live only for the session (and a
//! guest session's end forgets them).
//!
//! The saved data is the UI's form state as a JSON object, opaque here: the form
//! holds more than a [`kabinet_core::pension::Scenario`] (e.g. "years still to
//! work"), and re-validating it is the calculator's job when it is loaded.

use super::dto::{SavedScenario, ScenarioCode};
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, Code};

/// Longest scenario name, in characters.
pub const NAME_MAX_CHARS: usize = 80;
/// Largest saved form, in bytes (a 45-year career with every year typed in is ~3 KiB).
pub const DATA_MAX_BYTES: usize = 64 * 1024;
/// At most this many saved scenarios (oldest are not deleted silently: saving fails).
pub const MAX_SAVED: u32 = 200;

fn field_error(code: ScenarioCode, field: &str, message: &str) -> AppError {
    AppError::at_field(Code::Scenario(code), field, message)
}

/// The name as it will be stored, or an error tied to the `scenario_name` field.
pub fn clean_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(field_error(
            ScenarioCode::ScenarioNameRequired,
            "scenario_name",
            "give the scenario a name",
        ));
    }
    if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(field_error(
            ScenarioCode::ScenarioNameInvalid,
            "scenario_name",
            "at most 80 characters, no control characters",
        ));
    }
    Ok(name.to_owned())
}

fn check_data(data: &str) -> AppResult<()> {
    let ok = data.len() <= DATA_MAX_BYTES
        && serde_json::from_str::<serde_json::Value>(data).is_ok_and(|v| v.is_object());
    if ok {
        Ok(())
    } else {
        Err(field_error(
            ScenarioCode::ScenarioDataInvalid,
            "scenario_data",
            "the form must be a JSON object of at most 64 KiB",
        ))
    }
}

impl Kabinet {
    pub fn scenarios(&self) -> AppResult<Vec<SavedScenario>> {
        Ok(self.store().scenarios()?)
    }

    pub fn save_scenario(&self, name: &str, data: &str) -> AppResult<SavedScenario> {
        let name = clean_name(name)?;
        check_data(data)?;
        let store = self.store();
        let replacing = store.scenarios()?.iter().any(|s| s.name == name);
        if !replacing && store.scenario_count()? >= MAX_SAVED {
            return Err(field_error(
                ScenarioCode::ScenarioLimitReached,
                "scenario_name",
                "too many saved scenarios: delete some first",
            ));
        }
        Ok(store.save_scenario(&name, data)?)
    }

    pub fn delete_scenario(&self, id: u32) -> AppResult<()> {
        self.store().delete_scenario(id)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &str = r#"{"version":1,"sex":"female","birthDate":"1985-06-15"}"#;

    #[test]
    fn names_and_data_are_checked() {
        assert_eq!(clean_name("  мой план  ").expect("ok"), "мой план");
        let empty = clean_name("   ").expect_err("empty");
        assert_eq!(empty.field.as_deref(), Some("scenario_name"));
        assert_eq!(
            empty.code,
            Code::Scenario(ScenarioCode::ScenarioNameRequired)
        );
        assert!(clean_name(&"я".repeat(NAME_MAX_CHARS)).is_ok());
        assert!(clean_name(&"я".repeat(NAME_MAX_CHARS + 1)).is_err());
        assert!(clean_name("a\u{7}b").is_err());
        assert!(check_data(FORM).is_ok());
        for bad in [
            "",
            "[]",
            "42",
            "{",
            &format!("{{\"x\":\"{}\"}}", "a".repeat(DATA_MAX_BYTES)),
        ] {
            let e = check_data(bad).expect_err(bad);
            assert_eq!(e.code, Code::Scenario(ScenarioCode::ScenarioDataInvalid));
        }
    }

    #[test]
    fn guest_store_keeps_scenarios_only_in_memory() {
        let k = Kabinet::new(
            Ok(crate::platform::config::Config {
                portal: crate::platform::config::PortalTarget::Embedded,
                guest: true,
                data_dir: None,
            }),
            None,
        );
        let saved = k.save_scenario(" plan ", FORM).expect("save");
        assert_eq!(saved.name, "plan");
        assert_eq!(k.scenarios().expect("list").len(), 1);
        k.delete_scenario(saved.id).expect("delete");
        assert!(k.scenarios().expect("list").is_empty());
        assert!(k.0.paths.data_dir.is_none());
    }

    /// Saved-scenario errors are the store's own, not borrowed portal or calculator
    /// codes: the UI can say what is wrong with a name or a full list.
    #[test]
    fn scenario_errors_have_their_own_codes() {
        let code = |e: AppError| serde_json::to_value(&e).unwrap_or_default()["code"].clone();
        assert_eq!(
            code(clean_name(" ").expect_err("empty")),
            "scenario_name_required"
        );
        assert_eq!(
            code(clean_name("a\u{7}b").expect_err("control")),
            "scenario_name_invalid"
        );
        assert_eq!(
            code(check_data("[]").expect_err("array")),
            "scenario_data_invalid"
        );
        let k = Kabinet::new(
            Ok(crate::platform::config::Config {
                portal: crate::platform::config::PortalTarget::Embedded,
                guest: true,
                data_dir: None,
            }),
            None,
        );
        for i in 0..MAX_SAVED {
            k.save_scenario(&format!("plan {i}"), FORM).expect("save");
        }
        let full = k.save_scenario("one more", FORM).expect_err("full");
        assert_eq!(full.field.as_deref(), Some("scenario_name"));
        assert_eq!(code(full), "scenario_limit_reached");
        k.save_scenario("plan 0", FORM)
            .expect("replacing is still allowed");
    }
}
