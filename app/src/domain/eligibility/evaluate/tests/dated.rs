//! The national rules by date, at the dates on both sides of each change (2016, 2018-12-31,
//! 2019-01-01, 2020-12-31, 2021-06-30, 2021-07-01, 2026), and the regional switches the policy
//! files carry. Round figures: urban standard 600, rural 400, tekun 1.3×, near-dibao 1.5×.

use super::*;

/// The test figures from 2016, with `overrides`, in force on `date`.
fn policy_on(date: &str, overrides: &[(Param, f64)]) -> PolicyInForce {
    let base: &[(Param, f64)] = &[
        (Param::DibaoStandardUrban, 600.0),
        (Param::DibaoStandardRural, 400.0),
        (Param::LowIncomeMultiplier, 1.5),
        (Param::AssetMonthsPerPerson, 24.0),
        (Param::MaxHomes, 1.0),
        (Param::MaxVehicles, 0.0),
        (Param::TekunMultiplier, 1.3),
        (Param::TekunCareMonthly, 200.0),
        (Param::TekunMinorAgeLimit, 16.0),
        (Param::TemporaryMonthsEmergency, 3.0),
        (Param::TemporaryMonthsExpense, 2.0),
        (Param::DisabilityLivingMonthly, 80.0),
        (Param::DisabilityLivingCoversLowIncome, 0.0),
        (Param::DisabilityCareGrade1Monthly, 100.0),
        (Param::DisabilityCareGrade2Monthly, 80.0),
        (Param::DisabilityCareExtendedMonthly, 0.0),
        (Param::ElderlyAllowanceAge, 80.0),
        (Param::ElderlyAllowanceMonthly, 50.0),
        (Param::ElderlyCareAge, 80.0),
        (Param::ElderlyCareMonthly, 100.0),
        (Param::OrphanInstitutionMonthly, 1450.0),
        (Param::OrphanScatteredMonthly, 1000.0),
        (Param::DeFactoOrphanMonthly, 1000.0),
        (Param::FuneralFreeForAllResidents, 0.0),
    ];
    let entry = |param: Param, value: f64, sample: bool| PolicyEntry {
        param,
        from: Date::parse("2016-01-01").unwrap(),
        value,
        document: "test".into(),
        seed: None,
        sample,
    };
    let mut values: Vec<PolicyEntry> = base
        .iter()
        .filter(|(p, _)| !overrides.iter().any(|(o, _)| o == p))
        .map(|(p, v)| entry(*p, *v, false))
        .collect();
    values.extend(overrides.iter().map(|(p, v)| entry(*p, *v, false)));
    PolicyFile {
        region: "testville".into(),
        values,
    }
    .check()
    .unwrap()
    .in_force(Date::parse(date).unwrap())
    .unwrap()
}

/// The same, with `sampled` marked as samples.
fn policy_with_samples(date: &str, sampled: &[Param]) -> PolicyInForce {
    let mut p = policy_on(date, &[]);
    for param in sampled {
        p.values.get_mut(param).unwrap().source.sample = true;
    }
    p
}

/// One person on ¥100 a month with no supporter: dibao likely, so tekun follows work capacity.
fn alone(m: Member) -> Household {
    Household {
        has_capable_supporter: false,
        ..household(vec![m], 100)
    }
}

fn disabled(age: i32, kind: DisabilityKind, grade: i32) -> Member {
    Member {
        disability_kind: Some(kind),
        disability_grade: Some(grade),
        ..Member::adult(age)
    }
}

fn status(h: &Household, p: &PolicyInForce, program: Program) -> Status {
    evaluate(h, p).program(program).status
}

