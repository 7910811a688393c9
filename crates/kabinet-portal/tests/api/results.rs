//! Electronic results on both backends: an application decided «ready» with an
//! electronic result comes with a PDF the portal signed — the fund's certificate of
//! the pension and payments (a pensioner's amount; for someone not paid, that they
//! are not), a notice of the decision for other services, also when an agency
//! decides through its own API — read only by the applicant, the same bytes and
//! signature every time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use kabinet_core::api::SignedFile;
use serde_json::{Value, json};

use crate::applications::apply_with;
use crate::pension_payments::{decided, pensioner};
use crate::pension_record::{pdf_text, squash, standard};
use crate::support::{T, random_hex};

both_backends!(the_fund_certifies_the_pension_in_a_signed_pdf);
both_backends!(an_agency_decision_through_its_api_comes_with_a_signed_notice);

fn basic(surname: &str, first_name: &str, birth_date: &str, snils: &str) -> Value {
    json!({
        "applicant": {"surname": surname, "first_name": first_name, "birth_date": birth_date,
                      "snils": snils},
        "consent": true
    })
}

/// The result of application `id` as the applicant gets it: verified under the
/// pinned CA (and not once a byte changes), its PDF's text squashed.
pub(crate) async fn result(t: &T, token: &str, id: &str) -> (SignedFile, String) {
    let r = t
        .get(&format!("/me/applications/{id}/result"), Some(token))
        .await
        .expect(200);
    let file: SignedFile = serde_json::from_value(r.json).unwrap();
    assert_eq!(file.media_type, "application/pdf");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&file.content_base64)
        .unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    crate::pension::verify_bytes(
        &bytes,
        &file.signature_base64,
        &file.signer_chain_pem,
        &t.cert_pem,
    )
    .expect("the result verifies with the pinned CA");
    let mut changed = bytes.clone();
    changed[bytes.len() / 2] ^= 1;
    assert!(
        crate::pension::verify_bytes(
            &changed,
            &file.signature_base64,
            &file.signer_chain_pem,
            &t.cert_pem
        )
        .is_err(),
        "a changed byte breaks the signature"
    );
    let text = pdf_text(&bytes);
    (file, text)
}

async fn the_fund_certifies_the_pension_in_a_signed_pdf(t: T) {
    let (token, _) = pensioner(&t).await;
    let made = apply_with(
        &t,
        &token,
        "sfr-pension-certificate",
        &basic("Киселёва", "Екатерина", "1950-09-02", "754-030-940 80"),
        &random_hex(16),
    )
    .await
    .expect(201);
    let id = made.json["id"].as_str().unwrap().to_owned();
    assert!(
        made.json.get("result_document").is_none(),
        "none before the decision"
    );
    t.get(&format!("/me/applications/{id}/result"), Some(&token))
        .await
        .expect_error(404, "not_found");
    let status = decided(&t, &token, &id).await;
    assert_eq!(status["state"], "ready", "a certificate is always issued");
    assert_eq!(status["result"], "electronic");

    let (file, text) = result(&t, &token, &id).await;
    assert!(
        file.file_name.starts_with("Справка о назначенной пенсии"),
        "{}",
        file.file_name
    );
    for want in [
        "Справка о назначенных пенсиях и социальных выплатах",
        "Киселёва Екатерина Александровна",
        "754-030-940 80",
        "Страховая пенсия по старости",
        "02.09.2005",
        "27 430,50 ₽",
        "Выплачено за последние 12 месяцев",
    ] {
        assert!(text.contains(&squash(want)), "{want} in {text}");
    }
    // The list says it is there; fetched again, the same document and signature.
    let list = t
        .get("/me/applications", Some(&token))
        .await
        .expect(200)
        .json;
    let listed = list["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        listed["result_document"]["file_name"],
        file.file_name.as_str()
    );
    let (again, _) = result(&t, &token, &id).await;
    assert_eq!(again.content_base64, file.content_base64);
    assert_eq!(again.signature_base64, file.signature_base64);
    // Nobody else reads it.
    let other = standard(&t, 0).await;
    t.get(&format!("/me/applications/{id}/result"), Some(&other))
        .await
        .expect_error(404, "not_found");
    t.get(&format!("/me/applications/{id}/result"), None)
        .await
        .expect(401);

    // Someone the fund pays nothing: certified as such.
    let made = apply_with(
        &t,
        &other,
        "sfr-pension-certificate",
        &basic(
            "Демонстрационный",
            "Пользователь",
            "1972-06-14",
            "485-370-789 32",
        ),
        &random_hex(16),
    )
    .await
    .expect(201);
    let id = made.json["id"].as_str().unwrap().to_owned();
    assert_eq!(decided(&t, &other, &id).await["state"], "ready");
    let (_, text) = result(&t, &other, &id).await;
    assert!(text.contains(&squash("получателем пенсии")), "{text}");
    assert!(text.contains(&squash("не является")), "{text}");
    assert!(!text.contains(&squash("Размер в месяц")), "{text}");
}

async fn an_agency_decision_through_its_api_comes_with_a_signed_notice(t: T) {
    let fns = kabinet_portal::create_agency_client(&t.admin_config(), "fns")
        .await
        .unwrap()
        .secret;
    let token = standard(&t, 0).await;
    let made = apply_with(
        &t,
        &token,
        "fns-inn",
        &basic(
            "Демонстрационный",
            "Пользователь",
            "1972-06-14",
            "485-370-789 32",
        ),
        &random_hex(16),
    )
    .await
    .expect(201);
    let id = made.json["id"].as_str().unwrap().to_owned();
    let number = made.json["number"].as_str().unwrap().to_owned();
    for event in [
        json!({"event": "register", "agency_number": "ФНС-77-2026-4410"}),
        json!({"event": "start"}),
        json!({"event": "decide", "decision": "ready", "result": "electronic"}),
    ] {
        let body = serde_json::to_vec(&event).unwrap();
        t.send(
            reqwest::Method::POST,
            &format!("/agency/applications/{id}/events"),
            Some(("application/json", &body)),
            Some(&random_hex(16)),
            Some(&fns),
        )
        .await
        .expect(200);
    }
    let (file, text) = result(&t, &token, &id).await;
    assert!(file.file_name.contains(&number), "{}", file.file_name);
    for want in [
        "Уведомление о результате предоставления государственной услуги",
        "Получение ИНН",
        &number,
        "ФНС-77-2026-4410",
        "Демонстрационный Пользователь Петрович",
        "услуга предоставлена",
    ] {
        assert!(text.contains(&squash(want)), "{want} in {text}");
    }
}
