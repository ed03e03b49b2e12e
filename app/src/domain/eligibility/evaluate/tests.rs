//! Each program's pass, fail and boundary cases on a synthetic policy with round figures, and
//! property tests of the invariants residents rely on.

use super::*;
use crate::domain::{
    date::Date,
    eligibility::{
        household::{DisabilityKind, Hukou, Income, Member, Parents, SelfCare},
        policy::{Param, PolicyEntry, PolicyFile},
    },
    money::yuan,
};
use proptest::prelude::*;

/// Urban 600, rural 400, low-income 1.5×, assets 24 months, 1 home, 0 cars, tekun 1.3×.
fn policy_with(overrides: &[(Param, f64)]) -> PolicyInForce {
    let base: &[(Param, f64)] = &[
        (Param::DibaoStandardUrban, 600.0),
        (Param::DibaoStandardRural, 400.0),
        (Param::LowIncomeMultiplier, 1.5),
        (Param::AssetMonthsPerPerson, 24.0),
        (Param::MaxHomes, 1.0),
        (Param::MaxVehicles, 0.0),
        (Param::TekunMultiplier, 1.3),
        (Param::TekunCareMonthly, 200.0),
        (Param::TekunMinorAgeLimit, 18.0),
        (Param::TemporaryMonthsEmergency, 3.0),
        (Param::TemporaryMonthsExpense, 2.0),
        (Param::DisabilityLivingMonthly, 80.0),
        (Param::DisabilityLivingCoversLowIncome, 0.0),
        (Param::DisabilityCareGrade1Monthly, 100.0),
        (Param::DisabilityCareGrade2Monthly, 80.0),
        (Param::DisabilityCareExtendedMonthly, 60.0),
        (Param::ElderlyAllowanceAge, 80.0),
        (Param::ElderlyAllowanceMonthly, 50.0),
        (Param::ElderlyCareAge, 80.0),
        (Param::ElderlyCareMonthly, 100.0),
        (Param::OrphanInstitutionMonthly, 1450.0),
        (Param::OrphanScatteredMonthly, 1000.0),
        (Param::DeFactoOrphanMonthly, 1000.0),
        (Param::FuneralFreeForAllResidents, 0.0),
    ];
    let values = base
        .iter()
        .map(|(param, value)| {
            let value = overrides
                .iter()
                .find(|(p, _)| p == param)
                .map(|(_, v)| *v)
                .unwrap_or(*value);
            PolicyEntry {
                param: *param,
                from: Date::parse("2020-01-01").unwrap(),
                value,
                document: "test".into(),
                seed: None,
                sample: false,
            }
        })
        .chain(
            overrides
                .iter()
                .filter(|(p, _)| !base.iter().any(|(b, _)| b == p))
                .map(|(param, value)| PolicyEntry {
                    param: *param,
                    from: Date::parse("2020-01-01").unwrap(),
                    value: *value,
                    document: "test".into(),
                    seed: None,
                    sample: false,
                }),
        )
        .collect();
    let file = PolicyFile {
        region: "testville".into(),
        values,
    };
    file.check()
        .unwrap()
        .in_force(Date::parse("2021-06-01").unwrap())
        .unwrap()
}

fn policy() -> PolicyInForce {
    policy_with(&[])
}

fn household(members: Vec<Member>, income_yuan: i64) -> Household {
    Household {
        hukou: Hukou::Urban,
        members,
        income: Income::Exact(yuan(income_yuan)),
        financial_assets: 0,
        vehicles: 0,
        homes: 1,
        rigid_expenses: 0,
        emergency: false,
        has_capable_supporter: true,
    }
}

fn adults(n: usize) -> Vec<Member> {
    (0..n).map(|_| Member::adult(40)).collect()
}

fn result(h: &Household, program: Program) -> ProgramResult {
    evaluate(h, &policy()).program(program).clone()
}

#[test]
fn dibao_status_and_top_up_around_the_line() {
    // (members, household income, status, monthly top-up)
    let cases: &[(usize, i64, Status, Option<i64>)] = &[
        (3, 0, Status::Likely, Some(1800)),
        (3, 1500, Status::Likely, Some(300)),
        (3, 1799, Status::Likely, Some(1)),
        (3, 1800, Status::Unlikely, None), // exactly the line: nothing to top up
        (3, 2500, Status::Unlikely, None),
        (1, 599, Status::Likely, Some(1)),
        (1, 600, Status::Unlikely, None),
    ];
    for &(n, income, status, top_up) in cases {
        let r = result(&household(adults(n), income), Program::Dibao);
        assert_eq!(r.status, status, "{n} people, ¥{income}");
        assert_eq!(
            r.amount,
            top_up.map(|y| Amount::Monthly(yuan(y))),
            "{n} people, ¥{income}"
        );
    }
}

