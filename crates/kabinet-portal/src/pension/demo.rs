//! Demo records for six citizens of the development registries
//! (`data/registries.json`), written through the same [`super::store::load`] as
//! report files. Months run to last month, so the demo looks the same whenever it
//! is started; each month's demo is its own "file" (loaded once).
//!
//! | citizen | SNILS | the record |
//! |---|---|---|
//! | Демонстрационный Пользователь | 485-370-789 32 | 2021: pay reported, nothing paid; 2023: three months with no report |
//! | Ковалёв Владимир | 248-444-808 97 | a clean career with one employer |
//! | Исаева Алёна | 437-030-684 61 | 2022: contributions at 10 % of the pay, below the tariff |
//! | Щербаков Николай | 210-538-954 43 | a gap between jobs (March 2017 – August 2018), nothing wrong |
//! | Михайлов Михаил | 935-295-791 55 | military service 2015–2016, child care 2021–2022 |
//! | Киселёва Екатерина | 754-030-940 80 | retired in 2005: rights before 2015, a pension assigned |

use kabinet_core::identity::inn::employer_inn_with_check_digit;
use kabinet_core::identity::snils::Snils;
use kabinet_core::pension::NonInsuranceKind;
use kabinet_core::pension::record::{
    Assigned, CreditedPeriod, Employer, EmploymentPeriod, MonthReport, Pre2015, tariffs,
};
use rust_decimal::Decimal;
use time::macros::date;
use time::{Date, Month};

use super::reports::{Batch, PersonFacts};
use crate::PortalError;
use crate::platform::state::AppState;

/// What an employer did with one month's contributions.
#[derive(Clone, Copy, PartialEq)]
enum Paid {
    /// At the tariff, in full.
    InFull,
    /// Accrued at the tariff, nothing paid.
    Nothing,
    /// Accrued and paid at this share of the pay (below the tariff).
    AtRate(Decimal),
    /// No report at all.
    NoReport,
}

fn employer(reg: &str, inn9: &str, name: &str, address: &str) -> Employer {
    Employer {
        reg_number: reg.into(),
        inn: employer_inn_with_check_digit(inn9).unwrap_or_default(),
        name: name.into(),
        address: Some(address.into()),
    }
}

fn employers() -> [Employer; 5] {
    [
        employer(
            "087-101-000101",
            "771234567",
            "ООО «Северный ветер»",
            "125009, г. Москва, ул. Тверская, д. 7",
        ),
        employer(
            "087-102-000202",
            "772345678",
            "ООО «Стройресурс»",
            "115054, г. Москва, ул. Дубининская, д. 31",
        ),
        employer(
            "066-001-000303",
            "667345678",
            "АО «Уральские приборы»",
            "620014, г. Екатеринбург, ул. Малышева, д. 51",
        ),
        employer(
            "078-010-000404",
            "784456789",
            "СПб ГБУЗ «Городская поликлиника № 3»",
            "197373, г. Санкт-Петербург, пр. Авиаконструкторов, д. 2",
        ),
        employer(
            "047-020-000505",
            "470567890",
            "ООО «Ладога-Логистик»",
            "188640, Ленинградская обл., г. Всеволожск, ул. Заводская, д. 4",
        ),
    ]
}

struct Builder {
    batch: Batch,
    /// The last month with a report: last month.
    last: (i32, u8),
}

impl Builder {
    fn person(&mut self, snils: &Snils, facts: PersonFacts) {
        self.batch.persons.push((snils.clone(), facts));
    }

    fn credited(
        &mut self,
        snils: &Snils,
        kind: NonInsuranceKind,
        from: Date,
        to: Date,
        child: Option<u32>,
    ) {
        self.batch.credited.push((
            snils.clone(),
            CreditedPeriod {
                kind,
                from,
                to,
                child,
            },
        ));
    }

