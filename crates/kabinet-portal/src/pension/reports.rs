//! Employers' report files, read into one [`Batch`] the store loads in one
//! transaction ([`super::store::load`]). Two formats, told apart by content:
//!
//! - **JSON** — `{"employers": [...], "periods": [...], "months": [...],
//!   "credited": [...], "persons": [...]}`; every list optional; entries name their
//!   person by `snils` and their employer by `employer` (its registration number,
//!   listed in `employers`).
//! - **CSV** — a header row, then one row per period or month, the employer's
//!   details on every row: `record,snils,reg_number,inn,employer_name,
//!   employer_address,from,to,position,year,month,wage,accrued,paid` (`record` is
//!   `period` or `month`; the other record's columns stay empty; column order free).
//!
//! Every entry is checked, and every problem is reported with where it is (`line 7`,
//! `months[3]`), the field and the reason; one problem and nothing of the file is
//! loaded.

use std::collections::{BTreeMap, BTreeSet};

use kabinet_core::identity::inn::employer_inn_valid;
use kabinet_core::identity::snils::Snils;
use kabinet_core::pension::NonInsuranceKind;
use kabinet_core::pension::record::{
    Assigned, CreditedPeriod, Employer, EmploymentPeriod, MonthReport, Pre2015,
};
use rust_decimal::Decimal;
use serde::Deserialize;
use time::Date;

/// What the fund holds about a person beyond reports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonFacts {
    pub pre2015: Option<Pre2015>,
    pub assigned: Option<Assigned>,
    pub funded_option: bool,
}

/// One file's content, checked: what the store writes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    pub employers: Vec<Employer>,
    pub periods: Vec<(Snils, EmploymentPeriod)>,
    pub months: Vec<(Snils, MonthReport)>,
    pub credited: Vec<(Snils, CreditedPeriod)>,
    pub persons: Vec<(Snils, PersonFacts)>,
}

impl Batch {
    pub fn entries(&self) -> usize {
        self.employers.len()
            + self.periods.len()
            + self.months.len()
            + self.credited.len()
            + self.persons.len()
    }
}

/// A problem in a file: where, which field, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: String,
    pub field: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: {field}: {}", self.at, self.reason),
            None => write!(f, "{}: {}", self.at, self.reason),
        }
    }
}

struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, at: &str, field: Option<&str>, reason: impl Into<String>) {
        self.0.push(Problem {
            at: at.to_owned(),
            field: field.map(str::to_owned),
            reason: reason.into(),
        });
    }
}

/// Reads a report file (JSON if it starts with `{`, else CSV) checked against the
/// fund's rules as of `today`.
pub fn parse(bytes: &[u8], today: Date) -> Result<Batch, Vec<Problem>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        vec![Problem {
            at: "file".into(),
            field: None,
            reason: format!("not UTF-8 text ({e})"),
        }]
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let mut problems = Problems(Vec::new());
    if text.trim().is_empty() {
        problems.add("file", None, "no entries");
        return Err(problems.0);
    }
    let batch = if text.trim_start().starts_with('{') {
        parse_json(text, today, &mut problems)
    } else {
        parse_csv(text, today, &mut problems)
    };
    if batch.entries() == 0 && problems.0.is_empty() {
        problems.add("file", None, "no entries");
    }
    if problems.0.is_empty() {
        Ok(batch)
    } else {
        Err(problems.0)
    }
}

// ---- field checks, shared by both formats ----

fn snils(p: &mut Problems, at: &str, v: &str) -> Option<Snils> {
    match Snils::parse(v) {
        Ok(s) => Some(s),
        Err(e) => {
            p.add(at, Some("snils"), e.to_string());
            None
        }
    }
}

/// `XXX-XXX-XXXXXX`: twelve digits, separators optional; the canonical form.
pub fn reg_number(v: &str) -> Option<String> {
    let d: String = v.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    (d.len() == 12 && d.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &d[0..3], &d[3..6], &d[6..12]))
}

fn reg(p: &mut Problems, at: &str, field: &str, v: &str) -> Option<String> {
    let r = reg_number(v);
    if r.is_none() {
        p.add(
            at,
            Some(field),
            "the registration number is 12 digits, XXX-XXX-XXXXXX",
        );
    }
    r
}

