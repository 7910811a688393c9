//! The explanation's sentences, Russian and English side by side, and how numbers,
//! money, dates and ages are written in each language. Which sentence is said when
//! is decided in [`super::explain`]; nothing here computes a pension figure.

use rust_decimal::Decimal;
use time::Date;

use super::compute::{Earlier, kopecks};
use super::result::{NonInsurancePoints, Shortfall, YearPoints};
use super::scenario::{FarNorth, NonInsuranceKind, Sex};

/// One sentence in both languages.
pub(super) struct Text {
    pub ru: String,
    pub en: String,
}

fn text(ru: String, en: String) -> Text {
    Text { ru, en }
}

// ----- numbers, money, dates, ages

/// Decimal with a comma, as written in Russian.
pub fn ru(d: Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

pub(crate) fn en(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Money with kopecks, its thousands grouped by `group` and the kopecks after
/// `point`: `3 600 000,00` in Russian, `3,600,000.00` in English.
pub(crate) fn money_with(d: Decimal, group: char, point: char) -> String {
    let s = kopecks(d).to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |rest| ("-", rest));
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped}{point}{frac}")
}

/// Money with kopecks, thousands grouped by a no-break space: `3 600 000,00`.
pub fn ru_money(d: Decimal) -> String {
    money_with(d, '\u{a0}', ',')
}

/// A Russian noun's forms after a number.
struct Noun {
    /// After 1, 21, 101… (not 11): «1 год».
    one: &'static str,
    /// After 2–4, 22–24… (not 12–14): «2 года».
    few: &'static str,
    /// After 0, 5–20, 25–30…, 111: «5 лет».
    many: &'static str,
    /// After a fraction: «8,5 года».
    fraction: &'static str,
}

const YEARS: Noun = Noun {
    one: "год",
    few: "года",
    many: "лет",
    fraction: "года",
};
/// After «не менее», «из»: «не менее 1 года», «из 15 лет».
const YEARS_GENITIVE: Noun = Noun {
    one: "года",
    few: "лет",
    many: "лет",
    fraction: "года",
};
const FULL_YEARS: Noun = Noun {
    one: "полный год",
    few: "полных года",
    many: "полных лет",
    fraction: "полных года",
};
const MONTHS: Noun = Noun {
    one: "месяц",
    few: "месяца",
    many: "месяцев",
    fraction: "месяца",
};
const POINTS: Noun = Noun {
    one: "балл",
    few: "балла",
    many: "баллов",
    fraction: "балла",
};

/// The one Russian plural rule: the form of `noun` after the number `n`.
fn plural(n: Decimal, noun: &Noun) -> &'static str {
    let n = n.normalize();
    if !n.fract().is_zero() {
        return noun.fraction;
    }
    // Normalised and whole: the mantissa is the number itself.
    let last_two = n.mantissa().unsigned_abs() % 100;
    match (last_two % 10, last_two) {
        (_, 11..=14) => noun.many,
        (1, _) => noun.one,
        (2..=4, _) => noun.few,
        _ => noun.many,
    }
}

/// The number and its noun: «21 год», «3,6 балла».
fn count(n: impl Into<Decimal>, noun: &Noun) -> String {
    let n = n.into();
    format!("{} {}", ru(n), plural(n, noun))
}

/// English: «1 year», «2 years», «1.5 years».
fn en_count(n: impl Into<Decimal>, one: &str, other: &str) -> String {
    let n = n.into().normalize();
    format!("{} {}", en(n), if n == Decimal::ONE { one } else { other })
}

/// "3,6 балла", "9 баллов", "21 балл", "2 балла".
pub fn ru_points(d: Decimal) -> String {
    count(d, &POINTS)
}

/// "15 лет", "8,5 года", "21 год".
fn ru_years_of(d: Decimal) -> String {
    count(d, &YEARS)
}

pub fn ru_date(d: Date) -> String {
    format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
}

/// «60 лет», «60 лет и 6 месяцев», «61 год и 1 месяц».
fn ru_age(months: u32) -> String {
    let (y, m) = (months / 12, months % 12);
    if m == 0 {
        count(y, &YEARS)
    } else {
        format!("{} и {}", count(y, &YEARS), count(m, &MONTHS))
    }
}

