//! The evaluation: every program in one pass, each with a status, an estimated amount and the tests
//! applied (translation keys with their numbers). It never decides; the street office does.

use super::{
    household::{Household, Member, Parents},
    policy::{Param, PolicyInForce},
};
use crate::{domain::date::Date, i18n::Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    Dibao,
    LowIncome,
    SinglePerson,
    Tekun,
    Temporary,
    DisabilityLiving,
    DisabilityCare,
    ElderlyAllowance,
    ElderlyCare,
    Orphan,
    DeFactoOrphan,
    FuneralBenefit,
}

impl Program {
    pub const ALL: [Program; 12] = [
        Program::Dibao,
        Program::LowIncome,
        Program::SinglePerson,
        Program::Tekun,
        Program::Temporary,
        Program::DisabilityLiving,
        Program::DisabilityCare,
        Program::ElderlyAllowance,
        Program::ElderlyCare,
        Program::Orphan,
        Program::DeFactoOrphan,
        Program::FuneralBenefit,
    ];

    pub fn name(self) -> Msg {
        match self {
            Program::Dibao => Msg::ProgramDibao,
            Program::LowIncome => Msg::ProgramLowIncome,
            Program::SinglePerson => Msg::ProgramSinglePerson,
            Program::Tekun => Msg::ProgramTekun,
            Program::Temporary => Msg::ProgramTemporary,
            Program::DisabilityLiving => Msg::ProgramDisabilityLiving,
            Program::DisabilityCare => Msg::ProgramDisabilityCare,
            Program::ElderlyAllowance => Msg::ProgramElderlyAllowance,
            Program::ElderlyCare => Msg::ProgramElderlyCare,
            Program::Orphan => Msg::ProgramOrphan,
            Program::DeFactoOrphan => Msg::ProgramDeFactoOrphan,
            Program::FuneralBenefit => Msg::ProgramFuneralBenefit,
        }
    }
}

/// How likely the household is to qualify. Ordered: `Likely` is the best.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unlikely,
    Possible,
    Likely,
}

/// An estimated amount, in fen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    Monthly(i64),
    OneOff(i64),
}

/// A number in a reason, typed so pages can write it properly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Value {
    /// Fen.
    Yuan(i64),
    Count(i64),
    /// Thousandths.
    Ratio(i64),
}

/// One test applied, in words (a message key) with its numbers, and whether it was met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub message: Msg,
    pub passed: bool,
    pub values: Vec<(String, Value)>,
}

fn reason(message: Msg, passed: bool, values: &[(&str, Value)]) -> Reason {
    Reason {
        message,
        passed,
        values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramResult {
    pub program: Program,
    pub status: Status,
    pub amount: Option<Amount>,
    pub reasons: Vec<Reason>,
}

/// The whole answer, with the policy set and date it used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub region: String,
    pub policy_date: Date,
    pub uses_sample_values: bool,
    pub programs: Vec<ProgramResult>,
}

impl Evaluation {
    pub fn program(&self, program: Program) -> &ProgramResult {
        self.programs
            .iter()
            .find(|r| r.program == program)
            .expect("every program is evaluated")
    }
}

/// The status of an income test met on `[band_low, band_high]` for an income known to lie in
/// `[low, high]`: inside entirely, partly, or not at all.
fn band_status(low: i64, high: i64, band_low: i64, band_high: i64) -> Status {
    if band_low > band_high || high < band_low || low > band_high {
        Status::Unlikely
    } else if low >= band_low && high <= band_high {
        Status::Likely
    } else {
        Status::Possible
    }
}

/// Figures every program shares.
struct Facts<'a> {
    h: &'a Household,
    p: &'a PolicyInForce,
    members: i64,
    standard: i64,
    dibao_line: i64,
    low_income_line: i64,
    dibao: Status,
    low_income: Status,
}

