//! The rules of the disability register's page: which benefits a record gives in
//! a region (a table in `data/disability-benefits.json`, each with the law it
//! rests on), and when a choice of the set of social services (NSU) applies — an
//! application made by 30 September applies from the next 1 January, one made
//! later from the 1 January after that (Federal Law No. 178-FZ, art. 6.3: «до 1
//! октября текущего года на период с 1 января следующего года»).

use std::sync::OnceLock;

use serde::Deserialize;
use time::{Date, Month};

use crate::api::disability::{
    BenefitLevel, BenefitView, DisabilityGroup, DisabilityRecord, DisabilityView, NsuChange,
    NsuChoice, NsuView,
};
use crate::api::pension::Texts;

const DATA: &str = include_str!("../../data/disability-benefits.json");

/// When a benefit counts as assigned already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Assigned {
    /// From the day the disability was established (the fund assigns it from the
    /// register without an application).
    WithRecord,
}

#[derive(Debug, Clone, Deserialize)]
struct BenefitDef {
    id: String,
    level: BenefitLevel,
    groups: Vec<DisabilityGroup>,
    /// Empty: every region (a federal benefit); `*`: every region, the texts
    /// naming it as `{region}`; otherwise the regions (as in addresses).
    regions: Vec<String>,
    #[serde(default)]
    assigned: Option<Assigned>,
    title: Texts,
    what: Texts,
    how: Texts,
    basis: Texts,
    #[serde(default)]
    service: Option<String>,
    checked: bool,
}

#[derive(Debug, Deserialize)]
struct Table {
    benefits: Vec<BenefitDef>,
}

fn table() -> &'static [BenefitDef] {
    static TABLE: OnceLock<Vec<BenefitDef>> = OnceLock::new();
    TABLE.get_or_init(|| match serde_json::from_str::<Table>(DATA) {
        Ok(t) => t.benefits,
        // The table is compiled in and checked by the tests below.
        Err(_) => Vec::new(),
    })
}

fn named(t: &Texts, region: &str) -> Texts {
    Texts {
        ru: t.ru.replace("{region}", region),
        en: t.en.replace("{region}", region),
    }
}

/// The benefits a record of `group` gives to a person living in `region` (the
/// confirmed address's, if known), federal first, in the table's order.
pub fn benefits(record: &DisabilityRecord, region: Option<&str>) -> Vec<BenefitView> {
    let region = region.map(str::trim).filter(|r| !r.is_empty());
    let mut out = Vec::new();
    for level in [BenefitLevel::Federal, BenefitLevel::Regional] {
        for b in table().iter().filter(|b| b.level == level) {
            if !b.groups.contains(&record.group) {
                continue;
            }
            let place = match (b.regions.as_slice(), region) {
                ([], _) => "",
                ([all], Some(r)) if all == "*" => r,
                (list, Some(r)) if list.iter().any(|x| x == r) => r,
                _ => continue,
            };
            out.push(BenefitView {
                id: b.id.clone(),
                level: b.level,
                title: named(&b.title, place),
                what: named(&b.what, place),
                how: named(&b.how, place),
                basis: named(&b.basis, place),
                service: b.service.clone(),
                assigned_since: b.assigned.map(|Assigned::WithRecord| record.since),
                checked: b.checked,
            });
        }
    }
    out
}

/// The 1 January from which a choice of the set made on `applied_on` applies.
pub fn nsu_from(applied_on: Date) -> Date {
    let year = if applied_on.month() < Month::October {
        applied_on.year() + 1
    } else {
        applied_on.year() + 2
    };
    Date::from_calendar_date(year, Month::January, 1).unwrap_or(Date::MAX)
}

/// The set as of `today`: the newest choice in force (in kind with none), the
/// nearest one waiting for its day, and when a choice made today would apply.
/// `choices`: every choice decided, each with its first day, in any order.
pub fn nsu(today: Date, choices: &[(Date, NsuChoice)]) -> NsuView {
    let current = choices
        .iter()
        .filter(|(from, _)| *from <= today)
        .max_by_key(|(from, _)| *from)
        .map_or(NsuChoice::IN_KIND, |(_, c)| *c);
    // The nearest one waiting: it is the next to take effect.
    let change = choices
        .iter()
        .filter(|(from, _)| *from > today)
        .min_by_key(|(from, _)| *from)
        .map(|(from, choice)| NsuChange {
            from: *from,
            choice: *choice,
        })
        .filter(|c| c.choice != current);
    NsuView {
        current,
        change,
        next_from: nsu_from(today),
    }
}

