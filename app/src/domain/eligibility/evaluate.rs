//! The evaluation: every program in one pass, each with a status, an estimated amount and the tests
//! applied (translation keys with their numbers). It never decides; the street office does.

use super::{
    household::{DisabilityKind, Household, Member, Parents, SelfCare},
    policy::{Param, PolicyInForce},
};
use crate::{domain::date::Date, i18n::Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    Dibao,
    LowIncome,
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
    pub const ALL: [Program; 11] = [
        Program::Dibao,
        Program::LowIncome,
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
    /// The amount is the most it could be (an income given as a range, at its low end; or a
    /// member covered on their own), not an estimate of what will be paid.
    #[serde(default)]
    pub up_to: bool,
    pub reasons: Vec<Reason>,
}

/// The whole answer, with the policy set and date it used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub region: String,
    pub policy_date: Date,
    pub uses_sample_values: bool,
    /// The date of the newest figure from a source document used, when there is one.
    #[serde(default)]
    pub figures_from: Option<Date>,
    /// The newest figure is more than 18 months older than the date: the office may use newer.
    #[serde(default)]
    pub figures_are_old: bool,
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
        // National wording is "below" (低于) the near-dibao line; a region may include the line.
        let low_income_top = if p.get(Param::LowIncomeLineInclusive) == 1 {
            low_income_line
        } else {
            low_income_line - 1
        };
        let low_income = gate(band_status(low, high, dibao_line, low_income_top));
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
        let over = (self.h.financial_assets > limit).then(|| {
            reason(
                Msg::ReasonAssetsOver,
                false,
                &[("over", Value::Yuan(self.h.financial_assets - limit))],
            )
        });
        let mut reasons = vec![
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
        ];
        // The near miss, beside the test it missed.
        if let Some(over) = over {
            reasons.insert(1, over);
        }
        reasons
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
    let mut programs = vec![dibao(&f), low_income(&f), tekun.clone(), temporary(&f)];
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
        figures_from: p.newest_figure(),
        figures_are_old: p.figures_are_old(),
        programs,
    }
}

/// 民发〔2021〕43号 (特困人员认定办法) takes effect: its list of who has no work capacity, and
/// support of minors to 18.
fn from_2021_07(p: &PolicyInForce) -> bool {
    p.date >= Date::new(2021, 7, 1).expect("a real date")
}

