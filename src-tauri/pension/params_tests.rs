//! The signed parameter table against real portals: the embedded one's envelope
//! verifies; a changed byte, another CA's signer and an older table are refused;
//! the store keeps the newest table across restarts; a damaged row falls back to
//! the built-in table.

use std::path::Path;

use kabinet_core::api::Signed;
use kabinet_core::pension::{BUILT_IN_PARAMS_TOML, PensionParams};
use reqwest::Url;

use super::*;
use crate::platform::config::{Config, PortalTarget};
use crate::platform::embedded::Embedded;
use crate::platform::portal::PortalClient;

fn provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The built-in table with another `as_of`.
fn table_as_of(date: &str) -> String {
    BUILT_IN_PARAMS_TOML
        .lines()
        .map(|l| {
            if l.starts_with("as_of = ") {
                format!("as_of = {date}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn built_in_as_of() -> Date {
    pension::params_as_of().expect("built-in table")
}

/// A portal (not in demo mode) serving `table`, or the built-in one.
struct TestPortal {
    running: kabinet_portal::RunningPortal,
    url: Url,
    ca_path: std::path::PathBuf,
    ca_pem: String,
}

async fn portal(dir: &Path, table: Option<&str>) -> TestPortal {
    let mut config = kabinet_portal::PortalConfig::embedded(dir.join("portal.sqlite3"), false);
    if let Some(text) = table {
        let file = dir.join("params.toml");
        std::fs::write(&file, text).expect("table file");
        config.pension_params_file = Some(file);
    }
    let app = kabinet_portal::Application::build(config)
        .await
        .expect("portal");
    let url = Url::parse(&format!("https://localhost:{}/", app.local_addr().port())).expect("url");
    let ca_pem = app.certificate_pem();
    let ca_path = dir.join("ca.pem");
    std::fs::write(&ca_path, &ca_pem).expect("CA file");
    TestPortal {
        running: app.spawn(),
        url,
        ca_path,
        ca_pem,
    }
}

/// An app whose local store is in `data`, talking to `p` as its configured portal.
fn app_for(p: &TestPortal, data: &Path) -> Kabinet {
    let config = Config {
        portal: PortalTarget::Remote {
            url: p.url.clone(),
            ca_path: p.ca_path.clone(),
        },
        guest: false,
        data_dir: None,
    };
    Kabinet::new(Ok(config), Some(data.to_path_buf()))
}

async fn envelope(p: &TestPortal) -> Signed {
    let client = PortalClient::new(p.url.clone(), p.ca_pem.as_bytes()).expect("client");
    client.get("/pension/params", None).await.expect("envelope")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_portals_envelope_verifies_and_a_changed_one_does_not() {
    provider();
    let dir = tempfile::tempdir().expect("tempdir");
    let embedded = Embedded::start(dir.path()).await.expect("portal");
    let client = PortalClient::new(embedded.base.clone(), embedded.certificate_pem.as_bytes())
        .expect("client");
    let signed: Signed = client.get("/pension/params", None).await.expect("envelope");
    let pinned = embedded.certificate_pem.as_bytes();

    let table = verify(&signed, pinned).expect("the embedded portal's envelope verifies");
    assert_eq!(table.as_of, built_in_as_of());

    // One byte of the table changed: the signature no longer covers it.
    let mut changed = signed.clone();
    changed.content = changed.content.replacen("as_of = 20", "as_of = 21", 1);
    assert_eq!(verify(&changed, pinned), Err(Refused::BadSignature));
    let mut appended = signed.clone();
    appended.content.push(' ');
    assert_eq!(verify(&appended, pinned), Err(Refused::BadSignature));
    let mut garbled = signed.clone();
    garbled.signature_base64 = "not base64!".to_owned();
    assert_eq!(verify(&garbled, pinned), Err(Refused::BadSignature));

    // The chain must reach the pinned CA: another portal's CA does not vouch for it,
    // and neither does no chain at all.
    let other_dir = tempfile::tempdir().expect("tempdir");
    let other = kabinet_portal::Application::build(kabinet_portal::PortalConfig::embedded(
        other_dir.path().join("other.sqlite3"),
        false,
    ))
    .await
    .expect("another portal");
    assert!(
        matches!(
            verify(&signed, other.certificate_pem().as_bytes()),
            Err(Refused::Untrusted(_))
        ),
        "another CA"
    );
    let mut chainless = signed.clone();
    chainless.signer_chain_pem.clear();
    assert!(matches!(
        verify(&chainless, pinned),
        Err(Refused::Untrusted(_))
    ));
    // The CA itself is not a document-signing certificate.
    let mut ca_as_signer = signed.clone();
    ca_as_signer.signer_chain_pem = vec![embedded.certificate_pem.clone()];
    assert!(matches!(
        verify(&ca_as_signer, pinned),
        Err(Refused::Untrusted(_))
    ));
    // Refusals reach the UI as the app's own codes.
    assert_eq!(
        AppError::from(Refused::BadSignature).code,
        crate::platform::error::Code::Client(ClientCode::ParamsUntrusted)
    );
    embedded.shutdown().await;
}

#[test]
fn the_document_signing_oid_is_the_cores() {
    // DER of an OID: 40 × first + second, then each arc (all < 128 here) as one byte.
    let arcs = kabinet_core::api::signed::DOCUMENT_SIGNING_EKU;
    let mut der = vec![u8::try_from(arcs[0] * 40 + arcs[1]).expect("fits")];
    der.extend(arcs[2..].iter().map(|a| u8::try_from(*a).expect("fits")));
    assert_eq!(der, DOCUMENT_SIGNING);
}

#[test]
fn only_a_table_at_least_as_new_is_accepted() {
    let built_in = built_in_as_of();
    let at = |d: &str| PensionParams::from_toml(&table_as_of(d)).expect("table");
    let older = at("2025-06-01");
    assert_eq!(
        accept(&older, built_in, built_in),
        Err(Refused::Older {
            offered: older.as_of,
            current: built_in
        })
    );
    assert!(accept(&at("2027-01-01"), built_in, built_in).is_ok());
    assert!(
        accept(
            &PensionParams::from_toml(BUILT_IN_PARAMS_TOML).expect("t"),
            built_in,
            built_in
        )
        .is_ok()
    );
    // Newer than the built-in but older than the stored one: refused too.
    let stored = at("2027-06-01").as_of;
    assert!(accept(&at("2027-01-01"), built_in, stored).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_table_than_the_built_in_is_not_taken() {
    provider();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("tempdir");
    let p = portal(dir.path(), Some(&table_as_of("2025-06-01"))).await;
    let app = app_for(&p, data.path());
    let status = app.refresh_pension_params().await.expect("refresh");
    assert_eq!(status.source, ParamsSource::BuiltIn);
    assert_eq!(status.as_of, iso_date(built_in_as_of()));
    assert!(
        app.store().pension_params().expect("read").is_none(),
        "nothing stored"
    );
    p.running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_newest_table_is_kept_and_used_after_a_restart() {
    provider();
    let data = tempfile::tempdir().expect("tempdir");
    let newer_dir = tempfile::tempdir().expect("tempdir");
    let newer = portal(newer_dir.path(), Some(&table_as_of("2027-01-01"))).await;
    {
        let app = app_for(&newer, data.path());
        assert_eq!(
            app.active_params().expect("params").source,
            ParamsSource::BuiltIn
        );
        let status = app.refresh_pension_params().await.expect("refresh");
        assert_eq!(status.source, ParamsSource::Portal);
        assert_eq!(status.as_of, "2027-01-01");
        assert!(status.verified_at.is_some() && status.signed_at.is_some());
        // The calculator uses it at once.
        assert_eq!(
            app.active_params().expect("params").params.as_of.year(),
            2027
        );
    }
    // After a restart, against a portal that serves only the built-in table: the
    // stored, newer table stays in use.
    let plain_dir = tempfile::tempdir().expect("tempdir");
    let plain = portal(plain_dir.path(), None).await;
    {
        let app = app_for(&plain, data.path());
        let loaded = app.active_params().expect("params");
        assert_eq!(
            loaded.source,
            ParamsSource::Portal,
            "read back from the store"
        );
        assert_eq!(loaded.status().as_of, "2027-01-01");
        let status = app.refresh_pension_params().await.expect("refresh");
        assert_eq!(
            status.as_of, "2027-01-01",
            "the older built-in table is not taken"
        );
        let stored = app.store().pension_params().expect("read").expect("kept");
        assert!(stored.signed.content.contains("as_of = 2027-01-01"));
    }
    newer.running.shutdown().await;
    plain.running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_stored_table_falls_back_to_the_built_in_one() {
    provider();
    let dir = tempfile::tempdir().expect("tempdir");
    let p = portal(dir.path(), Some(&table_as_of("2027-01-01"))).await;
    let signed = envelope(&p).await;
    p.running.shutdown().await;

    let fresh = || {
        Kabinet::new(
            Ok(Config {
                portal: PortalTarget::Embedded,
                guest: true,
                data_dir: None,
            }),
            None,
        )
    };
    let now = OffsetDateTime::now_utc();
    let as_of = time::macros::date!(2027 - 01 - 01);

    // Intact: used.
    let app = fresh();
    app.store()
        .save_pension_params(&signed, as_of, now)
        .expect("save");
    assert_eq!(
        app.active_params().expect("params").source,
        ParamsSource::Portal
    );

    // The text changed after it was verified: the signature no longer covers it.
    let app = fresh();
    let mut changed = signed.clone();
    changed.content = changed.content.replacen("2027-01-01", "2099-01-01", 1);
    app.store()
        .save_pension_params(&changed, as_of, now)
        .expect("save");
    let used = app.active_params().expect("params");
    assert_eq!(used.source, ParamsSource::BuiltIn);
    assert_eq!(used.params.as_of, built_in_as_of());

    // Garbage in every column: the built-in table, no panic.
    let app = fresh();
    app.store()
        .conn()
        .execute(
            "INSERT INTO pension_params VALUES (1, '?', 'garbage', '%%', '{', 'x', 'y')",
            [],
        )
        .expect("garbage");
    assert_eq!(
        app.active_params().expect("params").source,
        ParamsSource::BuiltIn
    );

    // A well-formed row whose chain is not a certificate.
    let app = fresh();
    let mut no_cert = signed;
    no_cert.signer_chain_pem =
        vec!["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into()];
    app.store()
        .save_pension_params(&no_cert, as_of, now)
        .expect("save");
    assert_eq!(
        app.active_params().expect("params").source,
        ParamsSource::BuiltIn
    );
}