/// «60 years», «60 years and 6 months», «61 years and 1 month».
fn en_age(months: u32) -> String {
    let (y, m) = (months / 12, months % 12);
    if m == 0 {
        en_count(y, "year", "years")
    } else {
        format!(
            "{} and {}",
            en_count(y, "year", "years"),
            en_count(m, "month", "months")
        )
    }
}

/// How the sums call the rights brought in.
fn earlier_label(earlier: Earlier) -> Text {
    match earlier {
        Earlier::Pre2015 => text("до 2015 года".into(), "before 2015".into()),
        Earlier::SoFar(year) => text(format!("до {year} года"), format!("before {year}")),
    }
}

// ----- the right date and the requirements

/// The right arises at the retirement age (`old`: the old-rules age, reached in
/// `old_year`; `relief`: six months earlier under art. 10 of Law 350-FZ).
pub(super) fn right_at_age(
    right: Date,
    age_months: u32,
    sex: Sex,
    old: u32,
    old_year: i32,
    relief: bool,
) -> Text {
    let (who_ru, who_en) = match sex {
        Sex::Male => ("мужчин", "men"),
        Sex::Female => ("женщин", "women"),
    };
    let (relief_ru, relief_en) = if relief {
        (
            " Учтена льгота: на 6 месяцев раньше для тех, кому по прежним правилам пенсия полагалась в 2019–2020 годах.",
            " This includes the relief: six months earlier for those whose pension under the old rules was due in 2019–2020.",
        )
    } else {
        ("", "")
    };
    text(
        format!(
            "Право на страховую пенсию по старости возникает {}: в этот день вам исполняется {}. Это общий пенсионный возраст для {who_ru}, которым {} исполнилось бы в {old_year} году.{relief_ru}",
            ru_date(right),
            ru_age(age_months),
            count(old, &YEARS),
        ),
        format!(
            "Your right to an old-age insurance pension arises on {right}, when you reach {}. This is the general retirement age for {who_en} who turned {old} in {old_year}.{relief_en}",
            en_age(age_months),
        ),
    )
}

/// No birth date: the right is taken to arise on the claim date less the deferral.
pub(super) fn right_at_claim(right: Date, deferral_months: u32) -> Text {
    text(
        format!(
            "Дата рождения не указана, поэтому днём возникновения права считается дата обращения{}: {}. Условия проверяются по баллам этого года.",
            if deferral_months > 0 {
                format!(" минус {deferral_months} мес. отсрочки")
            } else {
                String::new()
            },
            ru_date(right)
        ),
        format!(
            "No birth date was given, so the right is taken to arise on the claim date{}: {right}. The conditions are checked against that year's requirements.",
            if deferral_months > 0 {
                format!(
                    " less {} of deferral",
                    en_count(deferral_months, "month", "months")
                )
            } else {
                String::new()
            },
        ),
    )
}

pub(super) fn requirements(year: i32, min_years: u32, min_ipk: Decimal) -> Text {
    text(
        format!(
            "Для права, возникшего в {year} году, нужно: страхового стажа — не менее {}, пенсионных баллов — не менее {}. Требования берутся на год возникновения права и после него не растут.",
            count(min_years, &YEARS_GENITIVE),
            ru(min_ipk)
        ),
        format!(
            "For a right arising in {year} you need at least {} of insurance record and at least {}. The requirements are those of the year the right arises; they do not rise afterwards.",
            en_count(min_years, "year", "years"),
            en_count(min_ipk, "pension point", "pension points")
        ),
    )
}

// ----- points

pub(super) fn known_total(total: Decimal) -> Text {
    text(
        format!("Всего пенсионных баллов (указано вами): {}.", ru(total)),
        format!("Total pension points (as you gave them): {}.", en(total)),
    )
}

pub(super) fn no_insurance_record() -> Text {
    text(
        "Страховой стаж не указан: право проверяется только по баллам.".into(),
        "No insurance record length was given: only the points are checked.".into(),
    )
}