fn dibao(f: &Facts) -> ProgramResult {
    let mut reasons = vec![f.income_reason()];
    reasons.extend(f.asset_reasons());
    let income = f.h.income.low();
    let ranged = f.h.income.low() != f.h.income.high();
    let mut up_to = ranged;
    let mut status = f.dibao;
    let mut amount = (f.dibao != Status::Unlikely).then(|| {
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
    // 单人户施保 is dibao too: in a near-dibao household, a severely disabled or seriously ill
    // member may be covered on their own, at up to the single person's standard.
    let severe = f.count(|m| m.is_severely_disabled() || m.serious_illness);
    if f.dibao != Status::Likely && severe > 0 && f.low_income != Status::Unlikely {
        reasons.push(reason(
            Msg::ReasonSevereMembers,
            true,
            &[("count", Value::Count(severe))],
        ));
        reasons.push(f.low_income_line_reason(true));
        reasons.push(reason(
            Msg::ReasonSinglePersonUpTo,
            true,
            &[
                ("count", Value::Count(severe)),
                ("amount", Value::Yuan(severe * f.standard)),
            ],
        ));
        if status == Status::Unlikely {
            status = Status::Possible;
            amount = Some(Amount::Monthly(severe * f.standard));
            up_to = true;
        }
    }
    ProgramResult {
        program: Program::Dibao,
        status,
        amount,
        up_to: up_to && amount.is_some(),
        reasons,
    }
}

fn low_income(f: &Facts) -> ProgramResult {
    let income = f.h.income.low();
    let mut reasons = vec![
        f.income_reason(),
        f.low_income_line_reason(income <= f.low_income_line),
    ];
    if income >= f.low_income_line {
        reasons.push(reason(
            Msg::ReasonNearMissLowIncome,
            false,
            &[
                ("above", Value::Yuan(income - f.low_income_line)),
                ("members", Value::Count(f.members)),
            ],
        ));
    }
    reasons.extend(f.asset_reasons());
    ProgramResult {
        program: Program::LowIncome,
        status: f.low_income,
        amount: None,
        up_to: false,
        reasons,
    }
}

/// Whether a member has no work capacity for 特困 on the evaluation date: `Likely` on the national
/// list in force (by age or disability grade), `Possible` for minors whose support may continue,
/// or when the only sign is that they cannot work.
fn work_incapacity(m: &Member, f: &Facts) -> Status {
    let age = i64::from(m.age);
    let after = from_2021_07(f.p);
    let listed_disability = m
        .disability_kind
        .zip(m.disability_grade)
        .is_some_and(|(kind, grade)| i64::from(grade) <= listed_grade(kind, f));
    let minor_limit = f.p.get(Param::TekunMinorAgeLimit);
    // Support already received may continue to 18 (and past it at school, where the region
    // says so); a new application then is the office's call, as when the only sign is that
    // the member cannot work.
    let may_continue =
        after && (age < 18 || (m.student && f.p.get(Param::TekunContinuesInSchool) == 1));
    if !(16..60).contains(&age) || listed_disability || age < minor_limit {
        Status::Likely
    } else if may_continue || !m.can_work {
        Status::Possible
    } else {
        Status::Unlikely
    }
}

/// The most severe grade a disability of `kind` must have (1 the most severe) to count as no work
/// capacity: the national list in force, or further where the province's file lists more.
fn listed_grade(kind: DisabilityKind, f: &Facts) -> i64 {
    use DisabilityKind::*;
    let after = from_2021_07(f.p);
    let (national, param) = match kind {
        Intellectual | Mental => (
            if after { 3 } else { 2 },
            Param::TekunListedIntellectualGrade,
        ),
        Physical => (if after { 2 } else { 1 }, Param::TekunListedPhysicalGrade),
        Visual => (i64::from(after), Param::TekunListedVisualGrade),
        Hearing | Speech | Multiple => (0, Param::TekunListedOtherGrade),
    };
    national.max(f.p.get(param))
}

/// Whether the province's file lists more disabilities as no work capacity than the nation does.
fn province_adds(f: &Facts) -> bool {
    [
        Param::TekunListedIntellectualGrade,
        Param::TekunListedPhysicalGrade,
        Param::TekunListedVisualGrade,
        Param::TekunListedOtherGrade,
    ]
    .iter()
    .any(|p| f.p.has(*p))
}

/// The 特困 care allowance for a member, by how far they look after themselves: a fixed amount
/// each, or a share of the minimum wage where the region ties it to that.
fn tekun_care(m: &Member, f: &Facts) -> i64 {
    let wage = f.p.get(Param::MinimumWageMonthly);
    let (share, fixed) = match m.self_care {
        SelfCare::Full => return 0,
        SelfCare::Partial => (
            f.p.get(Param::TekunCarePartialWageShare),
            f.p.get(Param::TekunCarePartialMonthly),
        ),
        SelfCare::None => (
            f.p.get(Param::TekunCareWageShare),
            f.p.get(Param::TekunCareMonthly),
        ),
    };
    if wage > 0 && share > 0 {
        wage * share / 1000
    } else {
        fixed
    }
}

fn tekun(f: &Facts) -> ProgramResult {
    let minor_limit = f.p.get(Param::TekunMinorAgeLimit);
    let after = from_2021_07(f.p);
    let is_orphan = |m: &Member| m.age < 18 && m.parents != Parents::Present;
    let orphans = f.count(is_orphan);
    let candidates: Vec<(&Member, Status)> =
        f.h.members
            .iter()
            .filter(|m| !is_orphan(m))
            .map(|m| (m, work_incapacity(m, f)))
            .filter(|(_, s)| *s != Status::Unlikely)
            .collect();
    let capacity = candidates
        .iter()
        .map(|(_, s)| *s)
        .max()
        .unwrap_or(Status::Unlikely);
    let mut reasons = vec![
        reason(
            if after {
                Msg::ReasonNoWorkCapacity
            } else {
                Msg::ReasonNoWorkCapacityBefore2021
            },
            !candidates.is_empty(),
            &[("count", Value::Count(candidates.len() as i64))],
        ),
        reason(
            Msg::ReasonNoCapableSupporter,
            !f.h.has_capable_supporter,
            &[],
        ),
        f.income_reason(),
    ];
    if province_adds(f) {
        reasons.insert(1, reason(Msg::ReasonTekunProvinceAdds, true, &[]));
    }
    // Nobody without work capacity, but someone within three years of 60: how long until then.
    let oldest =
        f.h.members
            .iter()
            .map(|m| i64::from(m.age))
            .max()
            .unwrap_or(0);
    if candidates.is_empty() && (57..60).contains(&oldest) {
        reasons.insert(
            1,
            reason(
                Msg::ReasonNearMissAge,
                false,
                &[
                    ("oldest", Value::Count(oldest)),
                    ("years", Value::Count(60 - oldest)),
                    ("age", Value::Count(60)),
                ],
            ),
        );
    }
    let sixteen_or_seventeen = f.count(|m| (16..18).contains(&m.age) && !is_orphan(m));
    if sixteen_or_seventeen > 0 && minor_limit > 16 {
        reasons.push(reason(
            Msg::ReasonTekunMinorsExtended,
            true,
            &[
                ("count", Value::Count(sixteen_or_seventeen)),
                ("age_limit", Value::Count(minor_limit)),
            ],
        ));
    } else if sixteen_or_seventeen > 0 && after {
        reasons.push(reason(
            Msg::ReasonTekunMinorsContinue,
            true,
            &[("count", Value::Count(sixteen_or_seventeen))],
        ));
    }
    let in_school = f.count(|m| m.age >= 18 && m.student);
    if in_school > 0 && after && f.p.get(Param::TekunContinuesInSchool) == 1 {
        reasons.push(reason(
            Msg::ReasonTekunInSchool,
            true,
            &[("count", Value::Count(in_school))],
        ));
    }
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
    // The basic living standard: the region's yearly figure where it gives one (for rural
    // home-based support a figure of its own where it differs), else the multiple of the dibao
    // standard, the person's own or the urban one as the region says.
    let rural = f.h.hukou == super::household::Hukou::Rural;
    let of_urban = f.p.get(Param::TekunStandardOfUrban) == 1;
    let multiplier = f.p.get(Param::TekunMultiplier);
    let basis = if of_urban {
        f.p.get(Param::DibaoStandardUrban)
    } else {
        f.standard
    };
    let yearly_for = |m: &Member| -> Option<i64> {
        let param = match (rural, m.in_institution) {
            (true, false) if f.p.has(Param::TekunYearlyRuralHome) => Param::TekunYearlyRuralHome,
            (true, _) => Param::TekunYearlyRural,
            (false, _) => Param::TekunYearlyUrban,
        };
        f.p.has(param).then(|| f.p.get(param))
    };
    let basic_for = |m: &Member| match yearly_for(m) {
        Some(yearly) => yearly / 12,
        None => basis * multiplier / 1000,
    };
    let amount = (status != Status::Unlikely).then(|| {
        let mut shown = std::collections::BTreeSet::new();
        for (m, _) in &candidates {
            let basic = basic_for(m);
            if !shown.insert(basic) {
                continue;
            }
            reasons.push(match yearly_for(m) {
                Some(yearly) => reason(
                    Msg::ReasonTekunBasicYearly,
                    true,
                    &[
                        ("yearly", Value::Yuan(yearly)),
                        ("amount", Value::Yuan(basic)),
                    ],
                ),
                None => reason(
                    if of_urban && rural {
                        Msg::ReasonTekunBasicOfUrban
                    } else {
                        Msg::ReasonTekunBasicOfOwn
                    },
                    true,
                    &[
                        ("standard", Value::Yuan(basis)),
                        ("multiplier", Value::Ratio(multiplier)),
                        ("amount", Value::Yuan(basic)),
                    ],
                ),
            });
        }
        let cared: Vec<i64> = candidates
            .iter()
            .map(|(m, _)| tekun_care(m, f))
            .filter(|c| *c > 0)
            .collect();
        if !cared.is_empty() {
            reasons.push(reason(
                Msg::ReasonTekunCare,
                true,
                &[
                    ("count", Value::Count(cared.len() as i64)),
                    ("amount", Value::Yuan(cared.iter().sum())),
                ],
            ));
            if f.p.get(Param::MinimumWageMonthly) > 0 {
                reasons.push(reason(
                    Msg::ReasonTekunCareWage,
                    true,
                    &[("wage", Value::Yuan(f.p.get(Param::MinimumWageMonthly)))],
                ));
            }
        }
        let total: i64 = candidates
            .iter()
            .map(|(m, _)| basic_for(m) + tekun_care(m, f))
            .sum();
        reasons.push(reason(
            Msg::ReasonTekunTotal,
            true,
            &[
                ("people", Value::Count(candidates.len() as i64)),
                ("amount", Value::Yuan(total)),
            ],
        ));
        Amount::Monthly(total)
    });
    ProgramResult {
        program: Program::Tekun,
        status,
        amount,
        up_to: false,
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
        up_to: false,
        reasons,
    }
}

/// "count × each = total", the formula of a per-person amount.
fn per_person(count: i64, each: i64) -> Reason {
    reason(
        Msg::ReasonAmountPerPerson,
        true,
        &[
            ("count", Value::Count(count)),
            ("each", Value::Yuan(each)),
            ("amount", Value::Yuan(count * each)),
        ],
    )
}

/// A child who receives the orphan allowance (both parents dead or missing).
fn receives_orphan_allowance(m: &Member) -> bool {
    m.age < 18 && m.parents == Parents::DeceasedOrMissing
}

fn disability_living(f: &Facts) -> ProgramResult {
    let disabled = f.count(Member::is_disabled);
    // 国发〔2015〕52号: a disabled orphan has the orphan allowance, not this subsidy as well.
    let orphans = f.count(|m| m.is_disabled() && receives_orphan_allowance(m));
    let counted = disabled - orphans;
    let covers_low_income = f.p.get(Param::DisabilityLivingCoversLowIncome) == 1;
    let household = if covers_low_income {
        f.dibao.max(f.low_income)
    } else {
        f.dibao
    };
    let mut reasons = vec![
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
    if orphans > 0 {
        reasons.push(reason(
            Msg::ReasonOrphanNoLivingSubsidy,
            false,
            &[("count", Value::Count(orphans))],
        ));
    }
    let status = if counted == 0 {
        Status::Unlikely
    } else {
        household
    };
    let each = f.p.get(Param::DisabilityLivingMonthly);
    let amount = (status != Status::Unlikely).then(|| {
        reasons.push(per_person(counted, each));
        Amount::Monthly(counted * each)
    });
    ProgramResult {
        program: Program::DisabilityLiving,
        status,
        amount,
        up_to: false,
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
    let amount = (status == Status::Likely).then(|| {
        reasons.push(reason(
            Msg::ReasonCareAmount,
            true,
            &[
                ("grade1", Value::Count(grade1)),
                (
                    "each1",
                    Value::Yuan(f.p.get(Param::DisabilityCareGrade1Monthly)),
                ),
                ("grade2", Value::Count(grade2)),
                (
                    "each2",
                    Value::Yuan(f.p.get(Param::DisabilityCareGrade2Monthly)),
                ),
                ("extended", Value::Count(extended)),
                ("each3", Value::Yuan(extended_amount)),
                ("amount", Value::Yuan(total)),
            ],
        ));
        Amount::Monthly(total)
    });
    ProgramResult {
        program: Program::DisabilityCare,
        status,
        amount,
        up_to: false,
        reasons,
    }
}

/// At most `Possible` where the amount is a sample: no local figure says the payment exists.
fn capped_by_sample(f: &Facts, status: Status, param: Param, reasons: &mut Vec<Reason>) -> Status {
    if f.p.is_sample(param) && status != Status::Unlikely {
        reasons.push(reason(Msg::ReasonSampleAmount, false, &[]));
        status.min(Status::Possible)
    } else {
        status
    }
}

fn elderly_allowance(f: &Facts) -> ProgramResult {
    let age = f.p.get(Param::ElderlyAllowanceAge);
    let count = f.count(|m| i64::from(m.age) >= age);
    let mut reasons = vec![reason(
        Msg::ReasonAgedOver,
        count > 0,
        &[("count", Value::Count(count)), ("age", Value::Count(age))],
    )];
    // Within five years of the age: how long until then.
    let oldest =
        f.h.members
            .iter()
            .map(|m| i64::from(m.age))
            .max()
            .unwrap_or(0);
    if count == 0 && age - oldest <= 5 {
        reasons.push(reason(
            Msg::ReasonNearMissAge,
            false,
            &[
                ("oldest", Value::Count(oldest)),
                ("years", Value::Count(age - oldest)),
                ("age", Value::Count(age)),
            ],
        ));
    }
    let status = if count > 0 {
        Status::Likely
    } else {
        Status::Unlikely
    };
    let status = capped_by_sample(f, status, Param::ElderlyAllowanceMonthly, &mut reasons);
    let each = f.p.get(Param::ElderlyAllowanceMonthly);
    let amount = (count > 0).then(|| {
        reasons.push(per_person(count, each));
        Amount::Monthly(count * each)
    });
    ProgramResult {
        program: Program::ElderlyAllowance,
        status,
        amount,
        up_to: false,
        reasons,
    }
}

/// 经济困难的高龄、失能老年人补贴: for members of dibao households who are very old, or aged 60 or
/// over and unable to look after themselves (失能 or 半失能, from a care assessment). A disability
/// alone says nothing about care: it gives `Possible`.
fn elderly_care(f: &Facts) -> ProgramResult {
    let age = f.p.get(Param::ElderlyCareAge);
    let qualifies = |m: &Member| {
        let a = i64::from(m.age);
        a >= age || (a >= 60 && m.lacks_self_care())
    };
    let count = f.count(qualifies);
    let disabled_only = f.count(|m| m.age >= 60 && !qualifies(m) && m.is_disabled());
    let mut reasons = vec![
        reason(
            Msg::ReasonElderlyCareMembers,
            count > 0,
            &[("count", Value::Count(count)), ("age", Value::Count(age))],
        ),
        reason(Msg::ReasonNeedsDibao, f.dibao != Status::Unlikely, &[]),
    ];
    if disabled_only > 0 {
        reasons.push(reason(
            Msg::ReasonElderlyCareDisabledOnly,
            false,
            &[("count", Value::Count(disabled_only))],
        ));
    }
    let members = if count > 0 {
        Status::Likely
    } else if disabled_only > 0 {
        Status::Possible
    } else {
        Status::Unlikely
    };
    let mut status = members.min(f.dibao);
    if f.p.get(Param::ElderlyCareOnlyPlanned) == 1 && status != Status::Unlikely {
        reasons.push(reason(Msg::ReasonElderlyCarePlanned, false, &[]));
        status = status.min(Status::Possible);
    }
    let status = capped_by_sample(f, status, Param::ElderlyCareMonthly, &mut reasons);
    let paid = count.max(if status == Status::Unlikely {
        0
    } else {
        disabled_only
    });
    let each = f.p.get(Param::ElderlyCareMonthly);
    let amount = (status != Status::Unlikely).then(|| {
        reasons.push(per_person(paid, each));
        Amount::Monthly(paid * each)
    });
    ProgramResult {
        program: Program::ElderlyCare,
        status,
        amount,
        up_to: count == 0 && amount.is_some(),
        reasons,
    }
}

/// 民发〔2019〕62号 sets up support for de facto orphans, from 2019.
fn de_facto_orphans_supported(p: &PolicyInForce) -> bool {
    p.date >= Date::new(2019, 1, 1).expect("a real date")
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
    let mut reasons = vec![reason(
        message,
        count > 0,
        &[("count", Value::Count(count))],
    )];
    let in_force = program == Program::Orphan || de_facto_orphans_supported(f.p);
    if count > 0 && !in_force {
        reasons.push(reason(Msg::ReasonDeFactoNotYet, false, &[]));
    }
    let total: i64 = children
        .iter()
        .map(|m| match (program, m.in_institution) {
            (Program::Orphan, true) => f.p.get(Param::OrphanInstitutionMonthly),
            (Program::Orphan, false) => f.p.get(Param::OrphanScatteredMonthly),
            _ => f.p.get(Param::DeFactoOrphanMonthly),
        })
        .sum();
    let status = if count > 0 && in_force {
        Status::Likely
    } else {
        Status::Unlikely
    };
    if status == Status::Likely {
        reasons.push(match program {
            Program::Orphan => {
                let institution = children.iter().filter(|m| m.in_institution).count() as i64;
                reason(
                    Msg::ReasonOrphanAmount,
                    true,
                    &[
                        ("institution", Value::Count(institution)),
                        (
                            "each_institution",
                            Value::Yuan(f.p.get(Param::OrphanInstitutionMonthly)),
                        ),
                        ("scattered", Value::Count(count - institution)),
                        (
                            "each_scattered",
                            Value::Yuan(f.p.get(Param::OrphanScatteredMonthly)),
                        ),
                        ("amount", Value::Yuan(total)),
                    ],
                )
            }
            _ => per_person(count, f.p.get(Param::DeFactoOrphanMonthly)),
        });
    }
    ProgramResult {
        program,
        status,
        amount: (status == Status::Likely).then_some(Amount::Monthly(total)),
        up_to: false,
        reasons,
    }
}

fn funeral_benefit(f: &Facts, tekun: Status) -> ProgramResult {
    if f.p.get(Param::FuneralFreeForAllResidents) == 1 {
        return ProgramResult {
            program: Program::FuneralBenefit,
            status: Status::Likely,
            amount: None,
            up_to: false,
            reasons: vec![reason(Msg::ReasonFuneralAllResidents, true, &[])],
        };
    }
    let covers_low_income = f.p.get(Param::FuneralCoversLowIncome) == 1;
    let status = if covers_low_income {
        f.dibao.max(tekun).max(f.low_income)
    } else {
        f.dibao.max(tekun)
    };
    ProgramResult {
        program: Program::FuneralBenefit,
        status,
        amount: None,
        up_to: false,
        reasons: vec![reason(
            if covers_low_income {
                Msg::ReasonFuneralLowIncomeToo
            } else {
                Msg::ReasonFuneralLowIncome
            },
            status != Status::Unlikely,
            &[],
        )],
    }
}

#[cfg(test)]
mod tests;
