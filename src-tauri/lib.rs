//! `kabinet`: the desktop app. The webview (ui/) talks to Rust only through the typed
//! commands of the feature folders — [`app`] (shell, start-up, language), [`auth`]
//! (registration, sign-in, sign-out), [`identity`] (personal data for the standard
//! level, its registry checks and draft), [`pension`] (calculator and its signed table, saved scenarios),
//! [`demo`] (the demo inbox), [`notifications`] (the inbox and the live event stream),
//! [`guest`] (guest mode) — each `commands.rs` a thin
//! adapter over its `flow.rs`. [`platform`] is the plumbing they share: the app
//! state, the boundary error, the portal client (HTTPS, pinned trust), the embedded
//! demo portal, the local store (SQLite), the vault (OS keyring).

pub mod app;
pub mod auth;
pub mod cli;
pub mod demo;
pub mod guest;
pub mod identity;
pub mod notifications;
pub mod pension;
pub mod platform;
pub mod services;
pub mod staff;
pub mod support;
#[cfg(all(test, feature = "embedded-portal"))]
mod testing;

use std::path::PathBuf;

use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};
use tauri_specta::collect_commands;

use platform::{Kabinet, config};

/// The typed command set; also used to export `ui/src/shared/bindings.ts`.
///
/// Adding a command: write it in its feature's `commands.rs`, list it here, in
/// `COMMANDS` in `build.rs` (which generates its `allow-…` permission) and in
/// `capabilities/default.json`, then regenerate the bindings (`UPDATE_BINDINGS=1
/// cargo test -p kabinet --lib bindings`). `tests::one_list_of_commands` fails
/// until the three lists agree.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new().commands(collect_commands![
        app::commands::shell,
        app::commands::startup,
        app::commands::set_language,
        auth::commands::register_start,
        auth::commands::registration_resend,
        auth::commands::registration_confirm,
        auth::commands::registration_set_password,
        auth::commands::registration_abandon,
        auth::commands::recovery_start,
        auth::commands::recovery_resend,
        auth::commands::recovery_confirm,
        auth::commands::recovery_set_password,
        auth::commands::sign_in,
        auth::commands::sign_out,
        auth::commands::sessions_list,
        auth::commands::session_end,
        auth::commands::sign_out_everywhere,
        auth::commands::account,
        identity::commands::profile_get,
        identity::commands::profile_submit,
        identity::commands::profile_draft_save,
        identity::commands::profile_draft_load,
        identity::commands::profile_draft_clear,
        identity::commands::service_centres,
        identity::commands::letter_get,
        identity::commands::letter_request,
        identity::commands::letter_confirm,
        demo::commands::demo_outbox,
        staff::commands::operator_demo,
        staff::commands::operator_sign_in,
        staff::commands::operator_sign_out,
        staff::commands::operator_search,
        staff::commands::operator_confirm,
        pension::commands::pension_calculate,
        pension::commands::pension_params_as_of,
        pension::commands::pension_params_status,
        pension::commands::pension_params_refresh,
        pension::commands::pension_scenarios,
        pension::commands::pension_scenario_save,
        pension::commands::pension_scenario_delete,
        pension::commands::pension_record_get,
        pension::commands::my_pension_get,
        pension::commands::disability_get,
        pension::commands::pension_document_save,
        services::commands::services_catalogue,
        services::commands::services_search,
        services::commands::services_refresh,
        services::commands::services_visit_deadline,
        services::commands::application_submit,
        services::commands::applications_list,
        services::commands::application_form,
        services::commands::application_check,
        services::commands::application_draft_save,
        services::commands::application_draft_clear,
        services::commands::application_drafts,
        services::commands::outbox_list,
        services::commands::outbox_send,
        services::commands::outbox_remove,
        services::commands::application_add_paper,
        services::commands::attachment_add,
        services::commands::application_result_save,
        support::commands::support_diagnostics,
        support::commands::support_submit,
        support::commands::support_list,
        support::commands::fund_request_send,
        support::commands::fund_request_status,
        pension::commands::pension_statement_save,
        pension::commands::pension_document_open,
        guest::commands::guest_session_end,
        notifications::commands::notifications_list,
        notifications::commands::notifications_mark_read,
        notifications::commands::notifications_subscribe,
    ])
}

/// Exports the TypeScript bindings to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(specta_typescript::Typescript::default().header("// Generated by tauri-specta from src-tauri (cargo test -p kabinet --lib bindings). Do not edit.\n"), path)
        .map_err(|e| e.to_string())
}

