//! Guest mode against real portals: nothing written to the data folder; the end of
//! a session (idle timeout) and exit sign out on the portal and forget everything.

use kabinet_core::secret::SecretString as Secret;

use crate::auth::dto::RegisterInput;
use crate::platform::Kabinet;
use crate::platform::embedded::Embedded;
use crate::platform::error::{ClientCode, Code};
use crate::platform::portal::{IdempotencyKey, PortalClient};
use crate::platform::vault::VaultStatus;
use crate::testing::{app, code_for, key, remote_config};

const FORM: &str = r#"{"version":1,"sex":"female","birthDate":"1985-06-15"}"#;

fn person(contact: &str) -> RegisterInput {
    RegisterInput {
        surname: "Петров".into(),
        first_name: "Пётр".into(),
        contact: contact.into(),
    }
}

/// Registers `contact` to the end (signed in); returns the session's refresh token.
async fn registered(app: &Kabinet, contact: &str) -> Secret {
    app.register_start(person(contact), &key())
        .await
        .expect("start");
    let code = code_for(app, contact).await;
    app.registration_confirm(code, &key())
        .await
        .expect("confirm");
    let pw = "quiet lantern river 42 guest";
    app.registration_set_password(Secret::new(pw), Secret::new(pw), &key())
        .await
        .expect("password");
    app.vault()
        .await
        .load()
        .expect("vault")
        .expect("a refresh token")
}

/// A demo portal the guest app is configured to use (as a service center's portal).
async fn remote_guest(dir: &std::path::Path) -> (Embedded, Kabinet, PortalClient) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let portal = Embedded::start(&dir.join("portal")).await.expect("portal");
    let config = remote_config(&portal, dir, &["--guest"]);
    let guest = Kabinet::new(Ok(config), None);
    let direct =
        PortalClient::new(portal.base.clone(), portal.certificate_pem.as_bytes()).expect("client");
    (portal, guest, direct)
}

async fn session_is_over(direct: &PortalClient, token: &Secret) -> bool {
    match direct.refresh(token, &IdempotencyKey::random()).await {
        Ok(_) => false,
        Err(e) => {
            assert!(
                matches!(e.code, Code::Portal(_)),
                "the portal answered: {e:?}"
            );
            true
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guest_mode_writes_nothing_to_the_data_folder() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let guest = app(dir.path(), true);
    assert!(guest.guest());
    let started = guest.startup().await.expect("startup");
    assert_eq!(started.vault, VaultStatus::Guest);
    let input = RegisterInput {
        surname: "Петров".into(),
        first_name: "Пётр".into(),
        contact: "guest@example.ru".into(),
    };
    guest.register_start(input, &key()).await.expect("start");
    guest.shutdown().await;
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("read dir").collect();
    assert!(
        left.is_empty(),
        "guest mode wrote to the data folder: {left:?}"
    );
}

/// The idle timeout's `guest_session_end` leaves nothing for the next person: the
/// registration in progress, saved scenarios, the language, and the embedded
/// portal's account and messages (the demo inbox) are gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_end_of_a_guest_session_forgets_everything() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let guest = app(dir.path(), true);
    guest.startup().await.expect("startup");
    let contact = "guest.end@example.ru";
    guest
        .register_start(person(contact), &key())
        .await
        .expect("start");
    guest.save_scenario("my plan", FORM).expect("save");
    guest
        .set_language(crate::app::dto::Language::En)
        .expect("language");
    assert!(guest.store().draft().expect("draft").is_some());
    assert!(!guest.demo_outbox().await.expect("outbox").is_empty());

    guest.guest_session_end().await.expect("session end");

    assert!(
        guest.store().draft().expect("draft").is_none(),
        "registration kept"
    );
    assert!(
        guest.scenarios().expect("list").is_empty(),
        "scenarios kept"
    );
    assert_eq!(guest.shell().language, crate::app::dto::Language::Ru);
    let err = guest
        .registration_confirm("123456".into(), &key())
        .await
        .expect_err("no registration");
    assert_eq!(err.code, Code::Client(ClientCode::NoRegistration));
    let outbox = guest.demo_outbox().await.expect("a fresh demo portal");
    assert!(
        outbox.iter().all(|m| m.to != contact),
        "the last person's messages are still in the demo inbox"
    );
    // The next person can use the app as usual.
    let again = guest.startup().await.expect("startup");
    assert!(matches!(again.resume, crate::app::dto::Resume::Welcome));
    guest.at_exit().await;
}

/// `guest_session_end` signs out on the portal: the session's refresh token no
/// longer works there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_end_of_a_guest_session_signs_out_on_the_portal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (portal, guest, direct) = remote_guest(dir.path()).await;
    let token = registered(&guest, "guest.signout@example.ru").await;
    assert_eq!(guest.account().await.expect("signed in").first_name, "Пётр");
    guest.guest_session_end().await.expect("session end");
    let err = guest.account().await.expect_err("signed out here");
    assert_eq!(err.code, Code::Client(ClientCode::NotSignedIn));
    assert!(
        session_is_over(&direct, &token).await,
        "still signed in on the portal"
    );
    guest.at_exit().await;
    portal.shutdown().await;
}

/// Exit (also the SIGTERM/SIGHUP/SIGINT path, which exits the same way) signs a
/// guest out on the portal and deletes the session's temp dir.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_signs_a_guest_out_on_the_portal_and_deletes_its_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (portal, guest, direct) = remote_guest(dir.path()).await;
    let token = registered(&guest, "guest.exit@example.ru").await;
    let files = guest.guest_dir().expect("a guest temp dir");
    assert!(files.is_dir());
    guest.at_exit().await;
    assert!(
        session_is_over(&direct, &token).await,
        "still signed in on the portal"
    );
    assert!(!files.exists(), "the guest temp dir survived exit");
    portal.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ending_a_guest_session_is_refused_outside_guest_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = crate::testing::on_disk_without_keyring(dir.path());
    app.save_scenario("kept", FORM).expect("save");
    let err = app.guest_session_end().await.expect_err("not a guest");
    assert_eq!(err.code, Code::Client(ClientCode::NotGuest));
    assert_eq!(app.scenarios().expect("list").len(), 1, "nothing forgotten");
}
