//! Building the explanation: which lines a calculation gets, under which stable
//! keys, in which order, from each step's outcome. The sentences themselves are in
//! [`super::wording`]. When the explanation is not wanted (the deferral series, the
//! points chart) every call returns at once.

use rust_decimal::Decimal;
use time::Date;

use super::compute::{Amount, Earlier, FixedPayment, InsuranceRecord, RightDate};
use super::params::{DatedValue, MinRequirement, PensionParams, PremiumRow};
use super::result::{ExplanationLine, NonInsurancePoints, RightDateBasis, Shortfall, YearPoints};
use super::scenario::{Scenario, Sex};
use super::wording::{self, Provision, Text};

pub(super) struct Explainer {
    on: bool,
    lines: Vec<ExplanationLine>,
    /// The provisions the lines rest on: cited once, in the closing `legal_basis`
    /// line, not on every line.
    cited: Vec<Provision>,
}

impl Explainer {
    pub fn new(on: bool) -> Self {
        Self {
            on,
            lines: Vec::new(),
            cited: Vec::new(),
        }
    }

    /// The lines, closed by the one that cites the law (when anything was explained).
    pub fn into_lines(mut self) -> Vec<ExplanationLine> {
        if !self.lines.is_empty() {
            let basis = wording::legal_basis(&self.cited);
            self.push("legal_basis", basis);
        }
        self.lines
    }

    fn cite(&mut self, provision: Provision) {
        self.cited.push(provision);
    }

    fn push(&mut self, key: &str, text: Text) {
        self.lines.push(ExplanationLine {
            key: key.to_owned(),
            ru: text.ru,
            en: text.en,
        });
    }

    pub fn right_date(
        &mut self,
        p: &PensionParams,
        s: &Scenario,
        right: &RightDate,
        deferral: u32,
    ) {
        if !self.on {
            return;
        }
        let text = match (right.basis, right.age_months, s.sex, s.birth_date) {
            (RightDateBasis::BirthDate, Some(age), Some(sex), Some(birth)) => {
                let old = match sex {
                    Sex::Male => p.retirement_age.old_age_male,
                    Sex::Female => p.retirement_age.old_age_female,
                };
                let old_year = birth.year() + i32::try_from(old).unwrap_or(0);
                let relief = p
                    .retirement_age
                    .shift
                    .iter()
                    .rev()
                    .find(|sh| sh.year <= old_year)
                    .is_some_and(|sh| sh.relief_months > 0);
                self.cite(Provision::RetirementAge);
                if relief {
                    self.cite(Provision::Relief);
                }
                wording::right_at_age(right.date, age, sex, old, old_year, relief)
            }
            _ => wording::right_at_claim(right.date, deferral),
        };
        self.push("right_date", text);
    }

    pub fn requirements(&mut self, year: i32, req: &MinRequirement) {
        if !self.on {
            return;
        }
        self.cite(Provision::Requirements);
        self.push(
            "requirements",
            wording::requirements(year, req.min_years, req.min_ipk),
        );
    }

    pub fn known_total(&mut self, total: Decimal, years: Option<Decimal>) {
        if !self.on {
            return;
        }
        self.push("total_points", wording::known_total(total));
        match years {
            None => self.push("insurance_years", wording::no_insurance_record()),
            Some(y) => self.push("insurance_years", wording::insurance_years_given(y)),
        }
    }

    pub fn earlier(&mut self, earlier: Earlier, ipk: Decimal) {
        if !self.on {
            return;
        }
        let key = match earlier {
            Earlier::Pre2015 => "pre2015",
            Earlier::SoFar(_) => "so_far",
        };
        self.push(key, wording::earlier(earlier, ipk));
    }

    /// One year, or the run of years `y.year..=last` computed alike.
    pub fn years(&mut self, y: &YearPoints, last: i32, funded: bool) {
        if !self.on {
            return;
        }
        if last > y.year {
            self.push("year_points", wording::year_points_run(y, last, funded));
        } else {
            self.push("year_points", wording::year_points(y, funded));
        }
    }

