//! The pension record: shown to its holder from the standard level up, the demo
//! careers with their discrepancies, and employers' report files loaded whole or
//! not at all, once — on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use kabinet_portal::ReportOutcome;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::profile::{citizen, settled, submit};
use crate::support::{T, random_hex};

both_backends!(
    the_record_is_shown_from_the_standard_level,
    each_demo_career_shows_what_is_wrong_in_it,
    a_report_file_loads_whole_or_not_at_all_and_once,
    the_same_file_loaded_twice_at_once_is_loaded_once,
    the_ready_texts_and_the_statement_are_pdfs,
);

/// A new account brought to the standard level with the `nth` clean citizen.
pub async fn standard(t: &T, nth: usize) -> String {
    let contact = format!("r{}@example.ru", random_hex(4));
    let grant = t
        .register("Проверкин", &contact, &contact, "Lipa-Sneg-2741-x")
        .await;
    submit(t, &grant.access_token, &citizen("clean", nth)["profile"])
        .await
        .expect(202);
    assert_eq!(
        settled(t, &grant.access_token).await["level"],
        "standard",
        "citizen {nth}"
    );
    grant.access_token
}

async fn record(t: &T, token: &str) -> Value {
    t.get("/me/pension/record", Some(token))
        .await
        .expect(200)
        .json
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(
        v.as_str()
            .unwrap_or_else(|| panic!("{v} is not a decimal string")),
    )
    .unwrap()
}