/// The points brought in: the rights before 2015, or the statement's points so far.
pub(super) fn earlier(earlier: Earlier, ipk: Decimal) -> Text {
    match earlier {
        Earlier::Pre2015 => text(
            format!(
                "Баллы за периоды до 2015 года (пенсионные права, переведённые в баллы): {}.",
                ru(ipk)
            ),
            format!(
                "Points for periods before 2015 (earlier pension rights converted to points): {}.",
                en(ipk)
            ),
        ),
        Earlier::SoFar(year) => text(
            format!(
                "Баллы, заработанные до {year} года (по выписке Социального фонда): {}. Заработок учитывается с {year} года.",
                ru(ipk)
            ),
            format!(
                "Points earned before {year} (from your Social Fund statement): {}. Wages count from {year} on.",
                en(ipk)
            ),
        ),
    }
}

/// One year's points from wages: the base, the rounding, the cap, and the tags
/// (projected, assumed wage, latest known parameters).
/// Consecutive years computed alike: «2027–2045: 19 лет по 3,223 балла — …».
pub(super) fn year_points_run(y: &YearPoints, last: i32, funded: bool) -> Text {
    let n = Decimal::from(last - y.year + 1);
    let one = year_points(y, funded);
    // The one year's sentence, without its leading «2027 год: » / «2027: ».
    let tail = |t: &str| {
        t.split_once(": ")
            .map(|(_, r)| r.to_owned())
            .unwrap_or_default()
    };
    text(
        format!(
            "{}–{last}: {} по {} — каждый год {}",
            y.year,
            ru_years_of(n),
            ru_points(y.points),
            tail(&one.ru)
        ),
        format!(
            "{}–{last}: {} at {} each — every year {}",
            y.year,
            en_count(n, "year", "years"),
            en_count(y.points, "point", "points"),
            tail(&one.en)
        ),
    )
}

pub(super) fn year_points(y: &YearPoints, funded: bool) -> Text {
    let capped = y.points < y.uncapped;
    let base_ru = if y.wage > y.max_base {
        format!(
            ", но учитывается не больше предельной базы {} ₽",
            ru_money(y.max_base)
        )
    } else {
        String::new()
    };
    let base_en = if y.wage > y.max_base {
        format!(
            ", but no more than the maximum contribution base of {} RUB counts",
            en(y.max_base)
        )
    } else {
        String::new()
    };
    let counted = y.wage.min(y.max_base);
    let (cap_ru, cap_en) = if capped {
        (
            format!(
                "; больше {} за год получить нельзя{}",
                ru_points(y.cap),
                if funded {
                    " (предел для сохранивших накопительную пенсию)"
                } else {
                    ""
                }
            ),
            format!(
                "; a year earns at most {}{}",
                en_count(y.cap, "point", "points"),
                if funded {
                    " (the limit for those who kept a funded pension)"
                } else {
                    ""
                }
            ),
        )
    } else {
        (String::new(), String::new())
    };
    let mut tags_ru = Vec::new();
    let mut tags_en = Vec::new();
    if y.projected {
        tags_ru.push("прогноз");
        tags_en.push("projected");
    }
    if y.wage_assumed {
        tags_ru.push("заработок предполагаемый");
        tags_en.push("assumed wage");
    }
    if y.parameters_projected {
        tags_ru.push("взяты последние известные предельная база и предел баллов");
        tags_en.push("latest known maximum base and cap used");
    }
    let tag = |t: Vec<&str>| {
        if t.is_empty() {
            String::new()
        } else {
            format!(" ({})", t.join("; "))
        }
    };
    text(
        format!(
            "{} год: заработок {} ₽{base_ru}; {} / {} × 10 = {} (округлено до 3 знаков){cap_ru} → {}{}.",
            y.year,
            ru_money(y.wage),
            ru_money(counted),
            ru_money(y.max_base),
            ru(y.uncapped),
            ru_points(y.points),
            tag(tags_ru)
        ),
        format!(
            "{}: wage {} RUB{base_en}; {} / {} × 10 = {} (rounded to 3 decimals){cap_en} → {}{}.",
            y.year,
            en(y.wage),
            en(counted),
            en(y.max_base),
            en(y.uncapped),
            en_count(y.points, "point", "points"),
            tag(tags_en)
        ),
    )
}

/// Wages given for the claim year or later (`years`, not empty).
pub(super) fn wages_not_counted(years: &[i32], claim_year: i32) -> Text {
    let list = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    text(
        format!(
            "Заработок за {list} не учтён: при назначении пенсии в {claim_year} году учитываются годы до года обращения; взносы года обращения и последующих лет добавляются при перерасчёте."
        ),
        format!(
            "Wages for {list} are not counted: a pension claimed in {claim_year} counts the years before the claim year; contributions of the claim year and later are added on recalculation."
        ),
    )
}

