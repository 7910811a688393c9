//! The record's documents as PDF: a discrepancy's ready text
//! (`GET /api/v1/me/pension/documents/{id}/{kind}`) and the statement of the
//! individual account, signed by the portal (`GET /api/v1/me/pension/statement`).
//! Both are rendered from the same view the citizen sees ([`super::record`]).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kabinet_core::api::pension::{DeliveryMethod, DocumentKind, PensionRecordView, ReadyText};
use kabinet_core::api::{ApiError, ErrorCode, SignedFile};
use kabinet_core::pension::NonInsuranceKind;
use kabinet_core::pension::record::Holder;
use kabinet_core::pension::text::{ru, ru_date, ru_money};
use time::OffsetDateTime;

use crate::platform::http::error::{AppError, AppResult};
use crate::platform::http::extract::Authenticated;
use crate::platform::http::not_found_error;
use crate::platform::pdf::Pdf;
use crate::platform::state::AppState;

/// Runs of two or more spaces (the signature line's gaps) kept as no-break spaces:
/// the PDF's line breaking collapses plain ones.
fn keep_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c == ' ' {
            run += 1;
            continue;
        }
        match run {
            0 => {}
            1 => out.push(' '),
            n => out.extend(std::iter::repeat_n('\u{a0}', n)),
        }
        run = 0;
        out.push(c);
    }
    out
}

/// A ready text laid out as a letter: the blocks before its title (the line in
/// capitals: ЗАЯВЛЕНИЕ, ЖАЛОБА…) are the addressee and sender, set on the right;
/// the title is a heading (its second line, if any, a paragraph under it); the
/// rest are paragraphs.
pub fn letter_pdf(doc: &ReadyText, now: OffsetDateTime) -> Result<Vec<u8>, AppError> {
    let mut pdf = Pdf::new(&doc.title, now);
    let mut titled = false;
    for block in doc.text.split("\n\n") {
        let block = block.trim_matches('\n');
        if block.is_empty() {
            continue;
        }
        let first = block.lines().next().unwrap_or("");
        let is_title = !titled
            && first.chars().any(char::is_alphabetic)
            && first
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if is_title {
            titled = true;
            pdf.gap().heading(first);
            let rest: Vec<&str> = block.lines().skip(1).collect();
            if !rest.is_empty() {
                pdf.paragraph(&rest.join("\n"));
            }
            pdf.gap();
        } else if !titled {
            pdf.right(block);
        } else {
            pdf.paragraph(&keep_spaces(block));
        }
    }
    pdf.render().map_err(AppError::internal)
}

fn kind_ru(k: NonInsuranceKind) -> &'static str {
    match k {
        NonInsuranceKind::MilitaryService => "военная служба по призыву",
        NonInsuranceKind::ChildCare => "уход за ребёнком до полутора лет",
        NonInsuranceKind::Care => {
            "уход за инвалидом I группы, ребёнком-инвалидом или лицом старше 80 лет"
        }
    }
}

fn length_ru(l: &kabinet_core::api::pension::Length) -> String {
    format!("{} г. {} мес. {} дн.", l.years, l.months, l.days)
}

