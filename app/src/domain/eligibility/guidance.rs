//! What a result page adds to the evaluation: the papers to bring for each program, where to
//! apply, and the household's income per person against the lines that matter.

use super::{
    evaluate::Program,
    household::{Household, Hukou},
    policy::{Param, PolicyInForce},
};
use crate::i18n::Msg;

/// The papers to bring when applying for a program, for this household.
pub fn documents(program: Program, h: &Household) -> Vec<Msg> {
    let any_disabled = h.members.iter().any(|m| m.is_disabled());
    let any_ill = h.members.iter().any(|m| m.serious_illness);
    let mut docs = vec![Msg::DocIdHukou];
    match program {
        Program::Dibao | Program::LowIncome | Program::Tekun => {
            docs.extend([Msg::DocIncome, Msg::DocFinancialCheck]);
            // A member covered on their own (单人户) or without work capacity shows it with
            // the disability certificate or the medical records.
            if any_disabled && program != Program::LowIncome {
                docs.push(Msg::DocDisabilityCert);
            }
            if any_ill && program == Program::Dibao {
                docs.push(Msg::DocMedical);
            }
            docs.push(Msg::DocBankAccount);
        }
        Program::Temporary => {
            docs.push(Msg::DocIncome);
            if h.emergency {
                docs.push(Msg::DocEmergency);
            }
            if h.rigid_expenses > 0 || any_ill {
                docs.push(Msg::DocMedical);
            }
            docs.push(Msg::DocBankAccount);
        }
        Program::DisabilityLiving | Program::DisabilityCare => {
            docs.extend([Msg::DocDisabilityCert, Msg::DocBankAccount]);
        }
        Program::ElderlyAllowance => docs.push(Msg::DocBankAccount),
        Program::ElderlyCare => docs.extend([Msg::DocCareAssessment, Msg::DocBankAccount]),
        Program::Orphan => docs.extend([Msg::DocParentsDeath, Msg::DocBankAccount]),
        Program::DeFactoOrphan => docs.extend([Msg::DocParentsUnable, Msg::DocBankAccount]),
        Program::FuneralBenefit => docs = vec![Msg::DocDeathCertificate, Msg::DocIdHukou],
    }
    docs
}

/// The papers for every program the household may apply for (funeral benefit aside, which is
/// not applied for while living): those every one of them needs, to list once, and each program's
/// extras.
pub fn documents_for(
    e: &super::evaluate::Evaluation,
    h: &Household,
) -> (Vec<Msg>, Vec<(Program, Vec<Msg>)>) {
    let lists: Vec<(Program, Vec<Msg>)> = e
        .programs
        .iter()
        .filter(|p| {
            p.status != super::evaluate::Status::Unlikely && p.program != Program::FuneralBenefit
        })
        .map(|p| (p.program, documents(p.program, h)))
        .collect();
    let Some((_, first)) = lists.first() else {
        return (Vec::new(), Vec::new());
    };
    let common: Vec<Msg> = first
        .iter()
        .copied()
        .filter(|d| lists.iter().all(|(_, docs)| docs.contains(d)))
        .collect();
    let extras = lists
        .into_iter()
        .map(|(p, docs)| {
            (
                p,
                docs.into_iter().filter(|d| !common.contains(d)).collect(),
            )
        })
        .collect();
    (common, extras)
}

/// Where to apply for a program.
pub fn where_to_apply(program: Program) -> Msg {
    match program {
        Program::FuneralBenefit => Msg::ApplyFuneralHome,
        _ => Msg::ApplyStreetOffice,
    }
}

/// The household's income per person beside the dibao standard and the near-dibao line (fen a
/// month), and the same lines for the whole household.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncomePicture {
    pub members: i64,
    pub per_person_low: i64,
    pub per_person_high: i64,
    pub dibao_standard: i64,
    pub low_income_line: i64,
}