/// One non-insurance period (`child_total`: the most years child care counts in all).
pub(super) fn non_insurance(n: &NonInsurancePoints, child_total: Decimal) -> Text {
    let (what_ru, what_en) = match n.kind {
        NonInsuranceKind::MilitaryService => (
            "Военная служба по призыву".to_owned(),
            "Conscript military service".to_owned(),
        ),
        NonInsuranceKind::Care => (
            "Уход за инвалидом I группы, ребёнком-инвалидом или человеком старше 80 лет".to_owned(),
            "Care of a group-I disabled person, a disabled child or a person over 80".to_owned(),
        ),
        NonInsuranceKind::ChildCare => {
            let c = n.child.unwrap_or(1);
            (
                format!("Уход за {c}-м ребёнком до полутора лет"),
                format!(
                    "Care of your {} child until the age of 1.5",
                    match c {
                        1 => "1st",
                        2 => "2nd",
                        3 => "3rd",
                        _ => "4th",
                    }
                ),
            )
        }
    };
    let (clip_ru, clip_en) = if n.counted_years < n.years {
        (
            format!(
                " (учтено {} из {}: всего за уход за детьми засчитывается не более {})",
                ru(n.counted_years),
                ru(n.years),
                count(child_total, &YEARS_GENITIVE)
            ),
            format!(
                " ({} of {} count: child care counts at most {} in all)",
                en(n.counted_years),
                en_count(n.years, "year", "years"),
                en_count(child_total, "year", "years")
            ),
        )
    } else {
        (String::new(), String::new())
    };
    text(
        format!(
            "{what_ru}: {} г. × {} в год = {}{clip_ru}. Такие периоды засчитываются без взносов.",
            ru(n.counted_years),
            ru_points(n.ipk_per_year),
            ru_points(n.points)
        ),
        format!(
            "{what_en}: {} × {} a year = {}{clip_en}. Such periods count without contributions.",
            en_count(n.counted_years, "year", "years"),
            en_count(n.ipk_per_year, "point", "points"),
            en_count(n.points, "point", "points")
        ),
    )
}

pub(super) fn total_points(
    earlier: Earlier,
    brought: Decimal,
    wages: Decimal,
    non_insurance: Decimal,
    total: Decimal,
) -> Text {
    let label = earlier_label(earlier);
    text(
        format!(
            "Всего баллов: {} ({}) + {} (за заработок) + {} (нестраховые периоды) = {}.",
            ru(brought),
            label.ru,
            ru(wages),
            ru(non_insurance),
            ru(total)
        ),
        format!(
            "Total points: {} ({}) + {} (from wages) + {} (non-insurance periods) = {}.",
            en(brought),
            label.en,
            en(wages),
            en(non_insurance),
            en(total)
        ),
    )
}

// ----- the insurance record and eligibility

pub(super) fn insurance_years_given(y: Decimal) -> Text {
    text(
        format!("Страховой стаж (указан вами): {}.", ru_years_of(y)),
        format!(
            "Insurance record (as you gave it): {}.",
            en_count(y, "year", "years")
        ),
    )
}

pub(super) fn insurance_years_computed(
    earlier: Earlier,
    brought: Decimal,
    with_wages: Decimal,
    non_insurance: Decimal,
    total: Decimal,
) -> Text {
    let label = earlier_label(earlier);
    let since = earlier.wages_from();
    text(
        format!(
            "Страховой стаж: {} ({}) + {} (годы с заработком с {since} года) + {} (нестраховые периоды) = {}.",
            ru(brought),
            label.ru,
            ru(with_wages),
            ru(non_insurance),
            ru_years_of(total)
        ),
        format!(
            "Insurance record: {} ({}) + {} (years with wages since {since}) + {} (non-insurance periods) = {}.",
            en(brought),
            label.en,
            en(with_wages),
            en(non_insurance),
            en_count(total, "year", "years")
        ),
    )
}

pub(super) fn eligible() -> Text {
    text(
        "Условия выполнены: право на страховую пенсию по старости есть.".into(),
        "The conditions are met: you are entitled to an old-age insurance pension.".into(),
    )
}