    pub fn not_counted(&mut self, years: &[i32], claim_year: i32) {
        if !self.on || years.is_empty() {
            return;
        }
        self.push(
            "wages_not_counted",
            wording::wages_not_counted(years, claim_year),
        );
    }

    pub fn non_insurance(&mut self, n: &NonInsurancePoints, child_total: Decimal) {
        if !self.on {
            return;
        }
        self.cite(Provision::NonInsurance);
        self.push("non_insurance", wording::non_insurance(n, child_total));
    }

    pub fn total(
        &mut self,
        earlier: Earlier,
        brought: Decimal,
        wages: Decimal,
        non_insurance: Decimal,
        total: Decimal,
    ) {
        if !self.on {
            return;
        }
        self.push(
            "total_points",
            wording::total_points(earlier, brought, wages, non_insurance, total),
        );
    }

    pub fn insurance_record(&mut self, record: &InsuranceRecord) {
        if !self.on {
            return;
        }
        let text = match *record {
            InsuranceRecord::Given(y) => wording::insurance_years_given(y),
            InsuranceRecord::Computed {
                earlier,
                brought,
                with_wages,
                non_insurance,
                total,
            } => wording::insurance_years_computed(
                earlier,
                brought,
                with_wages,
                non_insurance,
                total,
            ),
        };
        self.push("insurance_years", text);
    }

    pub fn eligibility(
        &mut self,
        shortfall: Option<&Shortfall>,
        insurance_years: Option<Decimal>,
        ipk: Decimal,
        req: &MinRequirement,
    ) {
        if !self.on {
            return;
        }
        let Some(short) = shortfall else {
            self.push("eligible", wording::eligible());
            return;
        };
        let years = insurance_years
            .filter(|_| short.insurance_years.is_some())
            .map(|y| (y, req.min_years));
        let points = short.ipk.map(|_| (ipk, req.min_ipk));
        self.push("not_eligible", wording::not_eligible(years, points));
    }

    pub fn deferral(&mut self, months: u32, full_years: u32, prem: &PremiumRow) {
        if !self.on {
            return;
        }
        let text = if months == 0 {
            wording::no_deferral()
        } else if full_years == 0 {
            wording::deferral_under_a_year(months)
        } else {
            self.cite(Provision::Premium);
            wording::deferral(
                months,
                full_years,
                prem.kv_ipk,
                prem.kv_fv,
                full_years > prem.full_years,
            )
        };
        self.push("deferral", text);
    }

    pub fn prices(
        &mut self,
        spk: &DatedValue,
        fv: &DatedValue,
        claim: Date,
        todays_prices: bool,
        as_of: Date,
    ) {
        if !self.on {
            return;
        }
        self.push(
            "prices",
            wording::prices(spk.value, spk.effective, fv.value, fv.effective, claim),
        );
        if todays_prices {
            self.push("todays_prices", wording::todays_prices(as_of));
        }
    }

    pub fn increases(&mut self, s: &Scenario, p: &PensionParams, fixed: &FixedPayment) {
        if !self.on {
            return;
        }
        let fi = &p.fixed_payment_increase;
        let age_80 = s.age_80_or_group1.then_some(fi.age_80_or_group1.factor);
        let dependants =
            (fixed.dependants > 0).then_some((fixed.dependants, fi.dependants.divisor));
        if let Some(text) =
            wording::fixed_payment_increases(age_80, dependants, s.far_north, fixed.north)
        {
            self.cite(Provision::Increases);
            self.push("fixed_payment_increase", text);
        }
    }

    pub fn formula(
        &mut self,
        ipk: Decimal,
        kv_ipk: Decimal,
        spk: Decimal,
        amount: &Amount,
        eligible: bool,
    ) {
        if !self.on {
            return;
        }
        self.push(
            "formula",
            wording::formula(
                ipk,
                kv_ipk,
                spk,
                amount.points_part,
                amount.fixed_part,
                amount.total,
                eligible,
            ),
        );
    }
}
