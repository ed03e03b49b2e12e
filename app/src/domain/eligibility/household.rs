//! What the pre-check asks about a household. No names, ID numbers or phone numbers: none are needed.

use crate::{
    domain::{money::yuan, FieldError},
    i18n::Msg,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hukou {
    Urban,
    Rural,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    #[serde(rename = "self")]
    Applicant,
    Spouse,
    Child,
    Parent,
    Grandchild,
    Grandparent,
    Sibling,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisabilityKind {
    Physical,
    Visual,
    Hearing,
    Speech,
    Intellectual,
    Mental,
    Multiple,
}

/// Whether a child's parents can raise them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parents {
    #[default]
    Present,
    /// Both dead or missing.
    DeceasedOrMissing,
    /// Both unable (severely disabled, seriously ill, imprisoned, in rehabilitation, out of contact),
    /// or one dead or missing and the other unable.
    UnableToRaise,
}

/// How far a person can look after themselves (an ADL care assessment, 生活自理能力): what 失能
/// means for the elderly subsidy and what sets the 特困 care amount. Not a disability grade.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfCare {
    /// 全自理.
    #[default]
    Full,
    /// 半失能 / 半自理.
    Partial,
    /// 失能 / 全护理.
    None,
}

/// One member of the household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub age: i32,
    #[serde(default = "default_relation")]
    pub relation: Relation,
    /// 1 (most severe) to 4.
    #[serde(default)]
    pub disability_grade: Option<i32>,
    #[serde(default)]
    pub disability_kind: Option<DisabilityKind>,
    #[serde(default)]
    pub serious_illness: bool,
    #[serde(default)]
    pub student: bool,
    #[serde(default = "yes")]
    pub can_work: bool,
    #[serde(default)]
    pub parents: Parents,
    #[serde(default)]
    pub in_institution: bool,
    #[serde(default)]
    pub self_care: SelfCare,
}

fn default_relation() -> Relation {
    Relation::Applicant
}

fn yes() -> bool {
    true
}

impl Member {
    /// An adult able to work, with no disability: the starting point of a form.
    pub fn adult(age: i32) -> Member {
        Member {
            age,
            relation: Relation::Applicant,
            disability_grade: None,
            disability_kind: None,
            serious_illness: false,
            student: false,
            can_work: true,
            parents: Parents::Present,
            in_institution: false,
            self_care: SelfCare::Full,
        }
    }

    /// Has lost all or part of the ability to look after themselves (失能 or 半失能).
    pub fn lacks_self_care(&self) -> bool {
        self.self_care != SelfCare::Full
    }

    pub fn is_disabled(&self) -> bool {
        self.disability_grade.is_some()
    }

    /// Grade 1–2, or grade 3 intellectual or mental: covered alone (单人户) and counted as severe.
    pub fn is_severely_disabled(&self) -> bool {
        matches!(
            (self.disability_grade, self.disability_kind),
            (Some(1 | 2), _)
                | (
                    Some(3),
                    Some(DisabilityKind::Intellectual | DisabilityKind::Mental)
                )
        )
    }

    /// Intellectual or mental disability of grade 3 or 4 (where the care subsidy is extended).
    pub fn is_moderate_intellectual_or_mental(&self) -> bool {
        matches!(
            (self.disability_grade, self.disability_kind),
            (
                Some(3 | 4),
                Some(DisabilityKind::Intellectual | DisabilityKind::Mental)
            )
        )
    }
}

/// Household income per month: exact, or a range when the resident does not know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Income {
    /// Fen per month.
    Exact(i64),
    /// Fen per month, lowest and highest.
    Range { low: i64, high: i64 },
}

impl Income {
    pub fn low(self) -> i64 {
        match self {
            Income::Exact(v) => v,
            Income::Range { low, .. } => low,
        }
    }

    pub fn high(self) -> i64 {
        match self {
            Income::Exact(v) => v,
            Income::Range { high, .. } => high,
        }
    }
}

/// Everything the evaluation reads. Money in fen per month unless named otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub hukou: Hukou,
    pub members: Vec<Member>,
    pub income: Income,
    /// Savings, deposits, shares: fen.
    pub financial_assets: i64,
    pub vehicles: i32,
    pub homes: i32,
    /// Medical, schooling and similar unavoidable costs per month: fen.
    pub rigid_expenses: i64,
    /// A recent disaster, accident or sudden illness.
    pub emergency: bool,
    /// Someone with a legal duty of support exists and is able to support.
    pub has_capable_supporter: bool,
}

pub const MAX_MEMBERS: usize = 30;
pub const MAX_AGE: i32 = 130;
/// Amounts above this are surely typing mistakes (fen): ¥100 million.
const MAX_AMOUNT: i64 = yuan(100_000_000);

impl Household {
    /// Checks the answers; every problem names its field (`members[1].age`, `income`).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bad = |field: String, message: Msg| errors.push(FieldError { field, message });
        if self.members.is_empty() {
            bad("members".into(), Msg::MembersNone);
        }
        if self.members.len() > MAX_MEMBERS {
            bad("members".into(), Msg::MembersTooMany);
        }
        for (i, m) in self.members.iter().enumerate() {
            if !(0..=MAX_AGE).contains(&m.age) {
                bad(format!("members[{i}].age"), Msg::AgeOutOfRange);
            }
            if let Some(grade) = m.disability_grade {
                if !(1..=4).contains(&grade) {
                    bad(
                        format!("members[{i}].disability_grade"),
                        Msg::DisabilityGradeOutOfRange,
                    );
                }
            }
            if m.disability_grade.is_some() != m.disability_kind.is_some() {
                bad(
                    format!("members[{i}].disability_kind"),
                    Msg::DisabilityKindAndGrade,
                );
            }
        }
        let amount_ok = |v: i64| (0..=MAX_AMOUNT).contains(&v);
        match self.income {
            Income::Exact(v) if !amount_ok(v) => bad("income".into(), Msg::AmountOutOfRange),
            Income::Range { low, high } if !amount_ok(low) || !amount_ok(high) => {
                bad("income".into(), Msg::AmountOutOfRange)
            }
            Income::Range { low, high } if low > high => {
                bad("income".into(), Msg::IncomeRangeReversed)
            }
            _ => {}
        }
        if !amount_ok(self.financial_assets) {
            bad("financial_assets".into(), Msg::AmountOutOfRange);
        }
        if !amount_ok(self.rigid_expenses) {
            bad("rigid_expenses".into(), Msg::AmountOutOfRange);
        }
        if !(0..=20).contains(&self.vehicles) {
            bad("vehicles".into(), Msg::CountOutOfRange);
        }
        if !(0..=20).contains(&self.homes) {
            bad("homes".into(), Msg::CountOutOfRange);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
