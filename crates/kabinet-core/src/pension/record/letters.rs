//! What a discrepancy says to the citizen (Russian and English), and its
//! ready-to-send texts in Russian: a request to the employer, a complaint to the
//! labour inspectorate and a court claim. The texts are templates filled from the
//! record: the citizen checks them, signs and sends them.

use rust_decimal::Decimal;
use time::Date;

use super::discrepancies::Facts;
use super::model::Employer;
use crate::api::pension::{DiscrepancyKind, DocumentKind, ReadyText, Texts};
use crate::pension::calculator::wording::{en, money_with, ru, ru_date, ru_money, ru_points};

/// Who the texts are from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holder {
    /// Surname, first name and patronymic.
    pub full_name: String,
    /// Formatted `123-456-789 01`.
    pub snils: String,
    pub address: Option<String>,
    /// The region of the address (for the inspectorate and the court).
    pub region: Option<String>,
    /// For the calculator's starting point.
    pub birth_date: Option<Date>,
    pub sex: Option<crate::api::identity::Sex>,
}

/// The months' names in Russian, nominative (as in «за декабрь 2026 г.»).
pub const MONTHS_RU: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn list(words: &[&str], and: &str) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// The months of a year, or the whole year when all twelve (or none) are meant.
fn months_of(months: &[u8], names: &[&'static str; 12], and: &str) -> Option<String> {
    if months.len() == 12 || months.is_empty() {
        return None;
    }
    let names: Vec<&str> = months
        .iter()
        .filter_map(|m| names.get(usize::from(*m).wrapping_sub(1)).copied())
        .collect();
    Some(list(&names, and))
}

/// «январь, февраль и март 2021 года» / «2021 год» when all twelve.
fn ru_months(months: &[u8], year: i32) -> String {
    months_of(months, &MONTHS_RU, "и")
        .map_or(format!("{year} год"), |m| format!("{m} {year} года"))
}

fn en_months(months: &[u8], year: i32) -> String {
    months_of(months, &MONTHS_EN, "and").map_or(format!("{year}"), |m| format!("{m} {year}"))
}

fn en_money(d: Decimal) -> String {
    format!("RUB {}", money_with(d, ',', '.'))
}

fn percent(rate: Decimal) -> String {
    ru(rate * Decimal::ONE_HUNDRED)
}

fn stake_ru(points: Decimal) -> String {
    if points.is_zero() {
        String::new()
    } else {
        format!(
            " Из-за этого за {} вам не засчитано {}.",
            "этот год",
            ru_points(points)
        )
    }
}

fn stake_en(points: Decimal) -> String {
    if points.is_zero() {
        String::new()
    } else {
        format!(
            " Because of it, {} points for that year are not credited to you.",
            en(points)
        )
    }
}

pub(super) fn explanation(
    kind: DiscrepancyKind,
    name: &str,
    year: i32,
    months: &[u8],
    amount: Decimal,
    points: Decimal,
    f: Facts,
) -> Texts {
    let (ru_text, en_text) = match kind {
        DiscrepancyKind::NoContributions => (
            format!(
                "{name} сообщил о вашей зарплате за {} — {} ₽, но не заплатил с неё страховые взносы. По тарифу нужно было заплатить {} ₽.",
                ru_months(months, year),
                ru_money(f.wage),
                ru_money(amount)
            ),
            format!(
                "{name} reported your pay for {} — {} — but paid no insurance contributions on it. At the tariff it owed {}.",
                en_months(months, year),
                en_money(f.wage),
                en_money(amount)
            ),
        ),
        DiscrepancyKind::BelowTariff => (
            format!(
                "{name} начислил взносы за {} — {} ₽ с зарплаты {} ₽, а по тарифу ({} %) нужно {} ₽: на {} ₽ меньше.",
                ru_months(months, year),
                ru_money(f.accrued),
                ru_money(f.wage),
                percent(f.rate),
                ru_money(f.due),
                ru_money(amount)
            ),
            format!(
                "{name} accrued contributions for {} of {} on pay of {}, but the tariff ({} %) asks {}: {} less.",
                en_months(months, year),
                en_money(f.accrued),
                en_money(f.wage),
                en(f.rate * Decimal::ONE_HUNDRED),
                en_money(f.due),
                en_money(amount)
            ),
        ),
        DiscrepancyKind::NotPaidInFull => (
            format!(
                "{name} начислил взносы за {} — {} ₽, а заплатил {} ₽: не доплачено {} ₽.",
                ru_months(months, year),
                ru_money(f.accrued),
                ru_money(f.paid),
                ru_money(amount)
            ),
            format!(
                "{name} accrued contributions for {} of {} but paid {}: {} short.",
                en_months(months, year),
                en_money(f.accrued),
                en_money(f.paid),
                en_money(amount)
            ),
        ),
        DiscrepancyKind::MissingReport => (
            format!(
                "Вы работали в {name}, но за {} отчёта о вас нет. Если за эти месяцы вам платили зарплату, взносы с неё (по вашей средней зарплате — около {} ₽) не поступили.",
                ru_months(months, year),
                ru_money(amount)
            ),
            format!(
                "You worked for {name}, but there is no report on you for {}. If you were paid for those months, the contributions on that pay (about {} at your average pay) have not arrived.",
                en_months(months, year),
                en_money(amount)
            ),
        ),
    };
    Texts {
        ru: format!("{ru_text}{}", stake_ru(points)),
        en: format!("{en_text}{}", stake_en(points)),
    }
}

/// What the employer is asked to put right, as the texts quote it.
fn problem(kind: DiscrepancyKind, months: &[u8], year: i32, amount: Decimal, f: Facts) -> String {
    let period = ru_months(months, year);
    match kind {
        DiscrepancyKind::NoContributions => format!(
            "за {period} работодатель представил сведения о начисленной мне заработной плате в сумме {} руб., однако страховые взносы с неё не уплачены; по тарифу подлежало уплате {} руб.",
            ru_money(f.wage),
            ru_money(amount)
        ),
        DiscrepancyKind::BelowTariff => format!(
            "за {period} страховые взносы с начисленной мне заработной платы {} руб. начислены в сумме {} руб., тогда как по установленному тарифу ({} %) подлежало начислению {} руб.; разница составляет {} руб.",
            ru_money(f.wage),
            ru_money(f.accrued),
            percent(f.rate),
            ru_money(f.due),
            ru_money(amount)
        ),
        DiscrepancyKind::NotPaidInFull => format!(
            "за {period} страховые взносы начислены в сумме {} руб., а уплачены в сумме {} руб.; не уплачено {} руб.",
            ru_money(f.accrued),
            ru_money(f.paid),
            ru_money(amount)
        ),
        DiscrepancyKind::MissingReport => format!(
            "за {period}, когда я состоял(а) в трудовых отношениях с работодателем, сведения обо мне в Социальный фонд России не представлены"
        ),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn documents(
    kind: DiscrepancyKind,
    employer: Option<&Employer>,
    name: &str,
    year: i32,
    months: &[u8],
    amount: Decimal,
    f: Facts,
    holder: &Holder,
    today: Date,
) -> Vec<ReadyText> {
    let inn = employer.map_or("—", |e| e.inn.as_str());
    let reg = employer.map_or("—", |e| e.reg_number.as_str());
    let employer_address = employer
        .and_then(|e| e.address.as_deref())
        .unwrap_or("[адрес работодателя]");
    let address = holder.address.as_deref().unwrap_or("[ваш адрес]");
    let region = holder.region.as_deref().unwrap_or("[ваш регион]");
    let from = format!(
        "от {}\nСНИЛС {}\nадрес: {address}",
        holder.full_name, holder.snils
    );
    let employer_line =
        format!("{name} (ИНН {inn}, регистрационный номер в СФР {reg}), адрес: {employer_address}");
    let basis = format!(
        "По данным моего индивидуального лицевого счёта в Социальном фонде России (сведения на {}) {}",
        ru_date(today),
        problem(kind, months, year, amount, f)
    );
    let ask = if kind == DiscrepancyKind::MissingReport {
        "представить в Социальный фонд России сведения обо мне за указанный период и уплатить страховые взносы с выплаченной мне заработной платы"
    } else {
        "уплатить страховые взносы в полном размере и представить в Социальный фонд России уточнённые сведения"
    };
    let signature = format!(
        "\n\n«___» ____________ 20__ г.          ____________ /{}/",
        holder.full_name
    );
    vec![
        ReadyText {
            kind: DocumentKind::EmployerRequest,
            title: "Заявление работодателю".into(),
            text: format!(
                "Руководителю\n{employer_line}\n{from}\n\nЗАЯВЛЕНИЕ\n\n{basis}\n\nВ соответствии со статьёй 22 Трудового кодекса РФ, статьёй 14 Федерального закона от 15.12.2001 № 167-ФЗ «Об обязательном пенсионном страховании в Российской Федерации» и статьёй 11 Федерального закона от 01.04.1996 № 27-ФЗ «Об индивидуальном (персонифицированном) учёте в системах обязательного пенсионного страхования и обязательного социального страхования» прошу в течение 10 рабочих дней {ask} и сообщить мне о принятых мерах в письменной форме.{signature}"
            ),
        },
        ReadyText {
            kind: DocumentKind::LabourInspectorate,
            title: "Жалоба в трудовую инспекцию".into(),
            text: format!(
                "В Государственную инспекцию труда ({region})\n{from}\n\nЖАЛОБА\nна нарушение работодателем трудового законодательства\n\nРаботодатель: {employer_line}.\n\n{basis}\n\nТем самым нарушена обязанность работодателя осуществлять обязательное социальное страхование работников (абзац 15 части 2 статьи 22 Трудового кодекса РФ), что уменьшает мои пенсионные права.\n\nПрошу провести проверку соблюдения работодателем трудового законодательства, выдать ему предписание {ask}, и сообщить мне о результатах проверки.\n\nПриложение: выписка из индивидуального лицевого счёта.{signature}"
            ),
        },
        ReadyText {
            kind: DocumentKind::CourtClaim,
            title: "Исковое заявление в суд".into(),
            text: format!(
                "В районный (городской) суд ({region})\n\nИстец: {}, СНИЛС {}, адрес: {address}\nОтветчик: {employer_line}\n\nИСКОВОЕ ЗАЯВЛЕНИЕ\nоб обязании представить сведения индивидуального учёта и уплатить страховые взносы\n\nЯ состоял(а) (состою) в трудовых отношениях с ответчиком. {basis}\n\nВ силу статьи 22 Трудового кодекса РФ и статьи 14 Федерального закона от 15.12.2001 № 167-ФЗ работодатель обязан своевременно и в полном объёме уплачивать страховые взносы и представлять сведения индивидуального учёта. Неисполнение этой обязанности уменьшает мои пенсионные права.\n\nНа основании изложенного, руководствуясь статьями 131–132 Гражданского процессуального кодекса РФ, прошу суд обязать ответчика {ask}.\n\nОт уплаты государственной пошлины истец освобождён (статья 393 Трудового кодекса РФ).\n\nПриложения: выписка из индивидуального лицевого счёта; копия трудового договора (трудовой книжки или сведений о трудовой деятельности); копия искового заявления для ответчика.{signature}",
                holder.full_name, holder.snils
            ),
        },
    ]
}