fn date(p: &mut Problems, at: &str, field: &str, v: &str, today: Date) -> Option<Date> {
    match kabinet_core::date::parse(v).ok() {
        Some(d) if d > today => {
            p.add(at, Some(field), "a date in the future");
            None
        }
        Some(d) if d.year() < 1930 => {
            p.add(at, Some(field), "a date before 1930");
            None
        }
        Some(d) => Some(d),
        None => {
            p.add(at, Some(field), "not a date (YYYY-MM-DD)");
            None
        }
    }
}

fn money(p: &mut Problems, at: &str, field: &str, v: &str) -> Option<Decimal> {
    match v.trim().parse::<Decimal>() {
        Ok(d) if d.is_sign_negative() && !d.is_zero() => {
            p.add(at, Some(field), "a negative amount");
            None
        }
        Ok(d) if d.scale() > 2 => {
            p.add(at, Some(field), "more than two decimals (kopecks)");
            None
        }
        Ok(d) if d > Decimal::from(100_000_000) => {
            p.add(at, Some(field), "more than 100 000 000 RUB in a month");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            p.add(
                at,
                Some(field),
                "not an amount (digits, a point, two decimals)",
            );
            None
        }
    }
}

fn employer(
    p: &mut Problems,
    at: &str,
    reg_number: &str,
    inn: &str,
    name: &str,
    address: Option<&str>,
) -> Option<Employer> {
    let reg_number = reg(p, at, "reg_number", reg_number);
    let inn = inn.trim();
    let inn_ok = employer_inn_valid(inn);
    if !inn_ok {
        p.add(
            at,
            Some("inn"),
            "an employer's INN is 10 digits (12 for a sole trader) with the right check digits",
        );
    }
    let name = name.trim();
    if name.is_empty() {
        p.add(at, Some("employer_name"), "required");
    }
    Some(Employer {
        reg_number: reg_number?,
        inn: inn_ok.then(|| inn.to_owned())?,
        name: (!name.is_empty()).then(|| name.to_owned())?,
        address: address
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned),
    })
}

fn period(
    p: &mut Problems,
    at: &str,
    employer: &str,
    from: &str,
    to: Option<&str>,
    position: Option<&str>,
    today: Date,
) -> Option<EmploymentPeriod> {
    let from = date(p, at, "from", from, today);
    let to = match to.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Some(date(p, at, "to", t, today)?),
        None => None,
    };
    let from = from?;
    if let Some(to) = to
        && to < from
    {
        p.add(at, Some("to"), "the period ends before it starts");
        return None;
    }
    Some(EmploymentPeriod {
        employer: employer.to_owned(),
        from,
        to,
        position: position
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    })
}

#[allow(clippy::too_many_arguments)]
fn month(
    p: &mut Problems,
    at: &str,
    employer: &str,
    year: &str,
    month: &str,
    wage: &str,
    accrued: &str,
    paid: &str,
    today: Date,
) -> Option<MonthReport> {
    let y = match year.trim().parse::<i32>() {
        Ok(y) if (2015..=today.year()).contains(&y) => Some(y),
        _ => {
            p.add(
                at,
                Some("year"),
                format!(
                    "reports are by year from 2015 to {} (rights before 2015 are the fund's own record)",
                    today.year()
                ),
            );
            None
        }
    };
    let m = match month.trim().parse::<u8>() {
        Ok(m) if (1..=12).contains(&m) => Some(m),
        _ => {
            p.add(at, Some("month"), "a month is 1 to 12");
            None
        }
    };
    if let (Some(y), Some(m)) = (y, m)
        && y == today.year()
        && m > u8::from(today.month())
    {
        p.add(at, Some("month"), "a month that has not begun");
        return None;
    }
    let wage = money(p, at, "wage", wage);
    let accrued = money(p, at, "accrued", accrued);
    let paid = money(p, at, "paid", paid);
    Some(MonthReport {
        employer: employer.to_owned(),
        year: y?,
        month: m?,
        wage: wage?,
        accrued: accrued?,
        paid: paid?,
    })
}