/// What is short: the record (`have` of `need` years) and/or the points.
pub(super) fn not_eligible(
    years: Option<(Decimal, u32)>,
    points: Option<(Decimal, Decimal)>,
) -> Text {
    let mut ru_parts = Vec::new();
    let mut en_parts = Vec::new();
    if let Some((have, need)) = years {
        ru_parts.push(format!(
            "страхового стажа {} из {}",
            ru(have),
            count(need, &YEARS_GENITIVE)
        ));
        en_parts.push(format!(
            "insurance record {} of {}",
            en(have),
            en_count(need, "year", "years")
        ));
    }
    if let Some((have, need)) = points {
        ru_parts.push(format!("баллов {} из {}", ru(have), ru(need)));
        en_parts.push(format!("points {} of {}", en(have), en(need)));
    }
    text(
        format!(
            "Условия не выполнены — не хватает: {}. Страховая пенсия не назначается; ниже показан размер, который был бы при выполнении условий.",
            ru_parts.join("; ")
        ),
        format!(
            "The conditions are not met — short of: {}. No insurance pension is assigned; the amount below is what it would be if they were met.",
            en_parts.join("; ")
        ),
    )
}

// ----- deferral, prices, increases, the formula

pub(super) fn no_deferral() -> Text {
    text(
        "Пенсия назначается со дня возникновения права, без отсрочки: премиальные коэффициенты равны 1.".into(),
        "The pension is claimed on the day the right arises, with no deferral: the premium coefficients are 1.".into(),
    )
}

pub(super) fn deferral_under_a_year(months: u32) -> Text {
    text(
        format!(
            "Обращение через {months} мес. после возникновения права — меньше полного года, поэтому премиальные коэффициенты равны 1."
        ),
        format!(
            "You claim {} after the right arises — less than a full year, so the premium coefficients are 1.",
            en_count(months, "month", "months")
        ),
    )
}

/// `beyond_table`: more full years than the premium table has (they add nothing).
pub(super) fn deferral(
    months: u32,
    full_years: u32,
    kv_ipk: Decimal,
    kv_fv: Decimal,
    beyond_table: bool,
) -> Text {
    let (over_ru, over_en) = if beyond_table {
        (
            " Отсрочка больше 10 лет пенсию больше не увеличивает.",
            " Deferring beyond 10 years adds nothing more.",
        )
    } else {
        ("", "")
    };
    text(
        format!(
            "Обращение через {months} мес. после возникновения права — {} отсрочки. Премиальные коэффициенты: к баллам {}, к фиксированной выплате {}.{over_ru}",
            count(full_years, &FULL_YEARS),
            ru(kv_ipk),
            ru(kv_fv)
        ),
        format!(
            "You claim {} after the right arises — {} of deferral. Premium coefficients: {} on points, {} on the fixed payment.{over_en}",
            en_count(months, "month", "months"),
            en_count(full_years, "full year", "full years"),
            en(kv_ipk),
            en(kv_fv)
        ),
    )
}

pub(super) fn prices(
    spk: Decimal,
    spk_from: Date,
    fv: Decimal,
    fv_from: Date,
    claim: Date,
) -> Text {
    text(
        format!(
            "На дату обращения {} стоимость пенсионного балла — {} ₽ (с {}), фиксированная выплата — {} ₽ (с {}).",
            ru_date(claim),
            ru_money(spk),
            ru_date(spk_from),
            ru_money(fv),
            ru_date(fv_from)
        ),
        format!(
            "On the claim date {claim} one pension point is worth {} RUB (since {spk_from}) and the fixed payment is {} RUB (since {fv_from}).",
            en(spk),
            en(fv)
        ),
    )
}

pub(super) fn todays_prices(as_of: Date) -> Text {
    text(
        format!(
            "Дата обращения ещё не наступила: взяты последние известные значения (таблицы на {}). Это расчёт в сегодняшних ценах — будущая индексация не учтена.",
            ru_date(as_of)
        ),
        format!(
            "The claim date is in the future: the latest known values are used (tables as of {as_of}). The amount is in today's prices — future indexation is not included."
        ),
    )
}

