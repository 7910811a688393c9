//! The pension record's tables (migration 0008): a [`Batch`] written in one
//! transaction, a person's [`Record`] read back. A person is the keyed hash of their
//! SNILS ([`person_key`], the same as `profiles.snils_hash`).

use kabinet_core::identity::snils::Snils;
use kabinet_core::pension::NonInsuranceKind;
use kabinet_core::pension::record::{
    Assigned, CreditedPeriod, Employer, EmploymentPeriod, MonthReport, Pre2015, Record,
};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use time::Date;

use super::reports::Batch;
use crate::platform::db::is_unique_violation;
use crate::platform::state::AppState;

/// The keyed hash a person's rows are stored under.
pub fn person_key(state: &AppState, snils: &Snils) -> String {
    state.key.hash("snils", &[snils.digits().as_bytes()])
}

/// What loading a file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// Written: this many entries.
    New { entries: usize },
    /// The same bytes were loaded before (at this instant): nothing changed.
    Already { loaded_at: i64 },
}

fn iso(d: Date) -> String {
    // ISO dates always format; the fallback is never reached.
    d.format(kabinet_core::date::ISO_DATE).unwrap_or_default()
}

fn kind_key(k: NonInsuranceKind) -> &'static str {
    match k {
        NonInsuranceKind::MilitaryService => "military_service",
        NonInsuranceKind::ChildCare => "child_care",
        NonInsuranceKind::Care => "care",
    }
}

fn kind_from(s: &str) -> Option<NonInsuranceKind> {
    Some(match s {
        "military_service" => NonInsuranceKind::MilitaryService,
        "child_care" => NonInsuranceKind::ChildCare,
        "care" => NonInsuranceKind::Care,
        _ => return None,
    })
}

/// Writes `batch` — the content of the file whose bytes hash to `digest` — in one
/// transaction. The file's digest is recorded first: the same file loaded twice (or
/// by two loaders at once) is written once. Later reports of the same key (a
/// corrective report) replace the earlier values.
pub async fn load(
    state: &AppState,
    name: &str,
    digest: &str,
    batch: &Batch,
) -> Result<Loaded, sqlx::Error> {
    let now = state.now().unix_timestamp();
    let mut tx = state.db.pool.begin().await?;
    let entries = i64::try_from(batch.entries()).unwrap_or(i64::MAX);
    let inserted = sqlx::query(
        "INSERT INTO pension_report_files (digest, name, entries, loaded_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(digest)
    .bind(name)
    .bind(entries)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            let loaded_at: i64 =
                sqlx::query_scalar("SELECT loaded_at FROM pension_report_files WHERE digest = $1")
                    .bind(digest)
                    .fetch_one(&state.db.pool)
                    .await?;
            return Ok(Loaded::Already { loaded_at });
        }
        Err(e) => return Err(e),
    }
    for e in &batch.employers {
        sqlx::query(
            "INSERT INTO pension_employers (reg_number, inn, name, address, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (reg_number) DO UPDATE SET inn = excluded.inn, name = excluded.name, \
             address = COALESCE(excluded.address, pension_employers.address), updated_at = excluded.updated_at",
        )
        .bind(&e.reg_number)
        .bind(&e.inn)
        .bind(&e.name)
        .bind(&e.address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    for (s, p) in &batch.periods {
        sqlx::query(
            "INSERT INTO pension_periods (person, employer, date_from, date_to, position) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (person, employer, date_from) DO UPDATE SET date_to = excluded.date_to, \
             position = COALESCE(excluded.position, pension_periods.position)",
        )
        .bind(person_key(state, s))
        .bind(&p.employer)
        .bind(iso(p.from))
        .bind(p.to.map(iso))
        .bind(&p.position)
        .execute(&mut *tx)
        .await?;
    }
    for (s, m) in &batch.months {
        sqlx::query(
            "INSERT INTO pension_months (person, employer, year, month, wage, accrued, paid) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (person, employer, year, month) DO UPDATE SET wage = excluded.wage, \
             accrued = excluded.accrued, paid = excluded.paid",
        )
        .bind(person_key(state, s))
        .bind(&m.employer)
        .bind(i64::from(m.year))
        .bind(i64::from(m.month))
        .bind(m.wage.to_string())
        .bind(m.accrued.to_string())
        .bind(m.paid.to_string())
        .execute(&mut *tx)
        .await?;
    }
    for (s, c) in &batch.credited {
        sqlx::query(
            "INSERT INTO pension_credited (person, kind, date_from, date_to, child) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (person, kind, date_from) DO UPDATE SET date_to = excluded.date_to, child = excluded.child",
        )
        .bind(person_key(state, s))
        .bind(kind_key(c.kind))
        .bind(iso(c.from))
        .bind(iso(c.to))
        .bind(c.child.map(i64::from))
        .execute(&mut *tx)
        .await?;
    }
    for (s, f) in &batch.persons {
        sqlx::query(
            "INSERT INTO pension_persons (person, pre2015_points, pre2015_months, assigned_since, assigned_monthly, funded_option) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (person) DO UPDATE SET pre2015_points = excluded.pre2015_points, \
             pre2015_months = excluded.pre2015_months, assigned_since = excluded.assigned_since, \
             assigned_monthly = excluded.assigned_monthly, funded_option = excluded.funded_option",
        )
        .bind(person_key(state, s))
        .bind(f.pre2015.as_ref().map(|p| p.points.to_string()))
        .bind(f.pre2015.as_ref().map(|p| i64::from(p.months)))
        .bind(f.assigned.as_ref().map(|a| iso(a.since)))
        .bind(f.assigned.as_ref().map(|a| a.monthly.to_string()))
        .bind(i64::from(f.funded_option))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Loaded::New {
        entries: batch.entries(),
    })
}

/// The SHA-256 of a file's bytes, hex.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn bad(what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("pension record: {what}").into())
}