impl<'a> Facts<'a> {
    fn new(h: &'a Household, p: &'a PolicyInForce) -> Facts<'a> {
        let members = h.members.len().max(1) as i64;
        let standard = match h.hukou {
            super::household::Hukou::Urban => p.get(Param::DibaoStandardUrban),
            super::household::Hukou::Rural => p.get(Param::DibaoStandardRural),
        };
        let dibao_line = standard * members;
        let low_income_line = standard * p.get(Param::LowIncomeMultiplier) / 1000 * members;
        let asset_limit = p.get(Param::AssetMonthsPerPerson) * standard * members;
        let assets_ok = h.financial_assets <= asset_limit
            && i64::from(h.homes) <= p.get(Param::MaxHomes)
            && i64::from(h.vehicles) <= p.get(Param::MaxVehicles);
        let (low, high) = (h.income.low(), h.income.high());
        let gate = |s: Status| if assets_ok { s } else { Status::Unlikely };
        let dibao = gate(band_status(low, high, 0, dibao_line - 1));
        let low_income = gate(band_status(low, high, dibao_line, low_income_line));
        Facts {
            h,
            p,
            members,
            standard,
            dibao_line,
            low_income_line,
            dibao,
            low_income,
        }
    }

    fn asset_reasons(&self) -> Vec<Reason> {
        let limit = self.p.get(Param::AssetMonthsPerPerson) * self.standard * self.members;
        vec![
            reason(
                Msg::ReasonFinancialAssets,
                self.h.financial_assets <= limit,
                &[
                    ("assets", Value::Yuan(self.h.financial_assets)),
                    ("limit", Value::Yuan(limit)),
                ],
            ),
            reason(
                Msg::ReasonHomes,
                i64::from(self.h.homes) <= self.p.get(Param::MaxHomes),
                &[
                    ("homes", Value::Count(self.h.homes.into())),
                    ("max", Value::Count(self.p.get(Param::MaxHomes))),
                ],
            ),
            reason(
                Msg::ReasonVehicles,
                i64::from(self.h.vehicles) <= self.p.get(Param::MaxVehicles),
                &[
                    ("vehicles", Value::Count(self.h.vehicles.into())),
                    ("max", Value::Count(self.p.get(Param::MaxVehicles))),
                ],
            ),
        ]
    }

    /// Income per person against the standard: exact, or as a range when that is what was given.
    fn income_reason(&self) -> Reason {
        let (low, high) = (self.h.income.low(), self.h.income.high());
        let passed = low < self.dibao_line;
        let standard = ("standard", Value::Yuan(self.standard));
        if low == high {
            reason(
                Msg::ReasonIncomePerPerson,
                passed,
                &[("per_person", Value::Yuan(low / self.members)), standard],
            )
        } else {
            reason(
                Msg::ReasonIncomeRangePerPerson,
                passed,
                &[
                    ("low", Value::Yuan(low / self.members)),
                    ("high", Value::Yuan(high / self.members)),
                    standard,
                ],
            )
        }
    }

    /// The near-dibao line per person and how it is set.
    fn low_income_line_reason(&self, passed: bool) -> Reason {
        reason(
            Msg::ReasonLowIncomeLine,
            passed,
            &[
                ("line", Value::Yuan(self.low_income_line / self.members)),
                (
                    "multiplier",
                    Value::Ratio(self.p.get(Param::LowIncomeMultiplier)),
                ),
            ],
        )
    }

    fn count(&self, pred: impl Fn(&Member) -> bool) -> i64 {
        self.h.members.iter().filter(|m| pred(m)).count() as i64
    }
}

/// Evaluates every program for a household on the policy in force.
pub fn evaluate(h: &Household, p: &PolicyInForce) -> Evaluation {
    let f = Facts::new(h, p);
    let tekun = tekun(&f);
    let mut programs = vec![
        dibao(&f),
        low_income(&f),
        single_person(&f),
        tekun.clone(),
        temporary(&f),
    ];
    programs.push(disability_living(&f));
    programs.push(disability_care(&f));
    programs.push(elderly_allowance(&f));
    programs.push(elderly_care(&f));
    programs.push(orphan(&f, Parents::DeceasedOrMissing));
    programs.push(orphan(&f, Parents::UnableToRaise));
    programs.push(funeral_benefit(&f, tekun.status));
    Evaluation {
        region: p.region.clone(),
        policy_date: p.date,
        uses_sample_values: p.uses_samples(),
        programs,
    }
}

