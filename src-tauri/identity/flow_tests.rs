//! The standard-level flows against a real embedded portal over HTTPS (no window, no
//! keyring): local validation says every problem before anything is sent, the
//! portal's own 422 comes through the same way, the demo citizen's data reaches the
//! standard level, and the draft survives a restart but not a sign-out or a guest
//! session.

use std::time::Duration;

use crate::identity::dto::{
    AddressInput, CheckStatus, OtherDocuments, PassportInput, RegistryKind,
};
use crate::platform::error::{ClientCode, Code};
use crate::testing::{app, key, on_disk_without_keyring};
use kabinet_core::api::{AccountLevel, ErrorCode};
use kabinet_core::api::{ProfileSubmission, Sex};
use kabinet_core::secret::SecretString as Secret;
use time::macros::date;

pub(crate) const DEMO_LOGIN: &str = "+79990000000";
pub(crate) const DEMO_PASSWORD: &str = "тихая река под старым мостом";

/// The first citizen of `crates/kabinet-portal/data/registries.json`: the demo
/// account's own person, clean in both registries.
pub(crate) fn demo_citizen() -> ProfileSubmission {
    ProfileSubmission {
        surname: "Демонстрационный".into(),
        first_name: "Пользователь".into(),
        patronymic: Some("Петрович".into()),
        sex: Some(Sex::Male),
        birth_date: "1972-06-14".into(),
        birth_place: "гор. Москва".into(),
        passport: PassportInput {
            series: "45 17".into(),
            number: "175058".into(),
            issued_on: "2017-07-21".into(),
            issuer: "ГУ МВД России по г. Москве".into(),
            division_code: "770-101".into(),
        },
        snils: "485-370-789 32".into(),
        address: Some(AddressInput {
            postcode: "117042".into(),
            region: "Москва".into(),
            town: "Москва".into(),
            street: "ул. Поляны".into(),
            house: "39к4".into(),
            flat: Some("141".into()),
        }),
        documents: OtherDocuments::default(),
    }
}

fn empty() -> ProfileSubmission {
    ProfileSubmission {
        surname: String::new(),
        first_name: String::new(),
        patronymic: None,
        sex: None,
        birth_date: String::new(),
        birth_place: String::new(),
        passport: PassportInput {
            series: String::new(),
            number: String::new(),
            issued_on: String::new(),
            issuer: String::new(),
            division_code: String::new(),
        },
        snils: String::new(),
        address: None,
        documents: OtherDocuments::default(),
    }
}

async fn sign_in_demo(app: &crate::platform::Kabinet) {
    app.sign_in(DEMO_LOGIN.into(), Secret::new(DEMO_PASSWORD), &key())
        .await
        .expect("demo sign-in");
}

fn fields(e: &crate::platform::error::AppError) -> Vec<&str> {
    e.problems.iter().map(|p| p.field.as_str()).collect()
}