/// Rules across entries: one set of details per employer, one entry per key.
fn check_batch(p: &mut Problems, batch: &Batch, at_of: &dyn Fn(&'static str, usize) -> String) {
    // A row that leaves the address out does not contradict one that gives it.
    let differs = |a: &Employer, b: &Employer| {
        a.inn != b.inn
            || a.name != b.name
            || matches!((&a.address, &b.address), (Some(x), Some(y)) if x != y)
    };
    let mut seen: BTreeMap<&str, &Employer> = BTreeMap::new();
    for (i, e) in batch.employers.iter().enumerate() {
        if let Some(first) = seen.get(e.reg_number.as_str()) {
            if differs(first, e) {
                p.add(
                    &at_of("employers", i),
                    Some("reg_number"),
                    format!(
                        "employer {} is given other details earlier in the file",
                        e.reg_number
                    ),
                );
            }
        } else {
            seen.insert(&e.reg_number, e);
        }
    }
    let mut periods = BTreeSet::new();
    for (i, (s, per)) in batch.periods.iter().enumerate() {
        if !seen.contains_key(per.employer.as_str()) {
            p.add(
                &at_of("periods", i),
                Some("employer"),
                "not among the file's employers",
            );
        }
        if !periods.insert((s.digits(), per.employer.as_str(), per.from)) {
            p.add(
                &at_of("periods", i),
                Some("from"),
                "this person's period with this employer from this date is in the file twice",
            );
        }
    }
    let mut months = BTreeSet::new();
    for (i, (s, m)) in batch.months.iter().enumerate() {
        if !seen.contains_key(m.employer.as_str()) {
            p.add(
                &at_of("months", i),
                Some("employer"),
                "not among the file's employers",
            );
        }
        if !months.insert((s.digits(), m.employer.as_str(), m.year, m.month)) {
            p.add(
                &at_of("months", i),
                Some("month"),
                "this person's month with this employer is in the file twice",
            );
        }
    }
    let mut credited = BTreeSet::new();
    for (i, (s, c)) in batch.credited.iter().enumerate() {
        if !credited.insert((s.digits(), c.kind as u8, c.from)) {
            p.add(
                &at_of("credited", i),
                Some("from"),
                "this person's credited period from this date is in the file twice",
            );
        }
    }
    let mut persons = BTreeSet::new();
    for (i, (s, _)) in batch.persons.iter().enumerate() {
        if !persons.insert(s.digits()) {
            p.add(
                &at_of("persons", i),
                Some("snils"),
                "this person is in the file twice",
            );
        }
    }
}

// ---- JSON ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFile {
    #[serde(default)]
    employers: Vec<serde_json::Value>,
    #[serde(default)]
    periods: Vec<serde_json::Value>,
    #[serde(default)]
    months: Vec<serde_json::Value>,
    #[serde(default)]
    credited: Vec<serde_json::Value>,
    #[serde(default)]
    persons: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEmployer {
    reg_number: String,
    inn: String,
    name: String,
    #[serde(default)]
    address: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonPeriod {
    snils: String,
    employer: String,
    from: String,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    position: Option<String>,
}

/// An amount as a JSON string ("65000.00") or number.
#[derive(Deserialize)]
#[serde(untagged)]
enum Amount {
    Text(String),
    Number(serde_json::Number),
}

impl Amount {
    fn text(&self) -> String {
        match self {
            Amount::Text(s) => s.clone(),
            Amount::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonMonth {
    snils: String,
    employer: String,
    year: i64,
    month: i64,
    wage: Amount,
    accrued: Amount,
    paid: Amount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonCredited {
    snils: String,
    kind: NonInsuranceKind,
    from: String,
    to: String,
    #[serde(default)]
    child: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonPre2015 {
    points: Amount,
    months: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonAssigned {
    since: String,
    monthly: Amount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonPerson {
    snils: String,
    #[serde(default)]
    pre2015: Option<JsonPre2015>,
    #[serde(default)]
    assigned: Option<JsonAssigned>,
    #[serde(default)]
    funded_option: bool,
}

fn entry<T: serde::de::DeserializeOwned>(
    p: &mut Problems,
    at: &str,
    v: serde_json::Value,
) -> Option<T> {
    match serde_json::from_value(v) {
        Ok(t) => Some(t),
        Err(e) => {
            p.add(at, None, e.to_string());
            None
        }
    }
}

fn parse_json(text: &str, today: Date, p: &mut Problems) -> Batch {
    let file: JsonFile = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            p.add(&format!("line {}", e.line()), None, e.to_string());
            return Batch::default();
        }
    };
    let mut b = Batch::default();
    for (i, v) in file.employers.into_iter().enumerate() {
        let at = format!("employers[{i}]");
        if let Some(e) = entry::<JsonEmployer>(p, &at, v)
            && let Some(e) = employer(p, &at, &e.reg_number, &e.inn, &e.name, e.address.as_deref())
        {
            b.employers.push(e);
        }
    }
    for (i, v) in file.periods.into_iter().enumerate() {
        let at = format!("periods[{i}]");
        let Some(e) = entry::<JsonPeriod>(p, &at, v) else {
            continue;
        };
        let s = snils(p, &at, &e.snils);
        let r = reg(p, &at, "employer", &e.employer);
        let per = period(
            p,
            &at,
            r.as_deref().unwrap_or(""),
            &e.from,
            e.to.as_deref(),
            e.position.as_deref(),
            today,
        );
        if let (Some(s), Some(_), Some(per)) = (s, r, per) {
            b.periods.push((s, per));
        }
    }
    for (i, v) in file.months.into_iter().enumerate() {
        let at = format!("months[{i}]");
        let Some(e) = entry::<JsonMonth>(p, &at, v) else {
            continue;
        };
        let s = snils(p, &at, &e.snils);
        let r = reg(p, &at, "employer", &e.employer);
        let m = month(
            p,
            &at,
            r.as_deref().unwrap_or(""),
            &e.year.to_string(),
            &e.month.to_string(),
            &e.wage.text(),
            &e.accrued.text(),
            &e.paid.text(),
            today,
        );
        if let (Some(s), Some(_), Some(m)) = (s, r, m) {
            b.months.push((s, m));
        }
    }
    for (i, v) in file.credited.into_iter().enumerate() {
        let at = format!("credited[{i}]");
        let Some(e) = entry::<JsonCredited>(p, &at, v) else {
            continue;
        };
        let s = snils(p, &at, &e.snils);
        let from = date(p, &at, "from", &e.from, today);
        let to = date(p, &at, "to", &e.to, today);
        let child = match (e.kind, e.child) {
            (NonInsuranceKind::ChildCare, Some(c)) if (1..=4).contains(&c) => Some(Some(c)),
            (NonInsuranceKind::ChildCare, _) => {
                p.add(
                    &at,
                    Some("child"),
                    "child care needs the child's order of birth, 1 to 4",
                );
                None
            }
            (_, None) => Some(None),
            (_, Some(_)) => {
                p.add(&at, Some("child"), "only child care names a child");
                None
            }
        };
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            p.add(&at, Some("to"), "the period ends before it starts");
            continue;
        }
        if let (Some(s), Some(from), Some(to), Some(child)) = (s, from, to, child) {
            b.credited.push((
                s,
                CreditedPeriod {
                    kind: e.kind,
                    from,
                    to,
                    child,
                },
            ));
        }
    }
    for (i, v) in file.persons.into_iter().enumerate() {
        let at = format!("persons[{i}]");
        let Some(e) = entry::<JsonPerson>(p, &at, v) else {
            continue;
        };
        let s = snils(p, &at, &e.snils);
        let pre2015 = e.pre2015.map(|x| {
            money(p, &at, "pre2015.points", &x.points.text()).map(|points| Pre2015 {
                points,
                months: x.months,
            })
        });
        let assigned = e.assigned.map(|a| {
            let since = date(p, &at, "assigned.since", &a.since, today);
            let monthly = money(p, &at, "assigned.monthly", &a.monthly.text());
            since
                .zip(monthly)
                .map(|(since, monthly)| Assigned { since, monthly })
        });
        let (Some(s), Some(pre2015), Some(assigned)) = (
            s,
            pre2015.map_or(Some(None), |x| x.map(Some)),
            assigned.map_or(Some(None), |x| x.map(Some)),
        ) else {
            continue;
        };
        b.persons.push((
            s,
            PersonFacts {
                pre2015,
                assigned,
                funded_option: e.funded_option,
            },
        ));
    }
    if p.0.is_empty() {
        check_batch(p, &b, &|list, i| format!("{list}[{i}]"));
    }
    b
}

// ---- CSV ----

const CSV_COLUMNS: [&str; 14] = [
    "record",
    "snils",
    "reg_number",
    "inn",
    "employer_name",
    "employer_address",
    "from",
    "to",
    "position",
    "year",
    "month",
    "wage",
    "accrued",
    "paid",
];

fn parse_csv(text: &str, today: Date, p: &mut Problems) -> Batch {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            p.add("line 1", None, e.to_string());
            return Batch::default();
        }
    };
    let column: BTreeMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h, i)).collect();
    for h in headers.iter() {
        if !CSV_COLUMNS.contains(&h) {
            p.add(
                "line 1",
                Some(h),
                format!("unknown column (columns: {})", CSV_COLUMNS.join(",")),
            );
        }
    }
    for required in ["record", "snils", "reg_number", "inn", "employer_name"] {
        if !column.contains_key(required) {
            p.add("line 1", Some(required), "missing column");
        }
    }
    if !p.0.is_empty() {
        return Batch::default();
    }
    let mut b = Batch::default();
    // Where each entry came from, for the cross-entry rules.
    let mut lines: BTreeMap<(&'static str, usize), usize> = BTreeMap::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |pos| pos.line());
                p.add(&format!("line {line}"), None, e.to_string());
                continue;
            }
        };
        let line = row.position().map_or(0, |pos| pos.line());
        let at = format!("line {line}");
        let get = |name: &str| column.get(name).and_then(|&i| row.get(i)).unwrap_or("");
        let Some(e) = employer(
            p,
            &at,
            get("reg_number"),
            get("inn"),
            get("employer_name"),
            Some(get("employer_address")),
        ) else {
            continue;
        };
        let s = snils(p, &at, get("snils"));
        let reg = e.reg_number.clone();
        match get("record") {
            "period" => {
                let to = get("to");
                let position = get("position");
                if let (Some(s), Some(per)) = (
                    s,
                    period(p, &at, &reg, get("from"), Some(to), Some(position), today),
                ) {
                    lines.insert(("periods", b.periods.len()), line as usize);
                    b.periods.push((s, per));
                }
            }
            "month" => {
                if let (Some(s), Some(m)) = (
                    s,
                    month(
                        p,
                        &at,
                        &reg,
                        get("year"),
                        get("month"),
                        get("wage"),
                        get("accrued"),
                        get("paid"),
                        today,
                    ),
                ) {
                    lines.insert(("months", b.months.len()), line as usize);
                    b.months.push((s, m));
                }
            }
            other => p.add(
                &at,
                Some("record"),
                format!("{other:?} is neither period nor month"),
            ),
        }
        lines.insert(("employers", b.employers.len()), line as usize);
        b.employers.push(e);
    }
    if p.0.is_empty() {
        let at_of = |list: &'static str, i: usize| {
            lines
                .get(&(list, i))
                .map_or_else(|| format!("{list}[{i}]"), |l| format!("line {l}"))
        };
        check_batch(p, &b, &at_of);
        // The same employer on many rows is one employer, with the address any row gave.
        let mut merged: Vec<Employer> = Vec::new();
        for e in b.employers.drain(..) {
            match merged.iter_mut().find(|m| m.reg_number == e.reg_number) {
                Some(m) => {
                    if m.address.is_none() {
                        m.address = e.address;
                    }
                }
                None => merged.push(e),
            }
        }
        b.employers = merged;
    }
    b
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 03);
    const HEAD: &str = "record,snils,reg_number,inn,employer_name,employer_address,from,to,position,year,month,wage,accrued,paid\n";
    const ROW_P: &str = "period,248-444-808 97,087-105-004512,7707083893,ООО «Ромашка»,\"Москва, ул. Ленина, 1\",2019-03-01,,инженер,,,,,\n";
    const ROW_M: &str = "month,248-444-808 97,087-105-004512,7707083893,ООО «Ромашка»,\"Москва, ул. Ленина, 1\",,,,2024,5,65000.00,19500.00,19500.00\n";

    fn problems(text: &str) -> Vec<String> {
        parse(text.as_bytes(), TODAY)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_good_csv_reads_into_one_employer_a_period_and_a_month() {
        let b = parse(format!("{HEAD}{ROW_P}{ROW_M}").as_bytes(), TODAY).unwrap();
        assert_eq!(b.employers.len(), 1);
        assert_eq!(
            b.employers[0].address.as_deref(),
            Some("Москва, ул. Ленина, 1")
        );
        assert_eq!(b.periods[0].1.from, date!(2019 - 03 - 01));
        assert_eq!(b.periods[0].1.to, None);
        assert_eq!(b.periods[0].1.position.as_deref(), Some("инженер"));
        assert_eq!(b.months[0].1.wage, Decimal::new(6_500_000, 2));
        assert_eq!(b.months[0].0.digits(), "24844480897");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_field() {
        let bad = format!(
            "{HEAD}{ROW_P}\
             month,248-444-808 98,087-105-004512,7707083893,ООО «Ромашка»,,,,,2024,13,65000,-1,1.234\n\
             period,248-444-808 97,087-105,7707083894,,,2020-02-30,,,,,,,\n\
             visit,248-444-808 97,087-105-004512,7707083893,ООО «Ромашка»,,,,,,,,,\n"
        );
        let got = problems(&bad);
        let expect = [
            "line 3: snils:",
            "line 3: month: a month is 1 to 12",
            "line 3: accrued: a negative amount",
            "line 3: paid: more than two decimals",
            "line 4: reg_number:",
            "line 4: inn:",
            "line 4: employer_name: required",
            "line 5: record: \"visit\" is neither period nor month",
        ];
        for e in expect {
            assert!(got.iter().any(|g| g.starts_with(e)), "{e} not in {got:#?}");
        }
    }

    #[test]
    fn cross_row_rules() {
        let twice = format!("{HEAD}{ROW_M}{ROW_M}");
        assert!(problems(&twice)[0].starts_with("line 3: month: this person's month"));
        let other_name = format!(
            "{HEAD}{ROW_P}{}",
            ROW_M.replace("ООО «Ромашка»", "ООО «Лютик»")
        );
        assert!(
            problems(&other_name)
                .iter()
                .any(|p| p.contains("other details")),
            "{:?}",
            problems(&other_name)
        );
        let future = format!("{HEAD}{}", ROW_M.replace(",2024,5,", ",2026,12,"));
        assert_eq!(problems(&future).len(), 0, "December 2026 has begun");
        let future = format!("{HEAD}{}", ROW_M.replace(",2024,5,", ",2027,1,"));
        assert!(problems(&future)[0].contains("year"));
        let before = format!("{HEAD}{}", ROW_M.replace(",2024,5,", ",2014,5,"));
        assert!(problems(&before)[0].contains("before 2015"));
        let backwards = format!(
            "{HEAD}{}",
            ROW_P.replace("2019-03-01,,", "2019-03-01,2018-01-01,")
        );
        assert!(problems(&backwards)[0].contains("ends before it starts"));
    }

    #[test]
    fn csv_header_problems_are_reported_before_rows() {
        assert!(problems("record,snils,colour\n")[0].contains("colour: unknown column"));
        assert!(
            problems("record,snils\n")
                .iter()
                .any(|p| p.contains("reg_number: missing column"))
        );
        assert_eq!(problems(HEAD), vec!["file: no entries".to_owned()]);
        assert!(problems("")[0].contains("no entries"));
        assert!(
            parse(&[0xff, 0xfe], TODAY).unwrap_err()[0]
                .reason
                .contains("UTF-8")
        );
    }

    #[test]
    fn json_reads_the_same_and_checks_references() {
        let json = r#"{
          "employers": [{"reg_number": "087105004512", "inn": "7707083893", "name": "ООО «Ромашка»"}],
          "periods": [{"snils": "24844480897", "employer": "087-105-004512", "from": "2019-03-01"}],
          "months": [{"snils": "24844480897", "employer": "087-105-004512", "year": 2024, "month": 5,
                      "wage": "65000.00", "accrued": 19500, "paid": "19500.00"}],
          "credited": [{"snils": "24844480897", "kind": "military_service", "from": "2015-11-01", "to": "2016-10-31"}],
          "persons": [{"snils": "24844480897", "pre2015": {"points": "40.5", "months": 120}}]
        }"#;
        let b = parse(json.as_bytes(), TODAY).unwrap();
        assert_eq!(b.employers[0].reg_number, "087-105-004512");
        assert_eq!(b.months[0].1.accrued, Decimal::from(19500));
        assert_eq!(b.credited[0].1.kind, NonInsuranceKind::MilitaryService);
        assert_eq!(b.persons[0].1.pre2015.as_ref().unwrap().months, 120);

        let bad = r#"{
          "employers": [{"reg_number": "087105004512", "inn": "7707083893", "name": "ООО «Ромашка»", "colour": 1}],
          "months": [{"snils": "24844480897", "employer": "000-000-000001", "year": 2024, "month": 5,
                      "wage": "x", "accrued": 0, "paid": 0}],
          "credited": [{"snils": "24844480897", "kind": "child_care", "from": "2020-01-01", "to": "2021-01-01"}]
        }"#;
        let got = problems(bad);
        assert!(
            got.iter()
                .any(|p| p.starts_with("employers[0]") && p.contains("colour")),
            "{got:?}"
        );
        assert!(
            got.iter().any(|p| p.starts_with("months[0]: wage")),
            "{got:?}"
        );
        assert!(
            got.iter().any(|p| p.starts_with("credited[0]: child")),
            "{got:?}"
        );
        let unknown_employer = json.replace(
            r#""employer": "087-105-004512", "year""#,
            r#""employer": "000-000-000001", "year""#,
        );
        assert!(problems(&unknown_employer)[0].starts_with("months[0]: employer: not among"));
        assert!(
            problems("{\"employers\": [")
                .iter()
                .any(|p| p.starts_with("line"))
        );
    }
}