#[test]
fn rural_households_use_the_rural_standard() {
    // Two people with ¥900: under the urban line (¥1,200), over the rural one (¥800).
    let mut h = household(adults(2), 900);
    assert_eq!(
        result(&h, Program::Dibao).amount,
        Some(Amount::Monthly(yuan(300)))
    );
    h.hukou = Hukou::Rural;
    assert_eq!(result(&h, Program::Dibao).status, Status::Unlikely);
    h.income = Income::Exact(yuan(700));
    let r = result(&h, Program::Dibao);
    assert_eq!(r.status, Status::Likely);
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(100))));
}

#[test]
fn assets_over_any_limit_make_dibao_unlikely_and_say_which() {
    let base = household(adults(2), 500);
    let limit = 24 * 600 * 2;
    type Change = Box<dyn Fn(&mut Household)>;
    let cases: Vec<(Change, Msg)> = vec![
        (
            Box::new(move |h: &mut Household| h.financial_assets = yuan(limit + 1)),
            Msg::ReasonFinancialAssets,
        ),
        (Box::new(|h: &mut Household| h.homes = 2), Msg::ReasonHomes),
        (
            Box::new(|h: &mut Household| h.vehicles = 1),
            Msg::ReasonVehicles,
        ),
    ];
    let mut at_limit = base.clone();
    at_limit.financial_assets = yuan(limit);
    assert_eq!(
        result(&at_limit, Program::Dibao).status,
        Status::Likely,
        "assets at the limit are within it"
    );
    for (change, failing) in cases {
        let mut h = base.clone();
        change(&mut h);
        let r = result(&h, Program::Dibao);
        assert_eq!(r.status, Status::Unlikely);
        let failed: Vec<Msg> = r
            .reasons
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.message)
            .collect();
        assert_eq!(failed[0], failing);
        // Financial assets also say by how much: ¥1 above the limit here.
        if failing == Msg::ReasonFinancialAssets {
            assert_eq!(failed, vec![failing, Msg::ReasonAssetsOver]);
            let over = r
                .reasons
                .iter()
                .find(|r| r.message == Msg::ReasonAssetsOver)
                .unwrap();
            assert_eq!(
                over.values,
                vec![("over".to_string(), Value::Yuan(yuan(1)))]
            );
        } else {
            assert_eq!(failed, vec![failing]);
        }
    }
}

#[test]
fn a_household_just_above_the_line_sees_the_near_miss_and_low_income() {
    let h = household(adults(2), 1300); // line 1200, low-income line 1800
    let dibao = result(&h, Program::Dibao);
    let near_miss = dibao
        .reasons
        .iter()
        .find(|r| r.message == Msg::ReasonNearMiss)
        .expect("near miss shown");
    assert!(near_miss
        .values
        .contains(&("above".to_string(), Value::Yuan(yuan(100)))));
    assert_eq!(result(&h, Program::LowIncome).status, Status::Likely);
    assert_eq!(
        result(&household(adults(2), 1799), Program::LowIncome).status,
        Status::Likely,
        "just below the line"
    );
    assert_eq!(
        result(&household(adults(2), 1800), Program::LowIncome).status,
        Status::Unlikely,
        "at the line: 低于 is strictly below (a region's file may include it)"
    );
    assert_eq!(
        result(&household(adults(2), 1000), Program::LowIncome).status,
        Status::Unlikely,
        "dibao instead"
    );
}

#[test]
fn a_local_low_income_multiplier_of_two_widens_the_band() {
    let h = household(adults(2), 2399);
    assert_eq!(
        evaluate(&h, &policy()).program(Program::LowIncome).status,
        Status::Unlikely
    );
    let wider = policy_with(&[(Param::LowIncomeMultiplier, 2.0)]);
    assert_eq!(
        evaluate(&h, &wider).program(Program::LowIncome).status,
        Status::Likely
    );
}

#[test]
fn an_income_range_across_the_line_is_possible_with_the_top_up_at_its_low_end() {
    let mut h = household(adults(2), 0);
    h.income = Income::Range {
        low: yuan(1000),
        high: yuan(1400),
    };
    let r = result(&h, Program::Dibao);
    assert_eq!(r.status, Status::Possible);
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(200))));
    assert_eq!(result(&h, Program::LowIncome).status, Status::Possible);
    h.income = Income::Range {
        low: yuan(100),
        high: yuan(1100),
    };
    assert_eq!(result(&h, Program::Dibao).status, Status::Likely);
}

