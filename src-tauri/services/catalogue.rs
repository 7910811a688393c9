//! The catalogue in use and its search index: the portal's newest version from the
//! local store, else the one compiled into kabinet-core. A refresh asks the portal
//! with the version held (`If-None-Match`): unchanged, nothing is downloaded; a new
//! one is checked by kabinet-core's catalogue rules before it replaces the old.

use std::sync::Arc;

use kabinet_core::api::services::CatalogueView;
use kabinet_core::services::catalogue;
use kabinet_core::services::search::Index;
use time::OffsetDateTime;

use super::dto::{CatalogueSource, CatalogueStatus};
use super::store::StoredCatalogue;
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::{Changed, unexpected};

pub struct Loaded {
    pub catalogue: CatalogueView,
    pub index: Index,
    pub source: CatalogueSource,
    pub fetched_at: Option<String>,
}

impl Loaded {
    fn new(catalogue: CatalogueView, source: CatalogueSource, fetched_at: Option<String>) -> Self {
        let index = Index::new(&catalogue);
        Loaded {
            catalogue,
            index,
            source,
            fetched_at,
        }
    }

    pub fn status(&self) -> CatalogueStatus {
        CatalogueStatus {
            version: self.catalogue.version.clone(),
            source: self.source,
            fetched_at: self.fetched_at.clone(),
            services: u32::try_from(self.catalogue.services.len()).unwrap_or(u32::MAX),
        }
    }
}

/// By when a service's originals are brought if the application is made on
/// `today`: `None` when the service asks for no visit, or the date is beyond the
/// production calendar the app knows.
pub fn visit_deadline(
    service: &kabinet_core::api::services::Service,
    today: time::Date,
) -> Option<super::dto::VisitDeadline> {
    let n = service.visit_within_working_days?;
    match kabinet_core::services::workdays::deadline(today, n) {
        Ok(d) => Some(super::dto::VisitDeadline {
            working_days: n,
            date: d.date.format(kabinet_core::date::ISO_DATE).ok()?,
            confirmed: d.confirmed,
        }),
        Err(e) => {
            tracing::warn!(error = %e, "no working-day deadline");
            None
        }
    }
}

/// A catalogue as the portal serves it (`CatalogueView` JSON with its `version`),
/// checked by the catalogue rules; its version must be the digest of its content.
pub fn read(json: &str) -> Result<CatalogueView, String> {
    let mut value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("catalogue JSON: {e}"))?;
    let claimed = value
        .as_object_mut()
        .and_then(|o| o.remove("version"))
        .and_then(|v| v.as_str().map(str::to_owned));
    let parsed = catalogue::parse(&value.to_string()).map_err(|e| e.to_string())?;
    if claimed.is_some_and(|v| v != parsed.version) {
        return Err("the catalogue's version is not the digest of its content".into());
    }
    Ok(parsed)
}

fn built_in() -> AppResult<Loaded> {
    let c = catalogue::built_in().map_err(|e| {
        AppError::client(ClientCode::StoreFailed, format!("built-in catalogue: {e}"))
    })?;
    Ok(Loaded::new(c.clone(), CatalogueSource::BuiltIn, None))
}

impl Kabinet {
    /// The catalogue in use (loaded once).
    pub fn catalogue(&self) -> AppResult<Arc<Loaded>> {
        if let Some(c) = self.catalogue_slot().as_ref() {
            return Ok(c.clone());
        }
        let loaded = Arc::new(self.load_catalogue()?);
        let mut slot = self.catalogue_slot();
        Ok(slot.get_or_insert(loaded).clone())
    }

    fn load_catalogue(&self) -> AppResult<Loaded> {
        match self.store().services_catalogue() {
            Ok(Some(row)) => match read(&row.json) {
                Ok(c) => Ok(Loaded::new(
                    c,
                    CatalogueSource::Portal,
                    Some(row.fetched_at),
                )),
                Err(e) => {
                    tracing::warn!(error = %e, "the stored catalogue is not usable: using the built-in one");
                    built_in()
                }
            },
            Ok(None) => built_in(),
            Err(e) => {
                tracing::warn!(error = %e, "the stored catalogue cannot be read: using the built-in one");
                built_in()
            }
        }
    }

    /// Asks the portal for a newer catalogue than the one in use.
    pub async fn refresh_catalogue(&self) -> AppResult<CatalogueStatus> {
        let current = self.catalogue()?;
        let conn = self.portal().await?;
        let answer = conn
            .client
            .get_if_changed("/catalogue", Some(&current.catalogue.version))
            .await?;
        let Changed::New(json) = answer else {
            return Ok(current.status());
        };
        let fresh = read(&json).map_err(|e| unexpected(&e))?;
        if fresh.version == current.catalogue.version {
            return Ok(current.status());
        }
        let fetched_at = OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| unexpected(&e.to_string()))?;
        self.store().save_services_catalogue(&StoredCatalogue {
            version: fresh.version.clone(),
            json,
            fetched_at: fetched_at.clone(),
        })?;
        let loaded = Arc::new(Loaded::new(
            fresh,
            CatalogueSource::Portal,
            Some(fetched_at),
        ));
        *self.catalogue_slot() = Some(loaded.clone());
        tracing::info!(version = %loaded.catalogue.version, "took the portal's service catalogue");
        Ok(loaded.status())
    }

    /// The ids of the services matching `query` (best first), of those offered in
    /// `region` (federal ones everywhere).
    pub fn search_services(
        &self,
        query: &str,
        region: Option<&str>,
        limit: usize,
    ) -> AppResult<Vec<String>> {
        let c = self.catalogue()?;
        let hits = c.index.search(query, c.index.len());
        Ok(c.index
            .services(&c.catalogue, &hits)
            .into_iter()
            .filter(|s| catalogue::offered_in(s, region))
            .take(limit)
            .map(|s| s.id.clone())
            .collect())
    }
}

#[cfg(all(test, feature = "embedded-portal"))]
#[path = "catalogue_tests.rs"]
mod tests;

#[cfg(test)]
mod deadline_tests {
    use time::macros::date;

    #[test]
    fn the_originals_are_due_five_working_days_after_applying() {
        let c = kabinet_core::services::catalogue::built_in().expect("built-in");
        let disposal = c
            .services
            .iter()
            .find(|s| s.id == "sfr-maternity-capital-disposal")
            .expect("the disposal service");
        // (applied on, due by, calendar confirmed): across a weekend; across the New
        // Year holidays into 2027 (not yet confirmed); across 9 May 2026 moved to
        // Monday 11 May.
        let cases = [
            (date!(2026 - 12 - 03), "2026-12-10", true),
            (date!(2026 - 12 - 28), "2027-01-13", false),
            (date!(2026 - 05 - 06), "2026-05-14", true),
        ];
        for (applied, due, confirmed) in cases {
            let d = super::visit_deadline(disposal, applied).expect("a deadline");
            assert_eq!(
                (d.working_days, d.date.as_str(), d.confirmed),
                (5, due, confirmed),
                "{applied}"
            );
        }
        let passport = c
            .services
            .iter()
            .find(|s| s.id == "mvd-passport-20-45")
            .expect("passport");
        assert_eq!(super::visit_deadline(passport, date!(2026 - 12 - 03)), None);
    }
}