/// The increases that apply (`age_80`: its factor; `dependants`: how many and the
/// divisor); None when none does.
pub(super) fn fixed_payment_increases(
    age_80: Option<Decimal>,
    dependants: Option<(u32, u32)>,
    far_north: FarNorth,
    north: Decimal,
) -> Option<Text> {
    let mut r = Vec::new();
    let mut e = Vec::new();
    if let Some(a80) = age_80 {
        r.push(format!(
            "возраст 80 лет или инвалидность I группы — фиксированная выплата × {}",
            ru(a80)
        ));
        e.push(format!(
            "age 80 or group-I disability — fixed payment × {}",
            en(a80)
        ));
    }
    if let Some((count, divisor)) = dependants {
        r.push(format!(
            "иждивенцы ({count}) — плюс 1/{divisor} фиксированной выплаты за каждого"
        ));
        e.push(format!(
            "dependants ({count}) — plus 1/{divisor} of the fixed payment each"
        ));
    }
    match far_north {
        FarNorth::None => {}
        FarNorth::FarNorth => {
            r.push(format!("работа на Крайнем Севере — × {}", ru(north)));
            e.push(format!("work in the Far North — × {}", en(north)));
        }
        FarNorth::Equivalent => {
            r.push(format!(
                "работа в приравненных местностях — × {}",
                ru(north)
            ));
            e.push(format!(
                "work in areas equivalent to the Far North — × {}",
                en(north)
            ));
        }
    }
    if r.is_empty() {
        return None;
    }
    Some(text(
        format!("Повышения фиксированной выплаты: {}.", r.join("; ")),
        format!("Increases of the fixed payment: {}.", e.join("; ")),
    ))
}

#[allow(clippy::too_many_arguments)]
pub(super) fn formula(
    ipk: Decimal,
    kv_ipk: Decimal,
    spk: Decimal,
    points_part: Decimal,
    fixed_part: Decimal,
    amount: Decimal,
    eligible: bool,
) -> Text {
    let (lead_ru, lead_en) = if eligible {
        ("Пенсия в месяц", "Monthly pension")
    } else {
        (
            "Размер при выполнении условий",
            "Amount if the conditions were met",
        )
    };
    text(
        format!(
            "{lead_ru}: баллы {} × {} × {} ₽ = {} ₽, плюс фиксированная выплата {} ₽, итого {} ₽. Каждая часть округлена до копеек (половина копейки — вверх), затем части сложены.",
            ru(ipk),
            ru(kv_ipk),
            ru_money(spk),
            ru_money(points_part),
            ru_money(fixed_part),
            ru_money(amount)
        ),
        format!(
            "{lead_en}: points {} × {} × {} RUB = {} RUB, plus the fixed payment {} RUB, total {} RUB. Each part is rounded to kopecks (half a kopeck up), then the parts are added.",
            en(ipk),
            en(kv_ipk),
            en(spk),
            points_part,
            fixed_part,
            amount
        ),
    )
}

// ----- the law, cited once at the end

/// A provision the explanation's lines rest on; cited once, in the closing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Provision {
    /// 400-FZ art. 8 and appendix 6 (as amended by 350-FZ): the retirement age.
    RetirementAge,
    /// 400-FZ art. 35: the record and points required in the transition years.
    Requirements,
    /// 400-FZ arts. 12 and 15: non-insurance periods and their points.
    NonInsurance,
    /// 400-FZ art. 17: increases of the fixed payment.
    Increases,
    /// 400-FZ appendices 1 and 2: the premium coefficients for a deferral.
    Premium,
    /// 350-FZ art. 10: six months earlier for those due in 2019–2020.
    Relief,
}