#[test]
fn every_per_person_amount_shows_its_formula() {
    // Two orphans, one in an institution: 1,450 + 1,000 = 2,450.
    let orphan = |institution: bool| Member {
        parents: Parents::DeceasedOrMissing,
        in_institution: institution,
        ..Member::adult(9)
    };
    let h = household(vec![Member::adult(70), orphan(true), orphan(false)], 100);
    let r = result(&h, Program::Orphan);
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(2450))));
    let formula = r
        .reasons
        .iter()
        .find(|x| x.message == Msg::ReasonOrphanAmount)
        .expect("the orphan formula");
    assert!(formula
        .values
        .contains(&("amount".into(), Value::Yuan(yuan(2450)))));
    // Two members aged 80 or over: 2 × 50 = 100 a month.
    let old = household(vec![Member::adult(81), Member::adult(84)], 5000);
    let allowance = result(&old, Program::ElderlyAllowance);
    let formula = allowance
        .reasons
        .iter()
        .find(|x| x.message == Msg::ReasonAmountPerPerson)
        .expect("count × each");
    assert_eq!(
        formula.values,
        vec![
            ("count".to_string(), Value::Count(2)),
            ("each".to_string(), Value::Yuan(yuan(50))),
            ("amount".to_string(), Value::Yuan(yuan(100))),
        ]
    );
}

#[test]
fn a_severe_member_of_a_near_dibao_household_may_get_dibao_on_their_own() {
    // Two adults, standard 600: dibao line 1,200, near-dibao line 1,800; income 1,500.
    let mut members = adults(2);
    members[1].disability_grade = Some(3);
    members[1].disability_kind = Some(DisabilityKind::Intellectual);
    let r = result(&household(members.clone(), 1500), Program::Dibao);
    assert_eq!(r.status, Status::Possible, "单人户施保 is dibao, possible");
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(600))), "1 × 600");
    assert!(r.up_to, "up to the single person's standard");
    // Grade 3 physical is not severe enough.
    members[1].disability_kind = Some(DisabilityKind::Physical);
    assert_eq!(
        result(&household(members.clone(), 1500), Program::Dibao).status,
        Status::Unlikely
    );
    // Serious illness counts; a household below the line gets the whole top-up instead.
    members[1] = Member {
        serious_illness: true,
        ..Member::adult(50)
    };
    assert_eq!(
        result(&household(members.clone(), 1500), Program::Dibao).status,
        Status::Possible
    );
    let whole = result(&household(members, 500), Program::Dibao);
    assert_eq!(whole.status, Status::Likely);
    assert_eq!(
        whole.amount,
        Some(Amount::Monthly(yuan(700))),
        "1,200 − 500"
    );
    assert!(!whole.up_to);
}

#[test]
fn tekun_needs_no_work_capacity_no_supporter_and_low_income() {
    let elder = || household(vec![Member::adult(72)], 100);
    let mut h = elder();
    assert_eq!(
        result(&h, Program::Tekun).status,
        Status::Unlikely,
        "a capable supporter rules it out"
    );
    h.has_capable_supporter = false;
    let r = result(&h, Program::Tekun);
    assert_eq!(r.status, Status::Likely);
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(780))), "1.3 × 600");
    h.members[0].self_care = SelfCare::None;
    assert_eq!(
        result(&h, Program::Tekun).amount,
        Some(Amount::Monthly(yuan(980))),
        "plus care for someone who cannot look after themselves (wherever they live)"
    );
    h.income = Income::Exact(yuan(700));
    assert_eq!(
        result(&h, Program::Tekun).status,
        Status::Unlikely,
        "income above the standard"
    );

    let mut adult = household(vec![Member::adult(45)], 0);
    adult.has_capable_supporter = false;
    assert_eq!(
        result(&adult, Program::Tekun).status,
        Status::Unlikely,
        "able to work"
    );
    adult.members[0].can_work = false;
    assert_eq!(
        result(&adult, Program::Tekun).status,
        Status::Possible,
        "unable to work, not by age or grade"
    );
    adult.members[0].disability_grade = Some(2);
    adult.members[0].disability_kind = Some(DisabilityKind::Mental);
    assert_eq!(result(&adult, Program::Tekun).status, Status::Likely);
}