impl IncomePicture {
    pub fn new(h: &Household, p: &PolicyInForce) -> IncomePicture {
        let members = (h.members.len() as i64).max(1);
        let dibao_standard = match h.hukou {
            Hukou::Urban => p.get(Param::DibaoStandardUrban),
            Hukou::Rural => p.get(Param::DibaoStandardRural),
        };
        IncomePicture {
            members,
            per_person_low: h.income.low() / members,
            per_person_high: h.income.high() / members,
            dibao_standard,
            low_income_line: dibao_standard * p.get(Param::LowIncomeMultiplier) / 1000,
        }
    }

    /// The largest figure to draw against: the bars are shares of it, the income's capped at 1.5
    /// times the near-dibao line so the lines stay readable beside a high income.
    pub fn scale(&self) -> i64 {
        let cap = self.low_income_line * 3 / 2;
        self.per_person_low
            .min(cap)
            .max(self.low_income_line)
            .max(1)
    }

    /// A figure as a percentage of the drawing's width (0–100).
    pub fn percent(&self, fen: i64) -> i64 {
        (fen.clamp(0, self.scale()) * 100 / self.scale()).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        date::Date,
        eligibility::{
            household::{Income, Member},
            policy::{DatedValue, Source},
        },
        money::yuan,
    };

    fn household(members: usize, income: i64) -> Household {
        Household {
            hukou: Hukou::Urban,
            members: (0..members).map(|_| Member::adult(40)).collect(),
            income: Income::Exact(yuan(income)),
            financial_assets: 0,
            vehicles: 0,
            homes: 1,
            rigid_expenses: 0,
            emergency: false,
            has_capable_supporter: true,
        }
    }

    fn policy() -> PolicyInForce {
        let dated = |value| DatedValue {
            from: Date::parse("2020-01-01").unwrap(),
            value,
            source: Source {
                document: "test".into(),
                seed: None,
                sample: false,
            },
        };
        PolicyInForce {
            region: "test".into(),
            date: Date::parse("2020-12-31").unwrap(),
            values: [
                (Param::DibaoStandardUrban, dated(yuan(666))),
                (Param::DibaoStandardRural, dated(yuan(400))),
                (Param::LowIncomeMultiplier, dated(1500)),
            ]
            .into(),
        }
    }

    #[test]
    fn the_picture_puts_income_per_person_beside_the_regions_lines() {
        let picture = IncomePicture::new(&household(3, 1500), &policy());
        assert_eq!(picture.per_person_low, yuan(500));
        assert_eq!(picture.dibao_standard, yuan(666));
        assert_eq!(picture.low_income_line, yuan(999));
        assert_eq!(picture.percent(picture.low_income_line), 100);
        assert!(picture.percent(picture.per_person_low) < picture.percent(picture.dibao_standard));
    }

    #[test]
    fn a_high_income_does_not_squash_the_lines_to_nothing() {
        let picture = IncomePicture::new(&household(1, 100_000), &policy());
        assert_eq!(picture.percent(picture.per_person_low), 100);
        assert!(picture.percent(picture.dibao_standard) >= 44);
    }

    #[test]
    fn disability_programs_ask_for_the_certificate_and_funeral_for_the_death_certificate() {
        let h = household(1, 0);
        assert!(documents(Program::DisabilityCare, &h).contains(&Msg::DocDisabilityCert));
        assert!(!documents(Program::Dibao, &h).contains(&Msg::DocDisabilityCert));
        assert_eq!(
            documents(Program::FuneralBenefit, &h)[0],
            Msg::DocDeathCertificate
        );
        assert_eq!(
            where_to_apply(Program::FuneralBenefit),
            Msg::ApplyFuneralHome
        );
        assert_eq!(where_to_apply(Program::Tekun), Msg::ApplyStreetOffice);
        let mut emergency = household(2, 0);
        emergency.emergency = true;
        assert!(documents(Program::Temporary, &emergency).contains(&Msg::DocEmergency));
        assert!(!documents(Program::Temporary, &h).contains(&Msg::DocEmergency));
    }
}