/// Nothing is sent (not even a sign-in is needed) while a field is wrong: every
/// problem comes back at once, each with its field's path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_local_problem_comes_back_at_once_before_anything_is_sent() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = on_disk_without_keyring(dir.path());
    let err = app
        .profile_submit_on(empty(), &key(), date!(2026 - 12 - 02))
        .await
        .expect_err("an empty form is refused");
    assert!(err.is(ErrorCode::ValidationFailed), "{err:?}");
    let got = fields(&err);
    for f in [
        "surname",
        "first_name",
        "sex",
        "birth_date",
        "birth_place",
        "passport.series",
        "passport.number",
        "passport.issued_on",
        "passport.issuer",
        "passport.division_code",
        "snils",
    ] {
        assert!(got.contains(&f), "{f} missing from {got:?}");
    }

    let mut typo = demo_citizen();
    typo.snils = "485-370-789 33".into();
    typo.passport.division_code = "770101".into();
    typo.passport.issued_on = "1980-01-01".into();
    let err = app
        .profile_submit_on(typo, &key(), date!(2026 - 12 - 02))
        .await
        .expect_err("refused");
    let codes: Vec<_> = err
        .problems
        .iter()
        .map(|p| (p.field.as_str(), p.code))
        .collect();
    assert!(
        codes.contains(&("snils", ErrorCode::SnilsCheckDigits)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("passport.issued_on", ErrorCode::PassportIssuedBeforeAge14)),
        "{codes:?}"
    );
    // Still not signed in: the checks ran here, the portal was never asked.
    let bad_key = app
        .profile_submit_on(demo_citizen(), "not a key", date!(2026 - 12 - 02))
        .await
        .expect_err("bad key");
    assert_eq!(bad_key.code, Code::Client(ClientCode::BadIdempotencyKey));
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_citizen_reaches_the_standard_level_and_the_draft_goes() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = on_disk_without_keyring(dir.path());
    app.startup().await.expect("startup");
    app.sign_in(DEMO_LOGIN.into(), Secret::new(DEMO_PASSWORD), &key())
        .await
        .expect("demo sign-in");
    let before = app.profile_get().await.expect("profile");
    assert!(before.submitted.is_none());
    assert!(before.checks.is_empty());
    assert_eq!(before.level, AccountLevel::Simplified);

    // The portal's own 422 arrives as the local check's does: every problem listed.
    let conn = app.portal().await.expect("portal");
    let mut bad = empty();
    bad.snils = "123".into();
    let err = conn
        .client
        .submit_profile(
            &app.signed_in(),
            &bad,
            &crate::platform::portal::IdempotencyKey::random(),
        )
        .await
        .expect_err("the portal refuses it");
    assert!(err.is(ErrorCode::ValidationFailed), "{err:?}");
    assert!(fields(&err).contains(&"snils") && fields(&err).contains(&"surname"));

    app.profile_draft_save(r#"{"surname":"Демонстрационный"}"#)
        .await
        .expect("draft");
    // A double click: one key, one submission, the same answer.
    let k = key();
    let first = app
        .profile_submit(demo_citizen(), &k)
        .await
        .expect("submit");
    let again = app.profile_submit(demo_citizen(), &k).await.expect("again");
    assert_eq!(first.submitted_at, again.submitted_at);
    assert_eq!(first.checks.len(), 2);
    assert!(first.submitted.is_some());
    assert_eq!(
        app.profile_draft_load().await.expect("draft"),
        None,
        "the draft is gone once sent"
    );

    // The checks run on the portal (3 s per registry in the embedded demo).
    let mut view = first;
    for _ in 0..60 {
        if view.checks.iter().all(|c| c.status == CheckStatus::Done) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        view = app.profile_get().await.expect("profile");
    }
    for kind in [RegistryKind::Passport, RegistryKind::Snils] {
        let check = view
            .checks
            .iter()
            .find(|c| c.kind == kind)
            .expect("a check");
        assert_eq!(check.status, CheckStatus::Done, "{kind:?}: {check:?}");
        assert_eq!(check.failure, None);
    }
    assert_eq!(view.level, AccountLevel::Standard);
    assert_eq!(view.inn.as_deref(), Some("773784300073"));
    assert_eq!(
        app.account().await.expect("me").level,
        AccountLevel::Standard
    );
    app.shutdown().await;
}