#[test]
fn minors_count_for_tekun_up_to_the_regional_age_limit() {
    let mut h = household(
        vec![Member {
            parents: Parents::Present,
            ..Member::adult(17)
        }],
        0,
    );
    h.has_capable_supporter = false;
    // The test policy (in force 2021-06-01) extends support to under 18.
    assert_eq!(result(&h, Program::Tekun).status, Status::Likely);
    let sixteen = policy_with(&[(Param::TekunMinorAgeLimit, 16.0)]);
    assert_eq!(
        evaluate(&h, &sixteen).program(Program::Tekun).status,
        Status::Unlikely,
        "before 2021-07-01, 16 and over without an extension"
    );
    h.members[0].age = 18;
    assert_eq!(result(&h, Program::Tekun).status, Status::Unlikely);
    h.members[0].student = true;
    assert_eq!(
        result(&h, Program::Tekun).status,
        Status::Unlikely,
        "a student of 18 before 2021-07-01 (see dated.rs for after)"
    );
}

#[test]
fn a_child_who_fits_orphan_and_tekun_is_shown_orphan_support() {
    let mut h = household(
        vec![Member {
            parents: Parents::DeceasedOrMissing,
            ..Member::adult(10)
        }],
        0,
    );
    h.has_capable_supporter = false;
    assert_eq!(result(&h, Program::Tekun).status, Status::Unlikely);
    assert!(result(&h, Program::Tekun)
        .reasons
        .iter()
        .any(|r| r.message == Msg::ReasonOrphanInstead));
    let orphan = result(&h, Program::Orphan);
    assert_eq!(orphan.status, Status::Likely);
    assert_eq!(orphan.amount, Some(Amount::Monthly(yuan(1000))));
    h.members[0].in_institution = true;
    assert_eq!(
        result(&h, Program::Orphan).amount,
        Some(Amount::Monthly(yuan(1450)))
    );
}

#[test]
fn de_facto_orphans_are_children_whose_parents_cannot_raise_them() {
    let h = household(
        vec![
            Member::adult(35),
            Member {
                parents: Parents::UnableToRaise,
                ..Member::adult(8)
            },
        ],
        5000,
    );
    let r = result(&h, Program::DeFactoOrphan);
    assert_eq!(r.status, Status::Likely);
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(1000))));
    assert_eq!(result(&h, Program::Orphan).status, Status::Unlikely);
    let adult_child = household(
        vec![Member {
            parents: Parents::UnableToRaise,
            ..Member::adult(18)
        }],
        0,
    );
    assert_eq!(
        result(&adult_child, Program::DeFactoOrphan).status,
        Status::Unlikely,
        "only under 18"
    );
}

#[test]
fn temporary_assistance_for_emergencies_and_crushing_expenses() {
    let mut h = household(adults(2), 3000);
    assert_eq!(result(&h, Program::Temporary).status, Status::Unlikely);
    h.emergency = true;
    let r = result(&h, Program::Temporary);
    assert_eq!(r.status, Status::Likely);
    assert_eq!(
        r.amount,
        Some(Amount::OneOff(yuan(1800))),
        "3 months of the urban standard"
    );
    h.emergency = false;
    h.rigid_expenses = yuan(1900); // 3000 − 1900 = 1100 < 1200
    assert_eq!(
        result(&h, Program::Temporary).amount,
        Some(Amount::OneOff(yuan(1200)))
    );
    h.rigid_expenses = yuan(1800); // 1200: not below the line
    assert_eq!(result(&h, Program::Temporary).status, Status::Unlikely);
}

#[test]
fn disability_subsidies_follow_grade_kind_and_household_status() {
    let mut members = adults(2);
    members[0].disability_grade = Some(1);
    members[0].disability_kind = Some(DisabilityKind::Visual);
    members[1].disability_grade = Some(4);
    members[1].disability_kind = Some(DisabilityKind::Mental);
    let poor = household(members.clone(), 500);
    let living = result(&poor, Program::DisabilityLiving);
    assert_eq!(living.status, Status::Likely);
    assert_eq!(living.amount, Some(Amount::Monthly(yuan(160))));
    let care = result(&poor, Program::DisabilityCare);
    assert_eq!(
        care.amount,
        Some(Amount::Monthly(yuan(160))),
        "100 for grade 1 + 60 extended for grade 4 mental"
    );

    let near = household(members.clone(), 1500);
    assert_eq!(
        result(&near, Program::DisabilityLiving).status,
        Status::Unlikely
    );
    let extended = policy_with(&[(Param::DisabilityLivingCoversLowIncome, 1.0)]);
    assert_eq!(
        evaluate(&near, &extended)
            .program(Program::DisabilityLiving)
            .status,
        Status::Likely
    );
    assert_eq!(
        result(&near, Program::DisabilityCare).status,
        Status::Likely,
        "care does not depend on income"
    );

    let not_extended = policy_with(&[(Param::DisabilityCareExtendedMonthly, 0.0)]);
    members.remove(0);
    assert_eq!(
        evaluate(&household(members, 500), &not_extended)
            .program(Program::DisabilityCare)
            .status,
        Status::Unlikely
    );
}