/// Origins the main webview may show: the app's own assets only.
fn allowed_navigation(url: &tauri::Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        // `cargo build --no-default-features` serves the UI from the Vite dev server.
        ("http", Some("localhost")) => {
            !cfg!(feature = "custom-protocol") && url.port() == Some(5173)
        }
        _ => false,
    }
}

/// Builds the app on any runtime (tests can pass `tauri::test::mock_builder()`).
pub fn run_app<R: Runtime>(
    builder: tauri::Builder<R>,
    context: tauri::Context<R>,
) -> tauri::Result<tauri::App<R>> {
    let specta = specta_builder::<R>();
    builder
        // OS notifications, shown from Rust only (the webview is granted none of
        // the plugin's commands).
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let args: Vec<String> = std::env::args().skip(1).collect();
            let env = |k: &str| std::env::var(k).ok();
            let config_path = env("KABINET_CONFIG").map(PathBuf::from).or_else(|| {
                app.path()
                    .app_config_dir()
                    .ok()
                    .map(|d| d.join("kabinet.toml"))
            });
            let file_text = config_path
                .as_ref()
                .and_then(|p| std::fs::read_to_string(p).ok());
            let config =
                config::resolve(file_text.as_deref(), &env, &args).map_err(|e| e.to_string());
            if let Err(e) = &config {
                tracing::error!(error = %e, "configuration refused");
            }
            let guest = config.as_ref().map(|c| c.guest).unwrap_or(false);
            let data_dir = config
                .as_ref()
                .ok()
                .and_then(|c| c.data_dir.clone())
                .or_else(|| app.path().app_data_dir().ok());
            tracing::info!(guest, "starting");
            // Guest sessions that crashed left their temp dirs: delete those whose
            // process is gone (in every mode: the next start may not be a guest's).
            let swept = guest::sweep_stale(&std::env::temp_dir());
            if !swept.is_empty() {
                tracing::info!(
                    count = swept.len(),
                    "deleted the files of guest sessions that ended without cleaning up"
                );
            }

            let state = Kabinet::new(config, if guest { None } else { data_dir.clone() });
            let guest_dir = state.guest_dir();
            app.manage(state.clone());
            exit_on_signals(app.handle().clone());
            // The live event stream while someone is signed in (idle otherwise).
            notifications::stream::start(app.handle().clone(), state.clone());
            // Start the portal and probe the keyring in the background: the first
            // paint never waits for them.
            // Then a newer signed pension table, if the portal has one (failures only
            // in the log: the calculator keeps the table it has).
            tauri::async_runtime::spawn(async move {
                let (_, portal) = tokio::join!(state.vault(), state.portal());
                if let Err(e) = portal {
                    tracing::error!(code = ?e.code, message = %e.message, "portal not available");
                    return;
                }
                if let Err(e) = state.refresh_pension_params().await {
                    tracing::warn!(code = ?e.code, message = %e.message, "pension table not refreshed");
                }
                if let Err(e) = state.refresh_catalogue().await {
                    tracing::warn!(code = ?e.code, message = %e.message, "service catalogue not refreshed");
                }
                // Applications queued while the portal was unreachable go as soon
                // as it answers (for the account signed in).
                loop {
                    tokio::time::sleep(services::outbox::FLUSH_EVERY).await;
                    if state.access().is_some() {
                        match state.outbox_flush().await {
                            Ok(0) => {}
                            Ok(n) => tracing::info!(sent = n, "queued applications sent"),
                            Err(e) => tracing::info!(code = ?e.code, "queued applications not sent yet"),
                        }
                    }
                }
            });

            let mut window =
                WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                    .title(if guest {
                        "Кабинет — гостевой режим"
                    } else {
                        "Кабинет"
                    })
                    .inner_size(1024.0, 768.0)
                    .min_inner_size(480.0, 480.0)
                    .on_navigation(allowed_navigation)
                    .on_new_window(|url, _| {
                        tracing::warn!(scheme = url.scheme(), "blocked a new window");
                        tauri::webview::NewWindowResponse::Deny
                    });
            if guest {
                // Ephemeral WebKit context: no cookies, storage or cache on disk. Tauri
                // still opens a (persistent) context for the data directory, which
                // writes a few salt files: point it at the session's temp dir.
                window = window.incognito(true);
                if let Some(dir) = guest_dir {
                    window = window.data_directory(dir.join("webview"));
                }
            } else if let Some(dir) = &data_dir {
                window = window.data_directory(dir.join("webview"));
            }
            window.build()?;
            Ok(())
        })
        .build(context)
}

