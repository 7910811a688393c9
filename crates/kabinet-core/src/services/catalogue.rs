//! The shipped demo catalogue of state services (`data/catalogue.json`), the rules
//! every catalogue must keep, and its version.
//!
//! The same catalogue is served by the portal and kept offline by the app, so the
//! rules are checked here once: a catalogue that breaks one is refused whole, with
//! every problem listed ("where: what"), not just the first.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::api::identity::AccountLevel;
use crate::api::pension::Texts;
use crate::api::services::{Authority, AuthorityLevel, CatalogueView, Category, Service};
use crate::services::forms;

/// The demo catalogue shipped with the crate.
pub const BUILT_IN_CATALOGUE_JSON: &str = include_str!("../../data/catalogue.json");
/// Its application forms and the parts they share (`{"parts": …, "forms": …}`).
pub const BUILT_IN_FORMS_JSON: &str = include_str!("../../data/forms.json");

static BUILT_IN: LazyLock<Result<CatalogueView, String>> = LazyLock::new(|| {
    let source = built_in_source()?;
    parse(&source.to_string()).map_err(|e| e.to_string())
});

/// The shipped catalogue as one document: `catalogue.json` with the forms and
/// parts of `forms.json` (`form_parts`, `forms`).
pub fn built_in_source() -> Result<serde_json::Value, String> {
    let mut c: serde_json::Value = serde_json::from_str(BUILT_IN_CATALOGUE_JSON)
        .map_err(|e| format!("catalogue.json: {e}"))?;
    let mut f: serde_json::Value =
        serde_json::from_str(BUILT_IN_FORMS_JSON).map_err(|e| format!("forms.json: {e}"))?;
    c["form_parts"] = f["parts"].take();
    c["forms"] = f["forms"].take();
    Ok(c)
}

/// Everything wrong with a catalogue, each problem as "where: what".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("catalogue refused ({} problem(s)): {}", .problems.len(), .problems.join("; "))]
pub struct CatalogueError {
    pub problems: Vec<String>,
}

/// The catalogue as stored: the version is not stored, it is computed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    categories: Vec<Category>,
    authorities: Vec<Authority>,
    services: Vec<Service>,
    /// Parts the forms share, used as `{"$ref": "#/parts/NAME"}`.
    #[serde(default)]
    form_parts: serde_json::Map<String, serde_json::Value>,
    forms: BTreeMap<String, serde_json::Value>,
}

/// The shipped catalogue, parsed and checked once.
pub fn built_in() -> Result<&'static CatalogueView, String> {
    BUILT_IN.as_ref().map_err(Clone::clone)
}

/// Reads a catalogue (`{"categories": [...], "authorities": [...], "services": [...],
/// "form_parts": {...}, "forms": {...}}`), inlines the forms' parts, checks every
/// rule and computes its version.
pub fn parse(json: &str) -> Result<CatalogueView, CatalogueError> {
    let mut file: CatalogueFile = serde_json::from_str(json).map_err(|e| CatalogueError {
        problems: vec![format!("json: {e}")],
    })?;
    let mut problems = Vec::new();
    let parts = std::mem::take(&mut file.form_parts);
    for (id, form) in &mut file.forms {
        match forms::resolve(&parts, form) {
            Ok(resolved) => *form = resolved,
            Err(p) => problems.extend(p.into_iter().map(|p| format!("form {id}: {p}"))),
        }
    }
    if problems.is_empty() {
        problems = check(&file);
    }
    if !problems.is_empty() {
        return Err(CatalogueError { problems });
    }
    let version = version_of(&file)?;
    Ok(CatalogueView {
        version,
        categories: file.categories,
        authorities: file.authorities,
        services: file.services,
        forms: file.forms,
    })
}

/// The catalogue's version: the first 16 hex digits of SHA-256 over the canonical
/// JSON of its categories, authorities, services and (resolved) forms (serialized
/// from the parsed structs, so whitespace and key order in the file do not count).
/// The portal serves it with the catalogue and the app downloads the catalogue
/// again only when it changed.
fn version_of(file: &CatalogueFile) -> Result<String, CatalogueError> {
    let bytes = serde_json::to_vec(&(
        &file.categories,
        &file.authorities,
        &file.services,
        &file.forms,
    ))
    .map_err(|e| CatalogueError {
        problems: vec![format!("version: {e}")],
    })?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().take(8).map(|b| format!("{b:02x}")).collect())
}

