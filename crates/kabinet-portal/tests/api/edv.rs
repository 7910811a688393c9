//! The monthly cash payment (EDV) by application, on both backends: the fund
//! checks the certificate named in the form against the issuing authority's
//! register — the applicant's own, for the ground claimed, with its date of issue
//! — and assigns the payment from the day of the application (said in the signed
//! notice), or refuses saying what to correct. A form with a malformed series or
//! number is refused before it is sent anywhere, each field named.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::applications::{apply_with, problems};
use crate::pension_payments::decided;
use crate::pension_record::{squash, standard};
use crate::results::result;
use crate::support::{T, random_hex};

both_backends!(from fourth_of_december:
    the_fund_assigns_the_edv_only_on_the_applicants_own_certificate,
);

fn fourth_of_december() -> OffsetDateTime {
    datetime!(2026-12-04 07:00 UTC)
}

/// The demo citizen of `data/registries.json` (citizen 0), a combat veteran.
fn edv_form(category: &str, series: &str, number: &str, issued_on: &str) -> Value {
    json!({
        "applicant": {"surname": "Демонстрационный", "first_name": "Пользователь",
                      "birth_date": "1972-06-14", "snils": "485-370-789 32"},
        "category": category,
        "certificate": {"series": series, "number": number, "issued_on": issued_on},
        "consent": true
    })
}

async fn the_fund_assigns_the_edv_only_on_the_applicants_own_certificate(t: T) {
    let token = standard(&t, 0).await;

    // Malformed: both named at once, nothing made.
    let bad = apply_with(
        &t,
        &token,
        "sfr-edv",
        &edv_form("combat_veteran", "Р1", "41720", "2019-05-08"),
        &random_hex(16),
    )
    .await
    .expect(422);
    assert_eq!(
        problems(&bad),
        [
            ("form.certificate.series", "value_invalid"),
            ("form.certificate.number", "value_invalid")
        ],
        "{}",
        bad.json
    );

    // (form, refusal naming what to correct); None: assigned.
    let cases = [
        (
            edv_form("combat_veteran", "РМ", "417206", "2019-05-08"),
            Some("не найдено среди выданных вам"),
        ),
        // Another citizen's certificate is not the applicant's.
        (
            edv_form("combat_veteran", "БК", "0561934", "2016-02-15"),
            Some("не найдено среди выданных вам"),
        ),
        (
            edv_form("chernobyl", "РМ", "417205", "2019-05-08"),
            Some("по другому основанию"),
        ),
        (
            edv_form("combat_veteran", "РМ", "417205", "2019-05-09"),
            Some("Дата выдачи"),
        ),
        // As typed by hand: lower case, «№», spaces.
        (
            edv_form("combat_veteran", "рм", "№ 417205", "2019-05-08"),
            None,
        ),
    ];
    for (form, refusal) in cases {
        let made = apply_with(&t, &token, "sfr-edv", &form, &random_hex(16))
            .await
            .expect(201);
        let id = made.json["id"].as_str().unwrap().to_owned();
        let status = decided(&t, &token, &id).await;
        match refusal {
            Some(why) => {
                assert_eq!(status["state"], "refused", "{form}: {status}");
                assert!(
                    status["reason"].as_str().unwrap().contains(why),
                    "{form}: {status}"
                );
            }
            None => {
                assert_eq!(status["state"], "ready", "{form}: {status}");
                let (_, text) = result(&t, &token, &id).await;
                let text = squash(&text);
                for part in [
                    "Ежемесячная денежная выплата установлена со дня обращения — 04.12.2026",
                    "«ветеран боевых действий»",
                    "№ 5-ФЗ «О ветеранах», ст. 23.1",
                    "серии РМ № 417205 от 08.05.2019",
                ] {
                    assert!(text.contains(&squash(part)), "{part:?} not in {text}");
                }
            }
        }
    }
}
