//! The auth flows against a real embedded portal over HTTPS (no window, no keyring):
//! registration → confirm → password → sign-out → sign-in, resuming a registration
//! from the local store, and a start whose answer was lost.

use crate::app::dto::Resume;
use crate::auth::dto::RegisterInput;
use crate::auth::store::PendingStart;
use crate::platform::error::{ClientCode, Code};
use crate::platform::portal::IdempotencyKey;
use crate::testing::{code_for, key, on_disk_without_keyring};
use kabinet_core::api::{AccountLevel, ErrorCode, RegistrationStep};
use kabinet_core::secret::SecretString as Secret;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_resume_confirm_password_sign_out_and_in() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let first = on_disk_without_keyring(dir.path());
    let contact = "flow.test@example.ru";
    let input = RegisterInput {
        surname: "Иванова".into(),
        first_name: "Мария".into(),
        contact: contact.into(),
    };
    // The same key twice (a double click): one registration, the same answer.
    let k = key();
    let a = first
        .register_start(input.clone(), &k)
        .await
        .expect("start");
    let b = first.register_start(input, &k).await.expect("start again");
    assert_eq!(a.code_expires_at, b.code_expires_at);
    assert_eq!(a.step, RegistrationStep::AwaitingCode);
    let code = code_for(&first, contact).await;
    first.shutdown().await;
    drop(first);

    // "Restart": a new app over the same folder resumes at the code step.
    let second = on_disk_without_keyring(dir.path());
    let started = second.startup().await.expect("startup");
    assert!(started.demo);
    match started.resume {
        Resume::Registration {
            registration,
            draft,
        } => {
            assert_eq!(registration.step, RegistrationStep::AwaitingCode);
            assert_eq!(draft.contact, contact);
        }
        other => panic!("expected a registration to resume, got {other:?}"),
    }
    let wrong = second.registration_confirm("000000".into(), &key()).await;
    if code != "000000" {
        assert!(matches!(wrong, Err(e) if e.is(ErrorCode::CodeWrong)));
    }
    let confirmed = second
        .registration_confirm(code, &key())
        .await
        .expect("confirm");
    assert_eq!(confirmed.step, RegistrationStep::AwaitingPassword);
    let weak = second
        .registration_set_password(Secret::new("12345678"), Secret::new("12345678"), &key())
        .await;
    let weak = weak.expect_err("a common password is refused");
    assert!(matches!(
        weak.code,
        Code::Portal(ErrorCode::PasswordTooCommon | ErrorCode::PasswordTooShort)
    ));
    let pw = "quiet lantern river 42 flow";
    let account = second
        .registration_set_password(Secret::new(pw), Secret::new(pw), &key())
        .await
        .expect("password");
    assert_eq!(account.level, AccountLevel::Simplified);
    assert!(
        second.store().draft().expect("draft").is_none(),
        "the draft is gone once registered"
    );
    assert_eq!(second.account().await.expect("me").first_name, "Мария");

    second.sign_out(&key()).await.expect("sign out");
    let after = second.account().await.expect_err("signed out");
    assert_eq!(after.code, Code::Client(ClientCode::NotSignedIn));
    let again = second
        .sign_in(contact.into(), Secret::new(pw), &key())
        .await
        .expect("sign in");
    assert_eq!(again.level, AccountLevel::Simplified);
    let bad = second
        .sign_in(contact.into(), Secret::new("wrong password"), &key())
        .await;
    assert!(matches!(bad, Err(e) if e.is(ErrorCode::InvalidCredentials)));
    second.shutdown().await;
}

/// The app sent a registration start, the portal acted, and the app died before the
/// answer was recorded. The person fills in the same details again after a restart
/// (the UI makes a new key): the app sends the remembered key, so the portal answers
/// with the first registration and sends no second code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_whose_answer_was_lost_is_not_repeated() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let contact = "lost.answer@example.ru";
    let input = RegisterInput {
        surname: "Петров".into(),
        first_name: "Пётр".into(),
        contact: contact.into(),
    };

    let first = on_disk_without_keyring(dir.path());
    let conn = first.portal().await.expect("portal");
    // What `register_start` does before the answer arrives: remember, then send…
    let sent_with = IdempotencyKey::random();
    let pending = PendingStart {
        portal: &conn.id,
        surname: &input.surname,
        first_name: &input.first_name,
        contact: &input.contact,
    };
    first
        .store()
        .remember_start(&pending, sent_with.as_str())
        .expect("remember");
    let body = kabinet_core::api::StartRegistration {
        surname: input.surname.clone(),
        first_name: input.first_name.clone(),
        contact: input.contact.clone(),
    };
    let reached = conn
        .client
        .start_registration(&body, &sent_with)
        .await
        .expect("the portal acted");
    // …and the app is gone before it records the answer.
    drop(conn);
    first.shutdown().await;
    drop(first);

    let second = on_disk_without_keyring(dir.path());
    let again = second
        .register_start(input.clone(), &key())
        .await
        .expect("start after the restart");
    assert_eq!(again.step, RegistrationStep::AwaitingCode);
    assert_eq!(
        again.code_expires_at,
        reached
            .code_expires_at
            .format(&time::format_description::well_known::Rfc3339)
            .expect("rfc3339"),
        "the first registration's answer, not a new one"
    );
    let outbox = second.demo_outbox().await.expect("outbox");
    assert_eq!(
        outbox.iter().filter(|m| m.to == contact).count(),
        1,
        "one code sent"
    );
    // The definite answer settled it: the draft holds the first registration and
    // nothing is pending any more.
    let conn = second.portal().await.expect("portal");
    let pending = PendingStart {
        portal: &conn.id,
        surname: &input.surname,
        first_name: &input.first_name,
        contact: &input.contact,
    };
    assert_eq!(
        second.store().pending_start_key(&pending).expect("read"),
        None
    );
    assert_eq!(
        second
            .store()
            .draft()
            .expect("read")
            .map(|d| d.registration_id),
        Some(Secret::new(reached.id))
    );
    second.shutdown().await;
}
