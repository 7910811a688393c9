//! Application forms: JSON Schema (draft 2020-12) documents in the catalogue, one
//! per kind of application, which the app renders and both the app and the portal
//! check with the same validator (`jsonschema`) and the same rules here — every
//! problem at once, each as a field path and a typed [`ErrorCode`] the UI words in
//! the citizen's language.
//!
//! The schemas carry, besides standard keywords, annotations for the form
//! renderer that the validator ignores:
//! - `x-title`, `x-hint`, `x-add` — `{ru, en}` texts: the field's label, a line
//!   under it, the button that adds a repeated group's item;
//! - `x-labels` — `{value: {ru, en}}` for each value of an `enum`;
//! - `x-prefill` — what the account already holds ([`PREFILL_KEYS`]);
//! - `x-code` — the error code of a `pattern` or range the field breaks;
//! - `x-show-if` — `{field, equals}` / `{field, not}`: the field is asked (and its
//!   answer kept) only when a sibling has (or has not) that value;
//! - `x-widget` — `textarea` for long text, `attachment` for a file (the answer
//!   is the uploaded file's id; [`super::attachments`]).
//!
//! Shared parts (`applicant`, `passport`, `address`, …) are written once in the
//! catalogue's `form_parts` and used with `{"$ref": "#/parts/…"}`; the catalogue
//! inlines them, so every served form is one self-contained document.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use time::Date;

use crate::api::ErrorCode;
use crate::api::identity::{FieldProblem, ProfileSubmission};
use crate::identity::snils::Snils;

/// What `x-prefill` may name: the confirmed profile's data.
pub const PREFILL_KEYS: &[&str] = &[
    "surname",
    "first_name",
    "patronymic",
    "birth_date",
    "snils",
    "passport.series",
    "passport.number",
    "passport.issued_on",
    "passport.division_code",
    "address",
];

/// The formats forms use beyond JSON Schema's own: `date` (a calendar date
/// `YYYY-MM-DD` of 1900–2100), `past-date` (such a date, not after today) and
/// `snils` (with its check digits).
pub const FORMATS: &[&str] = &["date", "past-date", "snils"];

/// The root every field path starts with (`form.applicant.surname`), so a form's
/// problems never clash with the request's own fields.
pub const ROOT: &str = "form";

const PARTS_PREFIX: &str = "#/parts/";