/// The draft outlives closing the app, but not a sign-out (the next person at this
/// computer), and a guest's lives in memory only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_draft_survives_a_restart_not_a_sign_out_and_a_guest_keeps_it_in_memory() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let draft = r#"{"surname":"Иванова","passport":{"series":"45"}}"#;
    {
        let first = on_disk_without_keyring(dir.path());
        let refused = first
            .profile_draft_save(draft)
            .await
            .expect_err("signed out");
        assert_eq!(refused.code, Code::Client(ClientCode::NotSignedIn));
        sign_in_demo(&first).await;
        first.profile_draft_save(draft).await.expect("save");
        let refused = first
            .profile_draft_save("not json")
            .await
            .expect_err("not JSON");
        assert_eq!(refused.code, Code::Client(ClientCode::DraftInvalid));
        let huge = format!("\"{}\"", "я".repeat(20_000));
        assert!(first.profile_draft_save(&huge).await.is_err(), "too large");
        first.shutdown().await;
    }
    let second = on_disk_without_keyring(dir.path());
    assert_eq!(
        second.profile_draft_load().await.expect("load").as_deref(),
        Some(draft),
        "restored after a restart"
    );
    second.sign_out(&key()).await.expect("sign out");
    assert_eq!(second.profile_draft_load().await.expect("load"), None);
    assert!(
        second.profile_draft_save(draft).await.is_err(),
        "a late save after the sign-out does not bring it back"
    );
    assert_eq!(second.profile_draft_load().await.expect("load"), None);
    sign_in_demo(&second).await;
    second.profile_draft_save(draft).await.expect("save");
    second.profile_draft_clear().await.expect("clear");
    assert_eq!(second.profile_draft_load().await.expect("load"), None);
    second.shutdown().await;

    let guest_dir = tempfile::tempdir().expect("tempdir");
    let guest = app(guest_dir.path(), true);
    sign_in_demo(&guest).await;
    guest.profile_draft_save(draft).await.expect("save");
    assert_eq!(
        guest.profile_draft_load().await.expect("load").as_deref(),
        Some(draft)
    );
    assert!(
        !guest_dir.path().join("kabinet.sqlite3").exists(),
        "a guest's store is in memory"
    );
    // The idle timeout ends the session: the next person finds no draft, and the
    // screen's last save (arriving late) is refused.
    guest.guest_session_end().await.expect("end");
    assert_eq!(guest.profile_draft_load().await.expect("load"), None);
    assert!(guest.profile_draft_save(draft).await.is_err());
    assert_eq!(guest.profile_draft_load().await.expect("load"), None);
    guest.shutdown().await;
    let next = app(guest_dir.path(), true);
    assert_eq!(next.profile_draft_load().await.expect("load"), None);
    next.shutdown().await;
}

/// A citizen of the development registries whose passport was replaced: the passport
/// check fails with that reason (the UI's advice: enter the new passport), and once
/// the checks have ended the corrected data can be sent again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replaced_passport_fails_with_its_reason_and_corrected_data_can_be_sent() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = on_disk_without_keyring(dir.path());
    sign_in_demo(&app).await;
    let replaced = ProfileSubmission {
        surname: "Степанова".into(),
        first_name: "Наталья".into(),
        patronymic: Some("Дмитриевна".into()),
        sex: Some(Sex::Female),
        birth_date: "1980-05-28".into(),
        birth_place: "гор. Новосибирск".into(),
        passport: PassportInput {
            series: "2225".into(),
            number: "452478".into(),
            issued_on: "2025-07-20".into(),
            issuer: "ГУ МВД России по Нижегородской области".into(),
            division_code: "520-001".into(),
        },
        snils: "506-616-912-82".into(),
        address: None,
        documents: OtherDocuments::default(),
    };
    let mut view = app.profile_submit(replaced, &key()).await.expect("submit");
    let running = |v: &kabinet_core::api::ProfileView| {
        v.checks
            .iter()
            .any(|c| matches!(c.status, CheckStatus::Waiting | CheckStatus::InProgress))
    };
    for _ in 0..60 {
        if !running(&view) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        view = app.profile_get().await.expect("profile");
    }
    let passport = view
        .checks
        .iter()
        .find(|c| c.kind == RegistryKind::Passport)
        .expect("passport check");
    assert_eq!(passport.status, CheckStatus::Failed);
    assert_eq!(
        passport.failure,
        Some(kabinet_core::api::CheckFailure::PassportReplaced)
    );
    assert_eq!(view.level, AccountLevel::Simplified);

    // The checks have ended: new data is a new submission (not `checks_in_progress`).
    let again = app
        .profile_submit(demo_citizen(), &key())
        .await
        .expect("corrected data accepted");
    assert!(running(&again), "new checks started: {:?}", again.checks);
    app.shutdown().await;
}