/// The statement of the individual account (выписка из ИЛС) as of `view.as_of`.
pub fn statement_pdf(
    view: &PensionRecordView,
    holder: &Holder,
    now: OffsetDateTime,
) -> Result<Vec<u8>, AppError> {
    let mut pdf = Pdf::new("Выписка из индивидуального лицевого счёта", now);
    pdf.heading("Выписка из индивидуального лицевого счёта застрахованного лица")
        .paragraph(&format!(
            "Сведения на {}; права учтены по {} год включительно.",
            ru_date(view.as_of),
            view.last_full_year
        ))
        .gap()
        .paragraph(&format!(
            "Застрахованное лицо: {}\nСНИЛС: {}",
            holder.full_name, holder.snils
        ))
        .gap()
        .paragraph(&format!(
            "Индивидуальный пенсионный коэффициент: {} балла\nСтраховой стаж: {}",
            ru(view.total_points),
            length_ru(&view.length)
        ));
    if let Some(p) = &view.pre2015 {
        pdf.paragraph(&format!(
            "В том числе права, сформированные до 1 января 2015 года: {} балла, стаж {}",
            ru(p.points),
            length_ru(&p.length)
        ));
    }
    if let Some(a) = &view.assigned {
        pdf.paragraph(&format!(
            "Страховая пенсия назначена с {}; размер выплаты — {} ₽ в месяц.",
            ru_date(a.since),
            ru_money(a.monthly)
        ));
    }
    let name = |reg: &str| {
        view.employers
            .iter()
            .find(|e| e.reg_number == reg)
            .map_or_else(|| reg.to_owned(), |e| e.name.clone())
    };
    if !view.years.is_empty() {
        pdf.gap().heading("Пенсионные права по годам");
        let rows: Vec<Vec<String>> = view
            .years
            .iter()
            .map(|y| {
                let by: Vec<String> = y
                    .by_employer
                    .iter()
                    .filter(|s| !s.points.is_zero())
                    .map(|s| format!("{}: {}", name(&s.employer), ru(s.points)))
                    .collect();
                vec![
                    y.year.to_string(),
                    ru_money(y.counted_wage),
                    ru(y.wage_points),
                    by.join("; "),
                    ru(y.credited_points),
                    y.length_days.to_string(),
                ]
            })
            .collect();
        pdf.table(
            &[
                "Год",
                "Учтённый заработок, ₽",
                "Баллы за заработок",
                "В том числе по работодателям",
                "Баллы за нестраховые периоды",
                "Стаж, дней",
            ],
            &rows,
            &[0.08, 0.17, 0.15, 0.32, 0.16, 0.12],
        );
    }
    if !view.employers.is_empty() {
        pdf.gap().heading("Периоды работы");
        let rows: Vec<Vec<String>> = view
            .employers
            .iter()
            .flat_map(|e| {
                e.periods.iter().map(move |p| {
                    vec![
                        format!("{} (рег. № {}, ИНН {})", e.name, e.reg_number, e.inn),
                        ru_date(p.from),
                        p.to.map_or_else(|| "по настоящее время".to_owned(), ru_date),
                        p.position.clone().unwrap_or_default(),
                    ]
                })
            })
            .collect();
        pdf.table(
            &["Страхователь", "С", "По", "Должность"],
            &rows,
            &[0.46, 0.14, 0.17, 0.23],
        );
        pdf.gap()
            .heading("Сведения о заработке и страховых взносах");
        let rows: Vec<Vec<String>> = view
            .employers
            .iter()
            .flat_map(|e| {
                e.years.iter().map(move |y| {
                    vec![
                        e.name.clone(),
                        y.year.to_string(),
                        ru_money(y.wage),
                        ru_money(y.due),
                        ru_money(y.accrued),
                        ru_money(y.paid),
                        if y.flagged {
                            "расхождение"
                        } else {
                            ""
                        }
                        .to_owned(),
                    ]
                })
            })
            .collect();
        pdf.table(
            &[
                "Страхователь",
                "Год",
                "Выплаты, ₽",
                "По тарифу, ₽",
                "Начислено, ₽",
                "Уплачено, ₽",
                "",
            ],
            &rows,
            &[0.18, 0.06, 0.15, 0.15, 0.15, 0.15, 0.16],
        );
    }
    if !view.credited.is_empty() {
        pdf.gap().heading("Нестраховые периоды");
        let rows: Vec<Vec<String>> = view
            .credited
            .iter()
            .map(|c| {
                vec![
                    kind_ru(c.kind).to_owned(),
                    ru_date(c.from),
                    ru_date(c.to),
                    ru(c.points),
                ]
            })
            .collect();
        pdf.table(
            &["Период", "С", "По", "Баллы"],
            &rows,
            &[0.5, 0.17, 0.17, 0.16],
        );
    }
    if !view.discrepancies.is_empty() {
        pdf.gap().heading("Выявленные расхождения");
        for d in &view.discrepancies {
            pdf.paragraph(&d.explanation.ru);
        }
    }
    pdf.gap().paragraph(
        "Выписка сформирована порталом «Кабинет» по сведениям индивидуального (персонифицированного) \
         учёта и подписана электронной подписью портала; подпись передаётся вместе с файлом.",
    );
    pdf.render().map_err(AppError::internal)
}

fn pdf_response(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"document.pdf\"",
            ),
        ],
        bytes,
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/v1/me/pension/documents/{id}/{kind}", tag = "pension",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the discrepancy's id"),
        ("kind" = String, Path, description = "employer_request | labour_inspectorate | court_claim")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn document(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((id, kind)): Path<(String, String)>,
) -> AppResult<Response> {
    let kind: DocumentKind =
        serde_json::from_value(serde_json::Value::String(kind)).map_err(|_| not_found_error())?;
    let view = super::record::view_of(&state, &auth.account_id).await?;
    let doc = view
        .discrepancies
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.documents.iter().find(|t| t.kind == kind))
        .ok_or_else(not_found_error)?;
    Ok(pdf_response(letter_pdf(doc, state.now())?))
}

#[utoipa::path(get, path = "/api/v1/me/pension/statement", tag = "pension", security(("bearer" = [])),
    responses((status = 200, body = SignedFile), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 503, body = ApiError)))]