/// The page: with no record, no benefits and no set.
pub fn view(
    record: Option<DisabilityRecord>,
    region: Option<String>,
    today: Date,
    choices: &[(Date, NsuChoice)],
) -> DisabilityView {
    let benefits = record
        .as_ref()
        .map(|r| benefits(r, region.as_deref()))
        .unwrap_or_default();
    let nsu = record.is_some().then(|| nsu(today, choices));
    DisabilityView {
        record,
        region,
        benefits,
        nsu,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::api::disability::NsuWay::{Kind, Money};
    use time::macros::date;

    fn record(group: DisabilityGroup) -> DisabilityRecord {
        DisabilityRecord {
            group,
            cause: Texts {
                ru: "общее заболевание".into(),
                en: "general illness".into(),
            },
            since: date!(2019 - 03 - 15),
            until: None,
            ipra: None,
        }
    }

    fn ids(group: DisabilityGroup, region: Option<&str>) -> Vec<String> {
        benefits(&record(group), region)
            .into_iter()
            .map(|b| b.id)
            .collect()
    }

    #[test]
    fn the_table_reads_and_every_benefit_is_complete() {
        let t: Table = serde_json::from_str(DATA).unwrap();
        assert_eq!(t.benefits.len(), table().len());
        let mut seen = std::collections::HashSet::new();
        for b in table() {
            assert!(seen.insert(&b.id), "{} twice", b.id);
            assert!(!b.groups.is_empty(), "{}: no group", b.id);
            for t in [&b.title, &b.what, &b.how, &b.basis] {
                assert!(
                    !t.ru.trim().is_empty() && !t.en.trim().is_empty(),
                    "{}",
                    b.id
                );
            }
            // Federal benefits hold everywhere; regional ones name their regions.
            assert_eq!(
                b.level == BenefitLevel::Federal,
                b.regions.is_empty(),
                "{}",
                b.id
            );
        }
        // Services named exist in the catalogue.
        let catalogue = crate::services::catalogue::built_in().unwrap();
        for s in table().iter().filter_map(|b| b.service.as_deref()) {
            assert!(
                catalogue.services.iter().any(|x| x.id == s),
                "no service {s}"
            );
        }
    }

    #[test]
    fn benefits_follow_the_group_and_the_region() {
        use DisabilityGroup::*;
        let federal_all = [
            "edv",
            "nsu",
            "disability-pension",
            "rehabilitation-means",
            "housing-compensation",
        ];
        // (group, region, present, absent)
        type Case<'a> = (
            DisabilityGroup,
            Option<&'a str>,
            &'a [&'a str],
            &'a [&'a str],
        );
        let cases: &[Case] = &[
            (
                First,
                Some("Новосибирская область"),
                &[
                    "fixed-payment-doubled",
                    "care-compensation",
                    "parking",
                    "property-tax",
                    "land-tax",
                    "income-tax-deduction",
                    "regional",
                ],
                &["moscow-transport"],
            ),
            (
                Second,
                Some("Новосибирская область"),
                &[
                    "parking",
                    "property-tax",
                    "land-tax",
                    "income-tax-deduction",
                ],
                &["fixed-payment-doubled", "care-compensation"],
            ),
            (
                Third,
                Some("Москва"),
                &["moscow-transport", "regional"],
                &[
                    "parking",
                    "property-tax",
                    "land-tax",
                    "income-tax-deduction",
                    "care-compensation",
                ],
            ),
            (
                Child,
                None,
                &["parking", "property-tax", "land-tax"],
                &["income-tax-deduction", "regional", "moscow-transport"],
            ),
        ];
        for (group, region, present, absent) in cases {
            let got = ids(*group, *region);
            for id in federal_all.iter().chain(present.iter()) {
                assert!(
                    got.iter().any(|g| g == id),
                    "{group:?} {region:?}: no {id} in {got:?}"
                );
            }
            for id in *absent {
                assert!(
                    !got.iter().any(|g| g == id),
                    "{group:?} {region:?}: {id} in {got:?}"
                );
            }
        }
        // Federal first; the regional entry names the region.
        let all = benefits(&record(First), Some("Москва"));
        let first_regional = all
            .iter()
            .position(|b| b.level == BenefitLevel::Regional)
            .unwrap();
        assert!(
            all[first_regional..]
                .iter()
                .all(|b| b.level == BenefitLevel::Regional)
        );
        let regional = all.iter().find(|b| b.id == "regional").unwrap();
        assert_eq!(regional.title.ru, "Меры поддержки региона: Москва");
        assert!(!regional.checked);
        // The EDV and the set come with the record, from its day; the rest are asked for.
        let edv = all.iter().find(|b| b.id == "edv").unwrap();
        assert_eq!(edv.assigned_since, Some(date!(2019 - 03 - 15)));
        let parking = all.iter().find(|b| b.id == "parking").unwrap();
        assert_eq!(parking.assigned_since, None);
        assert_eq!(
            all.iter()
                .find(|b| b.id == "nsu")
                .unwrap()
                .service
                .as_deref(),
            Some("sfr-nsu")
        );
    }

    #[test]
    fn a_choice_of_the_set_applies_from_the_next_first_of_january_if_made_by_30_september() {
        let cases = [
            (date!(2026 - 01 - 01), date!(2027 - 01 - 01)),
            (date!(2026 - 03 - 15), date!(2027 - 01 - 01)),
            (date!(2026 - 09 - 30), date!(2027 - 01 - 01)),
            (date!(2026 - 10 - 01), date!(2028 - 01 - 01)),
            (date!(2026 - 12 - 31), date!(2028 - 01 - 01)),
        ];
        for (applied, from) in cases {
            assert_eq!(nsu_from(applied), from, "applied {applied}");
        }
    }

    #[test]
    fn the_set_in_force_is_the_newest_choice_begun_and_a_later_one_waits() {
        let money_meds = NsuChoice {
            medicines: Money,
            ..NsuChoice::IN_KIND
        };
        let all_money = NsuChoice {
            medicines: Money,
            sanatorium: Money,
            travel: Money,
        };
        let today = date!(2026 - 12 - 04);
        // Nothing chosen: in kind, nothing waiting.
        let v = nsu(today, &[]);
        assert_eq!(v.current, NsuChoice::IN_KIND);
        assert_eq!(v.change, None);
        assert_eq!(v.next_from, date!(2028 - 01 - 01));
        // One in force, one waiting.
        let v = nsu(
            today,
            &[
                (date!(2028 - 01 - 01), all_money),
                (date!(2026 - 01 - 01), money_meds),
            ],
        );
        assert_eq!(v.current, money_meds);
        assert_eq!(
            v.change,
            Some(NsuChange {
                from: date!(2028 - 01 - 01),
                choice: all_money
            })
        );
        // Two waiting: the nearer one is the next change.
        let v = nsu(
            today,
            &[
                (date!(2028 - 01 - 01), NsuChoice::IN_KIND),
                (date!(2027 - 01 - 01), all_money),
            ],
        );
        assert_eq!(v.change.map(|c| c.from), Some(date!(2027 - 01 - 01)));
        assert_eq!(v.change.map(|c| c.choice), Some(all_money));
        // A waiting choice equal to today's is no change.
        let v = nsu(
            today,
            &[
                (date!(2026 - 01 - 01), money_meds),
                (date!(2027 - 01 - 01), money_meds),
            ],
        );
        assert_eq!(v.change, None);
        // The newest begun wins.
        let v = nsu(
            today,
            &[
                (date!(2025 - 01 - 01), all_money),
                (date!(2026 - 01 - 01), NsuChoice::IN_KIND),
            ],
        );
        assert_eq!(v.current.medicines, Kind);
    }

    #[test]
    fn without_a_record_the_page_has_no_benefits_and_no_set() {
        let v = view(None, Some("Москва".into()), date!(2026 - 12 - 04), &[]);
        assert!(v.benefits.is_empty());
        assert_eq!(v.nsu, None);
    }
}