#[test]
fn no_work_capacity_follows_the_national_list_in_force_on_the_date() {
    use DisabilityKind::*;
    use Status::*;
    // (date, member, tekun status): 民发〔2016〕178号 until 2021-06-30, 〔2021〕43号 from 2021-07-01.
    let cases: Vec<(&str, Member, Status, &str)> = vec![
        (
            "2021-06-30",
            disabled(40, Intellectual, 3),
            Unlikely,
            "grade 3 intellectual: not before",
        ),
        (
            "2021-07-01",
            disabled(40, Intellectual, 3),
            Likely,
            "grade 3 intellectual: from 2021-07-01",
        ),
        (
            "2021-06-30",
            disabled(40, Mental, 2),
            Likely,
            "grade 2 mental: both",
        ),
        (
            "2021-06-30",
            disabled(40, Physical, 2),
            Unlikely,
            "grade 2 physical: not before",
        ),
        (
            "2021-07-01",
            disabled(40, Physical, 2),
            Likely,
            "grade 2 physical: from 2021-07-01",
        ),
        (
            "2016-06-01",
            disabled(40, Physical, 1),
            Likely,
            "grade 1 physical: both",
        ),
        (
            "2021-06-30",
            disabled(40, Visual, 1),
            Unlikely,
            "grade 1 visual: not before",
        ),
        (
            "2026-12-01",
            disabled(40, Visual, 1),
            Likely,
            "grade 1 visual: from 2021-07-01",
        ),
        (
            "2026-12-01",
            disabled(40, Visual, 2),
            Unlikely,
            "grade 2 visual: never",
        ),
        (
            "2026-12-01",
            disabled(40, Hearing, 1),
            Unlikely,
            "hearing: never on the list",
        ),
        (
            "2026-12-01",
            disabled(40, Speech, 2),
            Unlikely,
            "speech: never on the list",
        ),
        ("2026-12-01", Member::adult(60), Likely, "aged 60"),
        ("2026-12-01", Member::adult(59), Unlikely, "aged 59"),
        ("2026-12-01", Member::adult(15), Likely, "under 16"),
        (
            "2026-12-01",
            Member {
                student: true,
                ..Member::adult(20)
            },
            Unlikely,
            "a student of 20 is no longer a rule",
        ),
        (
            "2026-12-01",
            Member {
                can_work: false,
                ..Member::adult(40)
            },
            Possible,
            "cannot work, nothing listed: the office decides",
        ),
    ];
    for (date, member, expected, what) in cases {
        let p = policy_on(date, &[]);
        assert_eq!(
            status(&alone(member), &p, Program::Tekun),
            expected,
            "{date}: {what}"
        );
    }
}

#[test]
fn minors_of_16_and_17_are_possible_from_2021_07_01_and_likely_where_the_region_extends() {
    use Status::*;
    let at = |age: i32| alone(Member::adult(age));
    // (date, minor age limit in the file, age, status)
    let cases = [
        ("2021-06-30", 16.0, 16, Unlikely),
        ("2021-07-01", 16.0, 16, Possible),
        ("2021-07-01", 16.0, 17, Possible),
        ("2021-07-01", 16.0, 18, Unlikely),
        ("2021-07-01", 18.0, 17, Likely),
        ("2021-06-30", 18.0, 17, Likely),
        ("2026-12-01", 16.0, 15, Likely),
    ];
    for (date, limit, age, expected) in cases {
        let p = policy_on(date, &[(Param::TekunMinorAgeLimit, limit)]);
        assert_eq!(
            status(&at(age), &p, Program::Tekun),
            expected,
            "{date}, limit {limit}, age {age}"
        );
    }
    // Past 18 only while still at school, and only where the region's file says so.
    let student = alone(Member {
        student: true,
        ..Member::adult(19)
    });
    let continues = [(Param::TekunContinuesInSchool, 1.0)];
    assert_eq!(
        status(
            &student,
            &policy_on("2026-12-01", &continues),
            Program::Tekun
        ),
        Possible
    );
    assert_eq!(
        status(
            &student,
            &policy_on("2021-06-30", &continues),
            Program::Tekun
        ),
        Unlikely
    );
    assert_eq!(
        status(&student, &policy_on("2026-12-01", &[]), Program::Tekun),
        Unlikely
    );
}

fn tekun_amount(h: &Household, p: &PolicyInForce) -> Option<Amount> {
    evaluate(h, p).program(Program::Tekun).amount
}