    /// A job from `from` to `to` (None: still there), paid `wage_2015` a month in
    /// 2015 and 7 % more every year, contributions as `paid` says month by month.
    #[allow(clippy::too_many_arguments)]
    fn job(
        &mut self,
        snils: &Snils,
        employer: &Employer,
        from: Date,
        to: Option<Date>,
        position: &str,
        wage_2015: i64,
        paid: impl Fn(i32, u8) -> Paid,
    ) -> Result<(), PortalError> {
        let p = kabinet_core::pension::params()
            .map_err(|e| PortalError::Config(format!("demo records: {e}")))?;
        let t = tariffs().map_err(|e| PortalError::Config(format!("demo records: {e}")))?;
        self.batch.periods.push((
            snils.clone(),
            EmploymentPeriod {
                employer: employer.reg_number.clone(),
                from,
                to,
                position: Some(position.into()),
            },
        ));
        let last_day = to.map_or(self.last, |d| (d.year(), u8::from(d.month())));
        let (mut y, mut m) = (from.year(), u8::from(from.month()));
        let mut before = Decimal::ZERO;
        while (y, m) <= last_day && (y, m) <= self.last {
            let growth = (2015..y).fold(Decimal::ONE, |g, _| g * Decimal::new(107, 2));
            let wage = (Decimal::from(wage_2015) * growth).round_dp(0);
            let ty = t
                .year(p, y)
                .ok_or_else(|| PortalError::Config(format!("demo records: no tariff for {y}")))?;
            let due = ty.due(before, wage);
            before += wage;
            let (accrued, paid_amount) = match paid(y, m) {
                Paid::InFull => (due, due),
                Paid::Nothing => (due, Decimal::ZERO),
                Paid::AtRate(r) => {
                    let a = (wage * r).round_dp(2);
                    (a, a)
                }
                Paid::NoReport => (Decimal::ZERO, Decimal::ZERO),
            };
            if paid(y, m) != Paid::NoReport {
                self.batch.months.push((
                    snils.clone(),
                    MonthReport {
                        employer: employer.reg_number.clone(),
                        year: y,
                        month: m,
                        wage,
                        accrued,
                        paid: paid_amount,
                    },
                ));
            }
            if m == 12 {
                (y, m, before) = (y + 1, 1, Decimal::ZERO);
            } else {
                m += 1;
            }
        }
        Ok(())
    }
}

fn snils(text: &str) -> Result<Snils, PortalError> {
    Snils::parse(text).map_err(|_| PortalError::Config(format!("demo SNILS {text}")))
}

fn pre2015(points: i64, scale: u32, months: u32) -> Option<Pre2015> {
    Some(Pre2015 {
        points: Decimal::new(points, scale),
        months,
    })
}