/// Inlines `{"$ref": "#/parts/NAME", …siblings}` with the part (siblings win), in
/// parts too. Every problem is named.
pub fn resolve(parts: &Map<String, Value>, form: &Value) -> Result<Value, Vec<String>> {
    let mut problems = Vec::new();
    let out = resolve_in(parts, form, &mut problems, 0);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn resolve_in(
    parts: &Map<String, Value>,
    v: &Value,
    problems: &mut Vec<String>,
    depth: usize,
) -> Value {
    if depth > 16 {
        problems.push("parts refer to each other in a loop".into());
        return Value::Null;
    }
    match v {
        Value::Object(o) => {
            let mut out = Map::new();
            if let Some(r) = o.get("$ref") {
                match r.as_str().and_then(|r| r.strip_prefix(PARTS_PREFIX)) {
                    Some(name) => match parts.get(name) {
                        Some(Value::Object(part)) => {
                            if let Value::Object(p) =
                                resolve_in(parts, &Value::Object(part.clone()), problems, depth + 1)
                            {
                                out = p;
                            }
                        }
                        _ => problems.push(format!("no form part «{name}»")),
                    },
                    None => problems.push(format!(
                        "«$ref» {r} must name a part as «{PARTS_PREFIX}NAME»"
                    )),
                }
            }
            for (k, x) in o {
                if k != "$ref" {
                    out.insert(k.clone(), resolve_in(parts, x, problems, depth));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| resolve_in(parts, x, problems, depth))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The rules a form schema keeps besides being valid JSON Schema: an object at the
/// root; every field titled in both languages; every enum value labelled; known
/// prefill keys, codes and formats; `x-show-if` naming a sibling. "where: what".
pub fn check_schema(schema: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if schema.get("type").and_then(Value::as_str) != Some("object") {
        problems.push("the form is not an object".into());
    }
    if let Err(e) = validator(schema, time::macros::date!(2000 - 01 - 01)) {
        problems.push(format!("not a valid JSON Schema: {e}"));
    }
    check_node(schema, "", &mut problems);
    problems
}

fn texts_ok(v: Option<&Value>) -> bool {
    v.is_some_and(|t| {
        ["ru", "en"].iter().all(|l| {
            t.get(l)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty())
        })
    })
}

fn check_node(node: &Value, path: &str, problems: &mut Vec<String>) {
    let place = if path.is_empty() { "form" } else { path };
    if let Some(p) = node.get("x-prefill")
        && !p.as_str().is_some_and(|k| PREFILL_KEYS.contains(&k))
    {
        problems.push(format!(
            "{place}: x-prefill {p} is not one of {PREFILL_KEYS:?}"
        ));
    }
    if let Some(c) = node.get("x-code")
        && serde_json::from_value::<ErrorCode>(c.clone()).is_err()
    {
        problems.push(format!("{place}: x-code {c} is not an error code"));
    }
    if let Some(f) = node.get("format").and_then(Value::as_str)
        && !FORMATS.contains(&f)
    {
        problems.push(format!("{place}: format «{f}» is not one of {FORMATS:?}"));
    }
    match node.get("x-widget").and_then(Value::as_str) {
        None | Some("textarea") => {}
        Some(w) if w == super::attachments::WIDGET => {
            if node.get("pattern").and_then(Value::as_str) != Some("^[0-9a-f]{32}$") {
                problems.push(format!(
                    "{place}: an attachment's answer is an id: pattern ^[0-9a-f]{{32}}$"
                ));
            }
        }
        Some(w) => problems.push(format!(
            "{place}: x-widget «{w}» is not textarea or attachment"
        )),
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        for v in values {
            let key = v.as_str().unwrap_or_default();
            if !texts_ok(node.get("x-labels").and_then(|l| l.get(key))) {
                problems.push(format!("{place}: enum value {v} has no ru and en label"));
            }
        }
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            let here = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            if !texts_ok(p.get("x-title")) {
                problems.push(format!("{here}: no ru and en x-title"));
            }
            if let Some(cond) = p.get("x-show-if") {
                let field = cond.get("field").and_then(Value::as_str);
                if !field.is_some_and(|f| props.contains_key(f))
                    || (cond.get("equals").is_none() && cond.get("not").is_none())
                {
                    problems.push(format!(
                        "{here}: x-show-if must name a sibling field and «equals» or «not»"
                    ));
                }
            }
            check_node(p, &here, problems);
        }
    }
    if let Some(items) = node.get("items") {
        if !texts_ok(items.get("x-title")) {
            problems.push(format!("{place}[]: no ru and en x-title"));
        }
        if !texts_ok(node.get("x-add")) {
            problems.push(format!(
                "{place}: a repeated group needs an ru and en x-add"
            ));
        }
        check_node(items, &format!("{place}[]"), problems);
    }
}

fn iso_date(s: &str) -> Option<Date> {
    crate::date::parse(s).ok()
}

/// The validator of `schema` with the forms' own formats checked, `today` for
/// `past-date`.
pub fn validator(schema: &Value, today: Date) -> Result<jsonschema::Validator, String> {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .with_format("date", |s: &str| iso_date(s).is_some())
        .with_format("past-date", move |s: &str| {
            iso_date(s).is_some_and(|d| d <= today)
        })
        .with_format("snils", |s: &str| Snils::parse(s).is_ok())
        .build(schema)
        .map_err(|e| e.to_string())
}

fn shown(cond: &Value, answers: &Map<String, Value>) -> bool {
    let Some(field) = cond.get("field").and_then(Value::as_str) else {
        return true;
    };
    let value = answers.get(field);
    match (cond.get("equals"), cond.get("not")) {
        (Some(eq), _) => value == Some(eq),
        (None, Some(not)) => value.is_some() && value != Some(not),
        (None, None) => true,
    }
}

/// The answers as they are checked, sent and stored: texts trimmed; empty texts,
/// nulls and empty groups left out (an empty optional field is no answer, an empty
/// required one is `required`); fields whose `x-show-if` does not hold left out
/// (typed, then hidden by a choice — the app's draft keeps them). Items of a
/// repeated group keep their places, so a problem's path points at the item typed.
pub fn normalise(schema: &Value, answers: &Value) -> Value {
    match answers {
        Value::String(s) => Value::String(s.trim().to_owned()),
        Value::Object(o) => {
            let props = schema.get("properties").and_then(Value::as_object);
            let mut out = Map::new();
            for (k, v) in o {
                let sub = props.and_then(|p| p.get(k)).unwrap_or(&Value::Null);
                if let Some(cond) = sub.get("x-show-if")
                    && !shown(cond, o)
                {
                    continue;
                }
                let n = normalise(sub, v);
                let empty = match &n {
                    Value::Null => true,
                    Value::String(s) => s.is_empty(),
                    Value::Object(m) => m.is_empty(),
                    _ => false,
                };
                if !empty {
                    out.insert(k.clone(), n);
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => {
            let item = schema.get("items").unwrap_or(&Value::Null);
            Value::Array(a.iter().map(|x| normalise(item, x)).collect())
        }
        other => other.clone(),
    }
}

/// `/applicant/surname` → `form.applicant.surname`.
fn dotted(pointer: &str) -> String {
    let mut out = String::from(ROOT);
    for seg in pointer.split('/').skip(1) {
        out.push('.');
        out.push_str(&seg.replace("~1", "/").replace("~0", "~"));
    }
    out
}

/// The schema node whose keyword failed: the schema path without its last segment.
fn node_at<'s>(schema: &'s Value, schema_path: &str) -> Option<&'s Value> {
    let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
    schema.pointer(parent)
}

fn code_of(node: Option<&Value>) -> Option<ErrorCode> {
    node.and_then(|n| n.get("x-code"))
        .and_then(|c| serde_json::from_value(c.clone()).ok())
}

/// Every problem of `answers` (already [`normalise`]d) against `schema`, one per
/// field, in the order the validator meets them. Empty: the answers are good.
pub fn problems(schema: &Value, answers: &Value, today: Date) -> Vec<FieldProblem> {
    let validator = match validator(schema, today) {
        Ok(v) => v,
        Err(_) => return vec![FieldProblem::new(ROOT, ErrorCode::Internal)],
    };
    let mut out: Vec<FieldProblem> = Vec::new();
    let mut push = |field: String, code: ErrorCode| {
        if !out.iter().any(|p| p.field == field) {
            out.push(FieldProblem::new(field, code));
        }
    };
    use jsonschema::error::ValidationErrorKind as K;
    for e in validator.iter_errors(answers) {
        let at = e.instance_path().as_str().to_owned();
        let node = node_at(schema, e.schema_path().as_str());
        let instance = answers.pointer(&at);
        match e.kind() {
            K::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                push(format!("{}.{name}", dotted(&at)), ErrorCode::Required);
            }
            K::AdditionalProperties { unexpected } => {
                for name in unexpected {
                    push(format!("{}.{name}", dotted(&at)), ErrorCode::ValueInvalid);
                }
            }
            K::Format { format } => {
                let text = instance.and_then(Value::as_str).unwrap_or_default();
                let code = match format.as_str() {
                    "snils" => Snils::parse(text)
                        .err()
                        .map_or(ErrorCode::SnilsInvalid, |e| e.code()),
                    "past-date" if iso_date(text).is_some() => ErrorCode::DateInFuture,
                    "date" | "past-date" => ErrorCode::DateInvalid,
                    _ => ErrorCode::ValueInvalid,
                };
                push(dotted(&at), code);
            }
            K::Pattern { .. } => push(
                dotted(&at),
                code_of(node).unwrap_or(ErrorCode::ValueInvalid),
            ),
            K::MinLength { .. } | K::MinItems { .. } => push(dotted(&at), ErrorCode::Required),
            K::MaxLength { .. } => push(dotted(&at), ErrorCode::TooLong),
            K::Constant { .. } if instance.is_some_and(Value::is_boolean) => {
                push(dotted(&at), ErrorCode::Required);
            }
            K::Minimum { .. }
            | K::Maximum { .. }
            | K::ExclusiveMinimum { .. }
            | K::ExclusiveMaximum { .. }
            | K::MaxItems { .. } => {
                push(dotted(&at), code_of(node).unwrap_or(ErrorCode::OutOfRange));
            }
            _ => push(dotted(&at), ErrorCode::ValueInvalid),
        }
    }
    out.sort_by_cached_key(|p| form_order(schema, &p.field));
    out
}

/// Where a field comes in the form (the order its properties are written in, an
/// item's place in its group), so problems are listed as the form is read.
fn form_order(schema: &Value, field: &str) -> Vec<usize> {
    let mut node = schema;
    let mut key = Vec::new();
    for seg in field.split('.').skip(1) {
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            key.push(props.keys().position(|k| k == seg).unwrap_or(usize::MAX));
            node = props.get(seg).unwrap_or(&Value::Null);
        } else if let Some(items) = node.get("items") {
            key.push(seg.parse().unwrap_or(usize::MAX));
            node = items;
        } else {
            key.push(usize::MAX);
        }
    }
    key
}

/// Normalises `answers` (none: an empty form) and checks them: the answers to send
/// and store, or every problem.
pub fn check(schema: &Value, answers: &Value, today: Date) -> Result<Value, Vec<FieldProblem>> {
    let empty = Value::Object(Map::new());
    let answers = if answers.is_null() { &empty } else { answers };
    if !answers.is_object() {
        return Err(vec![FieldProblem::new(ROOT, ErrorCode::MalformedRequest)]);
    }
    let normal = normalise(schema, answers);
    let found = problems(schema, &normal, today);
    if found.is_empty() {
        Ok(normal)
    } else {
        Err(found)
    }
}

/// What the account already holds, by [`PREFILL_KEYS`] key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prefill(BTreeMap<&'static str, Value>);

impl Prefill {
    /// From the profile the registries confirmed.
    pub fn from_profile(p: &ProfileSubmission) -> Self {
        let mut m = BTreeMap::new();
        let mut put = |k: &'static str, v: &str| {
            if !v.trim().is_empty() {
                m.insert(k, Value::String(v.trim().to_owned()));
            }
        };
        put("surname", &p.surname);
        put("first_name", &p.first_name);
        put("patronymic", p.patronymic.as_deref().unwrap_or_default());
        put("birth_date", &p.birth_date);
        put("snils", &p.snils);
        put("passport.series", &p.passport.series);
        put("passport.number", &p.passport.number);
        put("passport.issued_on", &p.passport.issued_on);
        put("passport.division_code", &p.passport.division_code);
        if let Some(a) = &p.address
            && let Ok(v) = serde_json::to_value(a)
        {
            m.insert("address", v);
        }
        Prefill(m)
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
}

/// The answers a new form starts with: every `x-prefill` field the account holds.
/// Only objects are walked (a repeated group starts empty).
pub fn prefill(schema: &Value, from: &Prefill) -> Value {
    if let Some(v) = schema
        .get("x-prefill")
        .and_then(Value::as_str)
        .and_then(|k| from.get(k))
    {
        return v.clone();
    }
    let mut out = Map::new();
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, p) in props {
            let v = prefill(p, from);
            let empty = v.is_null() || v.as_object().is_some_and(Map::is_empty);
            if !empty {
                out.insert(k.clone(), v);
            }
        }
    }
    if out.is_empty() && schema.get("properties").is_none() {
        Value::Null
    } else {
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::services::catalogue::built_in;
    use serde_json::json;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 03);

    fn form(service: &str) -> &'static Value {
        let c = built_in().expect("catalogue");
        let s = c.service(service).expect("service");
        c.forms.get(&s.form).expect("form")
    }

    fn applicant() -> Value {
        json!({"surname": "Демонстрационный", "first_name": "Иван", "patronymic": "Петрович",
               "birth_date": "1964-05-12", "snils": "112-233-445 95"})
    }

    fn passport() -> Value {
        json!({"series": "45 10", "number": "123456", "issued_on": "2009-06-01", "division_code": "770-001"})
    }

    fn address() -> Value {
        json!({"postcode": "125009", "region": "Москва", "town": "Москва", "street": "ул. Тверская", "house": "7", "flat": ""})
    }

    fn pension() -> Value {
        json!({"applicant": applicant(), "passport": passport(), "address": address(),
               "payment": {"method": "bank", "bank": {"bik": "044525225", "account": "40817810099910004312"}},
               "dependants": [], "working": false, "consent": true})
    }

    fn codes(r: Result<Value, Vec<FieldProblem>>) -> Vec<(String, ErrorCode)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect()
    }

    #[test]
    fn every_shipped_form_keeps_the_rules() {
        let c = built_in().expect("catalogue");
        assert!(c.forms.len() >= 7, "{} forms", c.forms.len());
        for (id, schema) in &c.forms {
            assert_eq!(check_schema(schema), Vec::<String>::new(), "form {id}");
            assert!(
                !schema.to_string().contains("$ref"),
                "form {id} is self-contained"
            );
        }
    }

    #[test]
    fn good_answers_pass_and_come_back_normalised() {
        let ok = check(form("sfr-pension-old-age"), &pension(), TODAY).expect("valid");
        assert_eq!(
            ok["address"].get("flat"),
            None,
            "an empty optional text is no answer"
        );
        assert_eq!(ok["applicant"]["surname"], "Демонстрационный");
    }

    /// Each row: what is changed in good answers, and every problem it must give.
    #[test]
    fn problems_name_the_field_and_the_reason() {
        type Change = fn(&mut Value);
        type Row = (&'static str, Change, &'static [(&'static str, ErrorCode)]);
        let rows: &[Row] = &[
            (
                "nothing typed",
                |v| *v = json!({}),
                &[
                    ("form.applicant", ErrorCode::Required),
                    ("form.passport", ErrorCode::Required),
                    ("form.address", ErrorCode::Required),
                    ("form.payment", ErrorCode::Required),
                    ("form.consent", ErrorCode::Required),
                ],
            ),
            (
                "blank surname",
                |v| v["applicant"]["surname"] = json!("   "),
                &[("form.applicant.surname", ErrorCode::Required)],
            ),
            (
                "SNILS slip",
                |v| v["applicant"]["snils"] = json!("112-233-445 96"),
                &[("form.applicant.snils", ErrorCode::SnilsCheckDigits)],
            ),
            (
                "SNILS short",
                |v| v["applicant"]["snils"] = json!("112-233"),
                &[("form.applicant.snils", ErrorCode::SnilsInvalid)],
            ),
            (
                "birth tomorrow",
                |v| v["applicant"]["birth_date"] = json!("2026-12-04"),
                &[("form.applicant.birth_date", ErrorCode::DateInFuture)],
            ),
            (
                "birth typed the Russian way",
                |v| v["applicant"]["birth_date"] = json!("12.05.1964"),
                &[("form.applicant.birth_date", ErrorCode::DateInvalid)],
            ),
            (
                "series and division code",
                |v| {
                    v["passport"]["series"] = json!("451");
                    v["passport"]["division_code"] = json!("77-001");
                },
                &[
                    ("form.passport.series", ErrorCode::PassportSeriesInvalid),
                    (
                        "form.passport.division_code",
                        ErrorCode::DivisionCodeInvalid,
                    ),
                ],
            ),
            (
                "bank chosen, no details",
                |v| v["payment"] = json!({"method": "bank"}),
                &[("form.payment.bank", ErrorCode::Required)],
            ),
            (
                "bank details wrong",
                |v| v["payment"]["bank"] = json!({"bik": "12", "account": ""}),
                &[
                    ("form.payment.bank.bik", ErrorCode::ValueInvalid),
                    ("form.payment.bank.account", ErrorCode::Required),
                ],
            ),
            (
                "a dependant half typed",
                |v| v["dependants"] = json!([{"surname": "Иванова"}]),
                &[
                    ("form.dependants.0.first_name", ErrorCode::Required),
                    ("form.dependants.0.birth_date", ErrorCode::Required),
                    ("form.dependants.0.relation", ErrorCode::Required),
                ],
            ),
            (
                "consent not ticked",
                |v| v["consent"] = json!(false),
                &[("form.consent", ErrorCode::Required)],
            ),
            (
                "a field the form has not",
                |v| v["extra"] = json!("x"),
                &[("form.extra", ErrorCode::ValueInvalid)],
            ),
            (
                "a choice the form has not",
                |v| v["payment"]["method"] = json!("pigeon"),
                &[("form.payment.method", ErrorCode::ValueInvalid)],
            ),
        ];
        for (what, change, want) in rows {
            let mut v = pension();
            change(&mut v);
            let got = codes(check(form("sfr-pension-old-age"), &v, TODAY));
            let want: Vec<(String, ErrorCode)> =
                want.iter().map(|(f, c)| ((*f).to_owned(), *c)).collect();
            assert_eq!(got, want, "{what}");
        }
    }

    #[test]
    fn a_hidden_field_is_neither_checked_nor_kept() {
        let mut v = pension();
        v["payment"] = json!({"method": "post", "bank": {"bik": "1"}});
        let ok = check(form("sfr-pension-old-age"), &v, TODAY).expect("valid");
        assert_eq!(ok["payment"], json!({"method": "post"}));
    }

    #[test]
    fn ranges_and_repeated_groups() {
        let f = form("sfr-maternity-capital-disposal");
        let base = json!({"applicant": applicant(), "purpose": "education", "amount": 120000.5,
                          "recipient": "МГУ", "consent": true});
        assert!(check(f, &base, TODAY).is_ok());
        for (amount, code) in [
            (json!(0), ErrorCode::OutOfRange),
            (json!(2_000_000), ErrorCode::OutOfRange),
            (json!("сто"), ErrorCode::ValueInvalid),
        ] {
            let mut v = base.clone();
            v["amount"] = amount;
            assert_eq!(
                codes(check(f, &v, TODAY)),
                [("form.amount".to_owned(), code)]
            );
        }
        let k = form("mos-kindergarten-queue");
        let mut v = json!({"applicant": applicant(),
            "child": {"surname": "Иванова", "first_name": "Мария", "birth_date": "2024-02-10",
                      "certificate_series": "IV-МЮ", "certificate_number": "123456"},
            "from": "2027-09-01", "kindergartens": ["№ 1234"], "benefit": "none", "consent": true});
        assert!(check(k, &v, TODAY).is_ok());
        v["kindergartens"] = json!([]);
        v["child"]["certificate_series"] = json!("4-МЮ");
        assert_eq!(
            codes(check(k, &v, TODAY)),
            [
                (
                    "form.child.certificate_series".to_owned(),
                    ErrorCode::DocumentNumberInvalid
                ),
                ("form.kindergartens".to_owned(), ErrorCode::Required)
            ]
        );
        v["kindergartens"] = json!(["1", "", "3", "4"]);
        let got = codes(check(k, &v, TODAY));
        assert!(
            got.contains(&("form.kindergartens".to_owned(), ErrorCode::OutOfRange)),
            "{got:?}"
        );
        assert!(
            got.contains(&("form.kindergartens.1".to_owned(), ErrorCode::Required)),
            "{got:?}"
        );
    }

    #[test]
    fn a_form_starts_with_what_the_account_holds() {
        let profile: ProfileSubmission = serde_json::from_value(json!({
            "surname": "Демонстрационный", "first_name": "Иван", "patronymic": null, "sex": "male",
            "birth_date": "1964-05-12", "birth_place": "г. Москва",
            "passport": {"series": "4510", "number": "123456", "issued_on": "2009-06-01",
                         "issuer": "ОВД", "division_code": "770-001"},
            "snils": "11223344595",
            "address": {"postcode": "125009", "region": "Москва", "town": "Москва",
                        "street": "ул. Тверская", "house": "7"}
        }))
        .expect("profile");
        let v = prefill(
            form("sfr-pension-old-age"),
            &Prefill::from_profile(&profile),
        );
        assert_eq!(v["applicant"]["surname"], "Демонстрационный");
        assert_eq!(v["applicant"].get("patronymic"), None);
        assert_eq!(v["passport"]["division_code"], "770-001");
        assert_eq!(v["address"]["house"], "7");
        assert_eq!(v.get("payment"), None, "nothing the account does not hold");
        assert_eq!(v.get("consent"), None, "consent is the citizen's own");
        // The prefilled part passes; what is left is what only the citizen can say.
        let left = codes(check(form("sfr-pension-old-age"), &v, TODAY));
        assert_eq!(
            left,
            [
                ("form.payment".to_owned(), ErrorCode::Required),
                ("form.consent".to_owned(), ErrorCode::Required)
            ]
        );
    }

    #[test]
    fn schema_rules_are_checked() {
        let parts = json!({"p": {"type": "string", "x-title": {"ru": "Р", "en": "P"}}});
        let parts = parts.as_object().unwrap();
        assert!(resolve(parts, &json!({"$ref": "#/parts/q"})).is_err());
        assert!(resolve(parts, &json!({"$ref": "#/$defs/p"})).is_err());
        let bad = json!({"type": "object", "properties": {
            "a": {"type": "string", "x-prefill": "salary", "x-title": {"ru": "А", "en": "A"}},
            "b": {"type": "string", "format": "iban"},
            "c": {"type": "string", "enum": ["x"], "x-title": {"ru": "В", "en": "C"}},
            "d": {"type": "string", "x-show-if": {"field": "zz", "equals": 1}, "x-title": {"ru": "Г", "en": "D"}},
            "e": {"type": "string", "x-code": "no_such_code", "x-title": {"ru": "Д", "en": "E"}}
        }});
        let p = check_schema(&bad);
        for needle in [
            "a: x-prefill",
            "b: no ru and en x-title",
            "b: format",
            "c: enum value",
            "d: x-show-if",
            "e: x-code",
        ] {
            assert!(p.iter().any(|x| x.contains(needle)), "{needle} in {p:?}");
        }
    }
}