#[test]
fn the_tekun_standard_is_the_regions_basis_and_figures() {
    let rural = |m: Member| Household {
        hukou: Hukou::Rural,
        ..alone(m)
    };
    let date = "2026-12-01";
    // Own hukou: rural 400 × 1.3 = 520.
    assert_eq!(
        tekun_amount(&rural(Member::adult(70)), &policy_on(date, &[])),
        Some(Amount::Monthly(yuan(520)))
    );
    // Of the urban standard for everyone (安宁): 600 × 1.3 = 780.
    assert_eq!(
        tekun_amount(
            &rural(Member::adult(70)),
            &policy_on(date, &[(Param::TekunStandardOfUrban, 1.0)])
        ),
        Some(Amount::Monthly(yuan(780)))
    );
    // Baoding 2016 rural 五保: ¥6,000 a year in an institution (500 a month), ¥4,000 at home
    // (333.33 a month).
    let wubao = [
        (Param::TekunYearlyRural, 6000.0),
        (Param::TekunYearlyRuralHome, 4000.0),
    ];
    assert_eq!(
        tekun_amount(&rural(Member::adult(70)), &policy_on("2016-06-01", &wubao)),
        Some(Amount::Monthly(33_333))
    );
    let in_home = Member {
        in_institution: true,
        ..Member::adult(70)
    };
    assert_eq!(
        tekun_amount(&rural(in_home), &policy_on("2016-06-01", &wubao)),
        Some(Amount::Monthly(yuan(500)))
    );
}

#[test]
fn the_tekun_care_amount_follows_self_care_at_home_too() {
    let date = "2026-12-01";
    let with_care = |care: SelfCare, institution: bool| {
        alone(Member {
            self_care: care,
            in_institution: institution,
            ..Member::adult(70)
        })
    };
    let p = policy_on(date, &[(Param::TekunCarePartialMonthly, 100.0)]);
    // Urban 600 × 1.3 = 780, plus care: none 200, partial 100, full 0, wherever they live.
    let cases = [
        (SelfCare::Full, false, 780),
        (SelfCare::Full, true, 780),
        (SelfCare::Partial, false, 880),
        (SelfCare::None, false, 980),
        (SelfCare::None, true, 980),
    ];
    for (care, institution, total) in cases {
        assert_eq!(
            tekun_amount(&with_care(care, institution), &p),
            Some(Amount::Monthly(yuan(total))),
            "{care:?}, institution {institution}"
        );
    }
    // Tied to the minimum wage (曲阜): 0.2 × 2,000 = 400 for no self-care, 0.1 × 2,000 = 200 partly.
    let wage = policy_on(
        date,
        &[
            (Param::MinimumWageMonthly, 2000.0),
            (Param::TekunCareWageShare, 0.2),
            (Param::TekunCarePartialWageShare, 0.1),
        ],
    );
    assert_eq!(
        tekun_amount(&with_care(SelfCare::None, false), &wage),
        Some(Amount::Monthly(yuan(1180)))
    );
    assert_eq!(
        tekun_amount(&with_care(SelfCare::Partial, false), &wage),
        Some(Amount::Monthly(yuan(980)))
    );
}

#[test]
fn the_elderly_care_subsidy_follows_self_care_not_a_disability_card() {
    use Status::*;
    let date = "2026-12-01";
    let poor = |m: Member| household(vec![m], 100);
    let p = policy_on(date, &[]);
    let partly = Member {
        self_care: SelfCare::Partial,
        ..Member::adult(70)
    };
    let cases: Vec<(Member, Status, &str)> = vec![
        (
            partly.clone(),
            Likely,
            "70 and partly unable to look after herself",
        ),
        (
            Member {
                self_care: SelfCare::None,
                ..Member::adult(60)
            },
            Likely,
            "60 and 失能",
        ),
        (
            disabled(70, DisabilityKind::Physical, 2),
            Possible,
            "a disability card alone",
        ),
        (
            Member {
                can_work: false,
                ..Member::adult(70)
            },
            Unlikely,
            "cannot work is not 失能",
        ),
        (Member::adult(70), Unlikely, "70 and able"),
        (Member::adult(85), Likely, "over the age line"),
        (
            Member {
                self_care: SelfCare::None,
                ..Member::adult(59)
            },
            Unlikely,
            "under 60",
        ),
    ];
    for (member, expected, what) in cases {
        assert_eq!(
            status(&poor(member), &p, Program::ElderlyCare),
            expected,
            "{what}"
        );
    }
    // Not a dibao household: nothing.
    assert_eq!(
        status(
            &household(vec![partly.clone()], 5000),
            &p,
            Program::ElderlyCare
        ),
        Unlikely
    );
    // 安宁: the subsidy is still to be set up (推动建立): at most possible.
    let planned = policy_on(date, &[(Param::ElderlyCareOnlyPlanned, 1.0)]);
    assert_eq!(
        status(&poor(partly.clone()), &planned, Program::ElderlyCare),
        Possible
    );
    // A sample amount: at most possible, and the answer says it is a sample.
    let sampled = policy_with_samples(date, &[Param::ElderlyCareMonthly]);
    let r = evaluate(&poor(partly), &sampled)
        .program(Program::ElderlyCare)
        .clone();
    assert_eq!(r.status, Possible);
    assert!(r
        .reasons
        .iter()
        .any(|x| x.message == Msg::ReasonSampleAmount));
}

