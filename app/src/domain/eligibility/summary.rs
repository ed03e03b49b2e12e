//! The opening of a result: what the household most likely gets, roughly how much, and which
//! programs are not received together, before the per-program detail. Pure.

use super::evaluate::{Amount, Evaluation, Program, ProgramResult, Status};

/// Pairs not received together: the first replaces the second (特困 replaces 低保; a child with the
/// orphan allowance has no disability living subsidy, which the rules already apply).
const REPLACES: [(Program, Program); 1] = [(Program::Tekun, Program::Dibao)];

/// Programs that pay a household's living: the lead is chosen among these.
const LIVING: [Program; 3] = [Program::Tekun, Program::Dibao, Program::LowIncome];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The living support most likely received, with its status, amount and whether that is a
    /// most.
    pub lead: Option<(Program, Status, Option<Amount>, bool)>,
    /// A program that would be listed too but is not received beside the lead.
    pub instead_of: Option<Program>,
    /// Other programs marked likely (funeral benefit aside).
    pub also: Vec<Program>,
    /// Basic funeral services are free for this household when someone dies.
    pub funeral_free: bool,
}

fn monthly(p: &ProgramResult) -> i64 {
    match p.amount {
        Some(Amount::Monthly(fen)) => fen,
        _ => 0,
    }
}

pub fn summarise(e: &Evaluation) -> Summary {
    let best = LIVING
        .iter()
        .map(|&program| e.program(program))
        .filter(|p| p.status != Status::Unlikely)
        .max_by_key(|p| (p.status, monthly(p)));
    let lead = best.map(|p| (p.program, p.status, p.amount, p.up_to));
    let instead_of = best.and_then(|p| {
        REPLACES
            .iter()
            .find(|(first, second)| {
                *first == p.program && e.program(*second).status != Status::Unlikely
            })
            .map(|(_, second)| *second)
    });
    let also = e
        .programs
        .iter()
        .filter(|p| p.status == Status::Likely)
        .map(|p| p.program)
        .filter(|p| !LIVING.contains(p) && *p != Program::FuneralBenefit && Some(*p) != instead_of)
        .collect();
    Summary {
        lead,
        instead_of,
        also,
        funeral_free: e.program(Program::FuneralBenefit).status != Status::Unlikely,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        date::Date,
        eligibility::{
            evaluate::evaluate,
            household::{Household, Hukou, Income, Member},
            policy::{Param, PolicyEntry, PolicyFile},
        },
        money::yuan,
    };

    /// Baoding's 2020 urban figures: standard 666, tekun 10,392 a year (866 a month).
    fn baoding_2020() -> crate::domain::eligibility::policy::PolicyInForce {
        let mut values: Vec<PolicyEntry> = Param::ALL
            .iter()
            .map(|&param| PolicyEntry {
                param,
                from: Date::parse("2020-01-01").unwrap(),
                value: match param {
                    Param::DibaoStandardUrban => 666.0,
                    Param::DibaoStandardRural => 400.0,
                    Param::LowIncomeMultiplier | Param::TekunMultiplier => 1.3,
                    Param::TekunYearlyUrban => 10392.0,
                    Param::TekunYearlyRural => 6240.0,
                    Param::TekunMinorAgeLimit => 18.0,
                    Param::AssetMonthsPerPerson => 24.0,
                    Param::MaxHomes => 1.0,
                    Param::ElderlyAllowanceAge | Param::ElderlyCareAge => 80.0,
                    _ => 0.0,
                },
                document: "test".into(),
                seed: None,
                sample: false,
            })
            .collect();
        values.retain(|v| v.param != Param::TekunYearlyRuralHome);
        PolicyFile {
            region: "baoding".into(),
            values,
        }
        .check()
        .unwrap()
        .in_force(Date::parse("2020-12-31").unwrap())
        .unwrap()
    }

    #[test]
    fn a_woman_of_68_alone_on_600_is_told_tekun_replaces_dibao_not_both() {
        let h = Household {
            hukou: Hukou::Urban,
            members: vec![Member::adult(68)],
            income: Income::Exact(yuan(600)),
            financial_assets: 0,
            vehicles: 0,
            homes: 1,
            rigid_expenses: 0,
            emergency: false,
            has_capable_supporter: false,
        };
        let e = evaluate(&h, &baoding_2020());
        // Both are likely on their own (dibao 666 − 600 = 66; tekun 10,392 / 12 = 866) ...
        assert_eq!(e.program(Program::Dibao).status, Status::Likely);
        assert_eq!(e.program(Program::Tekun).status, Status::Likely);
        // ... but she would receive one: tekun, which replaces dibao.
        let s = summarise(&e);
        assert_eq!(
            s.lead,
            Some((
                Program::Tekun,
                Status::Likely,
                Some(Amount::Monthly(yuan(866))),
                false
            ))
        );
        assert_eq!(s.instead_of, Some(Program::Dibao));
        assert!(s.funeral_free);
        assert!(!s.also.contains(&Program::FuneralBenefit));
    }

    #[test]
    fn a_household_above_every_line_has_no_lead() {
        let h = Household {
            hukou: Hukou::Urban,
            members: vec![Member::adult(40)],
            income: Income::Exact(yuan(5000)),
            financial_assets: 0,
            vehicles: 0,
            homes: 1,
            rigid_expenses: 0,
            emergency: false,
            has_capable_supporter: true,
        };
        let s = summarise(&evaluate(&h, &baoding_2020()));
        assert_eq!(s.lead, None);
        assert_eq!(s.instead_of, None);
        assert!(!s.funeral_free);
    }
}