/// «Основание: …» — the provisions cited (in the order of [`Provision`]).
pub(super) fn legal_basis(cited: &[Provision]) -> Text {
    let mut cited = cited.to_vec();
    cited.sort();
    cited.dedup();
    let (mut ru_400, mut en_400, mut ru_350, mut en_350) = (vec![], vec![], vec![], vec![]);
    for p in cited {
        let (r, e) = match p {
            Provision::RetirementAge => (
                "ст. 8 и приложение 6 (пенсионный возраст, в редакции Закона № 350-ФЗ)",
                "art. 8 and appendix 6 (retirement age, as amended by Law 350-FZ)",
            ),
            Provision::Requirements => (
                "ст. 35 (требуемые стаж и баллы)",
                "art. 35 (record and points required)",
            ),
            Provision::NonInsurance => (
                "ст. 12 и 15 (нестраховые периоды)",
                "arts. 12 and 15 (non-insurance periods)",
            ),
            Provision::Increases => (
                "ст. 17 (повышения фиксированной выплаты)",
                "art. 17 (increases of the fixed payment)",
            ),
            Provision::Premium => (
                "приложения 1 и 2 (премиальные коэффициенты)",
                "appendices 1 and 2 (premium coefficients)",
            ),
            Provision::Relief => {
                ru_350.push("ст. 10 (льгота при переходе)");
                en_350.push("art. 10 (transition relief)");
                continue;
            }
        };
        ru_400.push(r);
        en_400.push(e);
    }
    let mut ru_text =
        String::from("Основание: Федеральный закон от 28.12.2013 № 400-ФЗ «О страховых пенсиях»");
    let mut en_text = String::from(
        "Legal basis: Federal Law No. 400-FZ of 28 December 2013 “On insurance pensions”",
    );
    if !ru_400.is_empty() {
        ru_text.push_str(&format!(" — {}", ru_400.join(", ")));
        en_text.push_str(&format!(" — {}", en_400.join(", ")));
    }
    if !ru_350.is_empty() {
        ru_text.push_str(&format!(
            "; Федеральный закон от 03.10.2018 № 350-ФЗ — {}",
            ru_350.join(", ")
        ));
        en_text.push_str(&format!(
            "; Federal Law No. 350-FZ of 3 October 2018, {}",
            en_350.join(", ")
        ));
    }
    ru_text.push('.');
    en_text.push('.');
    text(ru_text, en_text)
}

// ----- the plain summary shown first

/// What the one-sentence summary says.
pub(super) struct SummaryFacts<'a> {
    pub claim: Date,
    pub eligible: bool,
    pub shortfall: Option<&'a Shortfall>,
    pub monthly: Decimal,
    pub ipk: Decimal,
    pub spk: Decimal,
    pub fixed_part: Decimal,
    pub fv: Decimal,
    pub kv_ipk: Decimal,
    pub in_todays_prices: bool,
}

