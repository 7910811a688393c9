//! The catalogue in the app against a real (embedded) portal: unchanged, nothing is
//! downloaded (304); a stored catalogue is used offline and replaced by the portal's
//! when that differs; a damaged row or a version that is not the content's digest
//! falls back to the built-in one.

use kabinet_core::services::catalogue::built_in;

use super::*;
use crate::platform::embedded::Embedded;

fn provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The built-in catalogue with one title changed, as the portal would serve it.
fn changed_json() -> (String, String) {
    let mut c = built_in().expect("built-in").clone();
    c.services[0].title.ru = format!("{} (новая редакция)", c.services[0].title.ru);
    let mut value = serde_json::to_value(&c).expect("json");
    if let Some(o) = value.as_object_mut() {
        o.remove("version");
    }
    let parsed = catalogue::parse(&value.to_string()).expect("a valid catalogue");
    let json = serde_json::to_string(&parsed).expect("json");
    (json, parsed.version)
}

#[test]
fn a_served_catalogue_is_read_only_when_its_version_is_its_digest() {
    let (json, version) = changed_json();
    assert_eq!(read(&json).expect("reads").version, version);
    let forged = json.replacen(&version, "0000000000000000", 1);
    assert!(read(&forged).is_err(), "a version that is not the digest");
    assert!(read("{}").is_err());
    assert!(read("not json").is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_is_fetched_only_when_it_changed_and_kept_for_offline_use() {
    provider();
    let dir = tempfile::tempdir().expect("tempdir");
    let embedded = Embedded::start(&dir.path().join("portal"))
        .await
        .expect("portal");
    let data = dir.path().join("data");
    let config = crate::testing::remote_config(&embedded, dir.path(), &[]);

    // Fresh: the built-in catalogue; the portal holds the same version → 304.
    let app = Kabinet::new(Ok(config.clone()), Some(data.clone()));
    assert_eq!(
        app.catalogue().expect("catalogue").source,
        CatalogueSource::BuiltIn
    );
    let status = app.refresh_catalogue().await.expect("refresh");
    assert_eq!(
        status.source,
        CatalogueSource::BuiltIn,
        "unchanged: nothing taken"
    );
    assert!(app.store().services_catalogue().expect("read").is_none());
    let ids = app.search_services("загран", None, 5).expect("search");
    assert!(ids[0].starts_with("mvd-foreign-passport"), "{ids:?}");

    // A catalogue the portal served earlier, in the store: used offline.
    let (json, version) = changed_json();
    app.store()
        .save_services_catalogue(&StoredCatalogue {
            version: version.clone(),
            json,
            fetched_at: "2026-12-01T10:00:00Z".into(),
        })
        .expect("store");
    let again = Kabinet::new(Ok(config.clone()), Some(data.clone()));
    let loaded = again.catalogue().expect("catalogue");
    assert_eq!(
        (loaded.source, loaded.catalogue.version.as_str()),
        (CatalogueSource::Portal, version.as_str())
    );
    assert!(
        loaded.catalogue.services[0]
            .title
            .ru
            .contains("новая редакция")
    );
    // The portal's catalogue differs from the stored one: taken and kept.
    let status = again.refresh_catalogue().await.expect("refresh");
    assert_eq!(status.version, built_in().expect("built-in").version);
    assert_eq!(status.source, CatalogueSource::Portal);
    let row = again
        .store()
        .services_catalogue()
        .expect("read")
        .expect("kept");
    assert_eq!(row.version, status.version);

    // A damaged row: the built-in catalogue, never a failure.
    again
        .store()
        .save_services_catalogue(&StoredCatalogue {
            version: "x".into(),
            json: "{\"categories\": 1}".into(),
            fetched_at: "2026-12-01T10:00:00Z".into(),
        })
        .expect("store");
    let third = Kabinet::new(Ok(config), Some(data));
    assert_eq!(
        third.catalogue().expect("catalogue").source,
        CatalogueSource::BuiltIn
    );
}
