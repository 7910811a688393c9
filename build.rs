//! Generates Tauri's context and one `allow-<command>` permission per app command, so
//! `capabilities/default.json` can grant exactly the app's own commands and nothing else.

/// Every command in `collect_commands!` (src-tauri/lib.rs). Keep the two lists equal.
const COMMANDS: &[&str] = &[
    "shell",
    "startup",
    "set_language",
    "register_start",
    "registration_resend",
    "registration_confirm",
    "registration_set_password",
    "registration_abandon",
    "sign_in",
    "sign_out",
    "account",
    "demo_outbox",
    "pension_calculate",
    "pension_params_as_of",
    "pension_scenarios",
    "pension_scenario_save",
    "pension_scenario_delete",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        // Build scripts report failure by panicking; there is no caller to return to.
        panic!("tauri-build failed: {e:#}");
    }
}