fn dibao(f: &Facts) -> ProgramResult {
    let mut reasons = vec![f.income_reason()];
    reasons.extend(f.asset_reasons());
    let income = f.h.income.low();
    let amount = (f.dibao != Status::Unlikely).then(|| {
        let top_up = (f.dibao_line - income).max(0);
        reasons.push(reason(
            Msg::ReasonTopUp,
            true,
            &[
                ("standard", Value::Yuan(f.standard)),
                ("members", Value::Count(f.members)),
                ("income", Value::Yuan(income)),
                ("amount", Value::Yuan(top_up)),
            ],
        ));
        Amount::Monthly(top_up)
    });
    if income >= f.dibao_line {
        reasons.push(reason(
            Msg::ReasonNearMiss,
            false,
            &[
                ("above", Value::Yuan(income - f.dibao_line)),
                ("members", Value::Count(f.members)),
            ],
        ));
    }
    ProgramResult {
        program: Program::Dibao,
        status: f.dibao,
        amount,
        reasons,
    }
}

fn low_income(f: &Facts) -> ProgramResult {
    let mut reasons = vec![
        f.income_reason(),
        f.low_income_line_reason(f.h.income.low() <= f.low_income_line),
    ];
    reasons.extend(f.asset_reasons());
    ProgramResult {
        program: Program::LowIncome,
        status: f.low_income,
        amount: None,
        reasons,
    }
}

fn single_person(f: &Facts) -> ProgramResult {
    let severe = f.count(|m| m.is_severely_disabled() || m.serious_illness);
    let mut reasons = vec![reason(
        Msg::ReasonSevereMembers,
        severe > 0,
        &[("count", Value::Count(severe))],
    )];
    let status = if f.dibao == Status::Likely {
        reasons.push(reason(Msg::ReasonCoveredByDibao, false, &[]));
        Status::Unlikely
    } else if severe == 0 {
        Status::Unlikely
    } else {
        reasons.push(f.low_income_line_reason(f.low_income != Status::Unlikely));
        f.low_income
    };
    let amount = (status != Status::Unlikely).then_some(Amount::Monthly(severe * f.standard));
    ProgramResult {
        program: Program::SinglePerson,
        status,
        amount,
        reasons,
    }
}

/// A member without work capacity for 特困: `Likely` by age or severe disability, `Possible` when
/// the only sign is that they cannot work.
fn work_incapacity(m: &Member, minor_limit: i64) -> Status {
    let age = i64::from(m.age);
    let minor_or_student = age < minor_limit || (m.student && age < 23);
    let severe = matches!(m.disability_grade, Some(1 | 2));
    if age >= 60 || minor_or_student || severe {
        Status::Likely
    } else if !m.can_work {
        Status::Possible
    } else {
        Status::Unlikely
    }
}

fn tekun(f: &Facts) -> ProgramResult {
    let minor_limit = f.p.get(Param::TekunMinorAgeLimit);
    let is_orphan = |m: &Member| m.age < 18 && m.parents != Parents::Present;
    let orphans = f.count(is_orphan);
    let candidates: Vec<(&Member, Status)> =
        f.h.members
            .iter()
            .filter(|m| !is_orphan(m))
            .map(|m| (m, work_incapacity(m, minor_limit)))
            .filter(|(_, s)| *s != Status::Unlikely)
            .collect();
    let capacity = candidates
        .iter()
        .map(|(_, s)| *s)
        .max()
        .unwrap_or(Status::Unlikely);
    let mut reasons = vec![
        reason(
            Msg::ReasonNoWorkCapacity,
            !candidates.is_empty(),
            &[
                ("count", Value::Count(candidates.len() as i64)),
                ("age_limit", Value::Count(minor_limit)),
            ],
        ),
        reason(
            Msg::ReasonNoCapableSupporter,
            !f.h.has_capable_supporter,
            &[],
        ),
        f.income_reason(),
    ];
    reasons.extend(f.asset_reasons());
    if orphans > 0 {
        reasons.push(reason(
            Msg::ReasonOrphanInstead,
            true,
            &[("count", Value::Count(orphans))],
        ));
    }
    let status = if f.h.has_capable_supporter {
        Status::Unlikely
    } else {
        capacity.min(f.dibao)
    };
    let yearly = match f.h.hukou {
        super::household::Hukou::Urban => Param::TekunYearlyUrban,
        super::household::Hukou::Rural => Param::TekunYearlyRural,
    };
    let basic = if f.p.has(yearly) {
        f.p.get(yearly) / 12
    } else {
        f.standard * f.p.get(Param::TekunMultiplier) / 1000
    };
    let care = f.p.get(Param::TekunCareMonthly);
    let amount = (status != Status::Unlikely).then(|| {
        reasons.push(reason(
            Msg::ReasonTekunBasic,
            true,
            &[("amount", Value::Yuan(basic))],
        ));
        let total: i64 = candidates
            .iter()
            .map(|(m, _)| basic + if m.in_institution { care } else { 0 })
            .sum();
        Amount::Monthly(total)
    });
    ProgramResult {
        program: Program::Tekun,
        status,
        amount,
        reasons,
    }
}