#[test]
fn an_age_allowance_with_a_sample_figure_is_at_most_possible() {
    let h = household(vec![Member::adult(85)], 5000);
    assert_eq!(
        status(&h, &policy_on("2026-12-01", &[]), Program::ElderlyAllowance),
        Status::Likely
    );
    let sampled = policy_with_samples("2026-12-01", &[Param::ElderlyAllowanceMonthly]);
    assert_eq!(
        status(&h, &sampled, Program::ElderlyAllowance),
        Status::Possible
    );
}

#[test]
fn de_facto_orphans_are_supported_from_2019_only() {
    let child = Member {
        parents: Parents::UnableToRaise,
        ..Member::adult(8)
    };
    let h = household(vec![Member::adult(70), child], 100);
    assert_eq!(
        status(&h, &policy_on("2018-12-31", &[]), Program::DeFactoOrphan),
        Status::Unlikely
    );
    let r = evaluate(&h, &policy_on("2019-01-01", &[]))
        .program(Program::DeFactoOrphan)
        .clone();
    assert_eq!(r.status, Status::Likely);
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(1000))));
}

#[test]
fn a_disabled_orphan_has_the_orphan_allowance_not_the_living_subsidy_too() {
    let orphan = Member {
        parents: Parents::DeceasedOrMissing,
        ..disabled(10, DisabilityKind::Physical, 1)
    };
    let h = household(vec![Member::adult(70), orphan], 100);
    let p = policy_on("2026-12-01", &[]);
    assert_eq!(status(&h, &p, Program::Orphan), Status::Likely);
    assert_eq!(status(&h, &p, Program::DisabilityLiving), Status::Unlikely);
    // The care subsidy is not excluded: grade 1 needs care whoever pays the living costs.
    assert_eq!(status(&h, &p, Program::DisabilityCare), Status::Likely);
}

#[test]
fn the_near_dibao_line_itself_is_outside_unless_the_region_includes_it() {
    // One person, standard 600, 1.5×: the line is 900.
    let at_line = household(vec![Member::adult(40)], 900);
    assert_eq!(
        status(&at_line, &policy_on("2026-12-01", &[]), Program::LowIncome),
        Status::Unlikely,
        "低于: strictly below"
    );
    let inclusive = policy_on("2026-12-01", &[(Param::LowIncomeLineInclusive, 1.0)]);
    assert_eq!(
        status(&at_line, &inclusive, Program::LowIncome),
        Status::Likely
    );
    let below = household(vec![Member::adult(40)], 899);
    assert_eq!(
        status(&below, &policy_on("2026-12-01", &[]), Program::LowIncome),
        Status::Likely
    );
}

#[test]
fn funeral_benefit_covers_low_income_households_where_the_region_says_so() {
    // One person on 800: above the dibao line (600), below the near-dibao line (900).
    let near = household(vec![Member::adult(40)], 800);
    assert_eq!(
        status(
            &near,
            &policy_on("2026-12-01", &[]),
            Program::FuneralBenefit
        ),
        Status::Unlikely
    );
    let covers = policy_on("2026-12-01", &[(Param::FuneralCoversLowIncome, 1.0)]);
    assert_eq!(
        status(&near, &covers, Program::FuneralBenefit),
        Status::Likely
    );
}