#[test]
fn elderly_allowance_by_age_and_elderly_care_for_poor_or_frail_elders() {
    let h = household(vec![Member::adult(79), Member::adult(80)], 5000);
    let allowance = result(&h, Program::ElderlyAllowance);
    assert_eq!(allowance.status, Status::Likely);
    assert_eq!(allowance.amount, Some(Amount::Monthly(yuan(50))));
    assert_eq!(
        result(&h, Program::ElderlyCare).status,
        Status::Unlikely,
        "not a dibao household"
    );
    let mut poor = household(vec![Member::adult(65), Member::adult(81)], 300);
    assert_eq!(
        result(&poor, Program::ElderlyCare).amount,
        Some(Amount::Monthly(yuan(100)))
    );
    poor.members[0].can_work = false;
    assert_eq!(
        result(&poor, Program::ElderlyCare).amount,
        Some(Amount::Monthly(yuan(100))),
        "unable to work is not 失能"
    );
    poor.members[0].self_care = SelfCare::Partial;
    assert_eq!(
        result(&poor, Program::ElderlyCare).amount,
        Some(Amount::Monthly(yuan(200))),
        "65 and partly unable to look after themselves"
    );
}

#[test]
fn funeral_benefit_for_dibao_and_tekun_households_or_everyone_where_the_city_chose_so() {
    assert_eq!(
        result(&household(adults(2), 500), Program::FuneralBenefit).status,
        Status::Likely
    );
    assert_eq!(
        result(&household(adults(2), 5000), Program::FuneralBenefit).status,
        Status::Unlikely
    );
    let everyone = policy_with(&[(Param::FuneralFreeForAllResidents, 1.0)]);
    let h = household(adults(2), 5000);
    assert_eq!(
        evaluate(&h, &everyone)
            .program(Program::FuneralBenefit)
            .status,
        Status::Likely
    );
}

#[test]
fn explicit_yearly_tekun_figures_take_precedence_over_the_multiplier() {
    let with_yearly = policy_with(&[(Param::TekunYearlyUrban, 10392.0)]);
    let mut h = household(vec![Member::adult(70)], 0);
    h.has_capable_supporter = false;
    assert_eq!(
        evaluate(&h, &with_yearly).program(Program::Tekun).amount,
        Some(Amount::Monthly(yuan(866)))
    );
}

#[test]
fn every_program_is_answered_once_with_its_reasons() {
    let e = evaluate(&household(adults(1), 100), &policy());
    let programs: Vec<Program> = e.programs.iter().map(|r| r.program).collect();
    assert_eq!(programs, Program::ALL.to_vec());
    assert!(e.programs.iter().all(|r| !r.reasons.is_empty()));
    assert_eq!(e.region, "testville");
    assert_eq!(e.policy_date.to_string(), "2021-06-01");
}

fn arb_household() -> impl Strategy<Value = Household> {
    (
        1usize..8,
        0i64..20_000,
        0i64..200_000,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(n, income, assets, urban, supporter)| Household {
            hukou: if urban { Hukou::Urban } else { Hukou::Rural },
            members: adults(n),
            income: Income::Exact(yuan(income)),
            financial_assets: yuan(assets),
            vehicles: 0,
            homes: 1,
            rigid_expenses: 0,
            emergency: false,
            has_capable_supporter: supporter,
        })
}

proptest! {
    #[test]
    fn more_income_never_makes_dibao_more_likely(h in arb_household(), extra in 0i64..10_000) {
        let before = evaluate(&h, &policy()).program(Program::Dibao).status;
        let mut richer = h.clone();
        richer.income = Income::Exact(h.income.low() + yuan(extra));
        let after = evaluate(&richer, &policy()).program(Program::Dibao).status;
        prop_assert!(after <= before);
    }

    #[test]
    fn a_top_up_is_never_negative_nor_above_the_standard_times_members(h in arb_household()) {
        let p = policy();
        let standard = match h.hukou { Hukou::Urban => p.get(Param::DibaoStandardUrban), Hukou::Rural => p.get(Param::DibaoStandardRural) };
        if let Some(Amount::Monthly(top_up)) = evaluate(&h, &p).program(Program::Dibao).amount {
            prop_assert!(top_up > 0);
            prop_assert!(top_up <= standard * h.members.len() as i64);
        }
    }
}

mod dated;