fn temporary(f: &Facts) -> ProgramResult {
    let urban = f.p.get(Param::DibaoStandardUrban);
    let emergency = f.h.emergency;
    let after_low = f.h.income.low() - f.h.rigid_expenses;
    let after_high = f.h.income.high() - f.h.rigid_expenses;
    let expense = if f.h.rigid_expenses > 0 {
        band_status(after_low, after_high, i64::MIN, f.dibao_line - 1)
    } else {
        Status::Unlikely
    };
    let mut reasons = vec![
        reason(Msg::ReasonEmergency, emergency, &[]),
        reason(
            Msg::ReasonRigidExpenses,
            expense != Status::Unlikely,
            &[
                ("expenses", Value::Yuan(f.h.rigid_expenses)),
                ("per_person", Value::Yuan(after_low.max(0) / f.members)),
                ("standard", Value::Yuan(f.standard)),
            ],
        ),
    ];
    let months = match (emergency, expense != Status::Unlikely) {
        (true, true) => {
            f.p.get(Param::TemporaryMonthsEmergency)
                .max(f.p.get(Param::TemporaryMonthsExpense))
        }
        (true, false) => f.p.get(Param::TemporaryMonthsEmergency),
        (false, true) => f.p.get(Param::TemporaryMonthsExpense),
        (false, false) => 0,
    };
    let status = if emergency { Status::Likely } else { expense };
    let amount = (status != Status::Unlikely).then(|| {
        reasons.push(reason(
            Msg::ReasonTemporaryAmount,
            true,
            &[
                ("months", Value::Count(months)),
                ("amount", Value::Yuan(months * urban)),
            ],
        ));
        Amount::OneOff(months * urban)
    });
    ProgramResult {
        program: Program::Temporary,
        status,
        amount,
        reasons,
    }
}

fn disability_living(f: &Facts) -> ProgramResult {
    let disabled = f.count(Member::is_disabled);
    let covers_low_income = f.p.get(Param::DisabilityLivingCoversLowIncome) == 1;
    let household = if covers_low_income {
        f.dibao.max(f.low_income)
    } else {
        f.dibao
    };
    let reasons = vec![
        reason(
            Msg::ReasonDisabledMembers,
            disabled > 0,
            &[("count", Value::Count(disabled))],
        ),
        reason(
            if covers_low_income {
                Msg::ReasonNeedsDibaoOrLowIncome
            } else {
                Msg::ReasonNeedsDibao
            },
            household != Status::Unlikely,
            &[],
        ),
    ];
    let status = if disabled == 0 {
        Status::Unlikely
    } else {
        household
    };
    let amount = (status != Status::Unlikely)
        .then(|| Amount::Monthly(disabled * f.p.get(Param::DisabilityLivingMonthly)));
    ProgramResult {
        program: Program::DisabilityLiving,
        status,
        amount,
        reasons,
    }
}

