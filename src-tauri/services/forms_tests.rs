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

/// Signs the demo citizen in and waits for the registry checks: standard level.
async fn demo_standard(app: &crate::platform::Kabinet) {
    sign_in_demo(app).await;
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attachment_is_checked_here_then_sent_and_becomes_part_of_the_application() {
    use base64::Engine as _;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let app = on_disk_without_keyring(dir.path());
    app.startup().await.expect("startup");
    demo_standard(&app).await;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    // Refused here, with the portal's codes, before anything is sent.
    for (what, content, code) in [
        (
            "text named .pdf",
            b64(b"plain text"),
            ErrorCode::FileTypeNotAllowed,
        ),
        ("not base64", "%%%".to_owned(), ErrorCode::ValueInvalid),
        (
            "too large",
            b64(&vec![
                b'%';
                kabinet_core::services::attachments::MAX_BYTES + 10
            ]),
            ErrorCode::FileTooLarge,
        ),
    ] {
        let err = app
            .attachment_add("скан.pdf", &content, &key())
            .await
            .expect_err(what);
        assert_eq!(
            (err.problems[0].field.as_str(), err.problems[0].code),
            ("file", code),
            "{what}"
        );
    }
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let sent = app
        .attachment_add("/home/мария/удостоверение.png", &b64(png), &key())
        .await
        .expect("a PNG");
    assert_eq!(sent.name, "удостоверение.png");
    assert_eq!(sent.size as usize, png.len());
    let service = "mos-kindergarten-queue";
    let mut answers = app
        .application_form(service)
        .await
        .expect("form")
        .prefill
        .expect("prefilled");
    answers["child"] = json!({"surname": "Демонстрационная", "first_name": "Ника",
        "birth_date": "2024-02-10", "certificate_series": "IV-МЮ", "certificate_number": "123456"});
    answers["from"] = json!("2027-09-01");
    answers["kindergartens"] = json!(["№ 1234"]);
    answers["benefit"] = json!("large_family");
    answers["benefit_document"] = json!(sent.id);
    answers["consent"] = json!(true);
    let crate::services::outbox::Submitted::Sent { application } = app
        .application_submit(service, answers, &key())
        .await
        .expect("sent")
    else {
        panic!("the portal is up: sent, not queued");
    };
    assert_eq!(application.attachments.len(), 1);
    assert_eq!(application.attachments[0].id, sent.id);
    assert_eq!(
        application.attachments[0].kind,
        kabinet_core::api::applications::AttachmentKind::Png
    );
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

        demo_standard(&app).await;

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