impl CatalogueView {
    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The services offered in a region: federal ones (no regions) everywhere,
    /// regional ones where they list the region. `None`: every service.
    pub fn for_region<'a>(&'a self, region: Option<&'a str>) -> impl Iterator<Item = &'a Service> {
        self.services.iter().filter(move |s| offered_in(s, region))
    }
}

/// Is `s` offered in `region`? Federal services (no regions) everywhere, regional
/// ones where they list it; `None` (or a blank region): yes.
pub fn offered_in(s: &Service, region: Option<&str>) -> bool {
    match region.map(str::trim).filter(|r| !r.is_empty()) {
        None => true,
        Some(r) => s.regions.is_empty() || s.regions.iter().any(|x| x == r),
    }
}

fn well_formed_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn check_texts(problems: &mut Vec<String>, place: &str, texts: &Texts) {
    if texts.ru.trim().is_empty() {
        problems.push(format!("{place}: the Russian text is empty"));
    }
    if texts.en.trim().is_empty() {
        problems.push(format!("{place}: the English text is empty"));
    }
}

fn check_ids<'a>(
    problems: &mut Vec<String>,
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !well_formed_id(id) {
            problems.push(format!(
                "{kind}[{i}] «{id}»: the id must be lower-case ASCII letters, digits, '-' or '_'"
            ));
        }
        if !seen.insert(id) {
            problems.push(format!("{kind}[{i}] «{id}»: the id is used twice"));
        }
    }
    seen
}

fn check(file: &CatalogueFile) -> Vec<String> {
    let mut problems = Vec::new();

    let categories = check_ids(
        &mut problems,
        "categories",
        file.categories.iter().map(|c| c.id.as_str()),
    );
    for c in &file.categories {
        check_texts(&mut problems, &format!("category {}: name", c.id), &c.name);
    }

    check_ids(
        &mut problems,
        "authorities",
        file.authorities.iter().map(|a| a.id.as_str()),
    );
    for a in &file.authorities {
        let place = format!("authority {}", a.id);
        check_texts(&mut problems, &format!("{place}: name"), &a.name);
        check_texts(
            &mut problems,
            &format!("{place}: short_name"),
            &a.short_name,
        );
        match (a.level, &a.region) {
            (AuthorityLevel::Federal, Some(r)) => problems.push(format!(
                "{place}: a federal authority has no region (it names «{r}»)"
            )),
            (AuthorityLevel::Regional | AuthorityLevel::Municipal, None) => problems.push(format!(
                "{place}: a regional or municipal authority must name its region"
            )),
            (_, Some(r)) if r.trim().is_empty() || r.trim() != r => problems.push(format!(
                "{place}: the region «{r}» is empty or has spaces around it"
            )),
            _ => {}
        }
    }
    let authorities: std::collections::HashMap<&str, &Authority> = file
        .authorities
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();

    check_ids(
        &mut problems,
        "services",
        file.services.iter().map(|s| s.id.as_str()),
    );
    for s in &file.services {
        check_service(&mut problems, s, &categories, &authorities);
        if !file.forms.contains_key(&s.form) {
            problems.push(format!("service {}: no form «{}»", s.id, s.form));
        }
    }
    for (id, form) in &file.forms {
        if !well_formed_id(id) {
            problems.push(format!(
                "form «{id}»: the id must be lower-case ASCII letters, digits, '-' or '_'"
            ));
        }
        problems.extend(
            forms::check_schema(form)
                .into_iter()
                .map(|p| format!("form {id}: {p}")),
        );
        if !file.services.iter().any(|s| &s.form == id) {
            problems.push(format!("form {id}: no service uses it"));
        }
    }
    problems
}