fn disability_care(f: &Facts) -> ProgramResult {
    let grade1 = f.count(|m| m.disability_grade == Some(1));
    let grade2 = f.count(|m| m.disability_grade == Some(2));
    let extended_amount = f.p.get(Param::DisabilityCareExtendedMonthly);
    let extended = if extended_amount > 0 {
        f.count(Member::is_moderate_intellectual_or_mental)
    } else {
        0
    };
    let mut reasons = vec![reason(
        Msg::ReasonCareGrades,
        grade1 + grade2 > 0,
        &[("count", Value::Count(grade1 + grade2))],
    )];
    if extended_amount > 0 {
        reasons.push(reason(
            Msg::ReasonCareExtended,
            extended > 0,
            &[("count", Value::Count(extended))],
        ));
    }
    let total = grade1 * f.p.get(Param::DisabilityCareGrade1Monthly)
        + grade2 * f.p.get(Param::DisabilityCareGrade2Monthly)
        + extended * extended_amount;
    let status = if grade1 + grade2 + extended > 0 {
        Status::Likely
    } else {
        Status::Unlikely
    };
    let amount = (status == Status::Likely).then_some(Amount::Monthly(total));
    ProgramResult {
        program: Program::DisabilityCare,
        status,
        amount,
        reasons,
    }
}

fn elderly_allowance(f: &Facts) -> ProgramResult {
    let age = f.p.get(Param::ElderlyAllowanceAge);
    let count = f.count(|m| i64::from(m.age) >= age);
    let status = if count > 0 {
        Status::Likely
    } else {
        Status::Unlikely
    };
    let amount =
        (count > 0).then(|| Amount::Monthly(count * f.p.get(Param::ElderlyAllowanceMonthly)));
    let reasons = vec![reason(
        Msg::ReasonAgedOver,
        count > 0,
        &[("count", Value::Count(count)), ("age", Value::Count(age))],
    )];
    ProgramResult {
        program: Program::ElderlyAllowance,
        status,
        amount,
        reasons,
    }
}

fn elderly_care(f: &Facts) -> ProgramResult {
    let age = f.p.get(Param::ElderlyCareAge);
    let count = f.count(|m| {
        let a = i64::from(m.age);
        a >= age || (a >= 60 && (m.is_disabled() || !m.can_work))
    });
    let reasons = vec![
        reason(
            Msg::ReasonElderlyCareMembers,
            count > 0,
            &[("count", Value::Count(count)), ("age", Value::Count(age))],
        ),
        reason(Msg::ReasonNeedsDibao, f.dibao != Status::Unlikely, &[]),
    ];
    let status = if count == 0 {
        Status::Unlikely
    } else {
        f.dibao
    };
    let amount = (status != Status::Unlikely)
        .then(|| Amount::Monthly(count * f.p.get(Param::ElderlyCareMonthly)));
    ProgramResult {
        program: Program::ElderlyCare,
        status,
        amount,
        reasons,
    }
}

fn orphan(f: &Facts, parents: Parents) -> ProgramResult {
    let children: Vec<&Member> =
        f.h.members
            .iter()
            .filter(|m| m.age < 18 && m.parents == parents)
            .collect();
    let count = children.len() as i64;
    let (program, message) = match parents {
        Parents::DeceasedOrMissing => (Program::Orphan, Msg::ReasonOrphans),
        _ => (Program::DeFactoOrphan, Msg::ReasonDeFactoOrphans),
    };
    let total: i64 = children
        .iter()
        .map(|m| match (program, m.in_institution) {
            (Program::Orphan, true) => f.p.get(Param::OrphanInstitutionMonthly),
            (Program::Orphan, false) => f.p.get(Param::OrphanScatteredMonthly),
            _ => f.p.get(Param::DeFactoOrphanMonthly),
        })
        .sum();
    let status = if count > 0 {
        Status::Likely
    } else {
        Status::Unlikely
    };
    ProgramResult {
        program,
        status,
        amount: (count > 0).then_some(Amount::Monthly(total)),
        reasons: vec![reason(
            message,
            count > 0,
            &[("count", Value::Count(count))],
        )],
    }
}

fn funeral_benefit(f: &Facts, tekun: Status) -> ProgramResult {
    if f.p.get(Param::FuneralFreeForAllResidents) == 1 {
        return ProgramResult {
            program: Program::FuneralBenefit,
            status: Status::Likely,
            amount: None,
            reasons: vec![reason(Msg::ReasonFuneralAllResidents, true, &[])],
        };
    }
    let status = f.dibao.max(tekun);
    ProgramResult {
        program: Program::FuneralBenefit,
        status,
        amount: None,
        reasons: vec![reason(
            Msg::ReasonFuneralLowIncome,
            status != Status::Unlikely,
            &[],
        )],
    }
}

#[cfg(test)]
mod tests;