/// The demo records as of `today` (reports up to last month).
pub fn batch(today: Date) -> Result<Batch, PortalError> {
    let last = if today.month() == Month::January {
        (today.year() - 1, 12)
    } else {
        (today.year(), u8::from(today.month()) - 1)
    };
    let mut b = Builder {
        batch: Batch::default(),
        last,
    };
    let [veter, stroy, ural, clinic, ladoga] = employers();

    let demo = snils("485-370-789 32")?;
    b.person(
        &demo,
        PersonFacts {
            pre2015: pre2015(582, 1, 254),
            ..PersonFacts::default()
        },
    );
    b.job(
        &demo,
        &veter,
        date!(2015 - 01 - 12),
        Some(date!(2019 - 06 - 28)),
        "экономист",
        52_000,
        |_, _| Paid::InFull,
    )?;
    b.job(
        &demo,
        &stroy,
        date!(2019 - 07 - 01),
        Some(date!(2021 - 12 - 30)),
        "ведущий экономист",
        61_000,
        |y, _| {
            if y == 2021 {
                Paid::Nothing
            } else {
                Paid::InFull
            }
        },
    )?;
    b.job(
        &demo,
        &ural,
        date!(2022 - 02 - 01),
        None,
        "начальник планового отдела",
        64_000,
        |y, m| {
            if y == 2023 && (4..=6).contains(&m) {
                Paid::NoReport
            } else {
                Paid::InFull
            }
        },
    )?;

    let kovalev = snils("248-444-808 97")?;
    b.person(
        &kovalev,
        PersonFacts {
            pre2015: pre2015(427, 1, 150),
            ..PersonFacts::default()
        },
    );
    b.job(
        &kovalev,
        &clinic,
        date!(2015 - 01 - 01),
        None,
        "врач-терапевт",
        58_000,
        |_, _| Paid::InFull,
    )?;

    let isaeva = snils("437-030-684 61")?;
    b.person(
        &isaeva,
        PersonFacts {
            pre2015: pre2015(98, 1, 60),
            ..PersonFacts::default()
        },
    );
    b.job(
        &isaeva,
        &ladoga,
        date!(2015 - 03 - 02),
        Some(date!(2020 - 08 - 31)),
        "менеджер по логистике",
        41_000,
        |_, _| Paid::InFull,
    )?;
    b.job(
        &isaeva,
        &veter,
        date!(2020 - 09 - 01),
        None,
        "руководитель группы",
        56_000,
        |y, _| {
            if y == 2022 {
                Paid::AtRate(Decimal::new(10, 2))
            } else {
                Paid::InFull
            }
        },
    )?;

    let shcherbakov = snils("210-538-954 43")?;
    b.person(
        &shcherbakov,
        PersonFacts {
            pre2015: pre2015(351, 1, 130),
            ..PersonFacts::default()
        },
    );
    b.job(
        &shcherbakov,
        &veter,
        date!(2015 - 01 - 01),
        Some(date!(2017 - 02 - 28)),
        "водитель",
        38_000,
        |_, _| Paid::InFull,
    )?;
    b.job(
        &shcherbakov,
        &ladoga,
        date!(2018 - 09 - 03),
        None,
        "водитель-экспедитор",
        44_000,
        |_, _| Paid::InFull,
    )?;

    let mikhailov = snils("935-295-791 55")?;
    b.credited(
        &mikhailov,
        NonInsuranceKind::MilitaryService,
        date!(2015 - 11 - 10),
        date!(2016 - 11 - 09),
        None,
    );
    b.job(
        &mikhailov,
        &stroy,
        date!(2017 - 02 - 01),
        Some(date!(2020 - 12 - 31)),
        "инженер-программист",
        45_000,
        |_, _| Paid::InFull,
    )?;
    b.credited(
        &mikhailov,
        NonInsuranceKind::ChildCare,
        date!(2021 - 01 - 15),
        date!(2022 - 07 - 14),
        Some(1),
    );
    b.job(
        &mikhailov,
        &ural,
        date!(2022 - 08 - 01),
        None,
        "инженер-программист",
        52_000,
        |_, _| Paid::InFull,
    )?;

    let kiseleva = snils("754-030-940 80")?;
    b.person(
        &kiseleva,
        PersonFacts {
            pre2015: pre2015(964, 1, 408),
            assigned: Some(Assigned {
                since: date!(2005 - 09 - 02),
                monthly: Decimal::new(2_743_050, 2),
            }),
            funded_option: false,
        },
    );

    b.batch.employers = vec![veter, stroy, ural, clinic, ladoga];
    Ok(b.batch)
}

/// Loads this month's demo records (idempotent). `Ok(true)` if written now.
pub async fn load(state: &AppState) -> Result<bool, PortalError> {
    let today = state.now().date();
    let batch = batch(today)?;
    let digest = format!(
        "demo-records-v1-{}-{:02}",
        today.year(),
        u8::from(today.month())
    );
    let loaded = super::store::load(state, "demo records", &digest, &batch)
        .await
        .map_err(|e| PortalError::Database(format!("demo records: {e}")))?;
    Ok(matches!(loaded, super::store::Loaded::New { .. }))
}
