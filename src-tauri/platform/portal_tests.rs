//! The portal client's pinned trust against a real embedded portal, and the modes
//! of the files the app and its embedded portal write.

use super::Kabinet;
use super::config::PortalTarget;
use super::embedded::Embedded;
use super::error::{ClientCode, Code};
use super::portal::PortalClient;
use crate::auth::dto::RegisterInput;
use crate::testing::key;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_trusts_only_the_pinned_certificate() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let portal = Embedded::start(dir.path()).await.expect("portal");
    let pinned =
        PortalClient::new(portal.base.clone(), portal.certificate_pem.as_bytes()).expect("client");
    assert!(pinned.health().await.expect("health").demo);

    let other = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("cert");
    let stranger =
        PortalClient::new(portal.base.clone(), other.cert.pem().as_bytes()).expect("client");
    let err = stranger
        .health()
        .await
        .expect_err("an unpinned certificate is refused");
    assert_eq!(err.code, Code::Client(ClientCode::TlsUntrusted), "{err:?}");
    portal.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_portal_is_used_through_its_ca_file_only() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let portal = Embedded::start(dir.path()).await.expect("portal");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &portal.certificate_pem).expect("write CA");
    let url = portal.base.as_str().replace("127.0.0.1", "localhost");
    let env = |k: &str| match k {
        "KABINET_PORTAL_URL" => Some(url.clone()),
        "KABINET_PORTAL_CA" => Some(ca.display().to_string()),
        _ => None,
    };
    let config =
        crate::platform::config::resolve(None, &env, &["--guest".to_owned()]).expect("config");
    assert!(matches!(config.portal, PortalTarget::Remote { .. }));
    let remote = Kabinet::new(Ok(config.clone()), None);
    let started = remote
        .startup()
        .await
        .expect("startup against the configured portal");
    assert!(started.demo, "the test portal runs in demo mode");
    assert_eq!(remote.shell().portal, crate::app::dto::PortalMode::Remote);

    // The same portal with some other CA configured: refused, nothing else trusted.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("cert");
    std::fs::write(&ca, other.cert.pem()).expect("write other CA");
    let refused = Kabinet::new(Ok(config), None);
    let err = refused
        .register_start(
            RegisterInput {
                surname: "Сидоров".into(),
                first_name: "Иван".into(),
                contact: "sidorov@example.ru".into(),
            },
            &key(),
        )
        .await
        .expect_err("untrusted portal");
    assert_eq!(err.code, Code::Client(ClientCode::TlsUntrusted), "{err:?}");
    portal.shutdown().await;
}

/// The data folder is 0700 and every file the app and its embedded portal keep
/// there (local store, portal database, their WAL and shared-memory files, the
/// portal's key) is 0600.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_folder_is_0700_and_its_files_0600() {
    use super::files::mode;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let app = crate::testing::on_disk_without_keyring(&data);
    app.set_language(crate::app::dto::Language::En)
        .expect("write to the store");
    app.register_start(
        RegisterInput {
            surname: "Козлова".into(),
            first_name: "Анна".into(),
            contact: "modes@example.ru".into(),
        },
        &key(),
    )
    .await
    .expect("the portal writes too");
    assert_eq!(mode(&data), 0o700, "data folder");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&data).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            files.push((
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
                mode(&path),
            ));
        }
    }
    for name in [
        "kabinet.sqlite3",
        "kabinet.sqlite3-wal",
        "kabinet.sqlite3-shm",
        "portal.sqlite3",
    ] {
        assert!(
            files.iter().any(|(n, _)| n.as_deref() == Some(name)),
            "{name} in {files:?}"
        );
    }
    let loose: Vec<_> = files.iter().filter(|(_, m)| *m != 0o600).collect();
    assert!(loose.is_empty(), "files not 0600: {loose:?}");
    app.shutdown().await;
}
