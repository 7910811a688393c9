//! Application forms in the app against a real embedded portal: a new form starts
//! from the confirmed profile, the app's check finds exactly what the portal would,
//! the draft outlives a restart but not the sending or a sign-out, and the portal
//! keeps the answers as the app checked them.

use std::time::Duration;

use kabinet_core::api::{AccountLevel, ErrorCode};
use kabinet_core::secret::SecretString as Secret;
use serde_json::json;

use crate::identity::flow_tests::{DEMO_LOGIN, DEMO_PASSWORD, demo_citizen};
use crate::platform::error::{ClientCode, Code};
use crate::testing::{key, on_disk_without_keyring};

const SERVICE: &str = "sfr-pension-delivery";

async fn sign_in_demo(app: &crate::platform::Kabinet) {
    app.sign_in(DEMO_LOGIN.into(), Secret::new(DEMO_PASSWORD), &key())
        .await
        .expect("demo sign-in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_starts_from_the_profile_is_checked_here_and_its_draft_goes_when_sent() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let draft = r#"{"payment":{"method":"bank","bank":{"bik":"04452"}}}"#;
    {
        let app = on_disk_without_keyring(dir.path());
        app.startup().await.expect("startup");
        // Signed out: the form opens (offline too), empty; nothing is kept.
        let start = app.application_form(SERVICE).await.expect("form");
        assert_eq!((start.draft, start.prefill), (None, None));
        assert!(start.schema["properties"]["payment"].is_object());
        let refused = app
            .application_draft_save(SERVICE, draft)
            .expect_err("signed out");
        assert_eq!(refused.code, Code::Client(ClientCode::NotSignedIn));
        let unknown = app
            .application_form("no-such-service")
            .await
            .expect_err("unknown");
        assert!(unknown.is(ErrorCode::NotFound));

        sign_in_demo(&app).await;
        app.profile_submit(demo_citizen(), &key())
            .await
            .expect("profile");
        for _ in 0..60 {
            if app.account().await.expect("me").level == AccountLevel::Standard {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        assert_eq!(
            app.account().await.expect("me").level,
            AccountLevel::Standard
        );

        let start = app.application_form(SERVICE).await.expect("form");
        let prefill = start.prefill.expect("filled from the profile");
        assert_eq!(prefill["applicant"]["surname"], "Демонстрационный");
        assert_eq!(prefill["applicant"]["snils"], "485-370-789 32");
        // What is left for the citizen: exactly the portal's list.
        let left: Vec<(String, ErrorCode)> = app
            .application_check(SERVICE, &prefill)
            .expect("check")
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect();
        assert_eq!(
            left,
            [
                ("form.payment".to_owned(), ErrorCode::Required),
                ("form.consent".to_owned(), ErrorCode::Required)
            ]
        );
        app.application_draft_save(SERVICE, draft).expect("draft");
        assert!(app.application_draft_save(SERVICE, "not json").is_err());
        app.shutdown().await;
    }

    let app = on_disk_without_keyring(dir.path());
    app.startup().await.expect("startup");
    sign_in_demo(&app).await;
    let start = app.application_form(SERVICE).await.expect("form");
    assert_eq!(
        start.draft.as_deref(),
        Some(draft),
        "the draft outlives a restart"
    );
    assert_eq!(
        start.prefill, None,
        "a draft is not overwritten by the profile"
    );
    assert_eq!(app.application_drafts().expect("drafts").len(), 1);

    // Sending with a problem sends nothing; the draft stays.
    let mut answers = json!({
        "applicant": {"surname": "Демонстрационный", "first_name": "Пользователь",
                      "birth_date": "1972-06-14", "snils": "485-370-789 32"},
        "payment": {"method": "bank", "bank": {"bik": "04452", "account": "40817810099910004312"}},
        "consent": true
    });
    let err = app
        .application_submit(SERVICE, answers.clone(), &key())
        .await
        .expect_err("a short BIC");
    assert!(err.is(ErrorCode::ValidationFailed));
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].field, "form.payment.bank.bik");
    assert!(
        app.applications()
            .await
            .expect("list")
            .applications
            .is_empty()
    );
    answers["payment"]["bank"]["bik"] = json!("044525225");
    let super::outbox::Submitted::Sent { application: view } = app
        .application_submit(SERVICE, answers, &key())
        .await
        .expect("sent")
    else {
        panic!("the portal is up: sent, not queued");
    };
    assert_eq!(view.form["payment"]["bank"]["bik"], "044525225");
    assert!(
        app.application_drafts().expect("drafts").is_empty(),
        "sent: the draft goes"
    );

    app.application_draft_save(SERVICE, draft)
        .expect("another draft");
    app.sign_out(&key()).await.expect("sign out");
    assert!(
        app.application_drafts().expect("drafts").is_empty(),
        "the next person at this computer finds no draft"
    );
    app.shutdown().await;
}