pub async fn statement(
    State(state): State<AppState>,
    auth: Authenticated,
) -> AppResult<Json<SignedFile>> {
    let Some(signer) = state.signer.as_ref() else {
        return Err(AppError::new(
            ErrorCode::Unavailable,
            "this portal has no document-signing key configured",
        ));
    };
    let now = state.now();
    let (view, holder) = super::record::view_and_holder(&state, &auth.account_id).await?;
    let pdf = statement_pdf(&view, &holder, now)?;
    let name = format!("Выписка из ИЛС {}.pdf", view.as_of);
    Ok(Json(
        signer
            .sign_file(name, "application/pdf", &pdf, now)
            .map_err(AppError::internal)?,
    ))
}

/// The catalogue's «Справка о назначенной пенсии и социальных выплатах».
pub const CERTIFICATE_SERVICE: &str = "sfr-pension-certificate";

fn delivery_ru(d: &kabinet_core::api::pension::DeliveryView) -> String {
    match (&d.method, &d.account_tail, &d.bik) {
        (DeliveryMethod::Bank, Some(tail), Some(bik)) => {
            format!("на счёт в банке (БИК {bik}), номер счёта оканчивается на {tail}")
        }
        (DeliveryMethod::Bank, _, _) => "на счёт в банке".into(),
        (DeliveryMethod::Post, _, _) => "почтой".into(),
    }
}

/// The certificate of the pension and social payments the fund makes to the
/// account's holder, as of today (for application `number`): its file name and
/// PDF. Someone the fund pays nothing gets a certificate saying so.
pub async fn certificate(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    account: &str,
    number: &str,
    now: OffsetDateTime,
) -> AppResult<(String, Vec<u8>)> {
    let (_, holder) = super::record::of_account(&mut *conn, state, account).await?;
    let person = super::record::person_of(&mut *conn, state, account).await?;
    let pension = super::payments::in_payment(&mut *conn, state, &person).await?;
    let today = now.to_offset(time::macros::offset!(+3)).date();
    let mut pdf = Pdf::new("Справка о назначенной пенсии и социальных выплатах", now);
    pdf.heading("Справка о назначенных пенсиях и социальных выплатах")
        .paragraph(&format!(
            "Дана {}, СНИЛС {}, в том, что по сведениям Социального фонда России на {}:",
            holder.full_name,
            holder.snils,
            ru_date(today)
        ))
        .gap();
    match &pension {
        Some(p) => {
            pdf.table(
                &["Вид выплаты", "Назначена с", "Размер в месяц"],
                &[vec![
                    "Страховая пенсия по старости (ст. 8 Федерального закона от 28.12.2013 № 400-ФЗ)"
                        .to_owned(),
                    ru_date(p.since),
                    format!("{} ₽", ru_money(p.monthly)),
                ]],
                &[0.55, 0.2, 0.25],
            )
            .paragraph(&format!("Способ доставки: {}.", delivery_ru(&p.delivery)))
            .paragraph(
                "Ежемесячная денежная выплата, набор социальных услуг и иные социальные выплаты не назначены.",
            );
            if !p.payments.is_empty() {
                let rows: Vec<Vec<String>> = p
                    .payments
                    .iter()
                    .map(|x| {
                        vec![
                            kabinet_core::pension::payments::PayMonth::parse(&x.month)
                                .map(|m| super::payments::month_words(m).0)
                                .unwrap_or_else(|| x.month.clone()),
                            ru_date(x.paid_on),
                            format!("{} ₽", ru_money(x.amount)),
                        ]
                    })
                    .collect();
                pdf.gap()
                    .heading("Выплачено за последние 12 месяцев")
                    .table(
                        &["За месяц", "Дата выплаты", "Сумма"],
                        &rows,
                        &[0.4, 0.3, 0.3],
                    );
            }
        }
        None => {
            pdf.paragraph(
                "получателем пенсии и иных социальных выплат, назначаемых Социальным фондом России, не является.",
            );
        }
    }
    pdf.gap().paragraph(&format!(
        "Справка выдана по заявлению № {number} и подписана электронной подписью портала «Кабинет». \
         Подлинность проверяется приложением «Кабинет», в том числе без подключения к интернету."
    ));
    let bytes = pdf.render().map_err(AppError::internal)?;
    Ok((format!("Справка о назначенной пенсии {number}.pdf"), bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn signature_gaps_survive_as_no_break_spaces() {
        assert_eq!(super::keep_spaces("a  b c"), "a\u{a0}\u{a0}b c");
        assert_eq!(super::keep_spaces("a b"), "a b");
    }
}
