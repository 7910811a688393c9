//! The fund's check of an application for the monthly cash payment (EDV,
//! `sfr-edv`): the certificate it names is looked up in the register of the
//! authority that issued it and must be the applicant's, for the ground claimed,
//! with the date of issue given (kabinet-core's `pension::edv::check`).
//!
//! The registers are at the edge of the world: this is their development adapter,
//! answering from `data/benefit-certificates.json` (shipped inside the binary).

use std::sync::OnceLock;

use kabinet_core::identity::snils::Snils;
use kabinet_core::pension::edv::{self, Claim, EdvCategory, Finding, IssuedCertificate};
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::state::AppState;

const DATA: &str = include_str!("../../data/benefit-certificates.json");

#[derive(Deserialize)]
struct Entry {
    snils: String,
    category: EdvCategory,
    series: String,
    number: String,
    issued_on: String,
}

#[derive(Deserialize)]
struct Register {
    certificates: Vec<Entry>,
}

fn register() -> &'static [IssuedCertificate] {
    static REGISTER: OnceLock<Vec<IssuedCertificate>> = OnceLock::new();
    REGISTER.get_or_init(|| {
        let Ok(r) = serde_json::from_str::<Register>(DATA) else {
            return Vec::new();
        };
        r.certificates
            .into_iter()
            .filter_map(|e| {
                Some(IssuedCertificate {
                    holder: Snils::parse(&e.snils).ok()?,
                    category: e.category,
                    series: e.series,
                    number: e.number,
                    issued_on: kabinet_core::date::parse(&e.issued_on).ok()?,
                })
            })
            .collect()
    })
}

/// The certificates with this series and number (in their normal forms).
fn lookup(series: &str, number: &str) -> Vec<IssuedCertificate> {
    let (series, number) = (edv::normal_series(series), edv::normal_number(number));
    register()
        .iter()
        .filter(|c| {
            edv::normal_series(&c.series) == series && edv::normal_number(&c.number) == number
        })
        .cloned()
        .collect()
}

fn claim_of(answers: &serde_json::Value) -> AppResult<Claim> {
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    let c = &answers["certificate"];
    (|| {
        Some(Claim {
            category: EdvCategory::from_key(answers["category"].as_str()?)?,
            series: text(&c["series"])?,
            number: text(&c["number"])?,
            issued_on: kabinet_core::date::parse(c["issued_on"].as_str()?).ok()?,
        })
    })()
    .ok_or_else(|| AppError::internal("an EDV application without its certificate"))
}

/// What the decision says of an assigned EDV: from which day, on which ground
/// and certificate, by which law.
pub(crate) fn decision_text(answers: &serde_json::Value, applied: time::Date) -> AppResult<String> {
    let claim = claim_of(answers)?;
    Ok(format!(
        "Ежемесячная денежная выплата установлена со дня обращения — {} — по основанию «{}» ({}); {} серии {} № {} от {}.",
        kabinet_core::pension::text::ru_date(applied),
        claim.category.title_ru(),
        claim.category.basis(),
        claim.category.certificate().ru,
        edv::normal_series(&claim.series),
        edv::normal_number(&claim.number),
        kabinet_core::pension::text::ru_date(claim.issued_on),
    ))
}

/// The fund's finding on an EDV application of `account`; below the standard
/// level (no confirmed SNILS) nothing is the applicant's.
pub(crate) async fn check(
    conn: &mut AnyConnection,
    state: &AppState,
    application_id: &str,
    account: &str,
) -> AppResult<Finding> {
    let snils = match super::record::confirmed(conn, state, account).await {
        Ok((_, snils)) => snils,
        Err(e) if e.code() == kabinet_core::api::ErrorCode::StandardLevelRequired => {
            return Ok(Finding::NotTheirs);
        }
        Err(e) => return Err(e),
    };
    let answers = crate::services::applications::answers_of(conn, state, application_id).await?;
    let claim = claim_of(&answers)?;
    Ok(edv::check(
        &claim,
        &snils,
        &lookup(&claim.series, &claim.number),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_development_register_reads_whole() {
        let raw: serde_json::Value = serde_json::from_str(DATA).expect("valid JSON");
        assert_eq!(
            register().len(),
            raw["certificates"].as_array().map_or(0, Vec::len)
        );
        assert_eq!(lookup("рм", "417 205").len(), 1);
    }
}
