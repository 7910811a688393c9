//! Helpers the flow tests share: apps over a temp folder, a guest app, a demo portal
//! used as a configured ("remote") one, and reading a code from the demo inbox.

use std::path::Path;

use crate::platform::Kabinet;
use crate::platform::config::{Config, PortalTarget};
use crate::platform::portal::IdempotencyKey;
use crate::platform::vault::Vault;

pub fn key() -> String {
    IdempotencyKey::random().as_str().to_owned()
}

/// An app with the embedded portal; a guest one is given no data folder (as `run_app`
/// does).
pub fn app(data: &Path, guest: bool) -> Kabinet {
    let config = Config {
        portal: PortalTarget::Embedded,
        guest,
        data_dir: Some(data.to_path_buf()),
    };
    Kabinet::new(
        Ok(config),
        if guest {
            None
        } else {
            Some(data.to_path_buf())
        },
    )
}

/// An app over `dir` as after a restart: the local store and the embedded portal on
/// disk there, the vault in memory (no keyring), so a second one over the same folder
/// sees what the first left.
pub fn on_disk_without_keyring(dir: &Path) -> Kabinet {
    let config = Config {
        portal: PortalTarget::Embedded,
        guest: false,
        data_dir: None,
    };
    let app = Kabinet::new(Ok(config), Some(dir.to_path_buf()));
    app.0.vault.set(std::sync::Arc::new(Vault::guest())).ok();
    app
}

/// The configuration of an app that talks to `portal` as a configured portal
/// (through its certificate written to `dir/ca.pem`).
pub fn remote_config(
    portal: &crate::platform::embedded::Embedded,
    dir: &Path,
    args: &[&str],
) -> Config {
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, &portal.certificate_pem).expect("write CA");
    let url = portal.base.as_str().replace("127.0.0.1", "localhost");
    let env = |k: &str| match k {
        "KABINET_PORTAL_URL" => Some(url.clone()),
        "KABINET_PORTAL_CA" => Some(ca.display().to_string()),
        _ => None,
    };
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    crate::platform::config::resolve(None, &env, &args).expect("config")
}

pub async fn code_for(app: &Kabinet, contact: &str) -> String {
    let outbox = app.demo_outbox().await.expect("outbox");
    let msg = outbox
        .iter()
        .find(|m| m.to == contact)
        .expect("a message to the contact");
    let digits: String = msg
        .body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a 6-digit code")
        .to_owned();
    digits
}