const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Rounded to hundreds (half up) and grouped: «29 700».
fn hundreds(d: Decimal, sep: char) -> String {
    let h = (d / Decimal::from(100))
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        * Decimal::from(100);
    let digits = h.normalize().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn one_decimal(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// «С 12 апреля 2045 года — около 29 700 ₽ в месяц в сегодняшних ценах: 128,4 балла ×
/// 156,76 ₽ + фиксированная выплата 9 584,69 ₽»; when the conditions are not met,
/// what is missing instead.
pub(super) fn summary(f: &SummaryFacts) -> Text {
    let ru_day = format!(
        "{} {} {} года",
        f.claim.day(),
        RU_MONTHS[usize::from(u8::from(f.claim.month())) - 1],
        f.claim.year()
    );
    let en_day = format!("{} {} {}", f.claim.day(), f.claim.month(), f.claim.year());
    if !f.eligible {
        let mut ru_parts = Vec::new();
        let mut en_parts = Vec::new();
        if let Some(y) = f.shortfall.and_then(|s| s.insurance_years) {
            ru_parts.push(format!("{} страхового стажа", count(y, &YEARS_GENITIVE)));
            en_parts.push(format!(
                "{} of insurance record",
                en_count(y, "year", "years")
            ));
        }
        if let Some(p) = f.shortfall.and_then(|s| s.ipk) {
            ru_parts.push(ru_points(p));
            en_parts.push(en_count(p, "point", "points"));
        }
        return text(
            format!(
                "На {ru_day} права на страховую пенсию ещё нет: не хватает {}.",
                ru_parts.join(" и ")
            ),
            format!(
                "On {en_day} there is no right to an insurance pension yet: short of {}.",
                en_parts.join(" and ")
            ),
        );
    }
    let (ru_prices, en_prices) = if f.in_todays_prices {
        (" в сегодняшних ценах", " in today's prices")
    } else {
        ("", "")
    };
    let premium = f.kv_ipk != Decimal::ONE || f.fixed_part != f.fv;
    let ipk = one_decimal(f.ipk);
    let (ru_tail, en_tail) = if premium {
        (
            " с учётом премиальных коэффициентов и повышений фиксированной выплаты",
            " including the premium coefficients and increases of the fixed payment",
        )
    } else {
        ("", "")
    };
    text(
        format!(
            "С {ru_day} — около {} ₽ в месяц{ru_prices}: {} × {} ₽ + фиксированная выплата {} ₽{ru_tail}.",
            hundreds(f.monthly, '\u{a0}'),
            ru_points(ipk),
            ru_money(f.spk),
            ru_money(f.fixed_part),
        ),
        format!(
            "From {en_day} — about {} RUB a month{en_prices}: {} × {} RUB + the fixed payment {} RUB{en_tail}.",
            hundreds(f.monthly, ','),
            en_count(ipk, "point", "points"),
            money_with(f.spk, ',', '.'),
            money_with(f.fixed_part, ',', '.'),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn russian_number_words() {
        let cases = [
            (dec!(3.6), "3,6 балла"),
            (dec!(9), "9 баллов"),
            (dec!(21), "21 балл"),
            (dec!(2), "2 балла"),
            (dec!(12), "12 баллов"),
            (dec!(10.0), "10 баллов"),
        ];
        for (d, text) in cases {
            assert_eq!(ru_points(d), text);
        }
        assert_eq!(ru_money(dec!(3600000)), "3\u{a0}600\u{a0}000,00");
        assert_eq!(ru_money(dec!(156.76)), "156,76");
        assert_eq!(ru_money(dec!(9584.685)), "9\u{a0}584,69");
        assert_eq!(ru_age(726), "60 лет и 6 месяцев");
        assert_eq!(ru_age(756), "63 года");
        assert_eq!(ru_age(768), "64 года");
        assert_eq!(plural(15.into(), &YEARS_GENITIVE), "лет");
        assert_eq!(plural(21.into(), &YEARS_GENITIVE), "года");
        assert_eq!(ru_years_of(dec!(8.5)), "8,5 года");
        assert_eq!(ru_years_of(dec!(15)), "15 лет");
        assert_eq!(ru_years_of(dec!(21.0)), "21 год");
    }

    /// (n, years, months, points): one plural rule for every noun the explanation
    /// counts; ages join years and months.
    #[test]
    fn russian_plurals() {
        let cases = [
            (1, "1 год", "1 месяц", "1 балл"),
            (2, "2 года", "2 месяца", "2 балла"),
            (5, "5 лет", "5 месяцев", "5 баллов"),
            (11, "11 лет", "11 месяцев", "11 баллов"),
            (12, "12 лет", "12 месяцев", "12 баллов"),
            (21, "21 год", "21 месяц", "21 балл"),
            (22, "22 года", "22 месяца", "22 балла"),
            (25, "25 лет", "25 месяцев", "25 баллов"),
            (111, "111 лет", "111 месяцев", "111 баллов"),
        ];
        for (n, years, months, points) in cases {
            assert_eq!(ru_years_of(Decimal::from(n)), years);
            assert_eq!(count(n, &MONTHS), months);
            assert_eq!(ru_points(Decimal::from(n)), points);
        }
        let fractions = [
            (dec!(1.5), "1,5 года", "1,5 балла"),
            (dec!(21.25), "21,25 года", "21,25 балла"),
        ];
        for (n, years, points) in fractions {
            assert_eq!(
                (ru_years_of(n).as_str(), ru_points(n).as_str()),
                (years, points)
            );
        }
        let ages = [
            (60 * 12, "60 лет", "60 years"),
            (60 * 12 + 1, "60 лет и 1 месяц", "60 years and 1 month"),
            (61 * 12 + 2, "61 год и 2 месяца", "61 years and 2 months"),
            (62 * 12 + 5, "62 года и 5 месяцев", "62 years and 5 months"),
            (
                63 * 12 + 11,
                "63 года и 11 месяцев",
                "63 years and 11 months",
            ),
        ];
        for (months, ru_text, en_text) in ages {
            assert_eq!(
                (ru_age(months), en_age(months)),
                (ru_text.into(), en_text.into())
            );
        }
        let deferral = [
            (1, "1 полный год"),
            (2, "2 полных года"),
            (5, "5 полных лет"),
            (21, "21 полный год"),
        ];
        for (n, text) in deferral {
            assert_eq!(count(n, &FULL_YEARS), text);
        }
        assert_eq!(en_count(1, "year", "years"), "1 year");
        assert_eq!(en_count(dec!(1.5), "year", "years"), "1.5 years");
    }
}
