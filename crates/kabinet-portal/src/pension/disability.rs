//! The disability register for its holder (`GET /api/v1/me/disability`, from the
//! standard level: the SNILS must be confirmed): the group and its period, the
//! rehabilitation programme with each measure's progress, the benefits the record
//! gives in the person's region (kabinet-core's table) and the set of social
//! services — in kind unless the fund decided otherwise on an application
//! (`sfr-nsu`), from the 1 January the law says.
//!
//! The register itself is at the edge of the world: this is its development
//! adapter, answering from `data/disability-register.json` (shipped inside the
//! binary) for three demo citizens.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::Json;
use axum::extract::State;
use kabinet_core::api::ApiError;
use kabinet_core::api::disability::{DisabilityRecord, DisabilityView, NsuChoice, NsuWay};
use kabinet_core::identity::snils::Snils;
use kabinet_core::pension::disability;
use serde::Deserialize;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::payments::moscow_today;
use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::Authenticated;
use crate::platform::state::AppState;

/// The service through which the set is taken in kind or as money.
pub const NSU_SERVICE: &str = "sfr-nsu";

const DATA: &str = include_str!("../../data/disability-register.json");

#[derive(Deserialize)]
struct Entry {
    snils: String,
    #[serde(flatten)]
    record: DisabilityRecord,
}

#[derive(Deserialize)]
struct Register {
    records: Vec<Entry>,
}

/// The register's records by SNILS (its canonical form).
fn register() -> &'static HashMap<String, DisabilityRecord> {
    static REGISTER: OnceLock<HashMap<String, DisabilityRecord>> = OnceLock::new();
    REGISTER.get_or_init(|| {
        let Ok(r) = serde_json::from_str::<Register>(DATA) else {
            return HashMap::new();
        };
        r.records
            .into_iter()
            .filter_map(|e| Some((Snils::parse(&e.snils).ok()?.to_string(), e.record)))
            .collect()
    })
}

/// The register's record of the holder of `snils`, if it has one.
pub fn record_of(snils: &Snils) -> Option<DisabilityRecord> {
    register().get(&snils.to_string()).cloned()
}

/// Whether the register holds a record of this account's holder (`false` below
/// the standard level).
pub(crate) async fn registered(
    conn: &mut AnyConnection,
    state: &AppState,
    account: &str,
) -> AppResult<bool> {
    match super::record::confirmed(conn, state, account).await {
        Ok((_, snils)) => Ok(record_of(&snils).is_some()),
        Err(e) if e.code() == kabinet_core::api::ErrorCode::StandardLevelRequired => Ok(false),
        Err(e) => Err(e),
    }
}

fn way(v: &serde_json::Value) -> AppResult<NsuWay> {
    v.as_str()
        .and_then(NsuWay::from_key)
        .ok_or_else(|| AppError::internal("an NSU application without a way"))
}

/// An NSU application decided ready: the choice applies from the 1 January the
/// day it was made gives. `Ok(false)`: the register holds no record of the
/// applicant (the demo fund refuses those before deciding).
pub(crate) async fn apply_nsu_choice(
    conn: &mut AnyConnection,
    state: &AppState,
    application_id: &str,
    account: &str,
    now: OffsetDateTime,
) -> AppResult<bool> {
    // An agency's own decision may reach here for anyone: below the standard
    // level or outside the register there is nothing to apply.
    let snils = match super::record::confirmed(conn, state, account).await {
        Ok((_, snils)) => snils,
        Err(e) if e.code() == kabinet_core::api::ErrorCode::StandardLevelRequired => {
            return Ok(false);
        }
        Err(e) => return Err(e),
    };
    if record_of(&snils).is_none() {
        return Ok(false);
    }
    let person = super::store::person_key(state, &snils);
    let answers = crate::services::applications::answers_of(conn, state, application_id).await?;
    let choice = NsuChoice {
        medicines: way(&answers["medicines"])?,
        sanatorium: way(&answers["sanatorium"])?,
        travel: way(&answers["travel"])?,
    };
    let made: i64 = sqlx::query("SELECT created_at FROM applications WHERE id = $1")
        .bind(application_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("created_at")?;
    let made = OffsetDateTime::from_unix_timestamp(made).unwrap_or(now);
    let from = disability::nsu_from(moscow_today(made));
    sqlx::query(
        "INSERT INTO nsu_choices (person, from_date, medicines, sanatorium, travel, \
         application_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (person, from_date) DO UPDATE SET medicines = excluded.medicines, \
         sanatorium = excluded.sanatorium, travel = excluded.travel, \
         application_id = excluded.application_id, created_at = excluded.created_at",
    )
    .bind(&person)
    .bind(from.to_string())
    .bind(choice.medicines.key())
    .bind(choice.sanatorium.key())
    .bind(choice.travel.key())
    .bind(application_id)
    .bind(now.unix_timestamp())
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

async fn choices(
    conn: &mut AnyConnection,
    person: &str,
) -> AppResult<Vec<(time::Date, NsuChoice)>> {
    let rows = sqlx::query(
        "SELECT from_date, medicines, sanatorium, travel FROM nsu_choices WHERE person = $1",
    )
    .bind(person)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let from = kabinet_core::date::parse(&r.try_get::<String, _>("from_date")?)
            .map_err(AppError::internal)?;
        let get = |c: &str| -> AppResult<NsuWay> {
            NsuWay::from_key(&r.try_get::<String, _>(c)?)
                .ok_or_else(|| AppError::internal("a stored NSU way"))
        };
        out.push((
            from,
            NsuChoice {
                medicines: get("medicines")?,
                sanatorium: get("sanatorium")?,
                travel: get("travel")?,
            },
        ));
    }
    Ok(out)
}

/// The page for the account's holder, from the standard level.
pub async fn view_of(state: &AppState, account: &str) -> AppResult<DisabilityView> {
    let mut conn = state.db.pool.acquire().await?;
    let (submission, snils) = super::record::confirmed(&mut conn, state, account).await?;
    let region = submission
        .address
        .as_ref()
        .map(|a| a.region.trim().to_owned())
        .filter(|r| !r.is_empty());
    let record = record_of(&snils);
    let decided = if record.is_some() {
        choices(&mut conn, &super::store::person_key(state, &snils)).await?
    } else {
        Vec::new()
    };
    Ok(disability::view(
        record,
        region,
        moscow_today(state.now()),
        &decided,
    ))
}

#[utoipa::path(get, path = "/api/v1/me/disability", tag = "pension", security(("bearer" = [])),
    responses((status = 200, body = DisabilityView), (status = 401, body = ApiError),
        (status = 403, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<DisabilityView>> {
    Ok(Json(view_of(&state, &auth.account_id).await?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn the_register_reads_whole_and_its_people_are_demo_citizens() {
        let r: Register = serde_json::from_str(DATA).unwrap();
        assert_eq!(register().len(), r.records.len());
        assert_eq!(register().len(), 3);
        let known: serde_json::Value =
            serde_json::from_str(include_str!("../../data/registries.json")).unwrap();
        let snilses: Vec<String> = known["citizens"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| Snils::parse(c["profile"]["snils"].as_str()?).ok())
            .map(|s| s.to_string())
            .collect();
        for s in register().keys() {
            assert!(snilses.contains(s), "{s} is not a demo citizen");
        }
        for rec in register().values() {
            let ipra = rec.ipra.as_ref().unwrap();
            assert!(!ipra.measures.is_empty());
            assert!(rec.until.is_none_or(|u| u > rec.since));
        }
    }
}