fn check_service(
    problems: &mut Vec<String>,
    s: &Service,
    categories: &HashSet<&str>,
    authorities: &std::collections::HashMap<&str, &Authority>,
) {
    let place = format!("service {}", s.id);
    check_texts(problems, &format!("{place}: title"), &s.title);
    check_texts(problems, &format!("{place}: summary"), &s.summary);
    if let Some(step) = &s.online_step {
        check_texts(problems, &format!("{place}: online_step"), step);
    }

    if !categories.contains(s.category.as_str()) {
        problems.push(format!("{place}: no category «{}»", s.category));
    }

    let mut seen_regions = HashSet::new();
    for r in &s.regions {
        if r.trim().is_empty() || r.trim() != r {
            problems.push(format!(
                "{place}: region «{r}» is empty or has spaces around it"
            ));
        }
        if !seen_regions.insert(r.as_str()) {
            problems.push(format!("{place}: region «{r}» is listed twice"));
        }
    }
    match authorities.get(s.authority.as_str()) {
        None => problems.push(format!("{place}: no authority «{}»", s.authority)),
        Some(a) => {
            if let (AuthorityLevel::Regional | AuthorityLevel::Municipal, Some(own)) =
                (a.level, &a.region)
            {
                if s.regions.is_empty() {
                    problems.push(format!(
                        "{place}: the authority {} is regional, so the service must list its region «{own}»",
                        a.id
                    ));
                }
                for r in s.regions.iter().filter(|r| *r != own) {
                    problems.push(format!(
                        "{place}: region «{r}» is outside its authority {}'s region «{own}»",
                        a.id
                    ));
                }
            }
        }
    }

    if s.applicants.is_empty() {
        problems.push(format!("{place}: applicants: nobody may apply"));
    }
    if s.applicants.iter().collect::<HashSet<_>>().len() != s.applicants.len() {
        problems.push(format!("{place}: applicants: listed twice"));
    }
    if !s.verification.is_empty() && s.min_level != AccountLevel::Verified {
        problems.push(format!(
            "{place}: verification methods only apply to the verified level"
        ));
    }

    if let Some(fee) = &s.fee {
        if fee.amount < Decimal::ZERO {
            problems.push(format!("{place}: fee: the amount is negative"));
        }
        if let Some(p) = fee.portal_amount {
            if p < Decimal::ZERO {
                problems.push(format!("{place}: fee: the portal amount is negative"));
            }
            if p >= fee.amount {
                problems.push(format!(
                    "{place}: fee: the portal amount {p} is not lower than the amount {}",
                    fee.amount
                ));
            }
        }
        if fee.source.trim().is_empty() {
            problems.push(format!("{place}: fee: the source is empty"));
        }
    }

    for (i, d) in s.documents.iter().enumerate() {
        let dplace = format!("{place}: documents[{i}]");
        check_texts(problems, &format!("{dplace}: name"), &d.name);
        if let Some(from) = &d.fetched_from {
            if !authorities.contains_key(from.as_str()) {
                problems.push(format!("{dplace}: fetched_from: no authority «{from}»"));
            }
            if d.in_person {
                problems.push(format!(
                    "{dplace}: a document the portal fetches is not brought in person"
                ));
            }
        }
    }

    if s.duration_days < 1 {
        problems.push(format!("{place}: duration_days must be at least 1"));
    }
    if s.visit_within_working_days
        .is_some_and(|n| !(1..=30).contains(&n))
    {
        problems.push(format!("{place}: visit_within_working_days is 1 to 30"));
    }

    let mut seen_keywords = HashSet::new();
    for k in &s.keywords {
        if k.trim().is_empty() {
            problems.push(format!("{place}: keywords: an empty keyword"));
        } else if k.trim() != k {
            problems.push(format!("{place}: keywords: «{k}» has spaces around it"));
        } else if k.to_lowercase() != *k {
            problems.push(format!("{place}: keywords: «{k}» is not lower case"));
        }
        if !seen_keywords.insert(k.as_str()) {
            problems.push(format!("{place}: keywords: «{k}» is listed twice"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::services::Applicant;
    use serde_json::{Value, json};

    fn shipped_value() -> Value {
        built_in_source().expect("the shipped catalogue is JSON")
    }

    fn service_index(v: &Value, id: &str) -> usize {
        v["services"]
            .as_array()
            .expect("services")
            .iter()
            .position(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no service {id}"))
    }

    fn authority_index(v: &Value, id: &str) -> usize {
        v["authorities"]
            .as_array()
            .expect("authorities")
            .iter()
            .position(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no authority {id}"))
    }

    #[test]
    fn the_shipped_catalogue_parses_and_is_big_enough() {
        let c = built_in().expect("the shipped catalogue is valid");
        assert!(c.services.len() >= 45, "{} services", c.services.len());
        assert!(c.categories.len() >= 8);
        assert!(c.authorities.len() >= 8);
        let used_categories: HashSet<_> = c.services.iter().map(|s| &s.category).collect();
        let used_authorities: HashSet<_> = c.services.iter().map(|s| &s.authority).collect();
        assert!(used_categories.len() >= 8);
        assert!(used_authorities.len() >= 8);
        let organisation = c
            .services
            .iter()
            .filter(|s| s.applicants.contains(&Applicant::Organisation))
            .count();
        assert!(organisation >= 2, "{organisation} organisation services");
        assert_eq!(c.version.len(), 16);
        assert!(c.version.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn the_required_services_are_there() {
        let c = built_in().expect("the shipped catalogue is valid");
        for (id, authority) in [
            ("mvd-passport-20-45", "mvd"),
            ("mvd-foreign-passport-new", "mvd"),
            ("mvd-foreign-passport-old", "mvd"),
            ("mvd-driving-licence-replace", "mvd"),
            ("mvd-vehicle-registration", "mvd"),
            ("mvd-registration-residence", "mvd"),
            ("mvd-no-criminal-record", "mvd"),
            ("rosreestr-egrn-extract", "rosreestr"),
            ("nn-library-info", "nn_library"),
            ("nsk-library-info", "nsk_culture"),
            ("mos-kindergarten-queue", "mos_dogm"),
            ("spb-kindergarten-queue", "spb_komobr"),
            ("mo-kindergarten-queue", "mo_minobr"),
            ("nso-kindergarten-queue", "nso_minobr"),
            ("sfr-pension-old-age", "sfr"),
            ("sfr-pension-delivery", "sfr"),
            ("sfr-edv", "sfr"),
            ("sfr-nsu", "sfr"),
            ("sfr-pension-recalculation", "sfr"),
            ("sfr-care-compensation", "sfr"),
            ("sfr-pension-certificate", "sfr"),
            ("sfr-ils-statement", "sfr"),
            ("sfr-maternity-capital-certificate", "sfr"),
            ("sfr-maternity-capital-disposal", "sfr"),
            ("sfr-disability-register", "sfr"),
            ("fns-inn", "fns"),
            ("fns-tax-deduction-3ndfl", "fns"),
            ("zags-birth-registration", "zags"),
            ("zags-marriage", "zags"),
            ("zags-divorce", "zags"),
            ("minzdrav-doctor-appointment", "minzdrav"),
            ("foms-oms-policy", "foms"),
            ("rostrud-unemployment", "rostrud"),
            ("sfr-unified-benefit", "sfr"),
            ("fns-ip-registration", "fns"),
        ] {
            let s = c.service(id).unwrap_or_else(|| panic!("{id} is missing"));
            assert_eq!(s.authority, authority, "{id}");
        }
        assert!(c.service("no-such-service").is_none());
    }

    #[test]
    fn the_shipped_keywords_cover_what_people_type() {
        let c = built_in().expect("the shipped catalogue is valid");
        for (word, id) in [
            ("загран", "mvd-foreign-passport-new"),
            ("загранпаспорт", "mvd-foreign-passport-old"),
            ("права", "mvd-driving-licence-replace"),
            ("водительское", "mvd-driving-licence-replace"),
            ("инн", "fns-inn"),
            ("снилс", "sfr-snils"),
            ("прописка", "mvd-registration-residence"),
            ("регистрация", "mvd-registration-residence"),
            ("садик", "mos-kindergarten-queue"),
            ("детсад", "nso-kindergarten-queue"),
            ("маткапитал", "sfr-maternity-capital-certificate"),
            ("несудимость", "mvd-no-criminal-record"),
            ("выписка", "rosreestr-egrn-extract"),
            ("егрн", "rosreestr-egrn-extract"),
            ("больничный", "sfr-sick-leave"),
            ("полис", "foms-oms-policy"),
            ("омс", "foms-oms-policy"),
            ("ип", "fns-ip-registration"),
            ("вычет", "fns-tax-deduction-3ndfl"),
            ("3-ндфл", "fns-tax-deduction-3ndfl"),
        ] {
            let s = c.service(id).unwrap_or_else(|| panic!("{id} is missing"));
            assert!(
                s.keywords.iter().any(|k| k == word),
                "{id} has no keyword «{word}»"
            );
        }
    }

    type Mutation = fn(&mut Value);

    #[test]
    fn each_rule_refuses_a_broken_copy_and_names_the_place() {
        let cases: &[(&str, Mutation, &[&str])] = &[
            (
                "duplicate service id",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["id"] = json!("mvd-passport-20-45");
                },
                &["services[", "«mvd-passport-20-45»", "used twice"],
            ),
            (
                "duplicate category id",
                |v| v["categories"][1]["id"] = v["categories"][0]["id"].clone(),
                &["categories[1]", "used twice"],
            ),
            (
                "duplicate authority id",
                |v| v["authorities"][1]["id"] = json!("mvd"),
                &["authorities[1] «mvd»", "used twice"],
            ),
            (
                "upper-case service id",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["id"] = json!("FNS-Inn");
                },
                &["«FNS-Inn»", "lower-case ASCII"],
            ),
            (
                "Cyrillic category id",
                |v| v["categories"][0]["id"] = json!("документы"),
                &["categories[0] «документы»", "lower-case ASCII"],
            ),
            (
                "id with a space",
                |v| v["authorities"][0]["id"] = json!("m vd"),
                &["authorities[0] «m vd»", "lower-case ASCII"],
            ),
            (
                "unknown category",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["category"] = json!("astrology");
                },
                &["service fns-inn", "no category «astrology»"],
            ),
            (
                "unknown authority",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["authority"] = json!("kgb");
                },
                &["service fns-inn", "no authority «kgb»"],
            ),
            (
                "fetched_from an unknown authority",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["documents"][0]["fetched_from"] = json!("nowhere");
                },
                &["service fns-inn: documents[0]", "fetched_from", "«nowhere»"],
            ),
            (
                "fetched and in person at once",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["documents"][0]["in_person"] = json!(true);
                },
                &["service fns-inn: documents[0]", "in person"],
            ),
            (
                "regional authority without a region",
                |v| {
                    let i = authority_index(v, "mos_dogm");
                    v["authorities"][i]
                        .as_object_mut()
                        .expect("object")
                        .remove("region");
                },
                &["authority mos_dogm", "must name its region"],
            ),
            (
                "federal authority with a region",
                |v| {
                    let i = authority_index(v, "fns");
                    v["authorities"][i]["region"] = json!("Москва");
                },
                &["authority fns", "federal authority has no region"],
            ),
            (
                "regional service in another region",
                |v| {
                    let i = service_index(v, "mos-kindergarten-queue");
                    v["services"][i]["regions"] = json!(["Москва", "Санкт-Петербург"]);
                },
                &[
                    "service mos-kindergarten-queue",
                    "«Санкт-Петербург» is outside",
                    "«Москва»",
                ],
            ),
            (
                "regional service offered everywhere",
                |v| {
                    let i = service_index(v, "spb-kindergarten-queue");
                    v["services"][i]["regions"] = json!([]);
                },
                &["service spb-kindergarten-queue", "must list its region"],
            ),
            (
                "region listed twice",
                |v| {
                    let i = service_index(v, "nn-library-info");
                    v["services"][i]["regions"] =
                        json!(["Нижегородская область", "Нижегородская область"]);
                },
                &["service nn-library-info", "listed twice"],
            ),
            (
                "no applicants",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["applicants"] = json!([]);
                },
                &["service fns-inn", "applicants"],
            ),
            (
                "negative fee",
                |v| {
                    let i = service_index(v, "zags-divorce");
                    v["services"][i]["fee"]["amount"] = json!("-650");
                },
                &["service zags-divorce: fee", "negative"],
            ),
            (
                "portal amount not lower",
                |v| {
                    let i = service_index(v, "zags-divorce");
                    v["services"][i]["fee"]["portal_amount"] = json!("650");
                },
                &["service zags-divorce: fee", "not lower than the amount 650"],
            ),
            (
                "negative portal amount",
                |v| {
                    let i = service_index(v, "zags-divorce");
                    v["services"][i]["fee"]["portal_amount"] = json!("-1");
                },
                &["service zags-divorce: fee", "portal amount is negative"],
            ),
            (
                "fee without a source",
                |v| {
                    let i = service_index(v, "zags-divorce");
                    v["services"][i]["fee"]["source"] = json!(" ");
                },
                &["service zags-divorce: fee", "source is empty"],
            ),
            (
                "empty Russian title",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["title"]["ru"] = json!("");
                },
                &["service fns-inn: title", "Russian text is empty"],
            ),
            (
                "empty English summary",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["summary"]["en"] = json!("  ");
                },
                &["service fns-inn: summary", "English text is empty"],
            ),
            (
                "empty category name",
                |v| v["categories"][0]["name"]["ru"] = json!(""),
                &["category documents: name", "Russian"],
            ),
            (
                "empty authority short name",
                |v| {
                    let i = authority_index(v, "sfr");
                    v["authorities"][i]["short_name"]["en"] = json!("");
                },
                &["authority sfr: short_name", "English"],
            ),
            (
                "empty document name",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["documents"][1]["name"]["ru"] = json!("");
                },
                &["service fns-inn: documents[1]: name", "Russian"],
            ),
            (
                "empty online step",
                |v| {
                    let i = service_index(v, "zags-marriage");
                    v["services"][i]["online_step"]["en"] = json!("");
                },
                &["service zags-marriage: online_step", "English"],
            ),
            (
                "upper-case keyword",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["keywords"][0] = json!("ИНН");
                },
                &["service fns-inn: keywords", "«ИНН» is not lower case"],
            ),
            (
                "keyword with spaces",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["keywords"][0] = json!(" инн");
                },
                &["service fns-inn: keywords", "spaces"],
            ),
            (
                "empty keyword",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["keywords"][0] = json!("");
                },
                &["service fns-inn: keywords", "empty keyword"],
            ),
            (
                "keyword twice",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["keywords"][1] = v["services"][i]["keywords"][0].clone();
                },
                &["service fns-inn: keywords", "listed twice"],
            ),
            (
                "zero duration",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["duration_days"] = json!(0);
                },
                &["service fns-inn", "duration_days"],
            ),
            (
                "verification below the verified level",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["verification"] = json!(["in_person"]);
                },
                &["service fns-inn", "verification methods"],
            ),
            (
                "unknown field",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["colour"] = json!("green");
                },
                &["json:", "colour"],
            ),
            (
                "a stored version",
                |v| v["version"] = json!("abc"),
                &["json:", "version"],
            ),
            (
                "a service whose form is missing",
                |v| {
                    let i = service_index(v, "fns-inn");
                    v["services"][i]["form"] = json!("nothing");
                },
                &["service fns-inn: no form «nothing»"],
            ),
            (
                "a form that names a missing part",
                |v| {
                    v["forms"]["basic"]["properties"]["applicant"]["$ref"] = json!("#/parts/nobody")
                },
                &["form basic: no form part «nobody»"],
            ),
            (
                "a form field without its English title",
                |v| {
                    v["form_parts"]["consent"]["x-title"]
                        .as_object_mut()
                        .expect("texts")
                        .remove("en");
                },
                &["form basic: consent: no ru and en x-title"],
            ),
        ];
        for (name, mutate, expected) in cases {
            let mut v = shipped_value();
            mutate(&mut v);
            let err = parse(&v.to_string()).expect_err(name);
            let message = err.to_string();
            for part in *expected {
                assert!(
                    message.contains(part),
                    "{name}: «{part}» not in «{message}»"
                );
            }
        }
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let mut v = shipped_value();
        let i = service_index(&v, "fns-inn");
        v["services"][i]["category"] = json!("astrology");
        v["services"][i]["duration_days"] = json!(0);
        let j = service_index(&v, "zags-divorce");
        v["services"][j]["applicants"] = json!([]);
        let err = parse(&v.to_string()).expect_err("three problems");
        assert_eq!(err.problems.len(), 3, "{:?}", err.problems);
    }

    #[test]
    fn the_version_follows_the_content_not_the_layout() {
        let original = built_in().expect("valid").version.clone();
        let v = shipped_value();

        // Compact JSON, and every object's keys in reverse order (written by hand:
        // serde_json's map sorts its keys).
        // The order of a form's fields is the form's content (the order they are
        // asked in), so forms keep theirs.
        fn reversed(v: &Value) -> String {
            match v {
                Value::Object(m) => {
                    let fields: Vec<String> = m
                        .iter()
                        .rev()
                        .map(|(k, x)| {
                            let inner = if k == "forms" || k == "form_parts" {
                                x.to_string()
                            } else {
                                reversed(x)
                            };
                            format!("{}:\n  {}", Value::from(k.as_str()), inner)
                        })
                        .collect();
                    format!("{{ {} }}", fields.join(" ,\n"))
                }
                Value::Array(a) => {
                    let items: Vec<String> = a.iter().map(reversed).collect();
                    format!("[\t{}\t]", items.join(" , "))
                }
                other => other.to_string(),
            }
        }
        let compact = serde_json::to_string(&v).expect("json");
        assert_eq!(parse(&compact).expect("valid").version, original);
        let reordered = reversed(&v);
        let first_service = reordered
            .find("\"keywords\"")
            .zip(reordered.find("\"id\""))
            .expect("keys");
        assert!(first_service.0 < first_service.1, "keys not reversed");
        assert_eq!(parse(&reordered).expect("valid").version, original);

        let changes: &[(&str, Mutation)] = &[
            ("a title", |v| {
                let i = service_index(v, "fns-inn");
                v["services"][i]["title"]["en"] = json!("Getting an INN");
            }),
            ("a fee", |v| {
                let i = service_index(v, "zags-divorce");
                v["services"][i]["fee"]["amount"] = json!("700");
            }),
            ("a keyword", |v| {
                let i = service_index(v, "fns-inn");
                v["services"][i]["keywords"]
                    .as_array_mut()
                    .expect("array")
                    .push(json!("номер налогоплательщика"));
            }),
            ("an authority's name", |v| {
                v["authorities"][0]["short_name"]["ru"] = json!("МВД РФ");
            }),
        ];
        for (what, change) in changes {
            let mut changed = shipped_value();
            change(&mut changed);
            let version = parse(&changed.to_string()).expect("still valid").version;
            assert_ne!(version, original, "changing {what} keeps the version");
        }
    }

    #[test]
    fn services_by_region() {
        let c = built_in().expect("valid");
        let ids = |region: Option<&str>| -> HashSet<String> {
            c.for_region(region).map(|s| s.id.clone()).collect()
        };
        assert_eq!(ids(None).len(), c.services.len());
        let federal = c.services.iter().filter(|s| s.regions.is_empty()).count();
        assert_eq!(ids(Some("Республика Татарстан")).len(), federal);
        for (region, present, absent) in [
            (
                "Москва",
                &["mos-kindergarten-queue", "mos-school-enrolment", "fns-inn"][..],
                &[
                    "spb-kindergarten-queue",
                    "mo-kindergarten-queue",
                    "nn-library-info",
                ][..],
            ),
            (
                "Московская область",
                &[
                    "mo-kindergarten-queue",
                    "mo-housing-subsidy",
                    "sfr-pension-old-age",
                ][..],
                &["mos-kindergarten-queue", "nso-kindergarten-queue"][..],
            ),
            (
                "Новосибирская область",
                &[
                    "nso-kindergarten-queue",
                    "nsk-library-info",
                    "mvd-passport-20-45",
                ][..],
                &["nn-library-info", "mos-school-enrolment"][..],
            ),
            (
                "Нижегородская область",
                &["nn-library-info", "rosreestr-egrn-extract"][..],
                &["nsk-library-info", "spb-kindergarten-queue"][..],
            ),
            (
                "Республика Татарстан",
                &["mvd-foreign-passport-new"][..],
                &[
                    "mos-kindergarten-queue",
                    "nn-library-info",
                    "nsk-library-info",
                ][..],
            ),
        ] {
            let got = ids(Some(region));
            for id in present {
                assert!(got.contains(*id), "{region}: {id} missing");
            }
            for id in absent {
                assert!(!got.contains(*id), "{region}: {id} offered");
            }
        }
    }

    #[test]
    fn every_region_named_is_a_development_region() {
        // The regions as the development registries spell them in addresses.
        let known = [
            "Москва",
            "Санкт-Петербург",
            "Московская область",
            "Новосибирская область",
            "Нижегородская область",
            "Краснодарский край",
            "Республика Татарстан",
            "Свердловская область",
        ];
        let c = built_in().expect("valid");
        let named = c
            .services
            .iter()
            .flat_map(|s| s.regions.iter())
            .chain(c.authorities.iter().filter_map(|a| a.region.as_ref()));
        for r in named {
            assert!(known.contains(&r.as_str()), "unknown region «{r}»");
        }
    }
}
