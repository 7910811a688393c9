//! Generates Tauri's context and one `allow-<command>` permission per app command, so
//! `capabilities/default.json` can grant exactly the app's own commands and nothing else.
//!
//! With the `custom-protocol` feature (the default) the built UI in `ui/dist` is
//! embedded by `tauri::generate_context!`, which panics deep in a proc macro when it
//! is missing. A fresh clone has no `ui/dist`: say so in one line with the command to
//! run instead. (The UI is not built from here: that would need node and the npm
//! registry inside every `cargo build`, `clippy` and editor check, and hide a
//! minute-long step in a build script.)

/// Every command in `collect_commands!` (src-tauri/lib.rs); the test
/// `one_list_of_commands` there fails when this list, that one and
/// `capabilities/default.json` differ.
const COMMANDS: &[&str] = &[
    "shell",
    "startup",
    "set_language",
    "register_start",
    "registration_resend",
    "registration_confirm",
    "registration_set_password",
    "registration_abandon",
    "recovery_start",
    "recovery_resend",
    "recovery_confirm",
    "recovery_set_password",
    "sign_in",
    "sign_out",
    "sessions_list",
    "session_end",
    "sign_out_everywhere",
    "account",
    "profile_get",
    "profile_submit",
    "profile_draft_save",
    "profile_draft_load",
    "profile_draft_clear",
    "service_centres",
    "letter_get",
    "letter_request",
    "letter_confirm",
    "demo_outbox",
    "operator_demo",
    "operator_sign_in",
    "operator_sign_out",
    "operator_search",
    "operator_confirm",
    "pension_calculate",
    "pension_params_as_of",
    "pension_params_status",
    "pension_params_refresh",
    "pension_scenarios",
    "pension_scenario_save",
    "pension_scenario_delete",
    "pension_record_get",
    "my_pension_get",
    "disability_get",
    "fund_request_send",
    "fund_request_status",
    "pension_document_save",
    "services_catalogue",
    "services_search",
    "services_refresh",
    "services_visit_deadline",
    "application_submit",
    "applications_list",
    "application_form",
    "application_check",
    "application_draft_save",
    "application_draft_clear",
    "application_drafts",
    "outbox_list",
    "outbox_send",
    "outbox_remove",
    "application_add_paper",
    "application_result_save",
    "support_diagnostics",
    "support_submit",
    "support_list",
    "attachment_add",
    "pension_statement_save",
    "pension_document_open",
    "guest_session_end",
    "notifications_list",
    "notifications_mark_read",
    "notifications_subscribe",
];

const UI_INDEX: &str = "ui/dist/index.html";

fn main() {
    println!("cargo::rerun-if-changed={UI_INDEX}");
    if std::env::var_os("CARGO_FEATURE_CUSTOM_PROTOCOL").is_some()
        && !std::path::Path::new(UI_INDEX).is_file()
    {
        println!(
            "cargo::error=the UI is not built ({UI_INDEX} is missing): run `npm --prefix ui ci && npm --prefix ui run build`, then build again"
        );
        return;
    }
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        // Build scripts report failure by panicking; there is no caller to return to.
        panic!("tauri-build failed: {e:#}");
    }
}