/// SIGTERM (logout, `kill`), SIGHUP (the terminal or session went away) and SIGINT
/// (Ctrl+C) end the app the normal way, so the embedded portal stops cleanly and a
/// guest session signs out and its files are wiped, instead of the process dying
/// where it stands.
fn exit_on_signals<R: Runtime>(app: tauri::AppHandle<R>) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("could not watch for termination signals");
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
            _ = int.recv() => {}
        }
        tracing::info!("signal received: exiting");
        app.exit(0);
    });
    #[cfg(not(unix))]
    let _ = app;
}

/// Entry point of the desktop app.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KABINET_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    linux_env();
    // Both reqwest and the embedded portal use rustls with ring; say so once.
    let _ = rustls::crypto::ring::default_provider().install_default();

    let mut builder = tauri::Builder::default();
    if std::env::var_os("KABINET_PERF_READY").is_some() {
        // tests/perf: print when the first screen has loaded (same hook as the bare window).
        let started = std::time::Instant::now();
        builder = builder.on_page_load(move |_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                println!("READY {}", started.elapsed().as_millis());
            }
        });
    }
    let app = match run_app(builder, tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(error = %e, "could not start");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            // A guest signs out on the portal, the embedded portal stops, guest files
            // are deleted (each wait bounded).
            let state = handle.state::<Kabinet>().inner().clone();
            tauri::async_runtime::block_on(async move { state.at_exit().await });
        }
    });
}

/// WebKitGTK's DMA-BUF renderer costs ~68 MiB for nothing here (BUILD-NOTES).
#[allow(unsafe_code)]
fn linux_env() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        // SAFETY: called at the top of `run`, before any thread is started.
        unsafe { std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when `ui/src/shared/bindings.ts` is stale. `UPDATE_BINDINGS=1` rewrites it.
    #[test]
    fn bindings_are_up_to_date() {
        let committed =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/shared/bindings.ts");
        if std::env::var("UPDATE_BINDINGS").as_deref() == Ok("1") {
            export_bindings(&committed).expect("export");
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh = dir.path().join("bindings.ts");
        export_bindings(&fresh).expect("export");
        let fresh = std::fs::read_to_string(&fresh).expect("read fresh");
        let old = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == old,
            "ui/src/shared/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p kabinet --lib bindings` and commit it"
        );
    }

    #[test]
    fn navigation_stays_on_the_app() {
        let ok = |s: &str| allowed_navigation(&tauri::Url::parse(s).expect("url"));
        assert!(ok("tauri://localhost/index.html"));
        assert!(ok("http://tauri.localhost/"));
        assert!(!ok("https://example.com/"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("http://localhost:8080/"));
    }

    /// The commands are listed three times — `collect_commands!` above, `COMMANDS` in
    /// build.rs (their `allow-…` permissions) and the capability the window gets —
    /// and must be the same set: a command missing from the capability cannot be
    /// called, an extra permission grants what nothing needs.
    #[test]
    fn one_list_of_commands() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ts = dir.path().join("bindings.ts");
        export_bindings(&ts).expect("export");
        let ts = std::fs::read_to_string(&ts).expect("read");
        // Each wrapper calls `__TAURI_INVOKE("name", …)` or `__TAURI_INVOKE<T>("name")`.
        let mut specta: Vec<String> = ts
            .split("__TAURI_INVOKE")
            .skip(1)
            .filter(|rest| rest.starts_with('(') || rest.starts_with('<'))
            .filter_map(|rest| rest.split_once("(\"").map(|(_, name)| name))
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect();

        let build_rs = include_str!("../build.rs");
        let list = build_rs
            .split_once("const COMMANDS: &[&str] = &[")
            .and_then(|(_, rest)| rest.split_once("];"))
            .map(|(list, _)| list)
            .expect("build.rs has `const COMMANDS: &[&str] = &[ … ];`");
        let mut build: Vec<String> = list
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();

        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).expect("json");
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .map(|p| {
                let p = p.as_str().expect("a permission name");
                p.strip_prefix("allow-")
                    .unwrap_or_else(|| panic!("only the app's own allow-… permissions: {p}"))
                    .replace('-', "_")
            })
            .collect();

        for list in [&mut specta, &mut build, &mut granted] {
            list.sort();
        }
        assert!(!specta.is_empty());
        assert_eq!(
            build, specta,
            "build.rs COMMANDS vs collect_commands! in lib.rs"
        );
        assert_eq!(
            granted, specta,
            "capabilities/default.json vs collect_commands! in lib.rs"
        );
    }
}