#[test]
fn an_income_range_gives_amounts_up_to_its_low_end() {
    // Two people, line 1,200; income 100–500: top-up up to 1,200 − 100 = 1,100.
    let mut h = household(adults(2), 0);
    h.income = Income::Range {
        low: yuan(100),
        high: yuan(500),
    };
    let r = evaluate(&h, &policy_on("2026-12-01", &[]))
        .program(Program::Dibao)
        .clone();
    assert_eq!(r.status, Status::Likely);
    assert_eq!(r.amount, Some(Amount::Monthly(yuan(1100))));
    assert!(r.up_to);
}

#[test]
fn figures_older_than_18_months_are_said_to_be_old() {
    // Every figure here is from 2016-01-01.
    let h = household(adults(1), 100);
    assert!(
        !evaluate(&h, &policy_on("2017-07-01", &[])).figures_are_old,
        "18 months exactly"
    );
    assert!(
        evaluate(&h, &policy_on("2017-07-02", &[])).figures_are_old,
        "a day more"
    );
    let e = evaluate(&h, &policy_on("2026-12-01", &[]));
    assert!(e.figures_are_old);
    assert_eq!(e.figures_from, Date::parse("2016-01-01"));
}

#[test]
fn a_province_may_list_more_disabilities_as_no_work_capacity() {
    use DisabilityKind::*;
    let date = "2026-12-01";
    let national = policy_on(date, &[]);
    let province = policy_on(
        date,
        &[
            (Param::TekunListedVisualGrade, 2.0),
            (Param::TekunListedOtherGrade, 1.0),
        ],
    );
    for (member, with_province) in [
        (disabled(40, Visual, 2), Status::Likely),
        (disabled(40, Hearing, 1), Status::Likely),
        (disabled(40, Hearing, 2), Status::Unlikely),
    ] {
        assert_eq!(
            status(&alone(member.clone()), &national, Program::Tekun),
            Status::Unlikely
        );
        assert_eq!(
            status(&alone(member), &province, Program::Tekun),
            with_province
        );
    }
    // A lower figure never takes away what the national list gives.
    let lower = policy_on(date, &[(Param::TekunListedIntellectualGrade, 1.0)]);
    assert_eq!(
        status(
            &alone(disabled(40, Intellectual, 3)),
            &lower,
            Program::Tekun
        ),
        Status::Likely
    );
}

#[test]
fn near_misses_say_by_how_much() {
    let p = policy_on("2026-12-01", &[]);
    // One person, near-dibao line 900: income 938 is ¥38 above it.
    let r = evaluate(&household(vec![Member::adult(40)], 938), &p)
        .program(Program::LowIncome)
        .clone();
    let miss = r
        .reasons
        .iter()
        .find(|x| x.message == Msg::ReasonNearMissLowIncome)
        .expect("near miss");
    assert!(miss
        .values
        .contains(&("above".into(), Value::Yuan(yuan(38)))));
    // Aged 77 with the allowance at 80: three years short.
    let r = evaluate(&household(vec![Member::adult(77)], 5000), &p)
        .program(Program::ElderlyAllowance)
        .clone();
    let miss = r
        .reasons
        .iter()
        .find(|x| x.message == Msg::ReasonNearMissAge)
        .expect("age near miss");
    assert!(miss.values.contains(&("years".into(), Value::Count(3))));
    // Tekun at 58: two years short of 60.
    let r = evaluate(&alone(Member::adult(58)), &p)
        .program(Program::Tekun)
        .clone();
    assert_eq!(r.status, Status::Unlikely);
    let miss = r
        .reasons
        .iter()
        .find(|x| x.message == Msg::ReasonNearMissAge)
        .expect("tekun age near miss");
    assert!(miss.values.contains(&("years".into(), Value::Count(2))));
    // Aged 40: too far off to mention.
    let r = evaluate(&household(vec![Member::adult(40)], 5000), &p)
        .program(Program::ElderlyAllowance)
        .clone();
    assert!(!r
        .reasons
        .iter()
        .any(|x| x.message == Msg::ReasonNearMissAge));
}