fn kinds(view: &Value) -> Vec<(String, i64)> {
    view["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_owned(),
                d["year"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn the_record_is_shown_from_the_standard_level(t: T) {
    t.get("/me/pension/record", None).await.expect(401);
    let contact = format!("s{}@example.ru", random_hex(4));
    let grant = t
        .register("Проверкин", &contact, &contact, "Lipa-Sneg-2741-x")
        .await;
    t.get("/me/pension/record", Some(&grant.access_token))
        .await
        .expect_error(403, "standard_level_required");

    // The demo citizen: 2021 paid nothing, 2023 three months unreported.
    let token = standard(&t, 0).await;
    let view = record(&t, &token).await;
    assert_eq!(
        kinds(&view),
        vec![
            ("no_contributions".to_owned(), 2021),
            ("missing_report".to_owned(), 2023)
        ]
    );
    let d2021 = &view["discrepancies"][0];
    assert_eq!(d2021["employer_name"], "ООО «Стройресурс»");
    assert_eq!(d2021["months"].as_array().unwrap().len(), 12);
    assert!(dec(&d2021["amount"]) > Decimal::from(100_000));
    assert!(dec(&d2021["points_at_stake"]) > Decimal::ONE);
    let missing = &view["discrepancies"][1];
    assert_eq!(missing["months"], serde_json::json!([4, 5, 6]));
    let documents = d2021["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 3);
    let request = documents[0]["text"].as_str().unwrap();
    assert!(
        request.contains("Демонстрационный Пользователь"),
        "{request}"
    );
    assert!(request.contains("485-370-789 32"), "{request}");
    assert!(request.contains("ООО «Стройресурс»"), "{request}");

    // Rights: before 2015 plus every year since, the 2021 year counted as paid (none).
    let pre = dec(&view["pre2015"]["points"]);
    assert_eq!(pre, Decimal::from_str("58.2").unwrap());
    let years = view["years"].as_array().unwrap();
    let sum: Decimal = years
        .iter()
        .map(|y| dec(&y["wage_points"]) + dec(&y["credited_points"]))
        .sum();
    assert_eq!(dec(&view["total_points"]), pre + sum);
    let y2021 = years.iter().find(|y| y["year"] == 2021).unwrap();
    assert_eq!(
        dec(&y2021["wage_points"]),
        Decimal::ZERO,
        "nothing paid, nothing counted"
    );
    let y2020 = years.iter().find(|y| y["year"] == 2020).unwrap();
    assert!(dec(&y2020["wage_points"]) > Decimal::ZERO);
    let employers: Vec<&str> = view["employers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(employers.len(), 3, "{employers:?}");
    assert!(employers.contains(&"АО «Уральские приборы»"));
    assert_eq!(
        dec(&view["calculator_start"]["ipk_so_far"]),
        dec(&view["total_points"])
    );
    // The calculator needs nothing typed: birth date and sex from the profile.
    assert_eq!(
        view["calculator_start"]["birth_date"],
        citizen("clean", 0)["profile"]["birth_date"]
    );
    assert_eq!(
        view["calculator_start"]["sex"],
        citizen("clean", 0)["profile"]["sex"]
    );
}

async fn each_demo_career_shows_what_is_wrong_in_it(t: T) {
    // (clean citizen index, discrepancies, what else holds)
    let cases: &[(usize, &[(&str, i64)])] = &[
        (1, &[]),                       // Ковалёв: one employer, all paid
        (2, &[("below_tariff", 2022)]), // Исаева: 10 % instead of the tariff
        (4, &[]),                       // Щербаков: a gap between jobs is not a missing report
        (20, &[]),                      // Михайлов: military service, child care
        (18, &[]),                      // Киселёва: retired before 2015
        (3, &[]),                       // Николаева: the fund holds nothing
    ];
    for (nth, expected) in cases {
        let token = standard(&t, *nth).await;
        let view = record(&t, &token).await;
        let expected: Vec<(String, i64)> = expected
            .iter()
            .map(|(k, y)| ((*k).to_owned(), *y))
            .collect();
        assert_eq!(kinds(&view), expected, "citizen {nth}");
        match nth {
            2 => {
                let d = &view["discrepancies"][0];
                let y = view["employers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["reg_number"] == d["employer"])
                    .unwrap()["years"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|y| y["year"] == 2022)
                    .unwrap()
                    .clone();
                assert_eq!(y["flagged"], true);
                assert_eq!(dec(&d["amount"]), dec(&y["due"]) - dec(&y["accrued"]));
            }
            4 => assert_eq!(view["employers"].as_array().unwrap().len(), 2),
            20 => {
                let credited: Vec<&str> = view["credited"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["kind"].as_str().unwrap())
                    .collect();
                assert_eq!(credited, ["military_service", "child_care"]);
                assert!(view["pre2015"].is_null());
                let y2021 = view["years"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|y| y["year"] == 2021)
                    .unwrap()
                    .clone();
                assert!(dec(&y2021["credited_points"]) > Decimal::ONE, "{y2021}");
            }
            18 => {
                assert_eq!(view["assigned"]["since"], "2005-09-02");
                assert_eq!(
                    dec(&view["total_points"]),
                    Decimal::from_str("96.4").unwrap()
                );
                assert!(view["employers"].as_array().unwrap().is_empty());
            }
            3 => {
                assert_eq!(dec(&view["total_points"]), Decimal::ZERO);
                assert!(
                    view["years"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|y| dec(&y["wage_points"]).is_zero())
                );
            }
            _ => {}
        }
    }
}

const HEAD: &str = "record,snils,reg_number,inn,employer_name,employer_address,from,to,position,year,month,wage,accrued,paid\n";

/// Николаева Алёна (clean citizen 3) has no demo record.
fn nikolaeva_file(paid_in_may: &str) -> String {
    let e = "063-003-000606,7707083893,ООО «Вектор»,\"443010, г. Самара, ул. Куйбышева, д. 1\"";
    let mut s = format!("{HEAD}period,101-543-909 13,{e},2024-01-15,2024-12-27,бухгалтер,,,,,\n");
    for m in 1..=12 {
        let paid = if m == 5 { paid_in_may } else { "15000.00" };
        s.push_str(&format!(
            "month,101-543-909 13,{e},,,,2024,{m},50000.00,15000.00,{paid}\n"
        ));
    }
    s
}

fn config_of(t: &T) -> kabinet_portal::PortalConfig {
    let mut c =
        kabinet_portal::PortalConfig::embedded(t.key_file.with_extension("loader.db"), false);
    c.database_url = t.database_url.clone();
    c.secret_key_file = Some(t.key_file.clone());
    c.clock = t.clock.clone();
    c
}

async fn load(t: &T, name: &str, content: &str) -> ReportOutcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let mut out = kabinet_portal::load_reports(&config_of(t), &[path])
        .await
        .unwrap();
    out.pop().unwrap()
}

async fn months_stored(t: &T) -> i64 {
    let mut db = t.db().await;
    sqlx::query_scalar("SELECT COUNT(*) FROM pension_months")
        .fetch_one(&mut db)
        .await
        .unwrap()
}

async fn a_report_file_loads_whole_or_not_at_all_and_once(t: T) {
    let token = standard(&t, 3).await;
    assert!(
        record(&t, &token).await["employers"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // One bad row among good ones: nothing of the file is loaded.
    let mut bad = nikolaeva_file("15000.00");
    bad.push_str("month,101-543-909 13,063-003-000606,7707083893,ООО «Вектор»,,,,,2024,13,50000,15000,15000\n");
    bad.push_str("month,101-543-909 14,063-003-000606,7707083893,ООО «Вектор»,,,,,2024,11,50000,15000,15000\n");
    let ReportOutcome::Refused(problems) = load(&t, "bad.csv", &bad).await else {
        panic!("a bad file is refused");
    };
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        said.iter().any(|p| p.starts_with("line 15: month:")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|p| p.starts_with("line 16: snils:")),
        "{said:?}"
    );
    assert!(
        record(&t, &token).await["employers"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The good file: May paid 5 000 short.
    let good = nikolaeva_file("10000.00");
    assert!(matches!(
        load(&t, "good.csv", &good).await,
        ReportOutcome::Loaded { entries: 14 }
    ));
    let view = record(&t, &token).await;
    assert_eq!(view["employers"][0]["name"], "ООО «Вектор»");
    assert_eq!(
        view["employers"][0]["years"][0]["months"]
            .as_array()
            .unwrap()
            .len(),
        12
    );
    assert_eq!(kinds(&view), vec![("not_paid_in_full".to_owned(), 2024)]);
    assert_eq!(
        dec(&view["discrepancies"][0]["amount"]),
        Decimal::from(5000)
    );

    let before = months_stored(&t).await;
    assert!(matches!(
        load(&t, "again.csv", &good).await,
        ReportOutcome::AlreadyLoaded { .. }
    ));
    assert_eq!(
        months_stored(&t).await,
        before,
        "the same file twice changes nothing"
    );

    // A corrective report (JSON) replaces the month: the debt is paid.
    let fix = r#"{"employers": [{"reg_number": "063-003-000606", "inn": "7707083893", "name": "ООО «Вектор»"}],
        "months": [{"snils": "10154390913", "employer": "063-003-000606", "year": 2024, "month": 5,
                    "wage": "50000.00", "accrued": "15000.00", "paid": "15000.00"}]}"#;
    assert!(matches!(
        load(&t, "fix.json", fix).await,
        ReportOutcome::Loaded { entries: 2 }
    ));
    let view = record(&t, &token).await;
    assert!(kinds(&view).is_empty(), "{:?}", kinds(&view));
    assert_eq!(months_stored(&t).await, before);
    // The address the earlier file gave is kept when a later one leaves it out.
    let mut db = t.db().await;
    let address: Option<String> =
        sqlx::query_scalar("SELECT address FROM pension_employers WHERE reg_number = $1")
            .bind("063-003-000606")
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!(
        address.as_deref(),
        Some("443010, г. Самара, ул. Куйбышева, д. 1")
    );
    // No SNILS in clear in the record's tables.
    let persons: Vec<String> = sqlx::query_scalar("SELECT DISTINCT person FROM pension_months")
        .fetch_all(&mut db)
        .await
        .unwrap();
    assert!(
        persons
            .iter()
            .all(|p| !p.contains("10154390913") && p.len() == 64)
    );
}

async fn the_same_file_loaded_twice_at_once_is_loaded_once(t: T) {
    let file = nikolaeva_file("15000.00");
    let (a, b) = tokio::join!(load(&t, "a.csv", &file), load(&t, "b.csv", &file));
    let loaded = [&a, &b]
        .iter()
        .filter(|o| matches!(o, ReportOutcome::Loaded { .. }))
        .count();
    let already = [&a, &b]
        .iter()
        .filter(|o| matches!(o, ReportOutcome::AlreadyLoaded { .. }))
        .count();
    assert_eq!((loaded, already), (1, 1), "{a:?} {b:?}");
    let mut db = t.db().await;
    let files: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pension_report_files WHERE name <> 'demo records'",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!(files, 1);
}

/// The PDF's text, whitespace removed (line breaking moves it).
pub fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf reads");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

async fn get_bytes(t: &T, path: &str, token: &str) -> (u16, Option<String>, Vec<u8>) {
    let r = t
        .client
        .get(format!("{}{path}", t.api))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, ct, r.bytes().await.unwrap().to_vec())
}

async fn the_ready_texts_and_the_statement_are_pdfs(t: T) {
    let token = standard(&t, 0).await;
    let view = record(&t, &token).await;
    let d = &view["discrepancies"][0];
    let id = d["id"].as_str().unwrap();
    for doc in d["documents"].as_array().unwrap() {
        let kind = doc["kind"].as_str().unwrap();
        let (status, ct, bytes) =
            get_bytes(&t, &format!("/me/pension/documents/{id}/{kind}"), &token).await;
        assert_eq!(status, 200, "{kind}");
        assert_eq!(ct.as_deref(), Some("application/pdf"));
        assert!(bytes.starts_with(b"%PDF-"), "{kind}");
        if let Ok(dir) = std::env::var("KABINET_PDF_SAMPLES") {
            std::fs::write(
                std::path::Path::new(&dir).join(format!("{kind}.pdf")),
                &bytes,
            )
            .unwrap();
        }
        let text = pdf_text(&bytes);
        assert!(
            text.contains(&squash("ООО «Стройресурс»")),
            "{kind}: {text}"
        );
        assert!(
            text.contains(&squash("Демонстрационный Пользователь")),
            "{kind}"
        );
        // Every paragraph of the ready text is in the PDF.
        for block in doc["text"].as_str().unwrap().split("\n\n") {
            let words: String = squash(block).chars().take(40).collect();
            assert!(text.contains(&words), "{kind}: {words:?} missing");
        }
    }
    t.get(
        &format!("/me/pension/documents/{id}/birthday_card"),
        Some(&token),
    )
    .await
    .expect_error(404, "not_found");
    t.get("/me/pension/documents/nope/employer_request", Some(&token))
        .await
        .expect_error(404, "not_found");
    // Another standard citizen cannot fetch this one's documents by id.
    let other = standard(&t, 1).await;
    t.get(
        &format!("/me/pension/documents/{id}/employer_request"),
        Some(&other),
    )
    .await
    .expect_error(404, "not_found");

    // The statement: a signed PDF with the holder, the totals and every employer.
    let r = t
        .get("/me/pension/statement", Some(&token))
        .await
        .expect(200);
    let file: kabinet_core::api::SignedFile = serde_json::from_value(r.json).unwrap();
    assert_eq!(file.media_type, "application/pdf");
    assert!(file.file_name.ends_with(".pdf"));
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&file.content_base64)
        .unwrap();
    crate::pension::verify_bytes(
        &bytes,
        &file.signature_base64,
        &file.signer_chain_pem,
        &t.cert_pem,
    )
    .expect("the statement verifies with the pinned CA");
    let mut changed = bytes.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert!(
        crate::pension::verify_bytes(
            &changed,
            &file.signature_base64,
            &file.signer_chain_pem,
            &t.cert_pem
        )
        .is_err()
    );
    if let Ok(dir) = std::env::var("KABINET_PDF_SAMPLES") {
        // To look at by hand: the statement as a citizen gets it.
        std::fs::write(std::path::Path::new(&dir).join("statement.pdf"), &bytes).unwrap();
    }
    let text = pdf_text(&bytes);
    assert!(text.contains(&squash("Выписка из индивидуального лицевого счёта")));
    assert!(text.contains(&squash("485-370-789 32")));
    let total = view["total_points"].as_str().unwrap().replace('.', ",");
    assert!(text.contains(&total), "{total} in {text}");
    for name in [
        "ООО «Северный ветер»",
        "ООО «Стройресурс»",
        "АО «Уральские приборы»",
    ] {
        assert!(text.contains(&squash(name)), "{name}");
    }
    assert!(text.contains("Выявленныерасхождения"));
}