fn dec(s: &str) -> Result<Decimal, sqlx::Error> {
    s.parse().map_err(|_| bad("an amount"))
}

fn day(s: &str) -> Result<Date, sqlx::Error> {
    kabinet_core::date::parse(s).map_err(|_| bad("a date"))
}

/// A person's record, with the employers it names; `None` when the fund holds
/// nothing about them.
pub async fn record(conn: &mut AnyConnection, person: &str) -> Result<Option<Record>, sqlx::Error> {
    let mut r = Record::default();
    let facts = sqlx::query(
        "SELECT pre2015_points, pre2015_months, assigned_since, assigned_monthly, funded_option \
         FROM pension_persons WHERE person = $1",
    )
    .bind(person)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(f) = &facts {
        let points: Option<String> = f.try_get("pre2015_points")?;
        let months: Option<i64> = f.try_get("pre2015_months")?;
        if let (Some(points), Some(months)) = (points, months) {
            r.pre2015 = Some(Pre2015 {
                points: dec(&points)?,
                months: u32::try_from(months).map_err(|_| bad("months"))?,
            });
        }
        let since: Option<String> = f.try_get("assigned_since")?;
        let monthly: Option<String> = f.try_get("assigned_monthly")?;
        if let (Some(since), Some(monthly)) = (since, monthly) {
            r.assigned = Some(Assigned {
                since: day(&since)?,
                monthly: dec(&monthly)?,
            });
        }
        r.funded_option = f.try_get::<i64, _>("funded_option")? != 0;
    }
    for row in sqlx::query(
        "SELECT employer, date_from, date_to, position FROM pension_periods WHERE person = $1 \
         ORDER BY date_from, employer",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await?
    {
        r.periods.push(EmploymentPeriod {
            employer: row.try_get("employer")?,
            from: day(&row.try_get::<String, _>("date_from")?)?,
            to: row
                .try_get::<Option<String>, _>("date_to")?
                .as_deref()
                .map(day)
                .transpose()?,
            position: row.try_get("position")?,
        });
    }
    for row in sqlx::query(
        "SELECT employer, year, month, wage, accrued, paid FROM pension_months WHERE person = $1 \
         ORDER BY year, month, employer",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await?
    {
        r.months.push(MonthReport {
            employer: row.try_get("employer")?,
            year: i32::try_from(row.try_get::<i64, _>("year")?).map_err(|_| bad("year"))?,
            month: u8::try_from(row.try_get::<i64, _>("month")?).map_err(|_| bad("month"))?,
            wage: dec(&row.try_get::<String, _>("wage")?)?,
            accrued: dec(&row.try_get::<String, _>("accrued")?)?,
            paid: dec(&row.try_get::<String, _>("paid")?)?,
        });
    }
    for row in sqlx::query(
        "SELECT kind, date_from, date_to, child FROM pension_credited WHERE person = $1 ORDER BY date_from",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await?
    {
        r.credited.push(CreditedPeriod {
            kind: kind_from(&row.try_get::<String, _>("kind")?).ok_or_else(|| bad("kind"))?,
            from: day(&row.try_get::<String, _>("date_from")?)?,
            to: day(&row.try_get::<String, _>("date_to")?)?,
            child: row
                .try_get::<Option<i64>, _>("child")?
                .map(|c| u32::try_from(c).map_err(|_| bad("child")))
                .transpose()?,
        });
    }
    if facts.is_none() && r.periods.is_empty() && r.months.is_empty() && r.credited.is_empty() {
        return Ok(None);
    }
    let mut named: Vec<&str> = r
        .periods
        .iter()
        .map(|p| p.employer.as_str())
        .chain(r.months.iter().map(|m| m.employer.as_str()))
        .collect();
    named.sort_unstable();
    named.dedup();
    let mut employers = Vec::with_capacity(named.len());
    for reg in named {
        if let Some(row) = sqlx::query(
            "SELECT reg_number, inn, name, address FROM pension_employers WHERE reg_number = $1",
        )
        .bind(reg)
        .fetch_optional(&mut *conn)
        .await?
        {
            employers.push(Employer {
                reg_number: row.try_get("reg_number")?,
                inn: row.try_get("inn")?,
                name: row.try_get("name")?,
                address: row.try_get("address")?,
            });
        }
    }
    r.employers = employers;
    Ok(Some(r))
}
